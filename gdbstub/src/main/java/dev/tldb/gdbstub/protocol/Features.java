package dev.tldb.gdbstub.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code qSupported} feature list, e.g. {@code multiprocess+;swbreak+;xmlRegisters=i386}: each
 * item is {@code name+} (supported), {@code name-} (not), {@code name?} (maybe) or
 * {@code name=value}. Used for what gdb offers; the stub's own list is written as text.
 *
 * @param items name to marker: "+", "-", "?" or "=value"
 */
public record Features(Map<String, String> items) {
    public static final Features NONE = new Features(Map.of());

    public Features {
        items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }

    /**
     * Parses the text after {@code qSupported:}. Empty items are skipped and an item without a
     * marker is kept as "?", the way gdb itself tolerates sloppy lists.
     */
    public static Features parse(String list) {
        Map<String, String> items = new LinkedHashMap<>();
        for (String item : list.split(";", -1)) {
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq >= 0) {
                items.put(item.substring(0, eq), item.substring(eq));
            } else {
                char last = item.charAt(item.length() - 1);
                if (last == '+' || last == '-' || last == '?') {
                    items.put(item.substring(0, item.length() - 1), String.valueOf(last));
                } else {
                    items.put(item, "?");
                }
            }
        }
        return new Features(items);
    }

    /** Whether the feature was offered as {@code name+}. */
    public boolean supports(String name) {
        return "+".equals(items.get(name));
    }

    /** The value of a {@code name=value} item. */
    public Optional<String> value(String name) {
        String v = items.get(name);
        return v != null && v.startsWith("=") ? Optional.of(v.substring(1)) : Optional.empty();
    }
}
