package dev.tldb.elf;

import dev.tldb.binary.ByteReader;
import dev.tldb.binary.FormatException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the relocations of a relocatable object ({@code .o}) to one of its sections, the way the
 * linker would, so that the debug sections of an object file can be read: offsets into
 * {@code .debug_str}/{@code .debug_abbrev}, addresses, and the TLS offsets of thread-local
 * variables ({@code R_X86_64_DTPOFF32/64}, {@code R_386_TLS_LDO_32}, {@code R_AARCH64_TLS_DTPREL},
 * {@code R_RISCV_TLS_DTPREL32/64}, {@code R_ARM_TLS_LDO32}, ...), which most readers leave at 0.
 *
 * <p>Sections of an object have address 0, so a relocated address is relative to its section. A
 * TLS offset is relative to the object's own TLS block, laid out as the linker lays out a module's
 * block: every {@code .tdata} section in order, then every {@code .tbss}, each at its alignment.
 * For an object linked alone that equals the offset in the final program.
 */
final class Relocator {
    private final ElfFile file;

    Relocator(ElfFile file) {
        this.file = file;
    }

    ByteBuffer apply(Section target, ByteBuffer contents) {
        List<Section> relSections = new ArrayList<>();
        for (Section s : file.sections()) {
            if ((s.type() == Elf.SHT_RELA || s.type() == Elf.SHT_REL) && s.info() == target.index()) {
                relSections.add(s);
            }
        }
        if (relSections.isEmpty()) {
            return contents;
        }
        byte[] copy = new byte[contents.remaining()];
        contents.duplicate().get(copy);
        ByteBuffer out = ByteBuffer.wrap(copy).order(file.order());
        TlsLayout tlsOffsets = TlsLayout.of(file);
        for (Section rel : relSections) {
            applySection(target, rel, out, tlsOffsets);
        }
        return out;
    }

    private void applySection(Section target, Section rel, ByteBuffer out, TlsLayout tlsOffsets) {
        boolean rela = rel.type() == Elf.SHT_RELA;
        boolean is64 = file.is64();
        int entSize = is64 ? (rela ? 24 : 16) : (rela ? 12 : 8);
        long stride = rel.entsize() >= entSize ? rel.entsize() : entSize;
        List<Symbol> symbols = file.symbolsOf(rel.link());
        ByteReader r = new ByteReader(file.contents(rel), file.name() + ": " + rel.name(), rel.offset());
        String where = file.name() + ": " + rel.name();
        long count = r.limit() / stride;
        for (long i = 0; i < count; i++) {
            r.position(i * stride);
            long offset = is64 ? r.u64() : r.u32();
            long info = is64 ? r.u64() : r.u32();
            int type = (int) (is64 ? info & 0xffff_ffffL : info & 0xff);
            int symIndex = (int) (is64 ? info >>> 32 : info >>> 8);
            boolean explicitAddend = rela;
            long addend = rela ? (is64 ? r.u64() : r.s32()) : 0;
            if (symIndex < 0 || symIndex >= Math.max(symbols.size(), 1)) {
                throw FormatException.at(where, rel.offset() + i * stride, "relocation names symbol " + symIndex
                        + " of " + symbols.size());
            }
            Symbol sym = symbols.isEmpty() ? null : symbols.get(symIndex);
            long s = sym == null ? 0 : sym.value();
            Long tlsBase = sym == null ? null : tlsOffsets.sectionOffset(sym.shndx());
            long stls = (tlsBase == null ? 0 : tlsBase) + s;
            if (sym != null && sym.isTls()) {
                // An absolute relocation against a TLS symbol (gcc's split-DWARF .debug_addr slots)
                // gets the symbol's address with the object's TLS block laid out at address 0: its
                // offset in the block, which is what a consumer subtracting PT_TLS.p_vaddr would get.
                s = stls;
            }
            if (offset < 0 || offset >= out.limit()) {
                throw FormatException.at(where, rel.offset() + i * stride, "relocation offset 0x"
                        + Long.toHexString(offset) + " outside " + target.name() + " (0x"
                        + Integer.toHexString(out.limit()) + " bytes)");
            }
            Fixup fix = new Fixup(out, (int) offset, where, rel.offset() + i * stride);
            applyOne(type, s, stls, explicitAddend, addend, fix);
        }
    }

    /** One relocation at one place: reads the in-place addend (REL) and writes the result. */
    private record Fixup(ByteBuffer buf, int at, String where, long entryOffset) {
        long read(int size) {
            check(size);
            return switch (size) {
                case 1 -> buf.get(at) & 0xffL;
                case 2 -> buf.getShort(at) & 0xffffL;
                case 4 -> buf.getInt(at);
                default -> buf.getLong(at);
            };
        }

        void write(int size, long v) {
            check(size);
            switch (size) {
                case 1 -> buf.put(at, (byte) v);
                case 2 -> buf.putShort(at, (short) v);
                case 4 -> buf.putInt(at, (int) v);
                default -> buf.putLong(at, v);
            }
        }

        private void check(int size) {
            if (at + size > buf.limit()) {
                throw FormatException.at(where, entryOffset, size + "-byte relocation at 0x" + Integer.toHexString(at)
                        + " runs past the end of its section");
            }
        }

        /** R_RISCV_SET_ULEB128 / SUB_ULEB128: rewrite a ULEB128 in place, keeping its width. */
        long readUleb() {
            long v = 0;
            int shift = 0;
            for (int i = at; i < buf.limit() && shift < 64; i++, shift += 7) {
                int b = buf.get(i) & 0xff;
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw FormatException.at(where, entryOffset, "ULEB128 relocation target is not a ULEB128");
        }

        void writeUleb(long v) {
            int i = at;
            while (true) {
                if (i >= buf.limit()) {
                    throw FormatException.at(where, entryOffset, "ULEB128 relocation target runs past its section");
                }
                boolean more = (buf.get(i) & 0x80) != 0;
                buf.put(i, (byte) ((v & 0x7f) | (more ? 0x80 : 0)));
                v >>>= 7;
                i++;
                if (!more) {
                    return;
                }
            }
        }
    }

    private void applyOne(int type, long s, long stls, boolean rela, long a, Fixup f) {
        long p = f.at();
        switch (file.machine()) {
            case Elf.EM_X86_64 -> {
                switch (type) {
                    case 0 -> { } // R_X86_64_NONE
                    case 1 -> f.write(8, s + a); // R_X86_64_64
                    case 2 -> f.write(4, s + a - p); // R_X86_64_PC32
                    case 10, 11 -> f.write(4, s + a); // R_X86_64_32, _32S
                    case 17 -> f.write(8, stls + a); // R_X86_64_DTPOFF64
                    case 21 -> f.write(4, stls + a); // R_X86_64_DTPOFF32
                    case 24 -> f.write(8, s + a - p); // R_X86_64_PC64
                    default -> unsupported(type, f);
                }
            }
            case Elf.EM_386 -> {
                long inPlace = rela ? a : f.read(4);
                switch (type) {
                    case 0 -> { }
                    case 1 -> f.write(4, s + inPlace); // R_386_32
                    case 2 -> f.write(4, s + inPlace - p); // R_386_PC32
                    case 32 -> f.write(4, stls + inPlace); // R_386_TLS_LDO_32
                    default -> unsupported(type, f);
                }
            }
            case Elf.EM_AARCH64 -> {
                switch (type) {
                    case 0, 256 -> { } // R_AARCH64_NONE (both spellings)
                    case 257 -> f.write(8, s + a); // R_AARCH64_ABS64
                    case 258 -> f.write(4, s + a); // R_AARCH64_ABS32
                    case 259 -> f.write(2, s + a); // R_AARCH64_ABS16
                    case 260 -> f.write(8, s + a - p); // R_AARCH64_PREL64
                    case 261 -> f.write(4, s + a - p); // R_AARCH64_PREL32
                    case 1029 -> f.write(8, stls + a); // R_AARCH64_TLS_DTPREL(64)
                    default -> unsupported(type, f);
                }
            }
            case Elf.EM_RISCV -> {
                switch (type) {
                    case 0, 43, 51 -> { } // NONE, ALIGN, RELAX: no bytes to change
                    case 1 -> f.write(4, s + a); // R_RISCV_32
                    case 2 -> f.write(8, s + a); // R_RISCV_64
                    case 8 -> f.write(4, stls + a); // R_RISCV_TLS_DTPREL32
                    case 9 -> f.write(8, stls + a); // R_RISCV_TLS_DTPREL64
                    case 33 -> f.write(1, f.read(1) + s + a); // ADD8..ADD64: label differences
                    case 34 -> f.write(2, f.read(2) + s + a);
                    case 35 -> f.write(4, f.read(4) + s + a);
                    case 36 -> f.write(8, f.read(8) + s + a);
                    case 37 -> f.write(1, f.read(1) - s - a); // SUB8..SUB64
                    case 38 -> f.write(2, f.read(2) - s - a);
                    case 39 -> f.write(4, f.read(4) - s - a);
                    case 40 -> f.write(8, f.read(8) - s - a);
                    case 52 -> f.write(1, (f.read(1) & 0xc0) | ((f.read(1) - s - a) & 0x3f)); // SUB6
                    case 53 -> f.write(1, (f.read(1) & 0xc0) | ((s + a) & 0x3f)); // SET6
                    case 54 -> f.write(1, s + a); // SET8
                    case 55 -> f.write(2, s + a); // SET16
                    case 56 -> f.write(4, s + a); // SET32
                    case 57 -> f.write(4, s + a - p); // 32_PCREL
                    case 60 -> f.writeUleb(s + a); // SET_ULEB128
                    case 61 -> f.writeUleb(f.readUleb() - s - a); // SUB_ULEB128
                    default -> unsupported(type, f);
                }
            }
            case Elf.EM_ARM -> {
                long inPlace = rela ? a : f.read(4);
                switch (type) {
                    case 0 -> { }
                    case 2 -> f.write(4, s + inPlace); // R_ARM_ABS32
                    case 3 -> f.write(4, s + inPlace - p); // R_ARM_REL32
                    case 106 -> f.write(4, stls + inPlace); // R_ARM_TLS_LDO32
                    default -> unsupported(type, f);
                }
            }
            case Elf.EM_PPC64, Elf.EM_PPC -> {
                // @dtprel is relative to the DTP pointer, biased by 0x8000 (TLS_DTV_OFFSET).
                switch (type) {
                    case 0 -> { }
                    case 1 -> f.write(4, s + a); // R_PPC64_ADDR32
                    case 38 -> f.write(8, s + a); // R_PPC64_ADDR64
                    case 26 -> f.write(4, s + a - p); // R_PPC64_REL32
                    case 44 -> f.write(8, s + a - p); // R_PPC64_REL64
                    case 78 -> f.write(file.is64() ? 8 : 4, stls + a - 0x8000); // DTPREL64 / R_PPC_DTPREL32
                    default -> unsupported(type, f);
                }
            }
            case Elf.EM_S390 -> {
                switch (type) {
                    case 0 -> { }
                    case 4 -> f.write(4, s + a); // R_390_32
                    case 5 -> f.write(4, s + a - p); // R_390_PC32
                    case 22 -> f.write(8, s + a); // R_390_64
                    case 52 -> f.write(4, stls + a); // R_390_TLS_LDO32
                    case 53 -> f.write(8, stls + a); // R_390_TLS_LDO64
                    default -> unsupported(type, f);
                }
            }
            default -> throw new FormatException(file.name() + ": relocations for " + Elf.machineName(file.machine())
                    + " objects are not supported");
        }
    }

    private void unsupported(int type, Fixup f) {
        throw FormatException.at(f.where(), f.entryOffset(), "relocation type " + type + " for "
                + Elf.machineName(file.machine()) + " is not supported in debug sections");
    }
}
