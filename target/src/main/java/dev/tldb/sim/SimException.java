package dev.tldb.sim;

import dev.tldb.error.TldbException;

/**
 * An event the simulated process cannot perform as asked: an unknown thread or variable, a value of
 * the wrong type, a library that cannot be found. One line; a scenario prefixes its file and line.
 */
public final class SimException extends TldbException {
    private static final long serialVersionUID = 1L;

    public SimException(String message) {
        super(message);
    }
}
