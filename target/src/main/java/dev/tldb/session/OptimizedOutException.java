package dev.tldb.session;

import dev.tldb.error.TldbException;

/** A value the program's debug information says is not kept anywhere: gdb prints {@code <optimized out>}. */
public final class OptimizedOutException extends TldbException {
    private static final long serialVersionUID = 1L;

    public OptimizedOutException() {
        super("<optimized out>");
    }
}
