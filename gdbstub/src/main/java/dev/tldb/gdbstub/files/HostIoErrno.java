package dev.tldb.gdbstub.files;

/**
 * errno values of gdb's File-I/O protocol (gdb manual, "Errno Values"), which {@code vFile}
 * replies carry as {@code F-1,<errno>}. They are gdb's own numbers, not the host's.
 */
public final class HostIoErrno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EBADF = 9;
    public static final int EACCES = 13;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int EROFS = 30;
    public static final int ENAMETOOLONG = 91;
    public static final int EUNKNOWN = 9999;

    private HostIoErrno() {
    }
}
