package dev.tldb.gdbstub.session;

import java.net.SocketAddress;

/**
 * Makes the target a new connection talks to. Each connection gets its own (it may share the
 * underlying core file or simulation, but owns e.g. its write overlay), so two debuggers cannot
 * disturb each other's selected thread or pending writes.
 */
@FunctionalInterface
public interface StubTargetFactory {
    /** A factory for sessions that need no target (protocol tests, a bare server). */
    StubTargetFactory NONE = (id, remote) -> new StubTarget() {
    };

    /**
     * @param sessionId the server-unique number of the connection, for logs
     * @param remote    the peer's address
     */
    StubTarget open(int sessionId, SocketAddress remote);
}
