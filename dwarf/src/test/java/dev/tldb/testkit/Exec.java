package dev.tldb.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs external processes with a timeout, stdin from /dev/null and output captured through
 * temporary files (no pipe can fill up and block). A process that outlives its timeout is
 * killed with all its descendants and the call fails with what it printed so far.
 */
public final class Exec {
    private Exec() {}

    public static ExecResult run(List<String> command, Path workDir, Duration timeout) {
        return run(command, workDir, Map.of(), timeout);
    }

    /** Runs {@code command} in {@code workDir} with {@code env} added to this JVM's environment. */
    public static ExecResult run(List<String> command, Path workDir, Map<String, String> env,
                                 Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("tldb-exec", ".out");
            err = Files.createTempFile("tldb-exec", ".err");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().putAll(env);
            Process process = pb.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finished = false;
            }
            if (!finished) {
                kill(process);
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: "
                        + new ExecResult(command, -1, read(out), read(err)).describe());
            }
            return new ExecResult(List.copyOf(command), process.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Kills a process and everything it started (gdb's inferior, qemu's guest, a shell's child). */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) throws IOException {
        // Lenient decoding: a stray non-UTF-8 byte must not hide the rest of the output.
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
