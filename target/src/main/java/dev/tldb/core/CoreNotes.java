package dev.tldb.core;

import dev.tldb.abi.Arch;
import dev.tldb.abi.Registers;
import dev.tldb.elf.Elf;
import dev.tldb.elf.Note;
import dev.tldb.target.TargetException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decodes a core's notes: one {@link CoreThread} per NT_PRSTATUS (with the notes that follow it),
 * and the process-wide NT_PRPSINFO, NT_AUXV, NT_FILE and NT_SIGINFO. Layouts are the kernel's
 * ({@code include/linux/elfcore.h}, {@code include/uapi/linux/elfcore.h}) for a 64-bit
 * architecture or for i386; qemu-user writes the same layouts for its guests.
 */
final class CoreNotes {
    static final int NT_PRXFPREG = 0x46e62b7f;
    static final int NT_GDB_TDESC = 0xff000000;

    /** What the notes say, decoded. */
    record Decoded(List<CoreThread> threads, Optional<PrPsInfo> processInfo, Optional<byte[]> auxv,
                   List<FileMapping> files, long filePageSize, Optional<SigInfo> processSignal,
                   List<String> noteNames, List<String> warnings) {}

    private final String file;
    private final Arch arch;
    private final boolean is64;
    private final GregsetLayout gregs;
    private final List<String> warnings = new ArrayList<>();

    CoreNotes(String file, Arch arch) {
        this.file = file;
        this.arch = arch;
        this.is64 = arch.pointerSize() == 8;
        this.gregs = GregsetLayout.of(arch);
    }

    // Offsets in struct elf_prstatus: the common head is
    // {siginfo(12), short cursig, long sigpend, long sighold, pid, ppid, pgrp, sid, 4 timevals}.
    private int prCursig() {
        return 12;
    }

    private int prSigpend() {
        return 16;
    }

    private int prSighold() {
        return is64 ? 24 : 20;
    }

    private int prPid() {
        return is64 ? 32 : 24;
    }

    private int prReg() {
        return is64 ? 112 : 72;
    }

    Decoded decode(List<Note> notes) {
        List<String> names = new ArrayList<>();
        Optional<PrPsInfo> psinfo = Optional.empty();
        Optional<byte[]> auxv = Optional.empty();
        List<FileMapping> files = List.of();
        long pageSize = 0;
        Optional<SigInfo> processSignal = Optional.empty();

        // Group: each NT_PRSTATUS opens a thread; the notes up to the next one are its own.
        List<List<Note>> threadNotes = new ArrayList<>();
        for (Note n : notes) {
            names.add(nameOf(n));
            if (isCore(n) && n.type() == Elf.NT_PRSTATUS) {
                threadNotes.add(new ArrayList<>(List.of(n)));
                continue;
            }
            if (isCore(n) && n.type() == Elf.NT_PRPSINFO) {
                psinfo = psinfo.or(() -> decodePsinfo(n));
            } else if (isCore(n) && n.type() == Elf.NT_AUXV) {
                auxv = auxv.or(() -> Optional.of(n.descBytes()));
            } else if (isCore(n) && n.type() == Elf.NT_FILE) {
                if (files.isEmpty()) {
                    long[] ps = new long[1];
                    files = decodeFileNote(n, ps);
                    pageSize = ps[0];
                }
            } else if (!threadNotes.isEmpty()) {
                threadNotes.get(threadNotes.size() - 1).add(n);
            } else if (isCore(n) && n.type() == Elf.NT_SIGINFO) {
                processSignal = processSignal.or(() -> decodeSiginfo(n));
            }
        }
        List<CoreThread> threads = new ArrayList<>();
        for (List<Note> group : threadNotes) {
            threads.add(decodeThread(threads.size() + 1, group));
        }
        if (processSignal.isEmpty() && !threads.isEmpty()) {
            processSignal = threads.get(0).signalInfo();
        }
        return new Decoded(threads, psinfo, auxv, files, pageSize, processSignal, names, List.copyOf(warnings));
    }

    private CoreThread decodeThread(int number, List<Note> group) {
        Note prstatus = group.get(0);
        ByteBuffer d = prstatus.desc();
        if (d.limit() < prPid() + 16) {
            throw new TargetException(file + ": corrupt core dump: NT_PRSTATUS note at 0x"
                    + Long.toHexString(prstatus.fileOffset()) + " is " + d.limit()
                    + " bytes, too short to name its thread");
        }
        long lwp = d.getInt(prPid()) & 0xffff_ffffL;
        PrStatus status = new PrStatus(d.getShort(prCursig()), word(d, prSigpend()), word(d, prSighold()), lwp,
                d.getInt(prPid() + 4) & 0xffff_ffffL, d.getInt(prPid() + 8) & 0xffff_ffffL,
                d.getInt(prPid() + 12) & 0xffff_ffffL, prstatus.fileOffset());
        Registers regs = new Registers(arch.registers(), arch.order());
        // The whole struct: pr_reg, then int pr_fpvalid, padded to the struct's alignment.
        int word = arch.pointerSize();
        int needed = (prReg() + gregs.size() + 4 + word - 1) / word * word;
        if (d.limit() < needed) {
            // gdb 13's gcore of a foreign architecture (riscv64 through qemu's gdbstub) writes
            // the host's 336-byte prstatus: the tail of the register set is missing and what is
            // there cannot be told from padding, so no register is trusted (gdb: "Section
            // `.reg/N' in core file too small").
            warnings.add(file + ": NT_PRSTATUS of LWP " + lwp + " at 0x" + Long.toHexString(prstatus.fileOffset())
                    + " is " + d.limit() + " bytes, " + arch.gdbName() + " needs " + needed
                    + ": that thread's registers are unavailable");
        } else {
            gregs.supply(d.slice(prReg(), gregs.size()).order(d.order()), regs);
        }
        Optional<SigInfo> siginfo = Optional.empty();
        List<String> names = new ArrayList<>();
        names.add(nameOf(prstatus));
        for (Note n : group.subList(1, group.size())) {
            names.add(nameOf(n));
            ByteBuffer nd = n.desc();
            if (isCore(n) && n.type() == Elf.NT_SIGINFO) {
                siginfo = siginfo.or(() -> decodeSiginfo(n));
            } else if (isCore(n) && n.type() == Elf.NT_PRFPREG) {
                if (arch == Arch.X86_64 && nd.limit() >= FpRegisterNotes.FXSAVE_SIZE) {
                    FpRegisterNotes.supplyFxsave(nd, regs, 16);
                } else if (arch == Arch.AARCH64 && nd.limit() >= FpRegisterNotes.FPSIMD_SIZE - 8) {
                    FpRegisterNotes.supplyFpsimd(nd, regs);
                }
            } else if (isLinux(n) && n.type() == NT_PRXFPREG && arch == Arch.I386
                    && nd.limit() >= FpRegisterNotes.FXSAVE_SIZE) {
                FpRegisterNotes.supplyFxsave(nd, regs, 8);
            } else if (isLinux(n) && n.type() == Elf.NT_ARM_TLS && arch == Arch.AARCH64 && nd.limit() >= 8) {
                set(regs, "tpidr", nd.getLong(0));
            } else if (isLinux(n) && n.type() == Elf.NT_386_TLS && arch == Arch.I386) {
                supplyI386SegmentBases(nd, regs);
            }
        }
        return new CoreThread(number, status, regs, siginfo, names);
    }

    /**
     * i386 has no fs_base/gs_base in its gregset: the bases live in the GDT's TLS entries, which
     * NT_386_TLS lists as {@code struct user_desc} {entry_number, base_addr, limit, flags}. A
     * selector {@code (index << 3) | RPL} with the table bit clear names GDT entry {@code index}.
     */
    private void supplyI386SegmentBases(ByteBuffer nd, Registers regs) {
        for (String seg : List.of("fs", "gs")) {
            Optional<Long> selector = regs.get(seg);
            if (selector.isEmpty() || (selector.get() & 4) != 0) {
                continue;
            }
            long index = (selector.get() & 0xffff) >> 3;
            for (int at = 0; at + 16 <= nd.limit(); at += 16) {
                if ((nd.getInt(at) & 0xffff_ffffL) == index) {
                    set(regs, seg + "_base", nd.getInt(at + 4) & 0xffff_ffffL);
                }
            }
        }
    }

    private Optional<PrPsInfo> decodePsinfo(Note n) {
        ByteBuffer d = n.desc();
        // 64-bit: flag is a long and uid/gid 32-bit; i386: flag 32-bit and uid/gid 16-bit.
        int uid = is64 ? 16 : 8, gid = is64 ? 20 : 10, pid = is64 ? 24 : 12, fname = pid + 16, psargs = fname + 16;
        if (d.limit() < psargs + 80) {
            warnings.add(file + ": NT_PRPSINFO at 0x" + Long.toHexString(n.fileOffset()) + " is " + d.limit()
                    + " bytes, expected " + (psargs + 80) + "; ignored");
            return Optional.empty();
        }
        long u = is64 ? d.getInt(uid) & 0xffff_ffffL : d.getShort(uid) & 0xffff;
        long g = is64 ? d.getInt(gid) & 0xffff_ffffL : d.getShort(gid) & 0xffff;
        return Optional.of(new PrPsInfo(d.get(1) == 0 ? "" : String.valueOf((char) (d.get(1) & 0xff)), d.getInt(pid) & 0xffff_ffffL,
                d.getInt(pid + 4) & 0xffff_ffffL, d.getInt(pid + 8) & 0xffff_ffffL, d.getInt(pid + 12) & 0xffff_ffffL,
                u, g, cstring(d, fname, 16), cstring(d, psargs, 80).stripTrailing()));
    }

    private Optional<SigInfo> decodeSiginfo(Note n) {
        ByteBuffer d = n.desc();
        if (d.limit() < 12) {
            return Optional.empty();
        }
        int signo = d.getInt(0), errno = d.getInt(4), code = d.getInt(8);
        int fieldsAt = is64 ? 16 : 12;
        OptionalLong addr = OptionalLong.empty();
        boolean faults = signo == 4 || signo == 5 || signo == 7 || signo == 8 || signo == 11;
        // si_code <= 0 means sent by a process (kill, tkill, sigqueue): the union holds a pid.
        if (faults && code > 0 && d.limit() >= fieldsAt + arch.pointerSize()) {
            addr = OptionalLong.of(word(d, fieldsAt));
        }
        return Optional.of(new SigInfo(signo, errno, code, addr));
    }

    /**
     * NT_FILE: {@code count, page_size}, then {@code count} x {@code (start, end, page offset)},
     * then {@code count} NUL-terminated paths; all words pointer-sized. The count is bounded by
     * the descriptor's size, so a corrupt count cannot make us allocate or loop for long.
     */
    private List<FileMapping> decodeFileNote(Note n, long[] pageSizeOut) {
        ByteBuffer d = n.desc();
        int w = arch.pointerSize();
        if (d.limit() < 2 * w) {
            warnings.add(file + ": NT_FILE at 0x" + Long.toHexString(n.fileOffset()) + " is too short; ignored");
            return List.of();
        }
        long count = word(d, 0);
        long pageSize = word(d, w);
        long maxCount = (d.limit() - 2L * w) / (3L * w);
        if (count < 0 || count > maxCount) {
            warnings.add(file + ": NT_FILE at 0x" + Long.toHexString(n.fileOffset()) + " claims " + count
                    + " mappings but has room for " + maxCount + "; ignored");
            return List.of();
        }
        int namesAt = (int) (2L * w + count * 3L * w);
        List<FileMapping> out = new ArrayList<>((int) count);
        int nameAt = namesAt;
        for (int i = 0; i < count; i++) {
            int end = nameAt;
            while (end < d.limit() && d.get(end) != 0) {
                end++;
            }
            if (end >= d.limit()) {
                warnings.add(file + ": NT_FILE at 0x" + Long.toHexString(n.fileOffset()) + ": path " + (i + 1)
                        + " of " + count + " is not terminated; kept the first " + i + " mappings");
                break;
            }
            byte[] raw = new byte[end - nameAt];
            d.get(nameAt, raw);
            int at = 2 * w + i * 3 * w;
            out.add(new FileMapping(word(d, at), word(d, at + w), word(d, at + 2 * w) * pageSize,
                    new String(raw, StandardCharsets.UTF_8)));
            nameAt = end + 1;
        }
        pageSizeOut[0] = pageSize;
        return List.copyOf(out);
    }

    private long word(ByteBuffer d, int at) {
        return is64 ? d.getLong(at) : d.getInt(at) & 0xffff_ffffL;
    }

    private static void set(Registers regs, String name, long value) {
        regs.layout().indexOf(name).ifPresent(i -> regs.set(i, value));
    }

    private static String cstring(ByteBuffer d, int at, int max) {
        int end = at;
        while (end < at + max && d.get(end) != 0) {
            end++;
        }
        byte[] raw = new byte[end - at];
        d.get(at, raw);
        return new String(raw, StandardCharsets.UTF_8);
    }

    private static boolean isCore(Note n) {
        return n.name().equals("CORE");
    }

    private static boolean isLinux(Note n) {
        return n.name().equals("LINUX");
    }

    /** The name readelf gives a core note type, e.g. {@code NT_PRSTATUS}, or {@code CORE 0x...}. */
    static String nameOf(Note n) {
        String name = switch (n.name()) {
            case "CORE" -> switch (n.type()) {
                case Elf.NT_PRSTATUS -> "NT_PRSTATUS";
                case Elf.NT_PRFPREG -> "NT_FPREGSET";
                case Elf.NT_PRPSINFO -> "NT_PRPSINFO";
                case Elf.NT_TASKSTRUCT -> "NT_TASKSTRUCT";
                case Elf.NT_AUXV -> "NT_AUXV";
                case Elf.NT_SIGINFO -> "NT_SIGINFO";
                case Elf.NT_FILE -> "NT_FILE";
                default -> null;
            };
            case "LINUX" -> switch (n.type()) {
                case Elf.NT_386_TLS -> "NT_386_TLS";
                case Elf.NT_X86_XSTATE -> "NT_X86_XSTATE";
                case 0x204 -> "NT_X86_SHSTK";
                case 0x205 -> "NT_X86_XSAVE_LAYOUT";
                case Elf.NT_ARM_TLS -> "NT_ARM_TLS";
                case Elf.NT_ARM_HW_BREAK -> "NT_ARM_HW_BREAK";
                case 0x403 -> "NT_ARM_HW_WATCH";
                case Elf.NT_ARM_SYSTEM_CALL -> "NT_ARM_SYSTEM_CALL";
                case 0x405 -> "NT_ARM_SVE";
                case 0x406 -> "NT_ARM_PAC_MASK";
                case NT_PRXFPREG -> "NT_PRXFPREG";
                default -> null;
            };
            case "GDB" -> n.type() == NT_GDB_TDESC ? "NT_GDB_TDESC" : null;
            default -> null;
        };
        return name != null ? name : n.name() + " 0x" + Integer.toHexString(n.type());
    }
}
