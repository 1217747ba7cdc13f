package dev.tldb.dwarf;

import dev.tldb.binary.ByteReader;
import dev.tldb.binary.FormatException;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One unit of {@code .debug_info} or {@code .debug_types}: a compilation, partial, type, skeleton
 * or split unit. Its abbreviations and the attributes of its root DIE are read on first use.
 *
 * <p>A unit also answers what depends on its root DIE: the bases of the string offsets, address,
 * range-list and location-list tables ({@code DW_AT_str_offsets_base}, {@code DW_AT_addr_base},
 * ...). A split unit (from a {@code .dwo}) takes its address base, base address and (GNU DWARF 4)
 * range base from its skeleton, and its {@code .debug_addr} from the skeleton's file.
 */
public final class Unit {
    private final DwarfInfo dwarf;
    private final UnitHeader header;
    private final FormSizes sizes;
    private final ByteBuffer bytes;
    private final String source;
    private volatile Abbreviations abbreviations;
    private volatile RootAttributes root;

    Unit(DwarfInfo dwarf, UnitHeader header, ByteBuffer sectionBytes) {
        this.dwarf = dwarf;
        this.header = header;
        this.sizes = FormSizes.of(header);
        // Readers over this unit stop at its end, yet keep section offsets as positions.
        this.bytes = sectionBytes.slice(0, (int) header.end()).order(sectionBytes.order());
        this.source = dwarf.sections().describe(header.section().section());
    }

    public DwarfInfo dwarf() {
        return dwarf;
    }

    public UnitHeader header() {
        return header;
    }

    public Encoding encoding() {
        return header.encoding();
    }

    public int version() {
        return header.version();
    }

    public UnitSection section() {
        return header.section();
    }

    /** Where the unit's header starts in its section. */
    public DebugInfoOffset offset() {
        return new DebugInfoOffset(header.offset());
    }

    public boolean isTypeUnit() {
        return header.isTypeUnit();
    }

    FormSizes sizes() {
        return sizes;
    }

    /** A reader over this unit's section that stops at the unit's end; positions are section offsets. */
    ByteReader reader() {
        return new ByteReader(bytes, source, 0);
    }

    public Abbreviations abbreviations() {
        Abbreviations a = abbreviations;
        if (a == null) {
            a = abbreviations = dwarf.abbreviations(header.abbrevOffset(), sizes);
        }
        return a;
    }

    // ---------------------------------------------------------------- DIEs

    /** The unit's root DIE (DW_TAG_compile_unit, type_unit, skeleton_unit, ...). */
    public Die root() {
        return dieAt(header.firstDie());
    }

    /** The DIE at {@code sectionOffset}, which must lie in this unit. */
    public Die dieAt(long sectionOffset) {
        if (!header.contains(sectionOffset)) {
            throw FormatException.at(dwarf.sections().describe(header.section().section()), sectionOffset,
                    "reference outside its unit at 0x" + Long.toHexString(header.offset()));
        }
        ByteReader r = reader();
        r.position(sectionOffset);
        long code = r.uleb128();
        if (code == 0) {
            throw r.error(sectionOffset, "reference to a null entry, not a DIE");
        }
        Abbreviation a = abbreviations().lookup(code);
        if (a == null) {
            throw r.error(sectionOffset, "abbreviation code " + Long.toUnsignedString(code)
                    + " is not in the table at .debug_abbrev 0x" + Long.toHexString(header.abbrevOffset()));
        }
        return new Die(this, sectionOffset, a, r.position());
    }

    /** The DIE at a unit-relative offset (what ref1..ref8 hold). */
    public Die die(UnitOffset offset) {
        return dieAt(header.offset() + offset.value());
    }

    /** For type units: the DIE that describes the type. */
    public Optional<Die> typeDie() {
        return header.typeOffset().isPresent() ? Optional.of(dieAt(header.offset() + header.typeOffset().getAsLong()))
                : Optional.empty();
    }

    /** A cursor over all DIEs of the unit, in order, starting before the root. */
    public DieCursor cursor() {
        return new DieCursor(this, header.firstDie());
    }

    // ---------------------------------------------------------------- root attributes

    RootAttributes rootAttributes() {
        RootAttributes r = root;
        if (r == null) {
            r = root = RootAttributes.read(root());
        }
        return r;
    }

    public int language() {
        return rootAttributes().language;
    }

    public Optional<String> name() {
        return rootString(rootAttributes().name);
    }

    public Optional<String> compDir() {
        Optional<String> own = rootString(rootAttributes().compDir);
        if (own.isEmpty()) {
            return skeleton().flatMap(Unit::compDir);
        }
        return own;
    }

    public Optional<String> producer() {
        return rootString(rootAttributes().producer);
    }

    /** DW_AT_dwo_name (DWARF 5) or DW_AT_GNU_dwo_name (GNU DWARF 4) of a skeleton unit. */
    public Optional<String> dwoName() {
        return rootString(rootAttributes().dwoName);
    }

    /** The DWO id: from the DWARF 5 header, or DW_AT_GNU_dwo_id. */
    public OptionalLong dwoId() {
        if (header.dwoId().isPresent()) {
            return header.dwoId();
        }
        return rootAttributes().gnuDwoId;
    }

    /** Whether this unit only points at a {@code .dwo} that holds the real DIEs. */
    public boolean isSkeleton() {
        return !dwarf.isDwo() && (header.unitType() == DwUt.SKELETON || rootAttributes().dwoName != null);
    }

    /** Whether this unit came from a {@code .dwo} file. */
    public boolean isSplit() {
        return dwarf.isDwo();
    }

    /** For a skeleton unit: the split unit in its {@code .dwo}, if that file can be found. */
    public Optional<Unit> splitUnit() {
        return isSkeleton() ? dwarf.splitUnits().find(this) : Optional.empty();
    }

    /** For a split unit: the skeleton that names it. */
    public Optional<Unit> skeleton() {
        return dwarf.isDwo() ? dwarf.skeletonOf(this) : Optional.empty();
    }

    /** DW_AT_stmt_list: the offset of the unit's line program (a split unit uses its skeleton's). */
    public OptionalLong lineProgramOffset() {
        OptionalLong own = rootAttributes().stmtList;
        if (own.isEmpty() && dwarf.isDwo()) {
            return skeleton().map(Unit::lineProgramOffset).orElse(OptionalLong.empty());
        }
        return own;
    }

    /** The unit's base address for location and range lists: DW_AT_low_pc of the root (of the skeleton). */
    public long baseAddress() {
        Optional<Unit> sk = skeleton();
        if (sk.isPresent()) {
            return sk.get().baseAddress();
        }
        AttributeValue low = rootAttributes().lowPc;
        if (low == null) {
            return 0;
        }
        return address(low).orElse(0L);
    }

    long strOffsetsBase() {
        OptionalLong own = rootAttributes().strOffsetsBase;
        if (own.isPresent()) {
            return own.getAsLong();
        }
        // A DWARF 5 .dwo has one string offsets table whose header the unit does not point past.
        return dwarf.isDwo() && version() >= 5 ? (header.encoding().dwarf64() ? 16 : 8) : 0;
    }

    long addrBase() {
        Optional<Unit> sk = skeleton();
        if (sk.isPresent()) {
            return sk.get().addrBase();
        }
        return rootAttributes().addrBase.orElse(0);
    }

    long rnglistsBase() {
        if (version() < 5) {
            // GNU split DWARF 4: DW_AT_ranges of the split unit are relative to the skeleton's ranges base.
            return skeleton().map(s -> s.rootAttributes().gnuRangesBase.orElse(0)).orElse(0L);
        }
        OptionalLong own = rootAttributes().rnglistsBase;
        if (own.isPresent()) {
            return own.getAsLong();
        }
        return dwarf.isDwo() ? (header.encoding().dwarf64() ? 20 : 12) : 0;
    }

    long loclistsBase() {
        OptionalLong own = rootAttributes().loclistsBase;
        if (own.isPresent()) {
            return own.getAsLong();
        }
        return dwarf.isDwo() && version() >= 5 ? (header.encoding().dwarf64() ? 20 : 12) : 0;
    }

    private Optional<String> rootString(AttributeValue v) {
        return v == null ? Optional.empty() : string(v);
    }

    // ---------------------------------------------------------------- resolving values

    /**
     * The string an attribute value names: inline, through {@code .debug_str}/{@code .debug_line_str},
     * through the string offsets table, or in the dwz file. Other values: empty.
     */
    public Optional<String> string(AttributeValue v) {
        if (v instanceof AttributeValue.InlineString s) {
            return Optional.of(s.value());
        }
        if (v instanceof AttributeValue.StringRef ref) {
            return Optional.of(switch (ref.table()) {
                case STR -> dwarf.stringAt(DwarfSection.STR, ref.offset());
                case LINE_STR -> dwarf.stringAt(DwarfSection.LINE_STR, ref.offset());
                case ALT -> dwarf.alt().stringAt(DwarfSection.STR, ref.offset());
            });
        }
        if (v instanceof AttributeValue.StringIndex idx) {
            return Optional.of(dwarf.stringAt(DwarfSection.STR, stringOffset(idx.index())));
        }
        return Optional.empty();
    }

    /**
     * The {@code .debug_str} offset a string value refers to (directly or through this unit's
     * string offsets table), or -1 for inline strings and other tables: equal offsets mean equal
     * strings, which lets a scan decode each name once however many units repeat it.
     */
    public long debugStrOffset(AttributeValue v) {
        if (v instanceof AttributeValue.StringRef ref && ref.table() == AttributeValue.StringTable.STR) {
            return ref.offset();
        }
        if (v instanceof AttributeValue.StringIndex idx) {
            return stringOffset(idx.index());
        }
        return -1;
    }

    /**
     * Whether a string value equals {@code utf8}, compared in place in the string section when the
     * value is an offset or index: name searches need not build a String for every name they pass.
     */
    public boolean stringEquals(AttributeValue v, byte[] utf8) {
        if (v instanceof AttributeValue.StringRef ref && ref.table() != AttributeValue.StringTable.ALT) {
            DwarfSection s = ref.table() == AttributeValue.StringTable.STR ? DwarfSection.STR : DwarfSection.LINE_STR;
            return dwarf.sections().reader(s).cstringEquals(ref.offset(), utf8);
        }
        if (v instanceof AttributeValue.StringIndex idx) {
            return dwarf.sections().reader(DwarfSection.STR).cstringEquals(stringOffset(idx.index()), utf8);
        }
        Optional<String> s = string(v);
        return s.isPresent() && java.util.Arrays.equals(s.get().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                utf8);
    }

    /** The {@code .debug_str} offset held by slot {@code index} of this unit's string offsets table. */
    long stringOffset(long index) {
        return slot(dwarf.sections().reader(DwarfSection.STR_OFFSETS), strOffsetsBase(), index, header.offsetSize(),
                "string index", true);
    }

    /** An address value: DW_FORM_addr, or a slot of {@code .debug_addr}. Other values: empty. */
    public Optional<Long> address(AttributeValue v) {
        if (v instanceof AttributeValue.Address a) {
            return Optional.of(a.address());
        }
        if (v instanceof AttributeValue.AddressIndex idx) {
            return Optional.of(addressAt(idx.index()));
        }
        return Optional.empty();
    }

    /** Slot {@code index} of this unit's {@code .debug_addr} table (the skeleton's file for split units). */
    public long addressAt(long index) {
        DwarfInfo owner = skeleton().map(Unit::dwarf).orElse(dwarf);
        return slot(owner.sections().reader(DwarfSection.ADDR), addrBase(), index, header.addressSize(),
                "address index", true);
    }

    /**
     * The DIE a reference value points to: in this unit, elsewhere in the section, in the type unit
     * with a signature, or in the dwz file. Other values: empty.
     */
    public Optional<Die> referencedDie(AttributeValue v) {
        if (v instanceof AttributeValue.UnitRef ref) {
            long off = header.offset() + ref.offset().value();
            if (ref.offset().value() < 0 || !header.contains(off)) {
                throw FormatException.at(dwarf.sections().describe(header.section().section()), header.offset(),
                        "unit-relative reference 0x" + Long.toHexString(ref.offset().value())
                                + " lies outside the unit");
            }
            return Optional.of(dieAt(off));
        }
        if (v instanceof AttributeValue.InfoRef ref) {
            Unit u = dwarf.unitContaining(UnitSection.of(DwarfSection.INFO, dwarf.isDwo()), ref.offset().value())
                    .orElseThrow(() -> FormatException.at(dwarf.sections().describe(DwarfSection.INFO),
                            ref.offset().value(), "DW_FORM_ref_addr points outside every unit"));
            return Optional.of(u.dieAt(ref.offset().value()));
        }
        if (v instanceof AttributeValue.SignatureRef sig) {
            Optional<Unit> tu = dwarf.typeUnit(sig.signature());
            if (tu.isEmpty() && dwarf.isDwo()) {
                tu = dwarf.parent().flatMap(p -> p.typeUnit(sig.signature()));
            }
            if (tu.isEmpty()) {
                throw new DwarfException(dwarf.elf().name() + ": no type unit has signature 0x"
                        + Long.toHexString(sig.signature()) + " (referenced from the unit at 0x"
                        + Long.toHexString(header.offset()) + ")");
            }
            return tu.get().typeDie();
        }
        if (v instanceof AttributeValue.AltRef alt) {
            DwarfInfo a = dwarf.alt();
            Unit u = a.unitContaining(UnitSection.INFO, alt.offset())
                    .orElseThrow(() -> FormatException.at(a.sections().describe(DwarfSection.INFO), alt.offset(),
                            "dwz reference points outside every unit"));
            return Optional.of(u.dieAt(alt.offset()));
        }
        return Optional.empty();
    }

    /**
     * The offset of a range list in the section that holds this unit's range lists: a DW_AT_ranges
     * sec_offset (plus the GNU ranges base, in split DWARF 4) or a DW_FORM_rnglistx slot.
     */
    public OptionalLong rangeListOffset(AttributeValue v) {
        if (v instanceof AttributeValue.SectionOffset s) {
            return OptionalLong.of(version() < 5 && dwarf.isDwo() ? s.offset() + rnglistsBase() : s.offset());
        }
        if (v instanceof AttributeValue.RangeListIndex idx) {
            return OptionalLong.of(listOffset(DwarfSection.RNGLISTS, rnglistsBase(), idx.index()));
        }
        return OptionalLong.empty();
    }

    /** The offset of a location list: a sec_offset, or a DW_FORM_loclistx slot. */
    public OptionalLong locationListOffset(AttributeValue v) {
        if (v instanceof AttributeValue.SectionOffset s) {
            return OptionalLong.of(s.offset());
        }
        if (v instanceof AttributeValue.LocListIndex idx) {
            return OptionalLong.of(listOffset(DwarfSection.LOCLISTS, loclistsBase(), idx.index()));
        }
        return OptionalLong.empty();
    }

    private long listOffset(DwarfSection section, long base, long index) {
        return base + slot(dwarf.sections().reader(section), base, index, header.offsetSize(), "list index", false);
    }

    /**
     * Entry {@code index} of a table of {@code size}-byte values at {@code base} of {@code r}'s
     * section ({@code .debug_str_offsets}, {@code .debug_addr}, a list section's offsets), read
     * without overflow; else an error naming {@code what} (and this unit, if {@code nameUnit}).
     */
    private long slot(ByteReader r, long base, long index, int size, String what, boolean nameUnit) {
        long at = base + index * size;
        if (index < 0 || index > (Long.MAX_VALUE - base) / size || at < 0 || at > r.limit() - size) {
            throw r.error(Math.min(Math.max(base, 0), r.limit()), what + " " + Long.toUnsignedString(index)
                    + " (base 0x" + Long.toHexString(base) + ") lies outside the section (" + r.limit() + " bytes)"
                    + (nameUnit ? " for the unit at 0x" + Long.toHexString(header.offset()) : ""));
        }
        r.position(at);
        return r.unsigned(size);
    }

    @Override
    public String toString() {
        return dwarf.sections().describe(header.section().section()) + " unit at 0x" + Long.toHexString(header.offset())
                + " (DWARF " + version() + ", " + DwUt.name(header.unitType()) + ")";
    }

    /** What the root DIE says about the whole unit, read once. Raw values: strings resolve on demand. */
    static final class RootAttributes {
        int language;
        AttributeValue name;
        AttributeValue compDir;
        AttributeValue producer;
        AttributeValue dwoName;
        AttributeValue lowPc;
        OptionalLong gnuDwoId = OptionalLong.empty();
        OptionalLong stmtList = OptionalLong.empty();
        OptionalLong strOffsetsBase = OptionalLong.empty();
        OptionalLong addrBase = OptionalLong.empty();
        OptionalLong rnglistsBase = OptionalLong.empty();
        OptionalLong gnuRangesBase = OptionalLong.empty();
        OptionalLong loclistsBase = OptionalLong.empty();

        static RootAttributes read(Die root) {
            RootAttributes r = new RootAttributes();
            for (Attribute a : root.attributes()) {
                AttributeValue v = a.value();
                switch (a.name()) {
                    case DwAt.LANGUAGE -> r.language = (int) constant(v).orElse(0);
                    case DwAt.NAME -> r.name = v;
                    case DwAt.COMP_DIR -> r.compDir = v;
                    case DwAt.PRODUCER -> r.producer = v;
                    case DwAt.DWO_NAME, DwAt.GNU_DWO_NAME -> r.dwoName = v;
                    case DwAt.LOW_PC -> r.lowPc = v;
                    case DwAt.GNU_DWO_ID -> r.gnuDwoId = constant(v);
                    case DwAt.STMT_LIST -> r.stmtList = offset(v);
                    case DwAt.STR_OFFSETS_BASE -> r.strOffsetsBase = offset(v);
                    case DwAt.ADDR_BASE, DwAt.GNU_ADDR_BASE -> r.addrBase = offset(v);
                    case DwAt.RNGLISTS_BASE -> r.rnglistsBase = offset(v);
                    case DwAt.GNU_RANGES_BASE -> r.gnuRangesBase = offset(v);
                    case DwAt.LOCLISTS_BASE -> r.loclistsBase = offset(v);
                    default -> { }
                }
            }
            return r;
        }

        private static OptionalLong constant(AttributeValue v) {
            if (v instanceof AttributeValue.UnsignedConstant c) {
                return OptionalLong.of(c.value());
            }
            if (v instanceof AttributeValue.SignedConstant c) {
                return OptionalLong.of(c.value());
            }
            return OptionalLong.empty();
        }

        /** Section offsets come as sec_offset, or as data4/data8 from older producers. */
        private static OptionalLong offset(AttributeValue v) {
            if (v instanceof AttributeValue.SectionOffset s) {
                return OptionalLong.of(s.offset());
            }
            return constant(v);
        }
    }
}
