package dev.tldb.sim;

import java.util.Optional;

/** Runtime addresses of symbols across the loaded modules, as ld.so's lookup would find them. */
interface Symbols {

    /** A defined symbol found in a module: its runtime address and size (in bytes). */
    record At(long address, long size) {}

    Optional<At> find(String name);
}
