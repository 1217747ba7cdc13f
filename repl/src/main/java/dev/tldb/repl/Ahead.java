package dev.tldb.repl;

import dev.tldb.error.TldbException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Something started ahead, on another core, while the command line is parsed: {@code tldb}
 * alone opens the REPL on the built-in demo, so the demo and the terminal can be made while
 * picocli reads the (empty) command line. The first {@link #get} takes that one; later calls
 * make a fresh one ({@code sim demo} wants a new demo).
 */
public final class Ahead<T> implements Supplier<T> {
    private final Supplier<T> maker;
    private CompletableFuture<T> ahead;

    private Ahead(Supplier<T> maker, CompletableFuture<T> ahead) {
        this.maker = maker;
        this.ahead = ahead;
    }

    /** Starts {@code maker} now on a background thread. */
    public static <T> Ahead<T> start(Supplier<T> maker) {
        return new Ahead<>(maker, CompletableFuture.supplyAsync(maker));
    }

    @Override
    public synchronized T get() {
        CompletableFuture<T> f = ahead;
        ahead = null;
        if (f == null) {
            return maker.get();
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof TldbException t) {
                throw t;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
