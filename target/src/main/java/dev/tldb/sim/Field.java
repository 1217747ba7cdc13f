package dev.tldb.sim;

/** One non-zero field of a generated structure: its offset from the structure's start, size and value. */
record Field(long offset, int size, long value) {}
