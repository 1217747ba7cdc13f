package dev.tldb.dwarf.index;

import dev.tldb.dwarf.DwarfInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * An index the producer or gdb wrote into the file: it maps names to units (and maybe DIEs);
 * entries are resolved against the DWARF when looked up.
 */
abstract class PrecomputedIndex implements NameIndex {
    private final HitResolver resolver;
    private final List<String> ownProblems = new ArrayList<>();

    PrecomputedIndex(DwarfInfo dwarf) {
        this.resolver = new HitResolver(dwarf);
    }

    /** Every name the index lists. */
    abstract List<String> names();

    /** What the index says about one name (empty if it does not list it). */
    abstract List<IndexHit> hits(String name);

    void problem(String p) {
        ownProblems.add(p);
    }

    @Override
    public List<IndexEntry> lookup(String name) {
        return resolver.resolve(name, hits(name));
    }

    /** Resolves every listed name; names whose DIE cannot be found (gdb's canonical spellings) drop out. */
    @Override
    public List<IndexEntry> entries() {
        List<IndexEntry> out = new ArrayList<>();
        for (String n : names()) {
            out.addAll(lookup(n));
        }
        return out;
    }

    @Override
    public List<String> problems() {
        List<String> all = new ArrayList<>(ownProblems);
        all.addAll(resolver.problems());
        return all;
    }
}
