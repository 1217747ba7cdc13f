package dev.tldb.elf;

import java.nio.ByteOrder;

/** The ELF file header (Elf32_Ehdr / Elf64_Ehdr), with extended section/segment counts resolved. */
public record ElfHeader(
        boolean is64,
        ByteOrder order,
        int osAbi,
        int type,
        int machine,
        long entry,
        long phoff,
        long shoff,
        int flags,
        int phentsize,
        int phnum,
        int shentsize,
        int shnum,
        int shstrndx) {

    public int addressSize() {
        return is64 ? 8 : 4;
    }
}
