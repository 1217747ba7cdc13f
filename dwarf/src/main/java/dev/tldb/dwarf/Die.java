package dev.tldb.dwarf;

import dev.tldb.binary.ByteReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A debugging information entry: its offset, tag and abbreviation. Attribute values are decoded
 * when asked for, from the mapped bytes. Navigation (children, siblings, parent) walks the bytes
 * with loops, never recursion, so a deep or corrupt tree cannot overflow the stack.
 */
public final class Die {
    /** Longest DW_AT_specification / DW_AT_abstract_origin chain followed (real ones have 1 or 2 links). */
    public static final int MAX_ORIGIN_CHAIN = 16;

    private final Unit unit;
    private final long offset;
    private final Abbreviation abbrev;
    private final long attributesStart;
    private long end = -1;

    Die(Unit unit, long offset, Abbreviation abbrev, long attributesStart) {
        this.unit = unit;
        this.offset = offset;
        this.abbrev = abbrev;
        this.attributesStart = attributesStart;
    }

    public Unit unit() {
        return unit;
    }

    /** The DIE's offset in its section. */
    public DebugInfoOffset offset() {
        return new DebugInfoOffset(offset);
    }

    /** The offset as a plain number, for hot paths and messages. */
    public long sectionOffset() {
        return offset;
    }

    /** The offset from the start of its unit, as unit-local references spell it. */
    public UnitOffset unitOffset() {
        return new UnitOffset(offset - unit.header().offset());
    }

    /** A reference that survives this object: see {@link DieRef}. */
    public DieRef ref() {
        Optional<Unit> skeleton = unit.skeleton();
        if (skeleton.isPresent()) {
            return new DieRef(unit.section(), skeleton.get().header().offset(), offset);
        }
        return new DieRef(unit.section(), unit.header().offset(), offset);
    }

    public int tag() {
        return abbrev.tag();
    }

    public Abbreviation abbreviation() {
        return abbrev;
    }

    public boolean hasChildren() {
        return abbrev.hasChildren();
    }

    public boolean has(int at) {
        return abbrev.indexOf(at) >= 0;
    }

    // ---------------------------------------------------------------- attributes

    /** The raw value of attribute {@code at}, decoded from the bytes (no lookups). */
    public Optional<AttributeValue> attribute(int at) {
        int i = abbrev.indexOf(at);
        if (i < 0) {
            return Optional.empty();
        }
        ByteReader r = unit.reader();
        positionAtAttribute(r, abbrev, attributesStart, i, unit.sizes());
        return Optional.of(Forms.read(r, at, abbrev.form(i), abbrev.implicitConst(i), unit.sizes(), null));
    }

    /** All attributes in order. */
    public List<Attribute> attributes() {
        ByteReader r = unit.reader();
        r.position(attributesStart);
        int n = abbrev.attributeCount();
        List<Attribute> out = new ArrayList<>(n);
        int[] form = new int[1];
        for (int i = 0; i < n; i++) {
            AttributeValue v = Forms.read(r, abbrev.name(i), abbrev.form(i), abbrev.implicitConst(i), unit.sizes(), form);
            out.add(new Attribute(abbrev.name(i), form[0], v));
        }
        end = r.position();
        return out;
    }

    /** The string value of {@code at} (inline, strp, line_strp, strx...). */
    public Optional<String> string(int at) {
        return attribute(at).flatMap(unit::string);
    }

    /** DW_AT_name. */
    public Optional<String> name() {
        return string(DwAt.NAME);
    }

    /**
     * The name, also through DW_AT_specification / DW_AT_abstract_origin: an out-of-line
     * definition or a concrete inlined instance carries its name on the declaration.
     */
    public Optional<String> resolvedName() {
        return followingOrigins(DwAt.NAME).flatMap(d -> d.name());
    }

    /** An unsigned constant ({@code data*}, {@code udata}, {@code sdata}, {@code implicit_const}). */
    public OptionalLong constant(int at) {
        Optional<AttributeValue> v = attribute(at);
        if (v.isPresent()) {
            if (v.get() instanceof AttributeValue.UnsignedConstant c) {
                return OptionalLong.of(c.value());
            }
            if (v.get() instanceof AttributeValue.SignedConstant c) {
                return OptionalLong.of(c.value());
            }
        }
        return OptionalLong.empty();
    }

    /** A constant read as signed: data forms are sign-extended from their size. */
    public OptionalLong signedConstant(int at) {
        Optional<AttributeValue> v = attribute(at);
        if (v.isPresent()) {
            if (v.get() instanceof AttributeValue.UnsignedConstant c) {
                return OptionalLong.of(c.signExtended());
            }
            if (v.get() instanceof AttributeValue.SignedConstant c) {
                return OptionalLong.of(c.value());
            }
        }
        return OptionalLong.empty();
    }

    /** A flag: DW_FORM_flag, flag_present; absent means false. */
    public boolean flag(int at) {
        Optional<AttributeValue> v = attribute(at);
        if (v.isPresent() && v.get() instanceof AttributeValue.Flag f) {
            return f.value();
        }
        // Some producers write flags as constants.
        return v.isPresent() && v.get() instanceof AttributeValue.UnsignedConstant c && c.value() != 0;
    }

    /** An address value (DW_FORM_addr or an index into {@code .debug_addr}). */
    public Optional<Long> address(int at) {
        return attribute(at).flatMap(unit::address);
    }

    /** The DIE a reference attribute ({@code DW_AT_type}, {@code DW_AT_specification}...) points to. */
    public Optional<Die> reference(int at) {
        Optional<AttributeValue> v = attribute(at);
        return v.isEmpty() ? Optional.empty() : unit.referencedDie(v.get());
    }

    /** An expression attribute's bytes: exprloc, or a block (DWARF 2/3 location). */
    public Optional<byte[]> expression(int at) {
        Optional<AttributeValue> v = attribute(at);
        if (v.isPresent()) {
            if (v.get() instanceof AttributeValue.Exprloc e) {
                return Optional.of(e.bytes());
            }
            if (v.get() instanceof AttributeValue.Block b) {
                return Optional.of(b.bytes());
            }
        }
        return Optional.empty();
    }

    /**
     * The first DIE, starting with this one and following DW_AT_specification and
     * DW_AT_abstract_origin, that has attribute {@code at}. The chain is capped: a cycle in a corrupt
     * file ends the search instead of looping.
     */
    public Optional<Die> followingOrigins(int at) {
        Die d = this;
        for (int hops = 0; hops <= MAX_ORIGIN_CHAIN; hops++) {
            if (d.has(at)) {
                return Optional.of(d);
            }
            Optional<Die> next = d.reference(DwAt.SPECIFICATION);
            if (next.isEmpty()) {
                next = d.reference(DwAt.ABSTRACT_ORIGIN);
            }
            if (next.isEmpty()) {
                return Optional.empty();
            }
            d = next.get();
        }
        throw unit.reader().error(offset, "DW_AT_specification/DW_AT_abstract_origin chain longer than "
                + MAX_ORIGIN_CHAIN + " links (a cycle?)");
    }

    /** The value of {@code at} on this DIE or along its specification / abstract origin chain. */
    public Optional<AttributeValue> attributeFollowingOrigins(int at) {
        return followingOrigins(at).flatMap(d -> d.attribute(at));
    }

    // ---------------------------------------------------------------- tree

    /** Offset just past this DIE's attributes: its first child, or its next sibling if it has no children. */
    long endOffset() {
        if (end < 0) {
            int fixed = abbrev.fixedSize();
            if (fixed >= 0) {
                end = attributesStart + fixed;
            } else {
                ByteReader r = unit.reader();
                r.position(attributesStart);
                for (int i = 0; i < abbrev.attributeCount(); i++) {
                    Forms.skip(r, abbrev.form(i), unit.sizes());
                }
                end = r.position();
            }
        }
        return end;
    }

    /** The first child, if any. */
    public Optional<Die> firstChild() {
        if (!abbrev.hasChildren()) {
            return Optional.empty();
        }
        return entryAt(endOffset());
    }

    /** The children, in order. */
    public List<Die> children() {
        List<Die> out = new ArrayList<>();
        Optional<Die> c = firstChild();
        while (c.isPresent()) {
            out.add(c.get());
            c = c.get().nextSibling();
        }
        return out;
    }

    /**
     * The next DIE at the same level. DW_AT_sibling is used when it points forward inside the unit;
     * otherwise the subtree is walked (with a depth counter, not recursion).
     */
    public Optional<Die> nextSibling() {
        long next = -1;
        int si = abbrev.indexOf(DwAt.SIBLING);
        if (si >= 0 && abbrev.hasChildren()) {
            Optional<AttributeValue> v = attribute(DwAt.SIBLING);
            if (v.isPresent() && v.get() instanceof AttributeValue.UnitRef ref) {
                long target = unit.header().offset() + ref.offset().value();
                if (target > offset && target < unit.header().end()) {
                    next = target;
                }
            }
        }
        if (next < 0) {
            next = subtreeEnd();
        }
        if (next >= unit.header().end()) {
            return Optional.empty();
        }
        return entryAt(next);
    }

    /** Offset just past this DIE and all its descendants (including the null entry closing them). */
    long subtreeEnd() {
        long pos = endOffset();
        if (!abbrev.hasChildren()) {
            return pos;
        }
        ByteReader r = unit.reader();
        r.position(pos);
        // Missing null entries at the end of the unit: tolerated, as readelf does.
        skipToEndOfChildren(r, unit, r.limit());
        return r.position();
    }

    /**
     * Steps {@code r} from a DIE's first child to just past the null entry that closes its
     * children, or stops at {@code end} if the entries run out before that null entry.
     */
    static void skipToEndOfChildren(ByteReader r, Unit unit, long end) {
        Abbreviations abbrevs = unit.abbreviations();
        long depth = 1;
        while (depth > 0 && r.position() < end) {
            long at = r.position();
            long code = r.uleb128();
            if (code == 0) {
                depth--;
                continue;
            }
            Abbreviation a = abbrevs.lookup(code);
            if (a == null) {
                throw r.error(at, "abbreviation code " + Long.toUnsignedString(code) + " is not in the table at "
                        + ".debug_abbrev 0x" + Long.toHexString(unit.header().abbrevOffset()));
            }
            skipAttributes(r, a, unit.sizes());
            if (a.hasChildren()) {
                depth++;
            }
        }
    }

    /**
     * Positions {@code r} at attribute {@code index} of a DIE whose attributes start at
     * {@code attributesStart}: directly when the abbreviation fixes the offset, else by skipping
     * the attributes before it.
     */
    static void positionAtAttribute(ByteReader r, Abbreviation a, long attributesStart, int index, FormSizes sizes) {
        int fixed = a.fixedOffset(index);
        if (fixed >= 0) {
            r.position(attributesStart + fixed);
            return;
        }
        r.position(attributesStart);
        for (int i = 0; i < index; i++) {
            Forms.skip(r, a.form(i), sizes);
        }
    }

    static void skipAttributes(ByteReader r, Abbreviation a, FormSizes sizes) {
        int fixed = a.fixedSize();
        if (fixed >= 0) {
            r.skip(fixed);
            return;
        }
        for (int i = 0, n = a.attributeCount(); i < n; i++) {
            Forms.skip(r, a.form(i), sizes);
        }
    }

    /** The DIE at {@code at}, or empty if a null entry (end of a sibling list) or the unit's end is there. */
    private Optional<Die> entryAt(long at) {
        if (at >= unit.header().end()) {
            return Optional.empty();
        }
        ByteReader r = unit.reader();
        r.position(at);
        long code = r.uleb128();
        if (code == 0) {
            return Optional.empty();
        }
        return Optional.of(unit.dieAt(at));
    }

    /**
     * The parent DIE. DWARF stores no parent links: this walks the unit from its root with a
     * stack of open DIEs, jumping over subtrees that end before this DIE (DW_AT_sibling), so it
     * costs at most one pass over the unit; callers that need many parents should use a
     * {@link DieCursor} and track depth themselves.
     */
    public Optional<Die> parent() {
        DieCursor c = unit.cursor();
        long[] open = new long[32];
        while (c.next()) {
            int depth = c.depth();
            long at = c.offset();
            if (at == offset) {
                return depth == 0 ? Optional.empty() : Optional.of(unit.dieAt(open[depth - 1]));
            }
            if (at > offset) {
                break;
            }
            if (depth >= open.length) {
                open = java.util.Arrays.copyOf(open, open.length * 2);
            }
            open[depth] = at;
            if (c.hasChildren()) {
                long sibling = c.siblingOffset();
                if (sibling > at && sibling <= offset) {
                    c.skipChildren();
                }
            }
        }
        throw unit.reader().error(offset, "no DIE starts here in the unit at 0x"
                + Long.toHexString(unit.header().offset()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Die d && d.offset == offset && d.unit == unit;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset);
    }

    @Override
    public String toString() {
        return "<0x" + Long.toHexString(offset) + "> " + DwTag.name(abbrev.tag());
    }
}
