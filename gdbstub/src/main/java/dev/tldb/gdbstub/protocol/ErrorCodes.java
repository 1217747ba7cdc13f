package dev.tldb.gdbstub.protocol;

/**
 * The numbers we put in {@code Enn} replies. The protocol leaves them undefined and gdb ignores
 * them (gdbserver sends {@code E01} for nearly everything); we use errno-like values so that a
 * packet log tells failures apart.
 */
public final class ErrorCodes {
    /** A request the target could not satisfy; gdbserver's universal {@code E01}. */
    public static final int GENERIC = 0x01;
    /** No such thread, file, annex. (ENOENT) */
    public static final int NOT_FOUND = 0x02;
    /** The target failed to read or write. (EIO) */
    public static final int IO = 0x05;
    /** Memory that cannot be accessed. (EFAULT) */
    public static final int BAD_ADDRESS = 0x0e;
    /** A malformed or oversize packet, a bad argument. (EINVAL) */
    public static final int INVALID = 0x16;

    private ErrorCodes() {
    }
}
