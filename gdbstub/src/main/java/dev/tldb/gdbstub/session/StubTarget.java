package dev.tldb.gdbstub.session;

import java.util.List;

/**
 * The per-connection view of whatever is being debugged, as far as the protocol layer needs to
 * know. Deliberately tiny: target-backed handlers take {@link GdbSession#target()} and match it
 * against the richer interface they need ({@code if (s.target() instanceof MemoryAccess m)}), and
 * capabilities are opt-in default methods (the Rust gdbstub crate's style), so a target
 * implements only what it has.
 */
public interface StubTarget extends AutoCloseable {

    /**
     * gdb sent 0x03 (Ctrl-C). Called on the network thread while another packet (a resume) may
     * be running: it must only signal the running operation, never block.
     */
    default void interrupt() {
    }

    /**
     * Extra {@code qSupported} reply items, e.g. {@code QPassSignals+}. qXfer objects are added by
     * their registry and need not be listed here.
     */
    default List<String> features() {
        return List.of();
    }

    /** The connection closed; release what the session held (overlays, open files). */
    @Override
    default void close() {
    }
}
