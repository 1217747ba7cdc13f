package dev.tldb.gdbstub.target;

import dev.tldb.gdbstub.session.StubTarget;
import dev.tldb.gdbstub.session.StubTargetFactory;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Makes a {@link TargetStub} per connection. The function builds the target for a new session
 * (normally a fresh {@link dev.tldb.target.TargetStack} whose process layer shares the opened
 * core file but owns its write overlay), so one debugger's {@code set var} is invisible to
 * another, and closing a connection drops its writes.
 */
public final class TargetStubFactory implements StubTargetFactory {
    private final IntFunction<TargetStub> sessions;

    private TargetStubFactory(IntFunction<TargetStub> sessions) {
        this.sessions = sessions;
    }

    /** @param sessions makes the stub of session {@code id} */
    public static TargetStubFactory of(IntFunction<TargetStub> sessions) {
        return new TargetStubFactory(Objects.requireNonNull(sessions, "sessions"));
    }

    @Override
    public StubTarget open(int sessionId, SocketAddress remote) {
        return sessions.apply(sessionId);
    }
}
