package dev.tldb.dwarf;

import dev.tldb.error.TldbException;

/**
 * Debug information that is well-formed but cannot be followed: a missing {@code .dwo} file, a dwz
 * supplementary file that is not there, a type signature no unit defines. (Malformed bytes are a
 * {@link dev.tldb.binary.FormatException}.)
 */
public final class DwarfException extends TldbException {
    private static final long serialVersionUID = 1L;

    public DwarfException(String message) {
        super(message);
    }
}
