package dev.tldb.dwarf;

import dev.tldb.binary.ByteReader;

import java.util.Optional;

/**
 * A forward cursor over the DIEs of one unit, in file order, with their depth (the root is at
 * depth 0). It is the fast path for scans: it allocates nothing per DIE unless asked for a
 * {@link Die}, steps over attributes by form size, and can step over a whole subtree (using
 * DW_AT_sibling when the producer wrote one).
 *
 * <pre>{@code
 * DieCursor c = unit.cursor();
 * while (c.next()) {
 *     if (c.tag() == DwTag.SUBPROGRAM) { ...; c.skipChildren(); }
 * }
 * }</pre>
 */
public final class DieCursor {
    private final Unit unit;
    private final ByteReader r;
    private final Abbreviations abbrevs;
    private final FormSizes sizes;
    private final long unitStart;
    private final long unitEnd;
    private long offset = -1;
    private Abbreviation abbrev;
    private long attributesStart;
    private boolean attributesConsumed;
    private boolean skipSubtree;
    private int depth;

    DieCursor(Unit unit, long start) {
        this.unit = unit;
        this.r = unit.reader();
        this.abbrevs = unit.abbreviations();
        this.sizes = unit.sizes();
        this.unitStart = unit.header().offset();
        this.unitEnd = unit.header().end();
        r.position(start);
    }

    /**
     * Moves to the next DIE (the root, on the first call). Null entries are consumed here and
     * lower the depth. Returns false at the end of the unit.
     */
    public boolean next() {
        if (abbrev != null) {
            if (skipSubtree) {
                skipSubtree = false;
            } else {
                if (!attributesConsumed) {
                    Die.skipAttributes(r, abbrev, sizes);
                }
                if (abbrev.hasChildren()) {
                    depth++;
                }
            }
        }
        while (r.position() < unitEnd) {
            long at = r.position();
            long code = r.uleb128();
            if (code == 0) {
                // Padding after the root's children is tolerated: depth stays at zero.
                if (depth > 0) {
                    depth--;
                }
                continue;
            }
            Abbreviation a = abbrevs.lookup(code);
            if (a == null) {
                throw r.error(at, "abbreviation code " + Long.toUnsignedString(code) + " is not in the table at "
                        + ".debug_abbrev 0x" + Long.toHexString(unit.header().abbrevOffset()));
            }
            offset = at;
            abbrev = a;
            attributesStart = r.position();
            attributesConsumed = false;
            return true;
        }
        abbrev = null;
        return false;
    }

    /**
     * Makes the next {@link #next()} go to the current DIE's next sibling (or to whatever follows
     * its subtree), stepping over all its descendants.
     */
    public void skipChildren() {
        if (abbrev == null || !abbrev.hasChildren() || skipSubtree) {
            return;
        }
        int si = abbrev.indexOf(DwAt.SIBLING);
        if (si >= 0) {
            long target = siblingTarget(si);
            if (target > offset && target <= unitEnd) {
                r.position(target);
                skipSubtree = true;
                return;
            }
        }
        positionAfterAttributes();
        Die.skipToEndOfChildren(r, unit, unitEnd);
        skipSubtree = true;
    }

    /** The section offset DW_AT_sibling of the current DIE points to, or -1 if it has none. */
    public long siblingOffset() {
        int si = abbrev.indexOf(DwAt.SIBLING);
        return si < 0 ? -1 : siblingTarget(si);
    }

    private long siblingTarget(int index) {
        long save = r.position();
        try {
            positionAtAttribute(index);
            long rel = Forms.unitRefOffset(r, abbrev.form(index));
            if (rel >= 0) {
                return unitStart + rel;
            }
            positionAtAttribute(index);
            AttributeValue v = Forms.read(r, DwAt.SIBLING, abbrev.form(index), abbrev.implicitConst(index), sizes, null);
            return v instanceof AttributeValue.UnitRef ref ? unitStart + ref.offset().value() : -1;
        } finally {
            r.position(save);
        }
    }

    private void positionAfterAttributes() {
        if (!attributesConsumed) {
            r.position(attributesStart);
            Die.skipAttributes(r, abbrev, sizes);
            attributesConsumed = true;
        }
    }

    private void positionAtAttribute(int index) {
        Die.positionAtAttribute(r, abbrev, attributesStart, index, sizes);
    }

    /** Depth of the current DIE: 0 for the root, 1 for its children, ... */
    public int depth() {
        return depth;
    }

    /** Section offset of the current DIE. */
    public long offset() {
        return offset;
    }

    public int tag() {
        return abbrev.tag();
    }

    public boolean hasChildren() {
        return abbrev.hasChildren();
    }

    public Abbreviation abbreviation() {
        return abbrev;
    }

    public Unit unit() {
        return unit;
    }

    /** The current DIE as an object (for attribute access). */
    public Die die() {
        return new Die(unit, offset, abbrev, attributesStart);
    }

    /** A {@link DieRef} for the current DIE (split units refer through their skeleton). */
    public DieRef ref() {
        long unitOffset = unit.skeleton().map(s -> s.header().offset()).orElse(unitStart);
        return new DieRef(unit.section(), unitOffset, offset);
    }

    /**
     * Reads the current DIE's attributes in one pass, decoding only those named in {@code names}
     * (into {@code out} at the same index; absent ones become null) and stepping over the rest.
     * This is the allocation-light path for scans that need a few attributes of many DIEs.
     * Afterwards the cursor is past the DIE's attributes.
     */
    public void readAttributes(int[] names, AttributeValue[] out) {
        java.util.Arrays.fill(out, 0, names.length, null);
        if (attributesConsumed) {
            r.position(attributesStart);
        }
        for (int i = 0, n = abbrev.attributeCount(); i < n; i++) {
            int at = abbrev.name(i);
            int slot = -1;
            for (int k = 0; k < names.length; k++) {
                if (names[k] == at) {
                    slot = k;
                    break;
                }
            }
            if (slot >= 0) {
                out[slot] = Forms.read(r, at, abbrev.form(i), abbrev.implicitConst(i), sizes, null);
            } else {
                Forms.skip(r, abbrev.form(i), sizes);
            }
        }
        attributesConsumed = true;
    }

    /**
     * The value of attribute {@code at} of the current DIE, without building a {@link Die}; the
     * cursor's position is kept.
     */
    public Optional<AttributeValue> attribute(int at) {
        int i = abbrev.indexOf(at);
        if (i < 0) {
            return Optional.empty();
        }
        long save = r.position();
        try {
            positionAtAttribute(i);
            return Optional.of(Forms.read(r, at, abbrev.form(i), abbrev.implicitConst(i), sizes, null));
        } finally {
            r.position(save);
        }
    }
}
