package dev.tldb.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a sample to its trap without leaving a core (RLIMIT_CORE 0), natively or under
 * qemu-user, in a scratch folder, with a timeout. {@link SampleCores} shares the command lines.
 */
public final class SampleRuns {
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private SampleRuns() {}

    public static ProgramRun run(SampleVariant variant) {
        requireRunner(variant);
        Path dir = scratchDir("tldb-run-");
        try {
            ExecResult r = Exec.run(List.of("/bin/sh", "-c", shellRun(variant, dir, "0")),
                    dir, RUN_TIMEOUT);
            return finish(variant, dir, r);
        } finally {
            deleteTree(dir);
        }
    }

    /** Fails (or skips) when the variant needs a qemu that is not installed. */
    static void requireRunner(SampleVariant variant) {
        if (!variant.isNative()) {
            Tools.require(variant.runner(), "apt-get install qemu-user");
        }
    }

    /** The program's command line: the executable, under qemu (with -L sysroot) if cross. */
    static List<String> programCommand(SampleVariant variant) {
        List<String> cmd = new ArrayList<>();
        if (!variant.isNative()) {
            cmd.add(variant.runner());
            variant.qemuSysroot().ifPresent(root -> {
                cmd.add("-L");
                cmd.add(root.toString());
            });
        }
        cmd.add(variant.executable().toString());
        return cmd;
    }

    /** A shell line that sets the core limit and runs the program with stdout and stderr in dir. */
    static String shellRun(SampleVariant variant, Path dir, String coreLimit) {
        StringBuilder sb = new StringBuilder("ulimit -c ").append(coreLimit).append(" && exec");
        for (String arg : programCommand(variant)) {
            sb.append(' ').append(quote(arg));
        }
        sb.append(" > ").append(quote(dir.resolve(OUTPUT).toString()));
        sb.append(" 2> ").append(quote(dir.resolve(STDERR).toString()));
        return sb.toString();
    }

    static final String OUTPUT = "program-output.txt";
    static final String STDERR = "program-stderr.txt";

    /** Checks that the run trapped after READY and parses its output. */
    static ProgramRun finish(SampleVariant variant, Path dir, ExecResult r) {
        String stderr = readOrEmpty(dir.resolve(STDERR));
        String stdout = readOrEmpty(dir.resolve(OUTPUT));
        if (r.exitCode() < 128) {
            throw new AssertionError(variant + " did not die of its trap (exit code "
                    + r.exitCode() + ")\n--- program stdout ---\n" + stdout
                    + "\n--- program stderr ---\n" + stderr + "\n" + r.describe());
        }
        ProgramOutput output = ProgramOutput.parse(stdout);
        if (!output.ready()) {
            throw new AssertionError(variant + " died before READY (exit code " + r.exitCode()
                    + ")\n--- program stdout ---\n" + stdout + "\n--- program stderr ---\n" + stderr);
        }
        return new ProgramRun(output, r.exitCode(), stderr);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static Path scratchDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readOrEmpty(Path file) {
        try {
            return Files.exists(file)
                    ? new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8)
                    : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: scratch space
                }
            });
        } catch (IOException ignored) {
            // best effort: scratch space
        }
    }
}
