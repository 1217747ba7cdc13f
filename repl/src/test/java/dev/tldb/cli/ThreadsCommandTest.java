package dev.tldb.cli;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.Gdb;
import dev.tldb.testkit.GdbResult;
import dev.tldb.testkit.GdbThread;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.ThreadReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tldb threads} on every acceptance core: every thread the program reported, numbered as
 * gdb numbers them, the current one marked as gdb marks it; on x86-64 each thread pointer is the
 * {@code fs_base} gdb shows; and each DTV address is what the thread pointer's DTV slot holds
 * (TLS-FACTS section 2, read by gdb), with the executable's DTV entry pointing at the block where
 * the program said its {@code tls_int} was (its {@code &tls_int} minus readelf's offset of
 * {@code tls_int} in the block).
 */
class ThreadsCommandTest {

    static Stream<Arguments> cores() {
        return CoreCases.all();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void listsEveryThreadWithAThreadPointerAndDtvThatGdbConfirms(String variant, CoreKind kind) {
        SampleCore sample = SampleCores.core(variant, kind);
        CliResult r = Cli.run(CoreCases.command(sample, List.of("threads"), "--json"));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderr()).as(r.describe()).isEmpty();
        List<Map<String, Object>> rows = r.json();
        assertThat(rows.stream().map(row -> (Long) row.get("lwp")).collect(Collectors.toSet()))
                .as("the program's THREAD lines").isEqualTo(sample.output().lwps());
        assertThat(rows).hasSize(sample.output().threads().size())
                .allSatisfy(row -> assertThat(row).doesNotContainKey("error"));

        Gdb gdb = Gdb.forVariant(sample.variant());
        List<GdbThread> gdbThreads = gdb.threads(sample.variant().executable(), sample.core());
        assertThat(rows.stream().map(row -> row.get("thread") + " " + row.get("lwp") + (Boolean.TRUE.equals(row.get("current")) ? " *" : "")))
                .as("thread numbers, LWPs and the current thread, as gdb's info threads")
                .containsExactlyElementsOf(gdbThreads.stream()
                        .map(t -> t.number() + " " + t.lwp() + (t.current() ? " *" : "")).toList());

        boolean x86 = sample.variant().arch().equals("x86_64");
        boolean glibc = sample.variant().libc().equals("glibc");
        // TLS-FACTS section 2: where the DTV pointer sits relative to the TP, and DTV entry sizes.
        long dtvSlot = x86 ? 8 : glibc ? 0 : -8;
        long entrySize = glibc ? 16 : 8;
        ReadelfTls.Symbol tlsInt = ReadelfTls.symbol(sample.variant().executable(), "tls_int");

        List<String> commands = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String tp = (String) row.get("tp");
            commands.add("thread " + row.get("thread"));
            if (x86) {
                commands.add("print/x $fs_base");
            }
            commands.add("print/x *(unsigned long *)(" + tp + " + " + dtvSlot + ")");
            commands.add("print/x *(unsigned long *)(*(unsigned long *)(" + tp + " + " + dtvSlot + ") + " + entrySize + ")");
        }
        GdbResult g = gdb.batch(commands, sample.variant().executable(), sample.core());
        List<String> values = g.values();
        int perThread = x86 ? 3 : 2;
        assertThat(values).as(g.describe()).hasSize(rows.size() * perThread);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            List<String> mine = values.subList(i * perThread, (i + 1) * perThread);
            long lwp = (Long) row.get("lwp");
            if (x86) {
                assertThat(row.get("tp")).as("TP of LWP %d is gdb's fs_base", lwp).isEqualTo(mine.get(0));
            }
            assertThat(row.get("dtv")).as("DTV of LWP %d is what its TP's DTV slot holds", lwp)
                    .isEqualTo(mine.get(perThread - 2));
            ThreadReport report = sample.output().byLwp(lwp);
            long block = report.address("tls_int").orElseThrow() - tlsInt.offset();
            assertThat(mine.get(perThread - 1)).as("DTV entry of the executable in LWP %d", lwp)
                    .isEqualTo("0x" + Long.toHexString(block));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void theTableHasAHeaderAndOneRowPerThreadWithTheCurrentOneStarred(String variant, CoreKind kind) {
        SampleCore sample = SampleCores.core(variant, kind);
        CliResult text = Cli.run(CoreCases.command(sample, List.of("threads")));
        List<Map<String, Object>> rows = Cli.run(CoreCases.command(sample, List.of("threads"), "--json")).json();
        assertThat(text.exitCode()).isZero();
        List<String> lines = text.lines();
        assertThat(lines.get(0)).matches("\\s+Id\\s+LWP\\s+TP\\s+DTV\\s+Frame");
        assertThat(lines.subList(1, lines.size())).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            assertThat(lines.get(i + 1).split("\\s+", 6))
                    .as("row %d", i + 1)
                    .startsWith(Boolean.TRUE.equals(row.get("current")) ? "*" : "", String.valueOf(row.get("thread")),
                            String.valueOf(row.get("lwp")), (String) row.get("tp"), (String) row.get("dtv"));
        }
        // main is the thread that trapped, at the TRAP-LINE.
        Map<String, Object> current = rows.stream().filter(row -> Boolean.TRUE.equals(row.get("current"))).findFirst().orElseThrow();
        assertThat(current.get("lwp")).isEqualTo(sample.output().main().lwp());
        assertThat((String) current.get("frame")).contains(" in main () at ").endsWith("tls-sample.c:" + dev.tldb.testkit.Samples.trapLine());
    }
}
