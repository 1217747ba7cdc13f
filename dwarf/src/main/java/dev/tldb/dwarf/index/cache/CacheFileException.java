package dev.tldb.dwarf.index.cache;

/**
 * A cache file that must not be used. Never reaches the user: the cache treats it as a miss,
 * rebuilds the index and replaces the file.
 */
final class CacheFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Damaged (truncated, garbled, inconsistent), or sound but made for other contents. */
    enum Kind { CORRUPT, STALE }

    private final Kind kind;

    private CacheFileException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    static CacheFileException corrupt(String message) {
        return new CacheFileException(Kind.CORRUPT, message);
    }

    static CacheFileException stale(String message) {
        return new CacheFileException(Kind.STALE, message);
    }

    Kind kind() {
        return kind;
    }
}
