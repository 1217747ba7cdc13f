package dev.tldb.repl;

import dev.tldb.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripted debugging test in samples/scripts/demo.tldb, run as CI runs it
 * ({@code tldb -batch -x}), and the proof that it can fail: the same script with one expected
 * value changed exits with 1 and says what it expected and what came out.
 */
class ScriptedDemoTest {
    static final Path SCRIPT = Samples.samplesDir().resolve("scripts/demo.tldb");

    @Test
    void theDemoScriptPasses() {
        Run r = Run.of("-batch", "-x", SCRIPT.toString());
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.err()).as(r.describe()).matches("(?s)expect: (\\d+) passed, 0 failed\\n");
        int passed = Integer.parseInt(r.err().replaceAll("(?s)expect: (\\d+) passed.*", "$1"));
        assertThat(passed).isGreaterThanOrEqualTo(30);
    }

    @Test
    void changingOneExpectedValueMakesItFail(@TempDir Path tmp) throws Exception {
        String text = Files.readString(SCRIPT);
        String line = "expect thread 3 print tls_counter == 30";
        assertThat(text).contains(line);
        Path broken = tmp.resolve("broken.tldb");
        Files.writeString(broken, text.replace(line, "expect thread 3 print tls_counter == 31"));
        int lineNo = text.substring(0, text.indexOf(line)).split("\n", -1).length;

        Run r = Run.of("-batch", "-x", broken.toString());
        assertThat(r.exit()).as(r.describe()).isEqualTo(1);
        assertThat(r.errLines()).as(r.describe()).containsSequence(
                broken + ":" + lineNo + ": expect failed in thread 3 (LWP 4244): print tls_counter",
                "  expected: 31",
                "  actual:   30");
        // One wrong value does not hide the others: the file ran to the end.
        assertThat(r.errLines()).last().asString().matches("expect: \\d+ passed, 1 failed");
    }

    @Test
    void aCommandErrorEndsTheFileAsInGdb(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("error.tldb");
        Files.writeString(f, "p 1\np no_such_thing\necho not reached\\n\n");
        Run r = Run.of("-batch", "-x", f.toString(), "-ex", "echo after\\n");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("$1 = 1\nafter\n");
        assertThat(r.err()).isEqualTo(f + ":2: No symbol \"no_such_thing\" in current context.\n");
    }
}
