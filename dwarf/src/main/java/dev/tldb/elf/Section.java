package dev.tldb.elf;

/** One section header (Elf32_Shdr / Elf64_Shdr) and its name. */
public record Section(
        int index,
        String name,
        int type,
        long flags,
        long addr,
        long offset,
        long size,
        int link,
        int info,
        long addralign,
        long entsize) {

    public boolean isAlloc() {
        return (flags & Elf.SHF_ALLOC) != 0;
    }

    public boolean isTls() {
        return (flags & Elf.SHF_TLS) != 0;
    }

    /** Occupies no file bytes (.bss, .tbss). */
    public boolean isNobits() {
        return type == Elf.SHT_NOBITS;
    }

    /** SHF_COMPRESSED (gABI Elf_Chdr) or the old GNU {@code .zdebug_*} convention. */
    public boolean isCompressed() {
        return (flags & Elf.SHF_COMPRESSED) != 0 || name.startsWith(".zdebug");
    }

    public boolean inGroup() {
        return (flags & Elf.SHF_GROUP) != 0;
    }

    /** The name without the {@code .zdebug} spelling: {@code .zdebug_info} reads as {@code .debug_info}. */
    public String canonicalName() {
        return name.startsWith(".zdebug") ? ".debug" + name.substring(".zdebug".length()) : name;
    }

    public boolean containsAddress(long address) {
        return isAlloc() && Long.compareUnsigned(address - addr, size) < 0;
    }
}
