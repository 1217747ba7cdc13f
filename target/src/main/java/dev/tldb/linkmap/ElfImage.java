package dev.tldb.linkmap;

import dev.tldb.elf.Elf;
import dev.tldb.elf.Segment;
import dev.tldb.target.MemoryException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The headers of an ELF file as the process had it mapped: its ELF header and program headers
 * read from memory. The dynamic linker and the kernel map each file's first page (header and
 * program headers), and cores usually keep that page, so a debugger can read a module's
 * build-id, its PT_DYNAMIC or its extent without the file: gdb reads build-ids from a core's
 * memory the same way.
 *
 * @param headerAddress where the ELF header is mapped
 * @param bias          load bias: {@code headerAddress} minus the link-time address of the
 *                      first page (the PT_LOAD that maps file offset 0)
 * @param segments      the program headers, addresses as linked (add {@code bias})
 */
public record ElfImage(long headerAddress, int type, long entry, long bias, List<Segment> segments) {

    /** More program headers than any real file has; bounds what corrupt memory can make us read. */
    static final int MAX_PROGRAM_HEADERS = 1024;

    public ElfImage {
        segments = List.copyOf(segments);
    }

    /**
     * Reads the ELF header and program headers at {@code headerAddress}; empty when that memory
     * is unreadable or holds no ELF header of this pointer size and byte order.
     */
    public static Optional<ElfImage> read(MemoryView mem, long headerAddress) {
        try {
            byte[] ident = mem.readable(headerAddress, 16);
            if (ident.length < 16 || ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F') {
                return Optional.empty();
            }
            boolean is64 = ident[4] == Elf.ELFCLASS64;
            ByteOrder order = ident[5] == Elf.ELFDATA2MSB ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            if (is64 != (mem.pointerSize() == 8) || order != mem.order()) {
                return Optional.empty();
            }
            int type = mem.u16(headerAddress + 16);
            long entry = is64 ? mem.word(headerAddress + 24, 8) : mem.u32(headerAddress + 24);
            long phoff = is64 ? mem.word(headerAddress + 32, 8) : mem.u32(headerAddress + 28);
            int phentsize = mem.u16(headerAddress + (is64 ? 54 : 42));
            int phnum = mem.u16(headerAddress + (is64 ? 56 : 44));
            if (phoff <= 0 || phoff > 1 << 20 || phnum > MAX_PROGRAM_HEADERS) {
                return Optional.empty();
            }
            List<Segment> segs = programHeaders(mem, headerAddress + phoff, phnum, phentsize);
            long bias = headerAddress;
            for (Segment p : segs) {
                if (p.isLoad() && p.offset() == 0) {
                    bias = headerAddress - p.vaddr();
                    break;
                }
            }
            return Optional.of(new ElfImage(headerAddress, type, entry, bias, segs));
        } catch (MemoryException e) {
            return Optional.empty();
        }
    }

    /**
     * Program headers at {@code address} (AT_PHDR gives the main program's): {@code count}
     * entries of {@code entrySize} bytes. Throws {@link MemoryException} when unreadable.
     */
    public static List<Segment> programHeaders(MemoryView mem, long address, int count, int entrySize) {
        boolean is64 = mem.pointerSize() == 8;
        int minEntry = is64 ? 56 : 32;
        if (entrySize < minEntry || count < 0 || count > MAX_PROGRAM_HEADERS) {
            throw new MemoryException(address, "program headers at 0x" + Long.toHexString(address) + ": "
                    + count + " entries of " + entrySize + " bytes is not a program header table");
        }
        ByteBuffer b = ByteBuffer.wrap(mem.bytes(address, count * entrySize)).order(mem.order());
        List<Segment> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = i * entrySize;
            if (is64) {
                out.add(new Segment(i, b.getInt(at), b.getInt(at + 4), b.getLong(at + 8), b.getLong(at + 16),
                        b.getLong(at + 24), b.getLong(at + 32), b.getLong(at + 40), b.getLong(at + 48)));
            } else {
                out.add(new Segment(i, b.getInt(at), b.getInt(at + 24), u32(b, at + 4), u32(b, at + 8),
                        u32(b, at + 12), u32(b, at + 16), u32(b, at + 20), u32(b, at + 28)));
            }
        }
        return out;
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffff_ffffL;
    }

    public List<Segment> segments(int type) {
        return segments.stream().filter(p -> p.type() == type).toList();
    }

    /**
     * The GNU build-id from the PT_NOTE segments as mapped in memory; empty when there is none
     * or the notes are not readable (a core that omitted the page).
     */
    public Optional<byte[]> buildId(MemoryView mem) {
        return buildIdOf(mem, segments, bias);
    }

    /** The build-id in the notes of {@code segments} mapped at {@code bias}. */
    public static Optional<byte[]> buildIdOf(MemoryView mem, List<Segment> segments, long bias) {
        for (Segment p : segments) {
            if (p.type() != Elf.PT_NOTE || p.filesz() <= 0 || p.filesz() > 1 << 16) {
                continue;
            }
            byte[] notes;
            try {
                notes = mem.bytes(p.vaddr() + bias, (int) p.filesz());
            } catch (MemoryException e) {
                continue;
            }
            Optional<byte[]> id = findBuildId(notes, mem.order(), p.align() == 8 ? 8 : 4);
            if (id.isPresent()) {
                return id;
            }
        }
        return Optional.empty();
    }

    static Optional<byte[]> findBuildId(byte[] notes, ByteOrder order, int align) {
        ByteBuffer b = ByteBuffer.wrap(notes).order(order);
        int at = 0;
        while (at + 12 <= notes.length) {
            long namesz = b.getInt(at) & 0xffff_ffffL;
            long descsz = b.getInt(at + 4) & 0xffff_ffffL;
            int type = b.getInt(at + 8);
            long nameAt = at + 12L;
            long descAt = alignUp(nameAt + namesz, align);
            long next = alignUp(descAt + descsz, align);
            if (descAt + descsz > notes.length || next <= at) {
                return Optional.empty();
            }
            if (type == Elf.NT_GNU_BUILD_ID && namesz == 4 && notes[(int) nameAt] == 'G'
                    && notes[(int) nameAt + 1] == 'N' && notes[(int) nameAt + 2] == 'U' && descsz > 0) {
                byte[] id = new byte[(int) descsz];
                System.arraycopy(notes, (int) descAt, id, 0, id.length);
                return Optional.of(id);
            }
            at = (int) next;
        }
        return Optional.empty();
    }

    private static long alignUp(long v, int a) {
        return (v + a - 1) & -a;
    }

    /** The lowest and highest addresses (exclusive) the PT_LOAD segments cover, biased. */
    public long[] extent() {
        long lo = -1, hi = 0;
        for (Segment p : segments) {
            if (p.isLoad()) {
                long s = p.vaddr() + bias, e = s + p.memsz();
                if (lo == -1 || Long.compareUnsigned(s, lo) < 0) {
                    lo = s;
                }
                if (Long.compareUnsigned(e, hi) > 0) {
                    hi = e;
                }
            }
        }
        return lo == -1 ? new long[] {headerAddress, headerAddress} : new long[] {lo, hi};
    }

    static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }
}
