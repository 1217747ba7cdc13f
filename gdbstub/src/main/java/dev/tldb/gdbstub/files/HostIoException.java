package dev.tldb.gdbstub.files;

/** A {@code vFile} request that fails with one of gdb's File-I/O errno values ({@link HostIoErrno}). */
public final class HostIoException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public HostIoException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
