package dev.tldb.dwarf;

/** The sizes that fixed-size forms depend on, taken from a unit header. */
record FormSizes(int addressSize, int offsetSize, int refAddrSize, int version) {
    static FormSizes of(UnitHeader h) {
        return new FormSizes(h.addressSize(), h.offsetSize(), h.refAddrSize(), h.version());
    }
}
