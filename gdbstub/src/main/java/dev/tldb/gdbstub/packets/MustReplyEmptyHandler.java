package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;

/**
 * {@code vMustReplyEmpty}: gdb checks that an unknown {@code v} packet gets the empty reply (old
 * stubs answered {@code OK} to anything starting with {@code v}). Registered explicitly so that a
 * future catch-all for {@code v} packets cannot break the check.
 */
public final class MustReplyEmptyHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        return Reply.unsupported();
    }
}
