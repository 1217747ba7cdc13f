package dev.tldb.gdbstub.session;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A typed slot for handler-private per-connection state (an open-file table for vFile, the
 * qXfer document being read). Keys compare by identity: declare each as a constant next to the
 * handler that owns it.
 *
 * @param name    for debugging only
 * @param initial makes the value the first time a session asks for it
 */
public record SessionKey<T>(String name, Supplier<? extends T> initial) {
    public SessionKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(initial, "initial");
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
