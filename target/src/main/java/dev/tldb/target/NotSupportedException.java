package dev.tldb.target;

/** No layer of the stack implements the request (gdb: "The program has no registers now." and the like). */
public final class NotSupportedException extends TargetException {
    private static final long serialVersionUID = 1L;

    public NotSupportedException(String message) {
        super(message);
    }
}
