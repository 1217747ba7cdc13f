package dev.tldb.abi;

import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An architecture: ELF machine, pointer size, byte order, TLS variant, where the thread pointer
 * lives and the register set in gdb's target-description order with DWARF register numbers.
 */
public enum Arch {
    X86_64(Elf.EM_X86_64, 8, ByteOrder.LITTLE_ENDIAN, TlsVariant.II, "i386:x86-64", "fs_base"),
    I386(Elf.EM_386, 4, ByteOrder.LITTLE_ENDIAN, TlsVariant.II, "i386", "gs_base"),
    AARCH64(Elf.EM_AARCH64, 8, ByteOrder.LITTLE_ENDIAN, TlsVariant.I, "aarch64", "tpidr"),
    RISCV64(Elf.EM_RISCV, 8, ByteOrder.LITTLE_ENDIAN, TlsVariant.I, "riscv:rv64", "tp"),
    PPC64LE(Elf.EM_PPC64, 8, ByteOrder.LITTLE_ENDIAN, TlsVariant.I, "powerpc:common64", "r13"),
    S390X(Elf.EM_S390, 8, ByteOrder.BIG_ENDIAN, TlsVariant.II, "s390:64-bit", "acr0");

    private final int elfMachine;
    private final int pointerSize;
    private final ByteOrder order;
    private final TlsVariant tlsVariant;
    private final String gdbName;
    private final String threadPointerRegister;
    private volatile RegisterLayout layout;

    Arch(int elfMachine, int pointerSize, ByteOrder order, TlsVariant tlsVariant, String gdbName,
         String threadPointerRegister) {
        this.elfMachine = elfMachine;
        this.pointerSize = pointerSize;
        this.order = order;
        this.tlsVariant = tlsVariant;
        this.gdbName = gdbName;
        this.threadPointerRegister = threadPointerRegister;
    }

    /** The architecture of an ELF file (executable, library or core). */
    public static Optional<Arch> of(ElfFile elf) {
        for (Arch a : values()) {
            if (a.elfMachine == elf.machine() && a.pointerSize == elf.addressSize()
                    && (a != PPC64LE || elf.order() == ByteOrder.LITTLE_ENDIAN)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public int elfMachine() {
        return elfMachine;
    }

    public int pointerSize() {
        return pointerSize;
    }

    public ByteOrder order() {
        return order;
    }

    public TlsVariant tlsVariant() {
        return tlsVariant;
    }

    /** The name gdb's {@code set architecture} and target descriptions use. */
    public String gdbName() {
        return gdbName;
    }

    /** The register that holds (or, for s390x, starts) the thread pointer. */
    public String threadPointerRegister() {
        return threadPointerRegister;
    }

    /** The name of the program-counter register. */
    public String pcRegister() {
        return switch (this) {
            case X86_64 -> "rip";
            case I386 -> "eip";
            case S390X -> "pswa";
            default -> "pc";
        };
    }

    /** The name of the stack-pointer register. */
    public String spRegister() {
        return switch (this) {
            case X86_64 -> "rsp";
            case I386 -> "esp";
            case PPC64LE -> "r1";
            case S390X -> "r15";
            default -> "sp";
        };
    }

    /**
     * The thread pointer from a thread's registers: {@code fs_base} on x86-64, {@code tpidr} on
     * aarch64, {@code tp} (x4) on riscv64, {@code r13} on ppc64 (biased by 0x7000: see
     * {@link Abi}), {@code (acr0 << 32) | acr1} on s390x. Empty when the registers lack it (qemu's
     * aarch64 cores carry no NT_ARM_TLS note).
     */
    public Optional<Long> threadPointer(Registers regs) {
        if (this == S390X) {
            Optional<Long> hi = regs.get("acr0"), lo = regs.get("acr1");
            if (hi.isEmpty() || lo.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(hi.get() << 32 | (lo.get() & 0xffff_ffffL));
        }
        return regs.get(threadPointerRegister);
    }

    /** Registers in target-description order (the {@code g} packet's layout). */
    public RegisterLayout registers() {
        RegisterLayout l = layout;
        if (l == null) {
            l = layout = new RegisterLayout(defineRegisters());
        }
        return l;
    }

    private List<RegisterDef> defineRegisters() {
        List<RegisterDef> r = new ArrayList<>();
        switch (this) {
            case X86_64 -> {
                String core = "org.gnu.gdb.i386.core";
                String[] gprs = {"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp"};
                int[] gprDwarf = {0, 3, 2, 1, 4, 5, 6, 7};
                for (int i = 0; i < gprs.length; i++) {
                    r.add(new RegisterDef(gprs[i], 64, i >= 6 ? "data_ptr" : "int64", "general", core, gprDwarf[i]));
                }
                for (int i = 8; i <= 15; i++) {
                    r.add(new RegisterDef("r" + i, 64, "int64", "general", core, i));
                }
                r.add(new RegisterDef("rip", 64, "code_ptr", "general", core, 16));
                r.add(new RegisterDef("eflags", 32, "i386_eflags", "general", core, 49));
                String[] segs = {"cs", "ss", "ds", "es", "fs", "gs"};
                int[] segDwarf = {51, 52, 53, 50, 54, 55};
                for (int i = 0; i < segs.length; i++) {
                    r.add(new RegisterDef(segs[i], 32, "int32", "general", core, segDwarf[i]));
                }
                addX87(r, core, 33);
                String sse = "org.gnu.gdb.i386.sse";
                for (int i = 0; i < 16; i++) {
                    r.add(new RegisterDef("xmm" + i, 128, "vec128", "vector", sse, 17 + i));
                }
                r.add(new RegisterDef("mxcsr", 32, "i386_mxcsr", "vector", sse, 64));
                r.add(new RegisterDef("orig_rax", 64, "int", "system", "org.gnu.gdb.i386.linux", -1));
                String segments = "org.gnu.gdb.i386.segments";
                r.add(new RegisterDef("fs_base", 64, "int", "system", segments, 58));
                r.add(new RegisterDef("gs_base", 64, "int", "system", segments, 59));
            }
            case I386 -> {
                String core = "org.gnu.gdb.i386.core";
                String[] gprs = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
                for (int i = 0; i < gprs.length; i++) {
                    r.add(new RegisterDef(gprs[i], 32, i == 4 || i == 5 ? "data_ptr" : "int32", "general", core, i));
                }
                r.add(new RegisterDef("eip", 32, "code_ptr", "general", core, 8));
                r.add(new RegisterDef("eflags", 32, "i386_eflags", "general", core, 9));
                String[] segs = {"cs", "ss", "ds", "es", "fs", "gs"};
                int[] segDwarf = {41, 42, 43, 40, 44, 45};
                for (int i = 0; i < segs.length; i++) {
                    r.add(new RegisterDef(segs[i], 32, "int32", "general", core, segDwarf[i]));
                }
                addX87(r, core, 11);
                String sse = "org.gnu.gdb.i386.sse";
                for (int i = 0; i < 8; i++) {
                    r.add(new RegisterDef("xmm" + i, 128, "vec128", "vector", sse, 21 + i));
                }
                r.add(new RegisterDef("mxcsr", 32, "i386_mxcsr", "vector", sse, 39));
                r.add(new RegisterDef("orig_eax", 32, "int", "system", "org.gnu.gdb.i386.linux", -1));
                String segments = "org.gnu.gdb.i386.segments";
                r.add(new RegisterDef("fs_base", 32, "int", "system", segments, -1));
                r.add(new RegisterDef("gs_base", 32, "int", "system", segments, -1));
            }
            case AARCH64 -> {
                String core = "org.gnu.gdb.aarch64.core";
                for (int i = 0; i <= 30; i++) {
                    r.add(new RegisterDef("x" + i, 64, "int", "general", core, i));
                }
                r.add(new RegisterDef("sp", 64, "data_ptr", "general", core, 31));
                r.add(new RegisterDef("pc", 64, "code_ptr", "general", core, 32));
                r.add(new RegisterDef("cpsr", 32, "cpsr_flags", "general", core, -1));
                String fpu = "org.gnu.gdb.aarch64.fpu";
                for (int i = 0; i < 32; i++) {
                    r.add(new RegisterDef("v" + i, 128, "aarch64v", "vector", fpu, 64 + i));
                }
                r.add(new RegisterDef("fpsr", 32, "int", "float", fpu, -1));
                r.add(new RegisterDef("fpcr", 32, "int", "float", fpu, -1));
                r.add(new RegisterDef("tpidr", 64, "data_ptr", "system", "org.gnu.gdb.aarch64.tls", -1));
            }
            case RISCV64 -> {
                String cpu = "org.gnu.gdb.riscv.cpu";
                String[] names = {"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2",
                        "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
                        "t3", "t4", "t5", "t6"};
                for (int i = 0; i < names.length; i++) {
                    String type = i == 1 ? "code_ptr" : i == 2 || i == 3 || i == 4 || i == 8 ? "data_ptr" : "int";
                    r.add(new RegisterDef(names[i], 64, type, "general", cpu, i));
                }
                r.add(new RegisterDef("pc", 64, "code_ptr", "general", cpu, -1));
                // gdb compares the FPU's width (flen) with the ELF's float ABI and rejects the
                // description of a hard-float (lp64d) program without it: "bfd requires flen 8,
                // but target has flen 0". Names, sizes and order of gdb's features/riscv/64bit-fpu.xml.
                String fpu = "org.gnu.gdb.riscv.fpu";
                String[] fnames = {"ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1",
                        "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9",
                        "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
                for (int i = 0; i < fnames.length; i++) {
                    r.add(new RegisterDef(fnames[i], 64, "riscv_double", "float", fpu, 32 + i));
                }
                for (String csr : new String[] {"fflags", "frm", "fcsr"}) {
                    r.add(new RegisterDef(csr, 32, "int", "float", fpu, -1));
                }
            }
            case PPC64LE -> {
                String core = "org.gnu.gdb.power.core";
                for (int i = 0; i < 32; i++) {
                    r.add(new RegisterDef("r" + i, 64, "uint64", "general", core, i));
                }
                r.add(new RegisterDef("pc", 64, "code_ptr", "general", core, -1));
                r.add(new RegisterDef("msr", 64, "uint64", "general", core, -1));
                r.add(new RegisterDef("cr", 32, "uint32", "general", core, 64));
                r.add(new RegisterDef("lr", 64, "code_ptr", "general", core, 65));
                r.add(new RegisterDef("ctr", 64, "uint64", "general", core, 66));
                r.add(new RegisterDef("xer", 32, "uint32", "general", core, 76));
            }
            case S390X -> {
                String core = "org.gnu.gdb.s390.core";
                r.add(new RegisterDef("pswm", 64, "uint64", "psw", core, 64));
                r.add(new RegisterDef("pswa", 64, "code_ptr", "psw", core, 65));
                for (int i = 0; i < 16; i++) {
                    r.add(new RegisterDef("r" + i, 64, "uint64", "general", core, i));
                }
                String acr = "org.gnu.gdb.s390.acr";
                for (int i = 0; i < 16; i++) {
                    r.add(new RegisterDef("acr" + i, 32, "uint32", "access", acr, 48 + i));
                }
                // gdb's s390 ABI requires this feature (s390_gdbarch_init gives up without it:
                // "Architecture rejected target-supplied description"). Order of gdb's
                // features/s390-fpr.xml; DWARF numbers 16-31 name f0 f2 f4 f6 f1 f3 f5 f7 f8 f10
                // f12 f14 f9 f11 f13 f15 (the s390x ELF ABI, gdb's s390_dwarf_regmap).
                String fpr = "org.gnu.gdb.s390.fpr";
                r.add(new RegisterDef("fpc", 32, "uint32", "float", fpr, -1));
                int[] dwarfOrder = {0, 2, 4, 6, 1, 3, 5, 7, 8, 10, 12, 14, 9, 11, 13, 15};
                for (int i = 0; i < 16; i++) {
                    int dwarf = -1;
                    for (int k = 0; k < dwarfOrder.length; k++) {
                        if (dwarfOrder[k] == i) {
                            dwarf = 16 + k;
                        }
                    }
                    r.add(new RegisterDef("f" + i, 64, "ieee_double", "float", fpr, dwarf));
                }
            }
            default -> throw new IllegalStateException(name());
        }
        return r;
    }

    private static void addX87(List<RegisterDef> r, String core, int st0Dwarf) {
        for (int i = 0; i < 8; i++) {
            r.add(new RegisterDef("st" + i, 80, "i387_ext", "float", core, st0Dwarf + i));
        }
        for (String f : new String[] {"fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"}) {
            r.add(new RegisterDef(f, 32, "int", "float", core, -1));
        }
    }
}
