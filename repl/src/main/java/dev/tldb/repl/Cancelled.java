package dev.tldb.repl;

import dev.tldb.error.TldbException;

/** The user pressed Ctrl-C: the running command stops where it is and gdb's "Quit" is printed. */
public final class Cancelled extends TldbException {
    private static final long serialVersionUID = 1L;

    public Cancelled() {
        super("Quit");
    }

    /** Throws when the current thread was interrupted (Ctrl-C); long loops call this as they go. */
    public static void check() {
        if (Thread.currentThread().isInterrupted()) {
            throw new Cancelled();
        }
    }
}
