package dev.tldb.abi;

/** The C library whose thread and TLS structures a program uses. */
public enum Libc {
    GLIBC("glibc"),
    MUSL("musl");

    private final String displayName;

    Libc(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
