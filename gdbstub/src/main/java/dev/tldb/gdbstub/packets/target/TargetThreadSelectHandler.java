package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.packets.ThreadSelectHandler;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.protocol.ThreadId;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;

import java.util.Optional;

/**
 * {@code Hg<thread-id>} / {@code Hc<thread-id>} against real threads: like gdbserver, a specific
 * thread that does not exist is an error for {@code Hg} (gdb then reports it instead of reading
 * someone else's registers). {@code 0} (any) and {@code -1} (all) are always accepted and resolve
 * to the stopped thread when registers are read. {@code Hc} is recorded without checking: gdb
 * 13 sends {@code Hc-1} and ignores the answer, and the resume packets carry their own threads.
 * The packet itself is read and recorded by the protocol-level {@link ThreadSelectHandler}.
 */
public final class TargetThreadSelectHandler implements PacketHandler {
    private final ThreadSelectHandler select = new ThreadSelectHandler(TargetThreadSelectHandler::unknownThread);

    @Override
    public Reply handle(GdbSession session, Request request) {
        return select.handle(session, request);
    }

    private static Optional<Reply> unknownThread(GdbSession session, ThreadId thread) {
        if (thread.isSpecific() && TargetStub.of(session).resolve(thread).isEmpty()) {
            return Optional.of(Reply.error(ErrorCodes.NOT_FOUND, "unknown thread " + session.format(thread)));
        }
        return Optional.empty();
    }
}
