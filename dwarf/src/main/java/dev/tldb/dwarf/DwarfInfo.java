package dev.tldb.dwarf;

import dev.tldb.binary.ByteReader;
import dev.tldb.binary.FormatException;
import dev.tldb.elf.ElfFile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The DWARF of one ELF file: the entry point of this package. Everything is read lazily over the
 * mapped sections: unit headers when {@link #units()} is first called, abbreviation tables when a
 * unit first needs them (cached by offset), DIEs only when visited. Safe to share between threads.
 *
 * <pre>{@code
 * try (ElfFile elf = ElfFile.open(path)) {
 *     DwarfInfo dwarf = DwarfInfo.of(elf);
 *     for (Unit u : dwarf.units()) { Die root = u.root(); ... }
 * }
 * }</pre>
 *
 * <p>Split DWARF: a skeleton unit's {@link Unit#splitUnit()} opens the {@code .dwo} beside the
 * binary (see {@link SplitUnits}); {@link #close()} closes the files opened that way.
 */
public final class DwarfInfo implements AutoCloseable {
    private final DwarfSections sections;
    private final DwarfInfo parent;
    private final Map<AbbrevKey, Abbreviations> abbreviations = new ConcurrentHashMap<>();
    private final Map<Object, Object> attachments = new ConcurrentHashMap<>();
    private final Map<Long, Unit> skeletons = new ConcurrentHashMap<>();
    /** Units read one at a time (by a DieRef's unit offset) before the full list was needed. */
    private final Map<UnitSection, Map<Long, Unit>> loneUnits = new ConcurrentHashMap<>();
    private volatile UnitList infoUnits;
    private volatile UnitList typesUnits;
    private volatile Map<Long, Unit> typeUnitsBySignature;
    private volatile SplitUnits splitUnits;
    private volatile AltFile altFile;

    private DwarfInfo(DwarfSections sections, DwarfInfo parent) {
        this.sections = sections;
        this.parent = parent;
    }

    /**
     * The DWARF of an executable, shared library, object or separate debug file; or of a
     * {@code .dwo} opened on its own (its {@code .debug_*.dwo} sections read as they are: units and
     * DIEs, but no addresses, which only the skeleton's file has).
     */
    public static DwarfInfo of(ElfFile elf) {
        DwarfSections plain = DwarfSections.of(elf);
        if (!plain.has(DwarfSection.INFO) && !plain.has(DwarfSection.TYPES)) {
            DwarfSections dwo = DwarfSections.ofDwo(elf);
            if (dwo.has(DwarfSection.INFO) || dwo.has(DwarfSection.TYPES)) {
                return new DwarfInfo(dwo, null);
            }
        }
        return new DwarfInfo(plain, null);
    }

    /** The DWARF of a {@code .dwo} file, whose split units take addresses from {@code parent}'s skeletons. */
    static DwarfInfo ofDwo(ElfFile dwo, DwarfInfo parent) {
        return new DwarfInfo(DwarfSections.ofDwo(dwo), parent);
    }

    public ElfFile elf() {
        return sections.elf();
    }

    public DwarfSections sections() {
        return sections;
    }

    /** Whether this is the DWARF of a {@code .dwo} file. */
    public boolean isDwo() {
        return parent != null;
    }

    /** For a {@code .dwo}: the DWARF of the file holding the skeleton units. */
    public Optional<DwarfInfo> parent() {
        return Optional.ofNullable(parent);
    }

    /** Whether the file has any debug information at all. */
    public boolean hasDebugInfo() {
        return sections.has(DwarfSection.INFO) || sections.has(DwarfSection.TYPES);
    }

    // ---------------------------------------------------------------- units

    /** The units of {@code .debug_info} (compile, partial, skeleton, DWARF 5 type units...), in order. */
    public List<Unit> units() {
        UnitList l = infoUnits;
        if (l == null) {
            synchronized (this) {
                l = infoUnits;
                if (l == null) {
                    l = infoUnits = readUnits(DwarfSection.INFO);
                }
            }
        }
        return l.units;
    }

    /** The DWARF 4 type units of {@code .debug_types}. */
    public List<Unit> typesSectionUnits() {
        UnitList l = typesUnits;
        if (l == null) {
            synchronized (this) {
                l = typesUnits;
                if (l == null) {
                    l = typesUnits = readUnits(DwarfSection.TYPES);
                }
            }
        }
        return l.units;
    }

    /** Every unit: those of {@code .debug_info}, then those of {@code .debug_types}. */
    public List<Unit> allUnits() {
        List<Unit> all = new ArrayList<>(units());
        all.addAll(typesSectionUnits());
        return all;
    }

    private UnitList readUnits(DwarfSection section) {
        Optional<ByteBuffer> data = sections.data(section);
        if (data.isEmpty()) {
            return new UnitList(List.of(), new long[0]);
        }
        ByteBuffer buf = data.get();
        ByteReader r = new ByteReader(buf, sections.describe(section), 0);
        UnitSection us = UnitSection.of(section, isDwo());
        List<Unit> out = new ArrayList<>();
        long at = 0;
        while (at < r.limit()) {
            if (r.limit() - at < 4 && allZero(r, at)) {
                break; // alignment padding at the end of the section
            }
            UnitHeader h = UnitHeader.read(r, at, us);
            Unit lone = loneUnits.getOrDefault(us, Map.of()).get(at);
            // Keep the instance a lookup already handed out: one Unit object per unit.
            out.add(lone != null && lone.header().end() == h.end() ? lone : new Unit(this, h, buf));
            at = h.end();
        }
        long[] offsets = new long[out.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = out.get(i).header().offset();
        }
        return new UnitList(Collections.unmodifiableList(out), offsets);
    }

    private static boolean allZero(ByteReader r, long from) {
        for (long i = from; i < r.limit(); i++) {
            if (r.u8At(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The unit of {@code section} that contains {@code offset} (a binary search over unit offsets). */
    public Optional<Unit> unitContaining(UnitSection section, long offset) {
        if (section.isDwo() != isDwo()) {
            throw new IllegalArgumentException(section + " units do not live in " + elf().name());
        }
        UnitList l;
        if (section.section() == DwarfSection.TYPES) {
            typesSectionUnits();
            l = typesUnits;
        } else {
            units();
            l = infoUnits;
        }
        int i = java.util.Arrays.binarySearch(l.offsets, offset);
        if (i < 0) {
            i = -i - 2;
        }
        if (i < 0 || i >= l.units.size()) {
            return Optional.empty();
        }
        Unit u = l.units.get(i);
        return offset < u.header().end() ? Optional.of(u) : Optional.empty();
    }

    /**
     * The unit that starts exactly at {@code unitOffset}: from the unit list if it is built, else
     * read alone from its header. A lookup through a name index knows its DIE's unit, and a large
     * program has thousands of units whose headers it need not read for one answer.
     */
    Optional<Unit> unitStartingAt(UnitSection section, long unitOffset) {
        UnitList l = section.section() == DwarfSection.TYPES ? typesUnits : infoUnits;
        if (l != null) {
            int i = java.util.Arrays.binarySearch(l.offsets, unitOffset);
            return i >= 0 ? Optional.of(l.units.get(i)) : Optional.empty();
        }
        Map<Long, Unit> lone = loneUnits.computeIfAbsent(section, k -> new ConcurrentHashMap<>());
        Unit u = lone.get(unitOffset);
        if (u == null) {
            Optional<ByteBuffer> data = sections.data(section.section());
            if (data.isEmpty() || unitOffset < 0 || unitOffset >= data.get().limit()) {
                return Optional.empty();
            }
            ByteReader r = new ByteReader(data.get(), sections.describe(section.section()), 0);
            u = new Unit(this, UnitHeader.read(r, unitOffset, section), data.get());
            Unit raced = lone.putIfAbsent(unitOffset, u);
            u = raced != null ? raced : u;
        }
        return Optional.of(u);
    }

    /** The {@code .debug_info} unit that contains {@code offset}. */
    public Optional<Unit> unitContaining(DebugInfoOffset offset) {
        return unitContaining(UnitSection.of(DwarfSection.INFO, isDwo()), offset.value());
    }

    /** The type unit with this signature, from {@code .debug_types} or DWARF 5 {@code .debug_info}. */
    public Optional<Unit> typeUnit(long signature) {
        Map<Long, Unit> m = typeUnitsBySignature;
        if (m == null) {
            Map<Long, Unit> built = new HashMap<>();
            for (Unit u : allUnits()) {
                if (u.header().typeSignature().isPresent()) {
                    built.putIfAbsent(u.header().typeSignature().getAsLong(), u);
                }
            }
            m = typeUnitsBySignature = built;
        }
        return Optional.ofNullable(m.get(signature));
    }

    /**
     * The DIE a {@link DieRef} names. Split-unit references go through their skeleton, opening the
     * {@code .dwo} if needed.
     */
    public Die die(DieRef ref) {
        if (ref.section().isDwo() && !isDwo()) {
            Unit skeleton = unitStartingAt(UnitSection.INFO, ref.unit()).or(() -> unitContaining(UnitSection.INFO, ref.unit()))
                    .filter(u -> u.header().offset() == ref.unit())
                    .orElseThrow(() -> new DwarfException(elf().name() + ": no skeleton unit at .debug_info 0x"
                            + Long.toHexString(ref.unit())));
            Unit split = skeleton.splitUnit().orElseThrow(() -> new DwarfException(splitUnits().problem(skeleton)));
            DwarfInfo dwo = split.dwarf();
            Unit u = dwo.unitContaining(ref.section(), ref.die()).orElseThrow(() -> FormatException.at(
                    dwo.sections().describe(ref.section().section()), ref.die(), "no unit contains this DIE"));
            return u.dieAt(ref.die());
        }
        Optional<Unit> known = Optional.empty();
        if (ref.section().isDwo() == isDwo() && ref.unit() <= ref.die()) {
            try {
                known = unitStartingAt(ref.section(), ref.unit())
                        .filter(u -> ref.die() > u.header().offset() && ref.die() < u.header().end());
            } catch (FormatException e) {
                known = Optional.empty(); // not a unit header there: search the list instead
            }
        }
        Unit u = known.or(() -> unitContaining(ref.section(), ref.die())).orElseThrow(() -> FormatException.at(
                sections.describe(ref.section().section()), ref.die(), "no unit contains this DIE"));
        return u.dieAt(ref.die());
    }

    // ---------------------------------------------------------------- shared tables

    Abbreviations abbreviations(long offset, FormSizes sizes) {
        AbbrevKey key = new AbbrevKey(offset, sizes.addressSize(), sizes.offsetSize(), sizes.refAddrSize());
        Abbreviations a = abbreviations.get(key);
        if (a == null) {
            a = Abbreviations.parse(sections.reader(DwarfSection.ABBREV), offset, sizes);
            Abbreviations raced = abbreviations.putIfAbsent(key, a);
            if (raced != null) {
                a = raced;
            }
        }
        return a;
    }

    /** Fixed sizes are part of the key: two units may share a table yet differ in address size. */
    private record AbbrevKey(long offset, int addressSize, int offsetSize, int refAddrSize) {
        // Written out: see DieRef.
        @Override
        public boolean equals(Object o) {
            return o instanceof AbbrevKey k && k.offset == offset && k.addressSize == addressSize
                    && k.offsetSize == offsetSize && k.refAddrSize == refAddrSize;
        }

        @Override
        public int hashCode() {
            return ((Long.hashCode(offset) * 31 + addressSize) * 31 + offsetSize) * 31 + refAddrSize;
        }
    }

    /** The string at {@code offset} of a string section of this file. */
    public String stringAt(DwarfSection section, long offset) {
        ByteReader r = sections.reader(section);
        if (offset < 0 || offset >= r.limit()) {
            throw r.error(0, "string offset 0x" + Long.toHexString(offset) + " lies outside the section ("
                    + r.limit() + " bytes)");
        }
        return r.cstringAt(offset);
    }

    // ---------------------------------------------------------------- split DWARF, dwz

    SplitUnits splitUnits() {
        SplitUnits s = splitUnits;
        if (s == null) {
            synchronized (this) {
                s = splitUnits;
                if (s == null) {
                    s = splitUnits = new SplitUnits(this);
                }
            }
        }
        return s;
    }

    /** Why a skeleton's split unit is not available (a one-line explanation), or empty if it is. */
    public Optional<String> splitUnitProblem(Unit skeleton) {
        return skeleton.splitUnit().isPresent() ? Optional.empty() : Optional.of(splitUnits().problem(skeleton));
    }

    void registerSkeleton(long dwoId, Unit skeleton) {
        skeletons.putIfAbsent(dwoId, skeleton);
    }

    Optional<Unit> skeletonOf(Unit split) {
        return split.dwoId().isPresent() ? Optional.ofNullable(skeletons.get(split.dwoId().getAsLong()))
                : skeletons.size() == 1 ? skeletons.values().stream().findFirst() : Optional.empty();
    }

    /** The dwz supplementary file ({@code .gnu_debugaltlink}); a {@link DwarfException} if it cannot be found. */
    public DwarfInfo alt() {
        AltFile a = altFile;
        if (a == null) {
            synchronized (this) {
                a = altFile;
                if (a == null) {
                    a = altFile = AltFile.locate(this);
                }
            }
        }
        return a.dwarf();
    }

    // ---------------------------------------------------------------- attachments

    /**
     * A per-file object built on first request (the type resolver, the name index, line tables):
     * other packages keep their caches here instead of in global state.
     */
    @SuppressWarnings("unchecked")
    public <T> T attachment(Class<T> key, Function<DwarfInfo, T> factory) {
        Object v = attachments.get(key);
        if (v == null) {
            T made = factory.apply(this);
            v = attachments.putIfAbsent(key, made);
            if (v == null) {
                v = made;
            }
        }
        return (T) v;
    }

    /** Whether {@link #attachment} has already built the object for {@code key}. */
    public boolean hasAttachment(Class<?> key) {
        return attachments.containsKey(key);
    }

    @Override
    public void close() {
        SplitUnits s = splitUnits;
        if (s != null) {
            s.close();
        }
        AltFile a = altFile;
        if (a != null) {
            a.close();
        }
    }

    @Override
    public String toString() {
        return "DWARF of " + elf().name() + (isDwo() ? " (split)" : "");
    }

    private record UnitList(List<Unit> units, long[] offsets) { }
}
