package dev.tldb.elf;

/** One program header (Elf32_Phdr / Elf64_Phdr). */
public record Segment(
        int index,
        int type,
        int flags,
        long offset,
        long vaddr,
        long paddr,
        long filesz,
        long memsz,
        long align) {

    public boolean isLoad() {
        return type == Elf.PT_LOAD;
    }

    public boolean containsAddress(long address) {
        return Long.compareUnsigned(address - vaddr, memsz) < 0;
    }

    public boolean isWritable() {
        return (flags & Elf.PF_W) != 0;
    }

    public boolean isExecutable() {
        return (flags & Elf.PF_X) != 0;
    }
}
