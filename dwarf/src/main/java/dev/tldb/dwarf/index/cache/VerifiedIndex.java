package dev.tldb.dwarf.index.cache;

import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.index.EntryKind;
import dev.tldb.dwarf.index.IndexEntry;
import dev.tldb.dwarf.index.NameIndex;
import dev.tldb.error.TldbException;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A cached index that is not taken on trust: every entry a lookup returns is checked against the
 * DWARF it claims to describe (the DIE exists, has a tag of the entry's kind and the entry's
 * name). One failed check, or a damaged record, condemns the cache file: it is deleted and the
 * index rebuilt by a scan ({@code rebuild}, which also stores a fresh file), and the lookup is
 * answered from that. Checking costs one DIE read per hit, which a lookup reads anyway.
 */
final class VerifiedIndex implements NameIndex {
    private final DwarfInfo dwarf;
    private final Supplier<NameIndex> rebuild;
    private final Runnable condemn;
    private volatile NameIndex current;
    private volatile boolean cached = true;

    VerifiedIndex(DwarfInfo dwarf, MappedIndex mapped, Runnable condemn, Supplier<NameIndex> rebuild) {
        this.dwarf = dwarf;
        this.current = mapped;
        this.condemn = condemn;
        this.rebuild = rebuild;
    }

    @Override
    public Source source() {
        return current.source();
    }

    /** True while answers still come from the cache file (false once it was found wanting). */
    boolean fromCache() {
        return cached;
    }

    @Override
    public List<IndexEntry> lookup(String name) {
        NameIndex index = current;
        if (!cached) {
            return index.lookup(name);
        }
        try {
            List<IndexEntry> found = index.lookup(name);
            for (IndexEntry e : found) {
                if (!matches(e)) {
                    return fallBack().lookup(name);
                }
            }
            return found;
        } catch (CacheFileException e) {
            return fallBack().lookup(name);
        }
    }

    private boolean matches(IndexEntry e) {
        try {
            Die d = dwarf.die(e.die());
            if (EntryKind.ofTag(d.tag()) != e.kind()) {
                return false;
            }
            Optional<String> n = d.resolvedName();
            return n.isPresent() && (e.name().equals(n.get()) || e.name().endsWith("::" + n.get()));
        } catch (TldbException | IllegalArgumentException | IndexOutOfBoundsException x) {
            return false; // an offset that leads nowhere: the file lies
        }
    }

    private synchronized NameIndex fallBack() {
        if (cached) {
            condemn.run();
            current = rebuild.get();
            cached = false;
        }
        return current;
    }

    @Override
    public List<IndexEntry> entries() {
        NameIndex index = current;
        if (!cached) {
            return index.entries();
        }
        try {
            return index.entries();
        } catch (CacheFileException e) {
            return fallBack().entries();
        }
    }

    @Override
    public List<String> problems() {
        return current.problems();
    }
}
