package dev.tldb.session;

import dev.tldb.dwarf.lists.LocationDescription;

/** Where a variable lives, as its debug information (or its ELF symbol) says. */
sealed interface Storage {

    /** At {@code offset} in its module's TLS block, in each thread. */
    record Tls(long offset) implements Storage {}

    /** At a link-time address (add the module's load bias). */
    record Static(long linkAddress) implements Storage {}

    /** A function's entry point, at a link-time address. */
    record Function(long linkAddress) implements Storage {}

    /** Anything else: a DWARF location description evaluated per thread and pc. */
    record Computed(LocationDescription location) implements Storage {}

    /** The compiler kept no location. */
    record OptimizedOut() implements Storage {}
}
