package dev.tldb.threaddb;

/**
 * One of glibc's {@code _thread_db_*} layout descriptors: {@code uint32_t[3] = {bitsize, nelem,
 * offset}} (nptl_db/db_info.c). For a field: its size in bits, its element count (arrays) and its
 * byte offset in the structure. Some descriptors overload the words ({@code _thread_db_register64}
 * keeps a bias in {@code nelem}).
 */
record Descriptor(int bits, int nelem, int offset) {

    /** Size of one element in bytes. */
    int elementSize() {
        return bits / 8;
    }

    /** Byte offset of element {@code index} of this field from the start of its structure. */
    long at(long index) {
        return offset + (long) elementSize() * index;
    }
}
