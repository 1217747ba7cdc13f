package dev.tldb.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A process a test starts and reads line by line (a sample program, gdbserver), killed by its id
 * when the test is done.
 */
final class LiveProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader lines;
    private final List<String> seen = new ArrayList<>();

    private LiveProcess(Process process) {
        this.process = process;
        this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code command} with stderr merged into stdout. */
    static LiveProcess start(List<String> command) {
        try {
            return new LiveProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Reads lines until one matches (returned), failing after {@code timeout} or at the end of output. */
    String awaitLine(Predicate<String> match, Duration timeout) {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = lines.readLine()) != null) {
                    synchronized (seen) {
                        seen.add(l);
                    }
                    if (match.test(l)) {
                        return l;
                    }
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            String l = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (l == null) {
                throw new AssertionError("the process ended before the line expected; it printed:\n" + output());
            }
            return l;
        } catch (TimeoutException e) {
            throw new AssertionError("no such line within " + timeout + "; the process printed:\n" + output());
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** Everything read so far. */
    String output() {
        synchronized (seen) {
            return String.join("\n", seen) + "\n";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
