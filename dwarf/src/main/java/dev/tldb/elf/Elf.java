package dev.tldb.elf;

/** Numbers from the ELF specification and the Linux ABI supplements that tldb uses. */
public final class Elf {
    private Elf() {}

    // e_ident
    public static final int ELFCLASS32 = 1, ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1, ELFDATA2MSB = 2;

    // e_type
    public static final int ET_NONE = 0, ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;

    // e_machine
    public static final int EM_386 = 3, EM_PPC = 20, EM_PPC64 = 21, EM_S390 = 22, EM_ARM = 40,
            EM_X86_64 = 62, EM_AARCH64 = 183, EM_RISCV = 243;

    // sh_type
    public static final int SHT_NULL = 0, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_RELA = 4,
            SHT_HASH = 5, SHT_DYNAMIC = 6, SHT_NOTE = 7, SHT_NOBITS = 8, SHT_REL = 9, SHT_DYNSYM = 11,
            SHT_GROUP = 17, SHT_SYMTAB_SHNDX = 18;

    // sh_flags
    public static final long SHF_WRITE = 0x1, SHF_ALLOC = 0x2, SHF_EXECINSTR = 0x4, SHF_GROUP = 0x200,
            SHF_TLS = 0x400, SHF_COMPRESSED = 0x800;

    // Special section indexes
    public static final int SHN_UNDEF = 0, SHN_LORESERVE = 0xff00, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2,
            SHN_XINDEX = 0xffff;
    public static final int PN_XNUM = 0xffff;

    // SHT_GROUP flag word
    public static final int GRP_COMDAT = 0x1;

    // Compression (Elf_Chdr.ch_type)
    public static final int ELFCOMPRESS_ZLIB = 1, ELFCOMPRESS_ZSTD = 2;

    // p_type
    public static final int PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4,
            PT_PHDR = 6, PT_TLS = 7, PT_GNU_EH_FRAME = 0x6474e550, PT_GNU_STACK = 0x6474e551,
            PT_GNU_RELRO = 0x6474e552;

    // p_flags
    public static final int PF_X = 1, PF_W = 2, PF_R = 4;

    // Symbol types and bindings
    public static final int STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4,
            STT_COMMON = 5, STT_TLS = 6, STT_GNU_IFUNC = 10;
    public static final int STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2, STB_GNU_UNIQUE = 10;

    // Dynamic tags
    public static final long DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_SYMTAB = 6, DT_STRSZ = 10,
            DT_SONAME = 14, DT_RPATH = 15, DT_DEBUG = 21, DT_RUNPATH = 29, DT_FLAGS = 30, DT_FLAGS_1 = 0x6ffffffb;

    // Note types, owner "GNU"
    public static final int NT_GNU_BUILD_ID = 3;
    // Note types in cores, owner "CORE" (and "LINUX" for the architecture-specific ones)
    public static final int NT_PRSTATUS = 1, NT_PRFPREG = 2, NT_PRPSINFO = 3, NT_TASKSTRUCT = 4, NT_AUXV = 6,
            NT_SIGINFO = 0x53494749, NT_FILE = 0x46494c45, NT_X86_XSTATE = 0x202, NT_386_TLS = 0x200,
            NT_ARM_TLS = 0x401, NT_ARM_HW_BREAK = 0x402, NT_ARM_SYSTEM_CALL = 0x404,
            NT_S390_PREFIX = 0x305, NT_S390_TODCMP = 0x302, NT_S390_LAST_BREAK = 0x306;

    // Auxiliary vector
    public static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
            AT_ENTRY = 9, AT_EXECFN = 31, AT_SYSINFO_EHDR = 33, AT_RANDOM = 25, AT_HWCAP = 16;

    public static String machineName(int machine) {
        return switch (machine) {
            case EM_386 -> "i386";
            case EM_PPC -> "powerpc";
            case EM_PPC64 -> "powerpc64";
            case EM_S390 -> "s390";
            case EM_ARM -> "arm";
            case EM_X86_64 -> "x86-64";
            case EM_AARCH64 -> "aarch64";
            case EM_RISCV -> "riscv";
            default -> "machine " + machine;
        };
    }

    public static String typeName(int type) {
        return switch (type) {
            case ET_REL -> "relocatable object";
            case ET_EXEC -> "executable";
            case ET_DYN -> "shared object";
            case ET_CORE -> "core file";
            default -> "ELF type " + type;
        };
    }
}
