package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.target.TargetException;

/**
 * {@code qC}: the current thread, {@code QC<thread-id>}. gdbserver answers its general thread
 * (or the event thread while that is "any"); so do we: the {@code Hg} thread, else the one that
 * stopped.
 */
public final class CurrentThreadHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        request.args().expectEnd();
        TargetStub stub = TargetStub.of(session);
        try {
            return Threads.general(session)
                    .map(t -> Reply.text("QC" + session.format(stub.idOf(t))))
                    .orElseGet(() -> Threads.unknown(session, session.generalThread()));
        } catch (TargetException e) {
            return Reply.error(ErrorCodes.GENERIC, e.getMessage());
        }
    }
}
