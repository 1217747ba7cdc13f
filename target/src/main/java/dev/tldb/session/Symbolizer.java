package dev.tldb.session;

import dev.tldb.elf.Symbol;
import dev.tldb.target.Module;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Names addresses the way gdb's {@code <symbol+offset>} does: the ELF symbol (function or data
 * object) of a loaded module that contains the address, preferring global symbols.
 */
final class Symbolizer {
    private record Entry(long start, long size, String name, boolean global) {}

    private final List<Entry> entries = new ArrayList<>();

    Symbolizer(List<Module> modules) {
        for (Module m : modules) {
            if (m.elf().isEmpty()) {
                continue;
            }
            List<Symbol> syms = m.elf().get().symbols().isEmpty() ? m.elf().get().dynamicSymbols() : m.elf().get().symbols();
            for (Symbol s : syms) {
                if (!s.isDefined() || s.name().isEmpty() || s.isTls() || s.shndx() >= 0xff00
                        || !(s.isFunction() || s.isObject())) {
                    continue;
                }
                entries.add(new Entry(s.value() + m.loadBias(), s.size(), s.name(), !s.isLocal()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::start));
    }

    /** {@code name} or {@code name+offset} for an address inside a symbol. */
    Optional<String> describe(long address) {
        Entry best = null;
        int lo = 0, hi = entries.size() - 1;
        while (lo <= hi) { // last entry starting at or below the address
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(entries.get(mid).start(), address) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        // The containing symbol with the highest start; at equal starts a global beats a local alias.
        for (int i = hi; i >= 0 && i > hi - 64; i--) {
            Entry e = entries.get(i);
            boolean inside = address == e.start() || Long.compareUnsigned(address - e.start(), e.size()) < 0;
            if (!inside) {
                continue;
            }
            if (best == null) {
                best = e;
            } else if (e.start() == best.start()) {
                best = e.global() && !best.global() ? e : best;
            } else {
                break;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        long off = address - best.start();
        return Optional.of(off == 0 ? best.name() : best.name() + "+" + off);
    }
}
