package dev.tldb.gdbstub.packets.xfer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The qXfer objects a server offers, by object name. Every registered object is advertised in
 * the {@code qSupported} reply as {@code qXfer:<object>:read+}; gdb asks only for advertised
 * objects (and falls back to other packets, e.g. {@code qfThreadInfo}, for missing ones).
 * Immutable; shared by all sessions.
 */
public final class XferRegistry {
    public static final XferRegistry EMPTY = new Builder().build();

    private final Map<String, XferSource> sources;

    private XferRegistry(Map<String, XferSource> sources) {
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<XferSource> source(String object) {
        return Optional.ofNullable(sources.get(object));
    }

    /** Object names in registration order. */
    public Set<String> objects() {
        return sources.keySet();
    }

    public static final class Builder {
        private final Map<String, XferSource> sources = new LinkedHashMap<>();

        private Builder() {
        }

        /** Registers {@code source} as object {@code name}, e.g. "features" or "libraries-svr4". */
        public Builder add(String name, XferSource source) {
            Objects.requireNonNull(source, "source");
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("bad qXfer object name: " + name);
            }
            sources.put(name, source);
            return this;
        }

        public XferRegistry build() {
            return new XferRegistry(sources);
        }
    }
}
