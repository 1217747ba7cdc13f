package dev.tldb.elf;

/** One entry of the dynamic section ({@code d_tag}, {@code d_val}/{@code d_ptr}). */
public record DynamicEntry(long tag, long value) {}
