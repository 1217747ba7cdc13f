package dev.tldb.dwarf;

import dev.tldb.binary.ByteReader;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Elf;
import dev.tldb.elf.Section;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DWARF sections of one ELF file, found by name and loaded on first use: decompressed, and
 * relocated when the file is a relocatable object. Buffers of mapped files stay mapped; nothing is
 * copied unless it had to be (compression, relocation, or several same-named sections).
 *
 * <p>A relocatable object can hold several sections of one name: with {@code -fdebug-types-section}
 * every type unit sits in its own COMDAT group ({@code .debug_types}, or {@code .debug_info} in
 * DWARF 5). They are concatenated in section order, which is what the linker does when it keeps
 * them all, so unit offsets match a link of this object alone.
 */
public final class DwarfSections {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final ElfFile elf;
    private final boolean dwo;
    private final Map<DwarfSection, Optional<ByteBuffer>> loaded = new EnumMap<>(DwarfSection.class);
    /** Loaded sections by ordinal, read without locking once set (string lookups are a hot path). */
    private final ByteBuffer[] fast = new ByteBuffer[DwarfSection.values().length];
    private final String[] descriptions = new String[DwarfSection.values().length];

    private DwarfSections(ElfFile elf, boolean dwo) {
        this.elf = elf;
        this.dwo = dwo;
    }

    /** The sections of an ordinary file. */
    public static DwarfSections of(ElfFile elf) {
        return new DwarfSections(elf, false);
    }

    /** The sections of a split-DWARF {@code .dwo} file (names with the {@code .dwo} suffix). */
    public static DwarfSections ofDwo(ElfFile elf) {
        return new DwarfSections(elf, true);
    }

    public ElfFile elf() {
        return elf;
    }

    public boolean isDwo() {
        return dwo;
    }

    /** The name this section has in this file. */
    public String nameOf(DwarfSection s) {
        return dwo ? s.dwoName() : s.elfName();
    }

    /** For messages: {@code file: .debug_info}. */
    public String describe(DwarfSection s) {
        String d = descriptions[s.ordinal()];
        if (d == null) {
            d = descriptions[s.ordinal()] = elf.name() + ": " + nameOf(s);
        }
        return d;
    }

    public boolean has(DwarfSection s) {
        return data(s).isPresent();
    }

    /** The section's bytes (decompressed and relocated), in the file's byte order. */
    public synchronized Optional<ByteBuffer> data(DwarfSection s) {
        Optional<ByteBuffer> d = loaded.get(s);
        if (d == null) {
            d = load(s);
            loaded.put(s, d);
        }
        return d.map(b -> b.duplicate().order(elf.order()));
    }

    /** A reader over the whole section (empty if the file has none); offsets are section offsets. */
    public ByteReader reader(DwarfSection s) {
        ByteBuffer b = fast[s.ordinal()];
        if (b == null) {
            b = data(s).orElse(EMPTY).order(elf.order());
            fast[s.ordinal()] = b; // benign race: every thread computes the same buffer
        }
        // ByteReader reads with absolute indexes and never moves the buffer: sharing it is safe.
        return new ByteReader(b, describe(s), 0);
    }

    private Optional<ByteBuffer> load(DwarfSection s) {
        String name = nameOf(s);
        List<Section> matches = new java.util.ArrayList<>();
        for (Section sec : elf.sections()) {
            if (sec.canonicalName().equals(name) && sec.type() != Elf.SHT_NOBITS) {
                matches.add(sec);
            }
        }
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        if (matches.size() == 1 || elf.type() != Elf.ET_REL) {
            return Optional.of(elf.relocatedContents(matches.get(0)));
        }
        long total = 0;
        for (Section sec : matches) {
            total += elf.relocatedContents(sec).remaining();
        }
        if (total > Integer.MAX_VALUE) {
            throw new dev.tldb.binary.FormatException(elf.name() + ": " + matches.size() + " " + name
                    + " sections add up to more than 2 GiB");
        }
        ByteBuffer all = ByteBuffer.allocate((int) total).order(elf.order());
        for (Section sec : matches) {
            all.put(elf.relocatedContents(sec));
        }
        all.flip();
        return Optional.of(all);
    }
}
