package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.protocol.ThreadId;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;

/**
 * {@code T<thread-id>}: is the thread alive? {@code OK} for a thread of the target, an error
 * otherwise (gdb then drops it from its list). In a core every thread is as alive as it will
 * ever be.
 */
public final class ThreadAliveHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        ThreadId id = args.threadId();
        args.expectEnd();
        return TargetStub.of(session).resolveSpecific(id).isPresent() ? Reply.ok() : Threads.unknown(session, id);
    }
}
