package dev.tldb.linkmap;

/**
 * One {@code struct link_map} as the dynamic linker keeps it ({@code <link.h>}: the public head
 * {@code l_addr, l_name, l_ld, l_next, l_prev}, pointer-sized, in target byte order).
 *
 * @param address the {@code link_map}'s own address: gdb's {@code lm}, what
 *                {@code qGetTLSAddr} and {@code qXfer:libraries-svr4} name a module by
 * @param loadBias {@code l_addr}: difference between runtime and link-time addresses
 * @param name     {@code l_name} (empty for the main program in glibc)
 * @param dynamic  {@code l_ld}: runtime address of the module's dynamic section
 * @param next     {@code l_next}
 * @param prev     {@code l_prev}
 */
public record LinkMapEntry(long address, long loadBias, String name, long dynamic, long next, long prev) {}
