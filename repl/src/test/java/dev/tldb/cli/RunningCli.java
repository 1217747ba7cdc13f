package dev.tldb.cli;

import java.io.StringWriter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A {@code tldb} command line that {@link Cli#start} left running on another thread (a server),
 * with its output captured as it comes.
 *
 * @param exit its exit code, once it ends
 * @param out  standard output so far
 * @param err  standard error so far
 */
public record RunningCli(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {

    /**
     * Polls standard output (for up to 30 s, and only while the command runs) until {@code find}
     * finds something in it, and returns that; otherwise fails with "no {@code what}" and both
     * outputs.
     */
    public <T> T await(String what, Function<String, Optional<T>> find) throws InterruptedException {
        for (int i = 0; i < 600 && !exit.isDone(); i++) {
            Optional<T> found = find.apply(out.toString());
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + what + "\nout: " + out + "\nerr: " + err);
    }
}
