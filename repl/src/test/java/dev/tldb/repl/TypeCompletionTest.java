package dev.tldb.repl;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.Samples;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tab completion of type names, through the REPL's own line reader (its parser and completer)
 * on a sample core: the struct and enum the sample declares (samples/src/tls-sample.c) are
 * offered, in the "types" group, where a type may stand (after {@code ptype}/{@code whatis},
 * after {@code struct}/{@code enum}, in a cast), and not where only a value can ({@code p NAME}).
 * The command and variable completions are exercised under tmux in {@link TerminalReplTest}.
 */
class TypeCompletionTest {
    private static DumbTerminal terminal;
    private static LineReader reader;

    @BeforeAll
    static void openTheCore() throws Exception {
        SampleCore core = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        StringWriter out = new StringWriter(), err = new StringWriter();
        Interpreter in = new Interpreter(new Debugger(Console.plain(out, err, false), Map.of(), Targets.defaults()));
        assertThat(in.execute("file " + core.variant().executable())).as(err.toString()).isEqualTo(Interpreter.OK);
        assertThat(in.execute("core " + core.core())).as(err.toString()).isEqualTo(Interpreter.OK);
        terminal = new DumbTerminal("tldb-test", "dumb", new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), StandardCharsets.UTF_8);
        reader = Repl.reader(terminal, in, Map.of("TLDB_HISTORY", Files.createTempFile("tldb", ".history").toString()));
    }

    @AfterAll
    static void close() throws Exception {
        terminal.close();
    }

    /**
     * What Tab offers at the end of {@code line}: the completer's candidates that the word typed
     * so far begins (the line reader keeps those).
     */
    private static List<Candidate> complete(String line) {
        ParsedLine parsed = reader.getParser().parse(line, line.length(), Parser.ParseContext.COMPLETE);
        List<Candidate> all = new ArrayList<>();
        ((LineReaderImpl) reader).getCompleter().complete(reader, parsed, all);
        String typed = parsed.word().substring(0, parsed.wordCursor());
        return all.stream().filter(c -> c.value().startsWith(typed)).toList();
    }

    private static List<String> types(String line) {
        return complete(line).stream().filter(c -> "types".equals(c.group())).map(Candidate::value).toList();
    }

    private static List<String> values(String line) {
        return complete(line).stream().map(Candidate::value).toList();
    }

    @Test
    void theSamplesTypesAreDeclaredAsTheTestAssumes() throws Exception {
        String source = Files.readString(Samples.samplesDir().resolve("src/tls-sample.c"));
        assertThat(source).contains("struct tls_pair {").contains("enum tls_color {");
    }

    @Test
    void ptypeAndWhatisCompleteTypeNames() {
        assertThat(types("ptype struct tls_pa")).containsExactly("tls_pair");
        assertThat(types("ptype enum tls_co")).containsExactly("tls_color");
        assertThat(types("whatis tls_")).contains("tls_pair", "tls_color");
        // after struct only types: the variable tls_pair is not offered a second time
        assertThat(values("ptype struct tls_pa")).containsExactly("tls_pair");
    }

    @Test
    void castsCompleteTypeNames() {
        assertThat(types("p (tls_")).containsExactlyInAnyOrder("(tls_pair", "(tls_color");
        assertThat(types("p (struct tls_p")).containsExactly("tls_pair");
        assertThat(values("p *(struct tls_p")).containsExactly("tls_pair");
        assertThat(types("p sizeof(tls_pa")).containsExactly("sizeof(tls_pair");
    }

    @Test
    void aValueIsNoPlaceForATypeName() {
        List<Candidate> offered = complete("p tls_pa");
        assertThat(offered).extracting(Candidate::value).containsExactly("tls_pair");
        assertThat(offered).extracting(Candidate::group).containsExactly("thread-local variables");
    }
}
