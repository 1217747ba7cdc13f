package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;

/**
 * {@code QStartNoAckMode}: stop sending and expecting {@code +}/{@code -}. On TCP the acks only
 * cost a round trip each. The request was acked before it got here (we were still in ack mode);
 * gdb acks our {@code OK} once more, and the session ignores that stray {@code +}.
 */
public final class NoAckModeHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        request.args().expectEnd();
        session.disableAcks();
        return Reply.ok();
    }
}
