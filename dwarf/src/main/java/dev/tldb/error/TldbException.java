package dev.tldb.error;

/**
 * Root of the errors tldb reports to its users: the message is one line that says what went wrong
 * and where (file, section, offset, thread, packet). The command line prints it without a stack
 * trace; anything that is not a {@code TldbException} is a bug and keeps its trace.
 */
public class TldbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TldbException(String message) {
        super(message);
    }

    public TldbException(String message, Throwable cause) {
        super(message, cause);
    }
}
