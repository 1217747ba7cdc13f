package dev.tldb.target;

/**
 * No address for a thread-local variable, with the reason in libthread_db's terms ({@link TdError})
 * and a message naming the module and the thread, e.g.
 * {@code Cannot access thread-local storage of libplugin.so in thread 3 (LWP 4242): not allocated yet}.
 */
public final class TlsException extends TargetException {
    private static final long serialVersionUID = 1L;
    private final TdError error;

    public TlsException(TdError error, String message) {
        super(message);
        this.error = error;
    }

    public TdError error() {
        return error;
    }
}
