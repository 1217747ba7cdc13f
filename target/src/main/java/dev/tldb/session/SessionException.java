package dev.tldb.session;

import dev.tldb.error.TldbException;

/** An expression or lookup that cannot be done, in gdb's words ({@code No symbol "x" in current context.}). */
public final class SessionException extends TldbException {
    private static final long serialVersionUID = 1L;

    public SessionException(String message) {
        super(message);
    }
}
