package dev.tldb.linkmap;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The dynamic linker's list of loaded modules, read from memory: where {@code r_debug} is (gdb's
 * {@code qXfer:libraries-svr4} reports the first entry as {@code main-lm}) and the
 * {@code link_map} entries in list order, the main program first. A static program has none.
 *
 * @param rDebugAddress the {@code struct r_debug} (DT_DEBUG's value), when the program has one
 * @param entries       the chain from {@code r_map}, in order
 * @param problems      one line per anomaly met while reading (unreadable memory, a broken or
 *                      cyclic chain): what was read before it is kept
 */
public record LinkMap(OptionalLong rDebugAddress, List<LinkMapEntry> entries, List<String> problems) {

    public LinkMap {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }

    /** No link map: a static program, or one whose dynamic linker has not run yet. */
    public static LinkMap none() {
        return new LinkMap(OptionalLong.empty(), List.of(), List.of());
    }

    public static LinkMap none(String problem) {
        return new LinkMap(OptionalLong.empty(), List.of(), List.of(problem));
    }

    /** The first entry ({@code r_map}): the main program. */
    public Optional<LinkMapEntry> first() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
