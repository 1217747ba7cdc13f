package dev.tldb.threaddb;

import dev.tldb.abi.Arch;
import dev.tldb.binary.ByteSource;
import dev.tldb.elf.ElfFile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal ELF shared object for any architecture tldb knows, written from the ELF
 * specification: one PT_LOAD over a {@code .data} section that holds the defined objects, with
 * {@code .symtab}, {@code .strtab} and {@code .shstrtab}. Enough to stand in for a libc whose
 * {@code _thread_db_*} layout descriptors and data symbols the simulated libthread_db looks up,
 * on architectures whose real libc is not installed here.
 */
final class SyntheticElf {
    static final long BASE = 0x10000;
    private static final int ET_DYN = 3, PT_LOAD = 1, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3;

    private record Sym(String name, int offset, int size) {}

    private final Arch arch;
    private final boolean is64;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final List<Sym> symbols = new ArrayList<>();

    SyntheticElf(Arch arch) {
        this.arch = arch;
        this.is64 = arch.pointerSize() == 8;
    }

    /** glibc's {@code uint32_t _thread_db_NAME[3] = {bitsize, nelem, offset}}. */
    SyntheticElf descriptor(String name, int bits, int nelem, int offset) {
        ByteBuffer b = ByteBuffer.allocate(12).order(arch.order());
        b.putInt(bits).putInt(nelem).putInt(offset);
        return object("_thread_db_" + name, b.array());
    }

    /** A 32-bit {@code _thread_db_NAME} constant. */
    SyntheticElf constant(String name, int value) {
        return object("_thread_db_" + name, ByteBuffer.allocate(4).order(arch.order()).putInt(value).array());
    }

    /** A pointer-sized variable whose run-time value lives in process memory, not in the file. */
    SyntheticElf variable(String name) {
        return object(name, new byte[arch.pointerSize()]);
    }

    private SyntheticElf object(String name, byte[] bytes) {
        while (data.size() % 8 != 0) {
            data.write(0);
        }
        symbols.add(new Sym(name, data.size(), bytes.length));
        data.writeBytes(bytes);
        return this;
    }

    /** The address (before load bias) of a symbol defined here. */
    long address(String name) {
        return symbols.stream().filter(s -> s.name.equals(name)).findFirst().map(s -> BASE + dataOffset() + s.offset)
                .orElseThrow();
    }

    private int ehsize() {
        return is64 ? 64 : 52;
    }

    private int phentsize() {
        return is64 ? 56 : 32;
    }

    private int shentsize() {
        return is64 ? 64 : 40;
    }

    private int dataOffset() {
        return align(ehsize() + phentsize(), 16);
    }

    ElfFile build(String fileName) {
        byte[] shstrtab = strtab(List.of(".data", ".symtab", ".strtab", ".shstrtab"));
        List<String> names = symbols.stream().map(Sym::name).toList();
        byte[] strtab = strtab(names);
        int symSize = is64 ? 24 : 16;
        int dataOff = dataOffset();
        byte[] dataBytes = data.toByteArray();
        int symOff = align(dataOff + dataBytes.length, 8);
        int symLen = symSize * (symbols.size() + 1);
        int strOff = symOff + symLen;
        int shstrOff = strOff + strtab.length;
        int shOff = align(shstrOff + shstrtab.length, 8);
        int total = shOff + 5 * shentsize();
        ByteBuffer b = ByteBuffer.allocate(total).order(arch.order());

        // ELF header
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1),
                (byte) (arch.order() == java.nio.ByteOrder.LITTLE_ENDIAN ? 1 : 2), 1, 0});
        b.position(16);
        b.putShort((short) ET_DYN).putShort((short) arch.elfMachine()).putInt(1);
        word(b, 0); // e_entry
        word(b, ehsize()); // e_phoff
        word(b, shOff); // e_shoff
        b.putInt(0).putShort((short) ehsize()).putShort((short) phentsize()).putShort((short) 1)
                .putShort((short) shentsize()).putShort((short) 5).putShort((short) 4);

        // One PT_LOAD: the whole file at BASE.
        b.position(ehsize());
        if (is64) {
            b.putInt(PT_LOAD).putInt(6).putLong(0).putLong(BASE).putLong(BASE).putLong(total).putLong(total).putLong(0x1000);
        } else {
            b.putInt(PT_LOAD).putInt(0).putInt((int) BASE).putInt((int) BASE).putInt(total).putInt(total).putInt(6).putInt(0x1000);
        }

        b.position(dataOff);
        b.put(dataBytes);

        // Symbols: the null one, then every object, global, in .data (section 1).
        b.position(symOff + symSize);
        int nameAt = 1;
        for (Sym s : symbols) {
            long value = BASE + dataOff + s.offset;
            byte info = (byte) (1 << 4 | 1); // STB_GLOBAL, STT_OBJECT
            if (is64) {
                b.putInt(nameAt).put(info).put((byte) 0).putShort((short) 1).putLong(value).putLong(s.size);
            } else {
                b.putInt(nameAt).putInt((int) value).putInt(s.size).put(info).put((byte) 0).putShort((short) 1);
            }
            nameAt += s.name.length() + 1;
        }
        b.position(strOff);
        b.put(strtab);
        b.position(shstrOff);
        b.put(shstrtab);

        // Section headers: null, .data, .symtab, .strtab, .shstrtab
        b.position(shOff + shentsize());
        section(b, 1, SHT_PROGBITS, 3, BASE + dataOff, dataOff, dataBytes.length, 0, 0, 8, 0);
        section(b, 7, SHT_SYMTAB, 0, 0, symOff, symLen, 3, 1, 8, symSize);
        section(b, 15, SHT_STRTAB, 0, 0, strOff, strtab.length, 0, 0, 1, 0);
        section(b, 23, SHT_STRTAB, 0, 0, shstrOff, shstrtab.length, 0, 0, 1, 0);
        return ElfFile.of(ByteSource.of(fileName, b.array()));
    }

    private void section(ByteBuffer b, int name, int type, long flags, long addr, long offset, long size, int link,
                         int info, long align, long entsize) {
        b.putInt(name).putInt(type);
        word(b, flags);
        word(b, addr);
        word(b, offset);
        word(b, size);
        b.putInt(link).putInt(info);
        word(b, align);
        word(b, entsize);
    }

    private void word(ByteBuffer b, long v) {
        if (is64) {
            b.putLong(v);
        } else {
            b.putInt((int) v);
        }
    }

    private static byte[] strtab(List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        for (String n : names) {
            out.writeBytes(n.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(0);
        }
        return out.toByteArray();
    }

    private static int align(int v, int a) {
        return (v + a - 1) / a * a;
    }
}
