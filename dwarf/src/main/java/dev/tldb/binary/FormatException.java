package dev.tldb.binary;

import dev.tldb.error.TldbException;

/**
 * Malformed or truncated input: a corrupt ELF file, a bad DWARF unit, an impossible count.
 * The message names the source (file and section) and the offset, for example
 * {@code libfoo.so: .debug_info at 0x1a2b: ULEB128 longer than 10 bytes}.
 */
public final class FormatException extends TldbException {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
        super(message);
    }

    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code source at 0xOFFSET: what}. */
    public static FormatException at(String source, long offset, String what) {
        return new FormatException(source + " at 0x" + Long.toHexString(offset) + ": " + what);
    }
}
