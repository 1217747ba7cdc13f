package dev.tldb.core;

import dev.tldb.binary.ByteSource;
import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ELF core files the way the kernel lays them out (ELF header, program headers,
 * one PT_NOTE, then the PT_LOAD bytes), for the architectures and byte orders no tool on a
 * test machine dumps: i386, riscv64, ppc64le, s390x. Each structure is built from the kernel's
 * layout description, independently of the parser under test.
 */
final class SyntheticCore {
    private record NoteSpec(String name, int type, byte[] desc) {}

    private record LoadSpec(long vaddr, byte[] data, long memsz, int flags) {}

    private final boolean is64;
    private final ByteOrder order;
    private final int machine;
    private final List<NoteSpec> notes = new ArrayList<>();
    private final List<LoadSpec> loads = new ArrayList<>();
    private int type = Elf.ET_CORE;

    SyntheticCore(boolean is64, ByteOrder order, int machine) {
        this.is64 = is64;
        this.order = order;
        this.machine = machine;
    }

    static SyntheticCore x86_64() {
        return new SyntheticCore(true, ByteOrder.LITTLE_ENDIAN, Elf.EM_X86_64);
    }

    SyntheticCore type(int elfType) {
        this.type = elfType;
        return this;
    }

    SyntheticCore note(String name, int noteType, byte[] desc) {
        notes.add(new NoteSpec(name, noteType, desc));
        return this;
    }

    /** A PT_LOAD whose file bytes are {@code data} and whose memory size is {@code memsz}. */
    SyntheticCore load(long vaddr, byte[] data, long memsz) {
        loads.add(new LoadSpec(vaddr, data, memsz, Elf.PF_R | Elf.PF_W));
        return this;
    }

    SyntheticCore load(long vaddr, byte[] data) {
        return load(vaddr, data, data.length);
    }

    byte[] build() {
        int ehsize = is64 ? 64 : 52, phent = is64 ? 56 : 32;
        int phnum = 1 + loads.size();
        Buf noteBytes = new Buf(order);
        for (NoteSpec n : notes) {
            byte[] name = (n.name + "\0").getBytes(StandardCharsets.US_ASCII);
            noteBytes.u32(name.length).u32(n.desc.length).u32(n.type).bytes(name).align(4).bytes(n.desc).align(4);
        }
        byte[] noteData = noteBytes.toArray();
        long noteOffset = ehsize + (long) phnum * phent;
        long dataOffset = align(noteOffset + noteData.length, 16);
        Buf out = new Buf(order);
        // e_ident
        out.bytes(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1),
                (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2), 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        out.u16(type).u16(machine).u32(1);
        out.word(is64, 0).word(is64, ehsize).word(is64, 0); // entry, phoff, shoff
        out.u32(0).u16(ehsize).u16(phent).u16(phnum).u16(is64 ? 64 : 40).u16(0).u16(0);
        phdr(out, Elf.PT_NOTE, 0, noteOffset, 0, noteData.length, 0, 4);
        long at = dataOffset;
        for (LoadSpec l : loads) {
            phdr(out, Elf.PT_LOAD, l.flags, at, l.vaddr, l.data.length, l.memsz, 0x1000);
            at = align(at + l.data.length, 16);
        }
        out.bytes(noteData);
        out.padTo(dataOffset);
        for (LoadSpec l : loads) {
            out.bytes(l.data).align(16);
        }
        return out.toArray();
    }

    private void phdr(Buf out, int ptype, int flags, long offset, long vaddr, long filesz, long memsz, long align) {
        if (is64) {
            out.u32(ptype).u32(flags).u64(offset).u64(vaddr).u64(0).u64(filesz).u64(memsz).u64(align);
        } else {
            out.u32(ptype).u32(offset).u32(vaddr).u32(0).u32(filesz).u32(memsz).u32(flags).u32(align);
        }
    }

    ElfFile elf() {
        return ElfFile.of(ByteSource.of("synthetic-core", build()));
    }

    CoreFile open() {
        return CoreFile.of(elf());
    }

    Path write(Path dir, String name) {
        try {
            Path p = dir.resolve(name);
            Files.write(p, build());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long align(long v, long a) {
        return (v + a - 1) & -a;
    }

    // ---------------------------------------------------------------- note descriptors

    /**
     * {@code struct elf_prstatus}: the common head (siginfo, cursig, sigpend, sighold, pid,
     * ppid, pgrp, sid, four timevals) then {@code pr_reg} ({@code gregs} words of
     * {@code wordSize} bytes, or raw bytes) and {@code pr_fpvalid}, padded to the word size.
     */
    static byte[] prstatus(boolean is64, ByteOrder order, int cursig, int pid, byte[] prReg) {
        Buf b = new Buf(order);
        b.u32(cursig).u32(0).u32(0); // pr_info: si_signo, si_code, si_errno
        b.u16(cursig).align(is64 ? 8 : 4);
        b.word(is64, 0).word(is64, 0); // sigpend, sighold
        b.u32(pid).u32(pid - 1).u32(pid - 1).u32(1);
        for (int i = 0; i < 8; i++) {
            b.word(is64, 0); // utime, stime, cutime, cstime: {sec, usec}
        }
        b.bytes(prReg).u32(1).align(is64 ? 8 : 4);
        return b.toArray();
    }

    static byte[] words(boolean is64, ByteOrder order, long... values) {
        Buf b = new Buf(order);
        for (long v : values) {
            b.word(is64, v);
        }
        return b.toArray();
    }

    /** {@code struct elf_prpsinfo}: 64-bit (long flag, 32-bit ids) or i386 (32-bit flag, 16-bit ids). */
    static byte[] prpsinfo(boolean is64, ByteOrder order, int pid, String fname, String args) {
        Buf b = new Buf(order);
        b.bytes(new byte[] {0, 'S', 0, 0});
        if (is64) {
            b.u32(0).u64(0x400000).u32(1000).u32(100);
        } else {
            b.u32(0x400000).u16(1000).u16(100);
        }
        b.u32(pid).u32(pid - 1).u32(pid - 1).u32(1);
        b.fixed(fname, 16).fixed(args, 80);
        return b.toArray();
    }

    /** NT_FILE: count, page size, (start, end, page offset) each, then the names. */
    static byte[] fileNote(boolean is64, ByteOrder order, long pageSize, long[][] ranges, String... names) {
        Buf b = new Buf(order);
        b.word(is64, ranges.length).word(is64, pageSize);
        for (long[] r : ranges) {
            b.word(is64, r[0]).word(is64, r[1]).word(is64, r[2]);
        }
        for (String n : names) {
            b.bytes((n + "\0").getBytes(StandardCharsets.UTF_8));
        }
        return b.toArray();
    }

    /** A growable buffer in one byte order. */
    static final class Buf {
        private ByteBuffer b;

        Buf(ByteOrder order) {
            b = ByteBuffer.allocate(256).order(order);
        }

        private void room(int n) {
            if (b.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + n)).order(b.order());
                b.flip();
                bigger.put(b);
                b = bigger;
            }
        }

        Buf u16(int v) {
            room(2);
            b.putShort((short) v);
            return this;
        }

        Buf u32(long v) {
            room(4);
            b.putInt((int) v);
            return this;
        }

        Buf u64(long v) {
            room(8);
            b.putLong(v);
            return this;
        }

        Buf word(boolean is64, long v) {
            return is64 ? u64(v) : u32(v);
        }

        Buf bytes(byte[] v) {
            room(v.length);
            b.put(v);
            return this;
        }

        Buf fixed(String s, int size) {
            byte[] raw = new byte[size];
            byte[] str = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(str, 0, raw, 0, Math.min(str.length, size));
            return bytes(raw);
        }

        Buf align(int a) {
            while (b.position() % a != 0) {
                bytes(new byte[1]);
            }
            return this;
        }

        Buf padTo(long offset) {
            while (b.position() < offset) {
                bytes(new byte[1]);
            }
            return this;
        }

        int size() {
            return b.position();
        }

        byte[] toArray() {
            byte[] out = new byte[b.position()];
            b.duplicate().flip().get(out);
            return out;
        }
    }
}
