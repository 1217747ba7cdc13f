package dev.tldb.dwarf;

import dev.tldb.binary.ByteReader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The abbreviation table at one offset of {@code .debug_abbrev}. Producers number codes 1, 2, 3...,
 * so a dense array serves lookups; sparse codes fall back to a map.
 */
public final class Abbreviations {
    private final long offset;
    private final Abbreviation[] dense;
    private final Map<Long, Abbreviation> sparse;
    private final int count;

    private Abbreviations(long offset, Abbreviation[] dense, Map<Long, Abbreviation> sparse, int count) {
        this.offset = offset;
        this.dense = dense;
        this.sparse = sparse;
        this.count = count;
    }

    public long offset() {
        return offset;
    }

    public int size() {
        return count;
    }

    /** The declaration for {@code code}, if the table has one. */
    public Optional<Abbreviation> get(long code) {
        return Optional.ofNullable(lookup(code));
    }

    /** Like {@link #get}, without the Optional: for the DIE-scanning hot path. */
    Abbreviation lookup(long code) {
        if (code > 0 && code <= dense.length) {
            return dense[(int) code - 1];
        }
        return sparse == null ? null : sparse.get(code);
    }

    /** Parses the table at {@code offset}; {@code r} reads the whole {@code .debug_abbrev}. */
    static Abbreviations parse(ByteReader r, long offset, FormSizes sizes) {
        if (offset < 0 || offset >= r.limit()) {
            throw r.error(0, "abbreviation table offset 0x" + Long.toHexString(offset) + " lies outside "
                    + "the section (" + r.limit() + " bytes)");
        }
        r.position(offset);
        List<Abbreviation> list = new ArrayList<>();
        boolean sequential = true;
        List<Integer> names = new ArrayList<>();
        List<Integer> forms = new ArrayList<>();
        List<Long> consts = new ArrayList<>();
        while (true) {
            long at = r.position();
            long code = r.uleb128();
            if (code == 0) {
                break;
            }
            long tag = r.uleb128();
            if (tag == 0 || tag > 0xffff) {
                throw r.error(at, "abbreviation " + Long.toUnsignedString(code) + " has invalid tag 0x"
                        + Long.toHexString(tag));
            }
            int children = r.u8();
            if (children > 1) {
                throw r.error(at, "abbreviation " + code + " has children flag " + children);
            }
            names.clear();
            forms.clear();
            consts.clear();
            boolean anyConst = false;
            while (true) {
                long name = r.uleb128();
                long form = r.uleb128();
                if (name == 0 && form == 0) {
                    break;
                }
                if (name == 0 || name > 0xffff || !Forms.isKnown((int) Math.min(form, Integer.MAX_VALUE))) {
                    throw r.error(at, "abbreviation " + code + " has attribute " + DwAt.name((int) name)
                            + " with " + (Forms.isKnown((int) Math.min(form, Integer.MAX_VALUE)) ? "" : "unknown ")
                            + "form 0x" + Long.toHexString(form));
                }
                names.add((int) name);
                forms.add((int) form);
                if (form == DwForm.IMPLICIT_CONST) {
                    consts.add(r.sleb128());
                    anyConst = true;
                } else {
                    consts.add(0L);
                }
            }
            if (code != list.size() + 1) {
                sequential = false;
            }
            int n = names.size();
            int[] na = new int[n];
            int[] fa = new int[n];
            long[] ca = anyConst ? new long[n] : null;
            for (int i = 0; i < n; i++) {
                na[i] = names.get(i);
                fa[i] = forms.get(i);
                if (ca != null) {
                    ca[i] = consts.get(i);
                }
            }
            list.add(new Abbreviation(code, (int) tag, children == 1, na, fa, ca, sizes));
        }
        if (sequential) {
            return new Abbreviations(offset, list.toArray(new Abbreviation[0]), null, list.size());
        }
        Map<Long, Abbreviation> map = new HashMap<>(list.size() * 2);
        for (Abbreviation a : list) {
            if (map.putIfAbsent(a.code(), a) != null) {
                throw r.error(offset, "abbreviation table has code " + Long.toUnsignedString(a.code()) + " twice");
            }
        }
        return new Abbreviations(offset, new Abbreviation[0], map, list.size());
    }
}
