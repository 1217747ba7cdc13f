package dev.tldb.core;

import dev.tldb.abi.Arch;
import dev.tldb.abi.Registers;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each general register sits in {@code pr_reg} ({@code elf_gregset_t}) of NT_PRSTATUS,
 * per architecture. The order is the kernel's ({@code struct user_regs_struct} or
 * {@code struct pt_regs} in {@code arch/<arch>/include/uapi/asm/ptrace.h}), which is not gdb's
 * register order: riscv64 starts with {@code pc} (x0 is hard-wired zero, so the kernel puts
 * the pc in its slot), x86-64 starts with {@code r15}.
 */
final class GregsetLayout {

    /** A register's slot: byte offset and size in {@code pr_reg}. */
    record Slot(String register, int offset, int size) {}

    private final List<Slot> slots;
    private final int size;

    private GregsetLayout(List<Slot> slots, int size) {
        this.slots = List.copyOf(slots);
        this.size = size;
    }

    /** The bytes of {@code pr_reg}. */
    int size() {
        return size;
    }

    List<Slot> slots() {
        return slots;
    }

    static GregsetLayout of(Arch arch) {
        return switch (arch) {
            case X86_64 -> words(8, "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx",
                    "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base", "ds",
                    "es", "fs", "gs");
            case I386 -> words(4, "ebx", "ecx", "edx", "esi", "edi", "ebp", "eax", "ds", "es", "fs", "gs", "orig_eax",
                    "eip", "cs", "eflags", "esp", "ss");
            case AARCH64 -> {
                List<String> names = new ArrayList<>();
                for (int i = 0; i <= 30; i++) {
                    names.add("x" + i);
                }
                names.add("sp");
                names.add("pc");
                names.add("cpsr"); // pstate: a 64-bit slot, gdb's cpsr is its low 32 bits
                yield words(8, names.toArray(new String[0]));
            }
            case RISCV64 -> words(8, "pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3",
                    "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
                    "t5", "t6");
            case PPC64LE -> {
                // struct pt_regs: gpr[32], nip, msr, orig_gpr3, ctr, link, xer, ccr, softe, trap, dar,
                // dsisr, result; ELF_NGREG is 48 words.
                List<String> names = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    names.add("r" + i);
                }
                names.addAll(List.of("pc", "msr", "", "ctr", "lr", "xer", "cr"));
                List<Slot> s = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    if (!names.get(i).isEmpty()) {
                        s.add(new Slot(names.get(i), i * 8, 8));
                    }
                }
                yield new GregsetLayout(s, 48 * 8);
            }
            case S390X -> {
                // s390_regs: psw {mask, addr}, gprs[16], acrs[16] (32-bit), orig_gpr2.
                List<Slot> s = new ArrayList<>();
                s.add(new Slot("pswm", 0, 8));
                s.add(new Slot("pswa", 8, 8));
                for (int i = 0; i < 16; i++) {
                    s.add(new Slot("r" + i, 16 + 8 * i, 8));
                }
                for (int i = 0; i < 16; i++) {
                    s.add(new Slot("acr" + i, 144 + 4 * i, 4));
                }
                yield new GregsetLayout(s, 216);
            }
        };
    }

    private static GregsetLayout words(int wordSize, String... names) {
        List<Slot> s = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            s.add(new Slot(names[i], i * wordSize, wordSize));
        }
        return new GregsetLayout(s, names.length * wordSize);
    }

    /**
     * Copies the registers out of {@code prReg} (at least {@link #size()} bytes, in the core's
     * byte order) into {@code regs}; a slot wider than gdb's register keeps its low bits.
     */
    void supply(ByteBuffer prReg, Registers regs) {
        for (Slot s : slots) {
            long v = switch (s.size) {
                case 4 -> prReg.getInt(s.offset) & 0xffff_ffffL;
                case 8 -> prReg.getLong(s.offset);
                default -> throw new IllegalStateException("slot size " + s.size);
            };
            regs.layout().indexOf(s.register).ifPresent(i -> regs.set(i, v));
        }
        // riscv's x0 is not in the gregset: it always reads as zero.
        regs.layout().indexOf("zero").ifPresent(i -> regs.set(i, 0));
    }
}
