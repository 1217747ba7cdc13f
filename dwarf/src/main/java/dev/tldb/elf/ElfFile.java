package dev.tldb.elf;

import dev.tldb.binary.ByteReader;
import dev.tldb.binary.ByteSource;
import dev.tldb.binary.FormatException;
import dev.tldb.binary.MappedFile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An ELF file (executable, shared object, relocatable object or core), memory-mapped and read
 * lazily: only the headers are parsed when it is opened; section contents, symbols and notes are
 * read when first asked for. Works for ELF32 and ELF64 in either byte order. Safe to share between
 * threads.
 */
public final class ElfFile implements AutoCloseable {
    private static final int MAX_NOTES = 1 << 20;

    private final ByteSource bytes;
    private final Path path;
    private final ElfHeader header;
    private final List<Section> sections;
    private final List<Segment> segments;
    private final ConcurrentHashMap<Integer, ByteBuffer> contentsCache = new ConcurrentHashMap<>();
    private volatile List<Symbol> symtab;
    private volatile List<Symbol> dynsym;

    private ElfFile(ByteSource bytes, Path path) {
        this.bytes = bytes;
        this.path = path;
        this.header = readHeader();
        this.sections = readSections();
        this.segments = readSegments();
    }

    /** Opens and maps {@code path} read-only. Not an ELF file, truncated headers: {@link FormatException}. */
    public static ElfFile open(Path path) {
        MappedFile file = MappedFile.open(path);
        try {
            return new ElfFile(file, path);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** An ELF image already in memory (tests, files fetched over the remote protocol). */
    public static ElfFile of(ByteSource bytes) {
        return new ElfFile(bytes, null);
    }

    /** The file's path, when it came from disk. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** The file name, for messages. */
    public String name() {
        return bytes.name();
    }

    public long fileSize() {
        return bytes.size();
    }

    public ElfHeader header() {
        return header;
    }

    public boolean is64() {
        return header.is64();
    }

    public ByteOrder order() {
        return header.order();
    }

    public int machine() {
        return header.machine();
    }

    public int type() {
        return header.type();
    }

    public int addressSize() {
        return header.addressSize();
    }

    // ---------------------------------------------------------------- raw bytes

    /** File bytes {@code [offset, offset+length)} in the file's byte order. */
    public ByteBuffer fileBytes(long offset, long length) {
        return bytes.slice(offset, length, header.order());
    }

    /** A reader over file bytes, whose messages name this file and {@code what}. */
    public ByteReader reader(long offset, long length, String what) {
        return new ByteReader(fileBytes(offset, length), name() + ": " + what, offset);
    }

    // ---------------------------------------------------------------- sections

    public List<Section> sections() {
        return sections;
    }

    /** Every section with this name (COMDAT groups and relocatable objects repeat names). */
    public List<Section> sections(String name) {
        List<Section> out = new ArrayList<>(1);
        for (Section s : sections) {
            if (s.name().equals(name)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The first section with this name. */
    public Optional<Section> section(String name) {
        for (Section s : sections) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The first debug section with this name, also under its old compressed spelling:
     * {@code debugSection(".debug_info")} finds {@code .zdebug_info} too.
     */
    public Optional<Section> debugSection(String name) {
        for (Section s : sections) {
            if (s.canonicalName().equals(name) && s.type() != Elf.SHT_NOBITS) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public Optional<Section> section(int index) {
        return index >= 0 && index < sections.size() ? Optional.of(sections.get(index)) : Optional.empty();
    }

    /** The allocated section that contains {@code address}. */
    public Optional<Section> sectionContaining(long address) {
        for (Section s : sections) {
            if (s.containsAddress(address) && s.size() > 0) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The section's bytes as stored in the file (still compressed, if it is). SHT_NOBITS: empty. */
    public ByteBuffer rawContents(Section s) {
        if (s.isNobits() || s.type() == Elf.SHT_NULL) {
            return ByteBuffer.allocate(0).order(order());
        }
        try {
            return fileBytes(s.offset(), s.size());
        } catch (FormatException e) {
            throw new FormatException(name() + ": section " + s.name() + " [" + s.index() + "] at 0x"
                    + Long.toHexString(s.offset()) + " (0x" + Long.toHexString(s.size())
                    + " bytes) lies beyond the end of the file; the file is truncated or corrupt");
        }
    }

    /**
     * The section's contents, decompressed if it is compressed (zlib, zstd or {@code .zdebug}); a
     * compressed section is inflated once into the heap and kept, other sections stay mapped.
     */
    public ByteBuffer contents(Section s) {
        if (!s.isCompressed()) {
            return rawContents(s);
        }
        return contentsCache.computeIfAbsent(s.index(),
                i -> SectionDecompressor.decompress(this, s, rawContents(s))).duplicate().order(order());
    }

    /**
     * The section's contents with the relocations of a relocatable object ({@code ET_REL}) applied:
     * what the linker would have written. Debug sections of {@code .o} files carry zeros where
     * addresses and TLS offsets go until relocated. Other file types: {@link #contents}.
     */
    public ByteBuffer relocatedContents(Section s) {
        if (type() != Elf.ET_REL) {
            return contents(s);
        }
        // Not computeIfAbsent: relocating reads the (maybe compressed) contents through the same
        // cache, and a map must not be updated from inside its own update. Two threads may both
        // relocate once; they compute equal bytes and one copy is kept.
        ByteBuffer cached = contentsCache.get(-1 - s.index());
        if (cached == null) {
            ByteBuffer relocated = new Relocator(this).apply(s, contents(s));
            ByteBuffer raced = contentsCache.putIfAbsent(-1 - s.index(), relocated);
            cached = raced != null ? raced : relocated;
        }
        return cached.duplicate().order(order());
    }

    /** A reader over {@link #relocatedContents}, whose messages name the file and section. */
    public ByteReader reader(Section s) {
        return new ByteReader(relocatedContents(s), name() + ": " + s.name(), 0);
    }

    /** SHT_GROUP sections (COMDAT groups), each with its signature and member sections. */
    public List<SectionGroup> groups() {
        List<SectionGroup> out = new ArrayList<>();
        for (Section g : sections) {
            if (g.type() != Elf.SHT_GROUP) {
                continue;
            }
            ByteReader r = new ByteReader(rawContents(g), name() + ": " + g.name(), g.offset());
            int flags = (int) r.u32();
            List<Integer> members = new ArrayList<>();
            while (r.remaining() >= 4) {
                members.add((int) r.u32());
            }
            String signature = "";
            List<Symbol> syms = symbolsOf(g.link());
            if (g.info() >= 0 && g.info() < syms.size()) {
                signature = syms.get(g.info()).name();
            }
            out.add(new SectionGroup(g, signature, (flags & Elf.GRP_COMDAT) != 0, List.copyOf(members)));
        }
        return out;
    }

    // ---------------------------------------------------------------- segments

    public List<Segment> segments() {
        return segments;
    }

    public List<Segment> segments(int type) {
        List<Segment> out = new ArrayList<>();
        for (Segment p : segments) {
            if (p.type() == type) {
                out.add(p);
            }
        }
        return out;
    }

    /** PT_TLS: the module's TLS initialisation image ({@code .tdata}) and block size ({@code memsz}). */
    public Optional<Segment> tlsSegment() {
        return segments(Elf.PT_TLS).stream().findFirst();
    }

    /** The segment's file bytes ({@code p_filesz} of them). */
    public ByteBuffer contents(Segment p) {
        try {
            return fileBytes(p.offset(), p.filesz());
        } catch (FormatException e) {
            throw new FormatException(name() + ": segment " + p.index() + " at 0x" + Long.toHexString(p.offset())
                    + " (0x" + Long.toHexString(p.filesz()) + " bytes) lies beyond the end of the file (0x"
                    + Long.toHexString(fileSize()) + " bytes); the file is truncated");
        }
    }

    /** The lowest PT_LOAD virtual address (rounded down to its alignment), the link-time base. */
    public long linkBase() {
        long base = -1;
        for (Segment p : segments) {
            if (p.isLoad()) {
                long v = p.align() > 1 ? p.vaddr() & -p.align() : p.vaddr();
                if (base == -1 || Long.compareUnsigned(v, base) < 0) {
                    base = v;
                }
            }
        }
        return base == -1 ? 0 : base;
    }

    // ---------------------------------------------------------------- symbols

    /** The static symbol table ({@code .symtab}); empty if stripped. */
    public List<Symbol> symbols() {
        List<Symbol> s = symtab;
        if (s == null) {
            s = symtab = readSymbolTable(Elf.SHT_SYMTAB);
        }
        return s;
    }

    /** The dynamic symbol table ({@code .dynsym}). */
    public List<Symbol> dynamicSymbols() {
        List<Symbol> s = dynsym;
        if (s == null) {
            s = dynsym = readSymbolTable(Elf.SHT_DYNSYM);
        }
        return s;
    }

    /**
     * A TLS symbol's offset in its module's TLS block: {@code st_value} in linked files; in a
     * relocatable object, where {@code st_value} counts from the symbol's own section, plus that
     * section's place in the object's notional block ({@code .tdata} then {@code .tbss}).
     */
    public long tlsBlockOffset(Symbol s) {
        if (type() != Elf.ET_REL) {
            return s.value();
        }
        Long base = TlsLayout.of(this).sectionOffset(s.shndx());
        return (base == null ? 0 : base) + s.value();
    }

    /** The first defined symbol of this name, in {@code .symtab} then {@code .dynsym}. */
    public Optional<Symbol> symbol(String symbolName) {
        for (List<Symbol> table : List.of(symbols(), dynamicSymbols())) {
            for (Symbol sym : table) {
                if (sym.isDefined() && sym.name().equals(symbolName)) {
                    return Optional.of(sym);
                }
            }
        }
        return Optional.empty();
    }

    /** Symbols of the symbol table at section index {@code symtabIndex} (relocation sections link to it). */
    List<Symbol> symbolsOf(int symtabIndex) {
        if (symtabIndex <= 0 || symtabIndex >= sections.size()) {
            return List.of();
        }
        Section s = sections.get(symtabIndex);
        if (s.type() == Elf.SHT_SYMTAB) {
            return symbols().isEmpty() ? readSymbols(s) : symbols();
        }
        if (s.type() == Elf.SHT_DYNSYM) {
            return dynamicSymbols();
        }
        return List.of();
    }

    private List<Symbol> readSymbolTable(int type) {
        for (Section s : sections) {
            if (s.type() == type) {
                return readSymbols(s);
            }
        }
        return List.of();
    }

    private List<Symbol> readSymbols(Section table) {
        int entSize = is64() ? 24 : 16;
        if (table.entsize() != 0 && table.entsize() < entSize) {
            throw new FormatException(name() + ": " + table.name() + " has entry size " + table.entsize()
                    + ", expected " + entSize);
        }
        long stride = table.entsize() == 0 ? entSize : table.entsize();
        ByteBuffer data = rawContents(table);
        ByteBuffer strings = section(table.link()).map(this::rawContents).orElse(ByteBuffer.allocate(0));
        ByteReader strReader = new ByteReader(strings, name() + ": symbol names", 0);
        ByteBuffer shndxTable = null;
        for (Section s : sections) {
            if (s.type() == Elf.SHT_SYMTAB_SHNDX && s.link() == table.index()) {
                shndxTable = rawContents(s);
            }
        }
        long count = data.limit() / stride;
        List<Symbol> out = new ArrayList<>((int) Math.min(count, 1 << 20));
        ByteReader r = new ByteReader(data, name() + ": " + table.name(), table.offset());
        for (int i = 0; i < count; i++) {
            r.position((long) i * stride);
            long nameOff, value, size;
            int info, other, shndx;
            if (is64()) {
                nameOff = r.u32();
                info = r.u8();
                other = r.u8();
                shndx = r.u16();
                value = r.u64();
                size = r.u64();
            } else {
                nameOff = r.u32();
                value = r.u32();
                size = r.u32();
                info = r.u8();
                other = r.u8();
                shndx = r.u16();
            }
            if (shndx == Elf.SHN_XINDEX && shndxTable != null && (long) i * 4 + 4 <= shndxTable.limit()) {
                shndx = shndxTable.getInt(i * 4);
            }
            String symName = nameOff < strings.limit() ? strReader.cstringAt(nameOff) : "";
            out.add(new Symbol(i, symName, value, size, info & 0xf, info >>> 4, other, shndx));
        }
        return Collections.unmodifiableList(out);
    }

    // ---------------------------------------------------------------- notes, dynamic, ids

    /** Notes from PT_NOTE segments (cores, linked programs), or from SHT_NOTE sections when there are none. */
    public List<Note> notes() {
        List<Note> out = new ArrayList<>();
        List<Segment> noteSegments = segments(Elf.PT_NOTE);
        if (!noteSegments.isEmpty()) {
            for (Segment p : noteSegments) {
                readNotes(contents(p), p.offset(), p.align() == 8 ? 8 : 4, out);
            }
        } else {
            for (Section s : sections) {
                if (s.type() == Elf.SHT_NOTE) {
                    readNotes(rawContents(s), s.offset(), s.addralign() == 8 ? 8 : 4, out);
                }
            }
        }
        return out;
    }

    private void readNotes(ByteBuffer data, long fileOffset, int align, List<Note> out) {
        ByteReader r = new ByteReader(data, name() + ": notes", fileOffset);
        while (r.remaining() >= 12) {
            if (out.size() >= MAX_NOTES) {
                throw r.error("more than " + MAX_NOTES + " notes");
            }
            long at = r.sourceOffset();
            long namesz = r.u32();
            long descsz = r.u32();
            int type = r.s32();
            if (namesz > r.remaining()) {
                throw r.error("note name of " + namesz + " bytes runs past the note segment");
            }
            byte[] nameBytes = r.bytes((int) namesz);
            int nameLen = (int) namesz;
            while (nameLen > 0 && nameBytes[nameLen - 1] == 0) {
                nameLen--;
            }
            String noteName = new String(nameBytes, 0, nameLen, java.nio.charset.StandardCharsets.UTF_8);
            r.position(Math.min(r.limit(), align(r.position(), align)));
            if (descsz > r.remaining()) {
                throw r.error("note " + noteName + " type 0x" + Integer.toHexString(type) + ": descriptor of "
                        + descsz + " bytes runs past the note segment");
            }
            long descAt = r.sourceOffset();
            ByteBuffer desc = r.slice(descsz);
            r.position(Math.min(r.limit(), align(r.position(), align)));
            out.add(new Note(noteName, type, desc, descAt));
            if (at == r.sourceOffset()) {
                break;
            }
        }
    }

    private static long align(long v, int a) {
        return (v + a - 1) & -a;
    }

    /** The GNU build-id note, as bytes. */
    public Optional<byte[]> buildId() {
        for (Note n : notes()) {
            if (n.type() == Elf.NT_GNU_BUILD_ID && n.name().equals("GNU")) {
                return Optional.of(n.descBytes());
            }
        }
        return Optional.empty();
    }

    /** The build-id as lowercase hex, the way {@code readelf -n} and debuginfod spell it. */
    public Optional<String> buildIdHex() {
        return buildId().map(b -> HexFormat.of().formatHex(b));
    }

    /** {@code .gnu_debuglink}: the separate debug file's name and CRC. */
    public Optional<DebugLink> debugLink() {
        return section(".gnu_debuglink").map(s -> {
            ByteReader r = new ByteReader(rawContents(s), name() + ": .gnu_debuglink", s.offset());
            String file = r.cstring();
            r.position(Math.min(r.limit(), align(r.position(), 4)));
            long crc = r.remaining() >= 4 ? r.u32() : 0;
            return new DebugLink(file, crc);
        });
    }

    /** The dynamic section's entries up to DT_NULL (from PT_DYNAMIC, or the .dynamic section). */
    public List<DynamicEntry> dynamic() {
        ByteBuffer data;
        long at;
        Optional<Segment> dyn = segments(Elf.PT_DYNAMIC).stream().findFirst();
        if (dyn.isPresent()) {
            data = contents(dyn.get());
            at = dyn.get().offset();
        } else {
            Optional<Section> s = sections.stream().filter(x -> x.type() == Elf.SHT_DYNAMIC).findFirst();
            if (s.isEmpty()) {
                return List.of();
            }
            data = rawContents(s.get());
            at = s.get().offset();
        }
        ByteReader r = new ByteReader(data, name() + ": dynamic section", at);
        List<DynamicEntry> out = new ArrayList<>();
        int entry = is64() ? 16 : 8;
        while (r.remaining() >= entry) {
            long tag = is64() ? r.u64() : r.s32();
            long val = is64() ? r.u64() : r.u32();
            if (tag == Elf.DT_NULL) {
                break;
            }
            out.add(new DynamicEntry(tag, val));
        }
        return out;
    }

    /** DT_SONAME, resolved through the dynamic string table. */
    public Optional<String> soname() {
        return dynamicStrings(Elf.DT_SONAME).stream().findFirst();
    }

    /** DT_NEEDED entries, in order. */
    public List<String> needed() {
        return dynamicStrings(Elf.DT_NEEDED);
    }

    private List<String> dynamicStrings(long tag) {
        Optional<Section> dynstr = section(".dynstr");
        if (dynstr.isEmpty()) {
            return List.of();
        }
        ByteReader strs = new ByteReader(rawContents(dynstr.get()), name() + ": .dynstr", dynstr.get().offset());
        List<String> out = new ArrayList<>();
        for (DynamicEntry e : dynamic()) {
            if (e.tag() == tag && e.value() >= 0 && e.value() < strs.limit()) {
                out.add(strs.cstringAt(e.value()));
            }
        }
        return out;
    }

    /** Maps a link-time virtual address to its file offset through the PT_LOAD segments. */
    public Optional<Long> fileOffsetOf(long vaddr) {
        for (Segment p : segments) {
            if (p.isLoad() && Long.compareUnsigned(vaddr - p.vaddr(), p.filesz()) < 0) {
                return Optional.of(p.offset() + (vaddr - p.vaddr()));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        if (bytes instanceof MappedFile m) {
            m.close();
        }
    }

    @Override
    public String toString() {
        return name() + " (ELF" + (is64() ? "64" : "32") + " " + (order() == ByteOrder.LITTLE_ENDIAN ? "LSB" : "MSB")
                + " " + Elf.typeName(type()) + ", " + Elf.machineName(machine()) + ")";
    }

    // ---------------------------------------------------------------- header parsing

    private ElfHeader readHeader() {
        long size = bytes.size();
        if (size < 16) {
            throw new FormatException(name() + ": not an ELF file (only " + size + " bytes)");
        }
        ByteBuffer ident = bytes.slice(0, 16, ByteOrder.LITTLE_ENDIAN);
        if (ident.get(0) != 0x7f || ident.get(1) != 'E' || ident.get(2) != 'L' || ident.get(3) != 'F') {
            throw new FormatException(name() + ": not an ELF file (bad magic number)");
        }
        int cls = ident.get(4), data = ident.get(5);
        if (cls != Elf.ELFCLASS32 && cls != Elf.ELFCLASS64) {
            throw new FormatException(name() + ": unknown ELF class " + cls + " at offset 0x4");
        }
        if (data != Elf.ELFDATA2LSB && data != Elf.ELFDATA2MSB) {
            throw new FormatException(name() + ": unknown ELF data encoding " + data + " at offset 0x5");
        }
        boolean is64 = cls == Elf.ELFCLASS64;
        ByteOrder order = data == Elf.ELFDATA2LSB ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        int ehsize = is64 ? 64 : 52;
        if (size < ehsize) {
            throw new FormatException(name() + ": truncated ELF header (" + size + " of " + ehsize + " bytes)");
        }
        ByteReader r = new ByteReader(bytes.slice(0, ehsize, order), name() + ": ELF header", 0);
        r.position(16);
        int type = r.u16();
        int machine = r.u16();
        r.u32(); // e_version
        long entry = is64 ? r.u64() : r.u32();
        long phoff = is64 ? r.u64() : r.u32();
        long shoff = is64 ? r.u64() : r.u32();
        int flags = r.s32();
        r.u16(); // e_ehsize
        int phentsize = r.u16();
        int phnum = r.u16();
        int shentsize = r.u16();
        int shnum = r.u16();
        int shstrndx = r.u16();
        int osabi = ident.get(7) & 0xff;

        // Extended numbering: the real counts live in section header 0.
        int minShent = is64 ? 64 : 40;
        if (shoff != 0 && (shnum == 0 || shstrndx == Elf.SHN_XINDEX || phnum == Elf.PN_XNUM)
                && shentsize >= minShent && shoff > 0 && shoff <= size - minShent) {
            ByteReader s0 = new ByteReader(bytes.slice(shoff, minShent, order), name() + ": section header 0", shoff);
            s0.position(is64 ? 32 : 20);
            long sh0size = is64 ? s0.u64() : s0.u32();
            int sh0link = (int) s0.u32();
            int sh0info = (int) s0.u32();
            if (shnum == 0) {
                shnum = (int) Math.min(sh0size, Integer.MAX_VALUE);
            }
            if (shstrndx == Elf.SHN_XINDEX) {
                shstrndx = sh0link;
            }
            if (phnum == Elf.PN_XNUM) {
                phnum = sh0info;
            }
        }
        return new ElfHeader(is64, order, osabi, type, machine, entry, phoff, shoff, flags, phentsize, phnum,
                shentsize, shnum, shstrndx);
    }

    private List<Section> readSections() {
        ElfHeader h = header;
        if (h.shoff() == 0 || h.shnum() == 0) {
            return List.of();
        }
        int minEnt = h.is64() ? 64 : 40;
        if (h.shentsize() < minEnt) {
            throw new FormatException(name() + ": section header size " + h.shentsize() + " is smaller than "
                    + minEnt + " (ELF header at 0x3a)");
        }
        long tableSize = (long) h.shnum() * h.shentsize();
        if (h.shoff() < 0 || h.shoff() > bytes.size() || tableSize > bytes.size() - h.shoff()) {
            throw new FormatException(name() + ": section header table at 0x" + Long.toHexString(h.shoff()) + " ("
                    + h.shnum() + " entries) lies beyond the end of the file (0x" + Long.toHexString(bytes.size())
                    + " bytes); the file is truncated or corrupt");
        }
        ByteReader r = new ByteReader(bytes.slice(h.shoff(), tableSize, h.order()), name() + ": section headers",
                h.shoff());
        long[][] raw = new long[h.shnum()][];
        for (int i = 0; i < h.shnum(); i++) {
            r.position((long) i * h.shentsize());
            long nameOff = r.u32();
            long type = r.u32();
            long flags = h.is64() ? r.u64() : r.u32();
            long addr = h.is64() ? r.u64() : r.u32();
            long offset = h.is64() ? r.u64() : r.u32();
            long size = h.is64() ? r.u64() : r.u32();
            long link = r.u32();
            long info = r.u32();
            long align = h.is64() ? r.u64() : r.u32();
            long entsize = h.is64() ? r.u64() : r.u32();
            raw[i] = new long[] {nameOff, type, flags, addr, offset, size, link, info, align, entsize};
        }
        ByteReader names = null;
        if (h.shstrndx() > 0 && h.shstrndx() < raw.length) {
            long[] strtab = raw[h.shstrndx()];
            if (strtab[1] != Elf.SHT_NOBITS && strtab[4] >= 0 && strtab[4] <= bytes.size()
                    && strtab[5] >= 0 && strtab[5] <= bytes.size() - strtab[4]) {
                names = new ByteReader(bytes.slice(strtab[4], strtab[5], h.order()), name() + ": section names",
                        strtab[4]);
            }
        }
        List<Section> out = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            long[] s = raw[i];
            String sectionName = "";
            if (names != null && s[0] < names.limit()) {
                try {
                    sectionName = names.cstringAt(s[0]);
                } catch (FormatException e) {
                    sectionName = "<corrupt name>";
                }
            }
            out.add(new Section(i, sectionName, (int) s[1], s[2], s[3], s[4], s[5], (int) s[6], (int) s[7], s[8],
                    s[9]));
        }
        return Collections.unmodifiableList(out);
    }

    private List<Segment> readSegments() {
        ElfHeader h = header;
        if (h.phoff() == 0 || h.phnum() == 0) {
            return List.of();
        }
        int minEnt = h.is64() ? 56 : 32;
        if (h.phentsize() < minEnt) {
            throw new FormatException(name() + ": program header size " + h.phentsize() + " is smaller than "
                    + minEnt);
        }
        long tableSize = (long) h.phnum() * h.phentsize();
        if (h.phoff() < 0 || h.phoff() > bytes.size() || tableSize > bytes.size() - h.phoff()) {
            throw new FormatException(name() + ": program header table at 0x" + Long.toHexString(h.phoff()) + " ("
                    + h.phnum() + " entries) lies beyond the end of the file (0x" + Long.toHexString(bytes.size())
                    + " bytes); the file is truncated or corrupt");
        }
        ByteReader r = new ByteReader(bytes.slice(h.phoff(), tableSize, h.order()), name() + ": program headers",
                h.phoff());
        List<Segment> out = new ArrayList<>(h.phnum());
        for (int i = 0; i < h.phnum(); i++) {
            r.position((long) i * h.phentsize());
            if (h.is64()) {
                int type = r.s32();
                int flags = r.s32();
                long offset = r.u64(), vaddr = r.u64(), paddr = r.u64(), filesz = r.u64(), memsz = r.u64(),
                        align = r.u64();
                out.add(new Segment(i, type, flags, offset, vaddr, paddr, filesz, memsz, align));
            } else {
                int type = r.s32();
                long offset = r.u32(), vaddr = r.u32(), paddr = r.u32(), filesz = r.u32(), memsz = r.u32();
                int flags = r.s32();
                long align = r.u32();
                out.add(new Segment(i, type, flags, offset, vaddr, paddr, filesz, memsz, align));
            }
        }
        return Collections.unmodifiableList(out);
    }
}
