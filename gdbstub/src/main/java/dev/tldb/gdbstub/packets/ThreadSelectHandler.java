package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.protocol.ThreadId;
import dev.tldb.gdbstub.session.GdbSession;

/**
 * {@code Hg<thread-id>} and {@code Hc<thread-id>}: select the thread for register/memory access
 * and for old-style continue. Protocol level only: any well-formed id is accepted and recorded.
 * A target-backed replacement should answer {@code E} for a thread that does not exist, as
 * gdbserver does (gdb ignores the answer to {@code Hc} but not to {@code Hg}).
 *
 * <p>{@code Hs} (step thread, obsolete) is accepted and ignored; other letters get the empty reply,
 * which is what gdbserver does "so that gdb can extend the protocol".
 */
public final class ThreadSelectHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        int op = args.peek();
        if (op != 'g' && op != 'c' && op != 's') {
            return Reply.unsupported();
        }
        args.next();
        ThreadId thread = args.threadId();
        args.expectEnd();
        if (op == 'g') {
            session.generalThread(thread);
        } else if (op == 'c') {
            session.continueThread(thread);
        }
        return Reply.ok();
    }
}
