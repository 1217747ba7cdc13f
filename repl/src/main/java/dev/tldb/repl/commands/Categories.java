package dev.tldb.repl.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The commands grouped the way {@code help} lists them (gdb lists by class, too). */
public final class Categories {
    private final Map<String, List<String>> byCategory = new LinkedHashMap<>();

    void add(String category, String command) {
        byCategory.computeIfAbsent(category, k -> new ArrayList<>()).add(command);
    }

    public Map<String, List<String>> all() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        byCategory.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }
}
