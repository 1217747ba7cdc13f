package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.StopReplies;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.target.StopInfo;
import dev.tldb.target.TargetException;

/**
 * {@code ?}: why the target is stopped, as a stop reply. For a core that is the signal that
 * killed the program, reported in the thread that received it, which gdb then selects; like
 * gdbserver we also make that thread the session's general thread.
 *
 * <p>gdb prints an error reply here only as a warning ("Remote failure reply: ..."), with the
 * text, so a target without threads says so in words.
 */
public final class StopReasonHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        request.args().expectEnd();
        TargetStub stub = TargetStub.of(session);
        StopInfo stop;
        try {
            stop = stub.stopInfo();
        } catch (TargetException e) {
            return Reply.error(ErrorCodes.GENERIC, e.getMessage());
        }
        session.generalThread(stub.idOf(stop.thread()));
        return Reply.text(StopReplies.stopped(session, stub, stop, ""));
    }
}
