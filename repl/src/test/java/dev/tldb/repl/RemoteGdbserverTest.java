package dev.tldb.repl;

import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Section;
import dev.tldb.elf.Symbol;
import dev.tldb.testkit.ProgramOutput;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.ThreadReport;
import dev.tldb.testkit.Tools;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code target remote} against stock gdbserver on the real demo program: started under
 * {@code gdbserver --once} (stopped at the dynamic linker's entry) tldb reads its thread and its
 * memory, which must be the program file's bytes; attached to the running demo, {@code tls}
 * shows in every thread what the program printed about itself.
 */
class RemoteGdbserverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern PORT = Pattern.compile("Listening on port (\\d+)");

    private static int port(LiveProcess gdbserver) {
        Matcher m = PORT.matcher(gdbserver.awaitLine(l -> PORT.matcher(l).find(), WAIT));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aProgramStartedUnderGdbserverIsReadOverTheProtocol() throws Exception {
        Tools.require("gdbserver", "apt-get install gdbserver");
        Path demo = Samples.demoProgram();
        long pid = -1;
        try (LiveProcess gdbserver = LiveProcess.start(List.of("gdbserver", "--once", "127.0.0.1:0", demo.toString()))) {
            String created = gdbserver.awaitLine(l -> l.contains("created; pid = "), WAIT);
            pid = Long.parseLong(created.replaceAll(".*pid = (\\d+).*", "$1"));
            long inferior = pid;
            int port = port(gdbserver);

            Run r = Run.batch(List.of("--remote", "127.0.0.1:" + port, "--file", demo.toString()),
                    "info threads", "x/16xb main", "info registers rip", "detach");
            assertThat(r.exit()).as(r.describe()).isZero();
            List<String> out = r.outLines();
            assertThat(out.get(0)).isEqualTo("Remote debugging using 127.0.0.1:" + port);
            assertThat(out).anyMatch(l -> l.matches("\\* 1    (Thread 0x[0-9a-f]+ \\()?LWP " + inferior + "\\)? .*"));

            // x/16xb main: the bytes of main as the program file has them (code is not relocated).
            byte[] expected = new byte[16];
            try (ElfFile elf = ElfFile.open(demo)) {
                Symbol main = elf.symbol("main").orElseThrow();
                Section text = elf.sectionContaining(main.value()).orElseThrow();
                ByteBuffer b = elf.contents(text);
                b.position((int) (main.value() - text.addr()));
                b.get(expected);
            }
            List<String> bytes = new ArrayList<>();
            for (String l : out) {
                if (l.matches("0x[0-9a-f]+ <main(\\+\\d+)?>:.*")) {
                    for (String cell : l.substring(l.indexOf(':') + 1).trim().split("\t")) {
                        bytes.add(cell);
                    }
                }
            }
            assertThat(bytes).hasSize(16);
            for (int i = 0; i < 16; i++) {
                assertThat(bytes.get(i)).as("byte %d of main", i).isEqualTo(String.format("0x%02x", expected[i] & 0xff));
            }
            assertThat(out).anyMatch(l -> l.matches("rip +0x[0-9a-f]+ +0x[0-9a-f]+( <.*>)?"));
            assertThat(out).contains("[Inferior 1 (process " + pid + ") detached]");
        } finally {
            // Detached, the program runs on (it waits forever after its report): end it by its id.
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void attachedToTheRunningDemoTlsIsWhatTheProgramPrinted() {
        Tools.require("gdbserver", "apt-get install gdbserver");
        Path demo = Samples.demoProgram();
        try (LiveProcess program = LiveProcess.start(List.of(demo.toString()))) {
            program.awaitLine("READY"::equals, WAIT);
            ProgramOutput truth = ProgramOutput.parse(program.output());
            try (LiveProcess gdbserver = LiveProcess.start(List.of("gdbserver", "--once", "--attach", "127.0.0.1:0",
                    Long.toString(program.pid())))) {
                int port = port(gdbserver);
                Run r = Run.batch(List.of("--remote", "127.0.0.1:" + port), "tls --json tls_counter",
                        "tls --json tls_name", "tls --json demo_plugin_tls", "info tls --json all", "detach");
                assertThat(r.exit()).as(r.describe()).isZero();
                List<Map<String, String>> rows = JsonLines.parse(r.out());
                int checked = 0;
                for (Map<String, String> row : rows) {
                    if (!row.containsKey("expr")) {
                        continue;
                    }
                    ThreadReport t = truth.byLwp(Long.parseLong(row.get("lwp")));
                    String expr = row.get("expr");
                    if (t.isUntouched(expr)) {
                        assertThat(row).as("%s in LWP %d", expr, t.lwp()).containsEntry("reason", "not-allocated");
                    } else {
                        assertThat(row.get("value")).as("%s in LWP %d", expr, t.lwp())
                                .isEqualTo(t.value(expr).orElseThrow());
                        assertThat(Long.parseUnsignedLong(row.get("address").substring(2), 16))
                                .as("&%s in LWP %d", expr, t.lwp()).isEqualTo(t.address(expr).orElseThrow());
                    }
                    checked++;
                }
                assertThat(checked).isEqualTo(3 * truth.threads().size());
                // info tls: the plugin's block exists exactly where the thread touched it.
                for (Map<String, String> layout : rows) {
                    if (!layout.containsKey("blocks")) {
                        continue;
                    }
                    ThreadReport t = truth.byLwp(Long.parseLong(layout.get("lwp")));
                    String plugin = layout.get("blocks").replaceAll(".*(\\{\"module\":\"libdemo-plugin.so\"[^}]*\\}).*", "$1");
                    assertThat(plugin).as("LWP %d", t.lwp())
                            .contains("\"allocated\":" + !t.isUntouched("demo_plugin_tls"));
                }
            }
        }
    }
}
