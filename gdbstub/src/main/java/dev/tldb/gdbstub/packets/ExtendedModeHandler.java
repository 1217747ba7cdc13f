package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;

/**
 * {@code !}: gdb's {@code target extended-remote}. Accepted, like gdbserver, and remembered in
 * the session: in extended mode a kill or detach must leave the connection open. gdb ignores the
 * reply to {@code !} (remote.c only reads it), so accepting costs nothing even while we cannot
 * yet run or attach ({@code vRun}/{@code vAttach} stay unsupported until a target provides them).
 */
public final class ExtendedModeHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        request.args().expectEnd();
        session.enterExtendedMode();
        return Reply.ok();
    }
}
