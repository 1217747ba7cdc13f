package dev.tldb.cli;

import dev.tldb.sim.scenario.BuiltinDemo;
import dev.tldb.testkit.Exec;
import dev.tldb.testkit.ExecResult;
import dev.tldb.testkit.Gdb;
import dev.tldb.testkit.GdbResult;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tldb serve} for simulations: with no target it serves the built-in demo and prints a gdb
 * command that works when pasted into a shell (the demo's program unpacked to the cache folder,
 * symbols and all); {@code --scenario} with {@code --tls-unallocated=allocate}; user errors.
 * Every server runs with {@code --once}, so it ends when gdb leaves.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServeScenarioTest {
    private static final Pattern CONNECT = Pattern.compile("^Connect with: (.*)$", Pattern.MULTILINE);
    private static String previousCache;

    @TempDir
    static Path cache;

    @BeforeAll
    static void privateCache() {
        previousCache = System.getProperty(BuiltinDemo.CACHE_PROPERTY);
        System.setProperty(BuiltinDemo.CACHE_PROPERTY, cache.toString());
    }

    @AfterAll
    static void restoreCache() {
        if (previousCache == null) {
            System.clearProperty(BuiltinDemo.CACHE_PROPERTY);
        } else {
            System.setProperty(BuiltinDemo.CACHE_PROPERTY, previousCache);
        }
    }

    private static String awaitConnectLine(RunningCli run) throws InterruptedException {
        return run.await("'Connect with' line", out -> {
            Matcher m = CONNECT.matcher(out);
            return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
        });
    }

    /** The demo scenario's assignments, read from samples/scenarios/demo.tldbsim: thread to variable to value. */
    private static Map<String, Map<String, String>> demoValues() throws IOException {
        Map<String, Map<String, String>> values = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("^in (\\S+) set (\\w+) = (\"[^\"]*\"|\\S+)", Pattern.MULTILINE)
                .matcher(Files.readString(Samples.samplesDir().resolve("scenarios/demo.tldbsim")));
        while (m.find()) {
            values.computeIfAbsent(m.group(1), k -> new java.util.LinkedHashMap<>()).put(m.group(2), m.group(3));
        }
        return values;
    }

    /** {@code $n = "text"} as gdb prints a char array holding it: the zeros after it inline, or as a repeat. */
    private static String gdbString(int n, String quoted) {
        String body = Pattern.quote(quoted.substring(0, quoted.length() - 1));
        return "\\$" + n + " = " + body + "((\\\\000)*\"|\", '\\\\000' <repeats \\d+ times>)\n";
    }

    @Test
    void withNoTargetItServesTheDemoAndThePrintedCommandWorksWhenPasted() throws Exception {
        Tools.require("gdb", "apt-get install gdb");
        RunningCli run = Cli.start("serve", "--listen", "127.0.0.1:0", "--once", "--no-warm-up");
        String connect = awaitConnectLine(run);
        assertThat(run.out().toString()).startsWith("Serving the built-in demo (demo.tldbsim): simulated process 4242 of ")
                .contains("Each debugger that connects gets its own run of the scenario")
                .contains("Unallocated TLS: error.");
        assertThat(connect).matches("gdb -ex 'target remote 127\\.0\\.0\\.1:\\d+' "
                + Pattern.quote(cache.toString()) + "/demo-[0-9a-f]{16}/bin/x86_64/demo");

        // The line as a user pastes it, with batch-mode options after it.
        String pasted = connect + " -nx -batch -iex 'set debuginfod enabled off'"
                + " -ex 'info threads' -ex continue -ex continue -ex 'info threads'"
                + " -ex 'thread 2' -ex 'print tls_name' -ex 'print tls_counter' -ex 'print demo_plugin_tls'"
                + " -ex 'monitor tls-error' -ex 'thread 3' -ex 'print demo_plugin_tls' -ex continue";
        ExecResult r = Exec.run(List.of("/bin/sh", "-c", pasted + " 2>&1"), Path.of("/"),
                Map.of("LC_ALL", "C", "DEBUGINFOD_URLS", ""), Duration.ofMinutes(2));
        String out = r.stdout();
        Map<String, Map<String, String>> values = demoValues();
        assertThat(out).as(out)
                .contains("tldb: scenario stop plugin-loaded (demo.tldbsim:")
                .contains("tldb: scenario stop ready (demo.tldbsim:")
                .containsPattern("2\\s+Thread 4242\\.\\d+ \"alpha\"")
                .containsPattern(gdbString(1, values.get("alpha").get("tls_name")))
                .contains("$2 = " + values.get("alpha").get("tls_counter"))
                .contains("Remote target failed to process qGetTLSAddr request")
                .contains("not allocated yet for libdemo-plugin.so in thread 2")
                .contains("$3 = " + values.get("beta").get("demo_plugin_tls"))
                .contains("tldb: end of scenario demo.tldbsim")
                .contains("[Inferior 1 (process 4242) exited normally]")
                .doesNotContain("No symbol table is loaded");
        assertThat(run.exit().get(30, TimeUnit.SECONDS)).as("--once: done when gdb left").isZero();
    }

    /** allocate: the untouched block is allocated when gdb reads it (the init image), then the thread's own write shows. */
    @Test
    void allocateShowsTheInitImageThenWhatTheThreadWrites() throws Exception {
        Path scenario = Samples.samplesDir().resolve("scenarios/tls-sample-x86_64.tldbsim");
        Path exe = Samples.variant("x86_64-glibc-pie").executable();
        RunningCli run = Cli.start("serve", "--listen", "127.0.0.1:0", "--once", "--no-warm-up", "--scenario",
                scenario.toString(), "--tls-unallocated=allocate");
        String connect = awaitConnectLine(run);
        assertThat(run.out().toString()).startsWith("Serving scenario " + scenario).contains("Unallocated TLS: allocate.");
        assertThat(connect).endsWith(" " + exe);
        String where = connect.replaceAll(".*target remote ([^']+)'.*", "$1");
        String init = InitialImage.asGdbPrints(exe.resolveSibling("libplugin.so"), "plugin_tls");
        String written = Files.readString(scenario).replaceAll("(?s).*in main set plugin_tls = (\\d+).*", "$1");
        GdbResult r = Gdb.stock().batchMerged(List.of("target remote " + where, "continue", "continue",
                "print plugin_tls", "continue", "print plugin_tls", "continue"), exe.toString());
        assertThat(r.stdout()).as(r.stdout()).contains("tldb: scenario stop after-dlopen")
                .contains("$1 = " + init).contains("$2 = " + written)
                .doesNotContain("Remote target failed to process qGetTLSAddr request");
        assertThat(run.exit().get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void userErrorsAreOneLine() throws Exception {
        Path bad = Files.createTempFile(cache, "bad", ".tldbsim");
        Files.writeString(bad, "load " + Samples.samplesDir().resolve("bin/x86_64/demo") + "\nfrobnicate now\n");
        RunningCli parse = Cli.start("serve", "--listen", "127.0.0.1:0", "--scenario", bad.toString());
        assertThat(parse.exit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
        assertThat(parse.err().toString()).startsWith("tldb: " + bad + ":2: unknown command").hasLineCount(1);

        RunningCli initImage = Cli.start("serve", "--listen", "127.0.0.1:0", "--tls-unallocated=init-image");
        assertThat(initImage.exit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
        assertThat(initImage.err().toString())
                .isEqualTo("tldb: --tls-unallocated takes 'error' or 'allocate', not 'init-image' (the init image has no "
                        + "address to give gdb)" + System.lineSeparator());

        RunningCli exe = Cli.start("serve", "--listen", "127.0.0.1:0", "--exe", "/bin/true");
        assertThat(exe.exit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
        assertThat(exe.err().toString()).startsWith("tldb: --exe goes with --core").hasLineCount(1);
    }
}
