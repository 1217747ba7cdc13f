package dev.tldb.gdbstub.sim;

import dev.tldb.testkit.Exec;
import dev.tldb.testkit.ExecResult;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * tls-sample built against musl as a dynamic program (samples/ has only a static musl variant),
 * with its linked library and its dlopen'ed plugin, plus a scenario that dlopens the plugin
 * between two stops: musl's dynamic TLS, which every thread gets a copy of at dlopen.
 */
final class MuslDynamicBuild {
    static final String SCENARIO = """
            # tls-sample built dynamically against musl (built by the test): musl copies a dlopen'ed
            # library's TLS into every thread at once, so no thread ever has it unallocated.
            load tls-sample
            in main set tls_int = 100
            in main set lib_tls = 700
            thread create thread-1 at worker
            in thread-1 set tls_int = 101
            in thread-1 set tls_name = "thread-1"
            stop started
            dlopen libplugin.so
            in main set plugin_tls = 7700
            thread create thread-2 at worker
            in thread-2 set plugin_tls = 7702
            in thread-2 set tls_name = "thread-2"
            stop ready                          # thread-1 never wrote plugin_tls: its copy holds 77
            """;

    private MuslDynamicBuild() {
    }

    /** The scenario file, beside the programs (built on first use). */
    static synchronized Path scenario() {
        Tools.require("musl-gcc", "apt-get install musl-tools");
        Path dir = Samples.repoRoot().resolve("gdbstub/build/sim-musl-dynamic");
        Path src = Samples.samplesDir().resolve("src");
        try {
            Files.createDirectories(dir);
            if (!Files.isRegularFile(dir.resolve("tls-sample"))) {
                run(dir, "musl-gcc", "-O0", "-g", "-fPIC", "-shared", "-o", "liblinked.so",
                        src.resolve("liblinked.c").toString());
                run(dir, "musl-gcc", "-O0", "-g", "-fPIC", "-shared", "-o", "libplugin.so",
                        src.resolve("libplugin.c").toString());
                run(dir, "musl-gcc", "-O0", "-g", "-fPIE", "-pie", "-DWITH_LINKED", "-DWITH_PLUGIN", "-pthread",
                        "-o", "tls-sample", src.resolve("tls-sample.c").toString(), "-L.", "-llinked", "-ldl",
                        "-Wl,-rpath,$ORIGIN");
            }
            Path file = dir.resolve("musl-dynamic.tldbsim");
            Files.writeString(file, SCENARIO);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(Path dir, String... cmd) {
        ExecResult r = Exec.run(List.of(cmd), dir, Duration.ofMinutes(2));
        if (r.exitCode() != 0) {
            throw new AssertionError(r.describe());
        }
    }
}
