package dev.tldb.target;

import dev.tldb.error.TldbException;

/** A request the target cannot answer, worded for the user (one line, gdb's wording where gdb has one). */
public class TargetException extends TldbException {
    private static final long serialVersionUID = 1L;

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
