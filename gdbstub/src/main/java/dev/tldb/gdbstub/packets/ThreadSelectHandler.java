package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.protocol.ThreadId;
import dev.tldb.gdbstub.session.GdbSession;

import java.util.Optional;

/**
 * {@code Hg<thread-id>} and {@code Hc<thread-id>}: select the thread for register/memory access
 * and for old-style continue. Protocol level only: any well-formed id is accepted and recorded.
 * A target-backed server should answer {@code E} for a thread that does not exist, as gdbserver
 * does (gdb ignores the answer to {@code Hc} but not to {@code Hg}): it passes a
 * {@link GeneralThreadCheck} (see {@code TargetThreadSelectHandler}).
 *
 * <p>{@code Hs} (step thread, obsolete) is accepted and ignored; other letters get the empty reply,
 * which is what gdbserver does "so that gdb can extend the protocol".
 */
public final class ThreadSelectHandler implements PacketHandler {

    /** Whether {@code Hg} may select {@code thread}: empty to accept it, else the reply that refuses it. */
    @FunctionalInterface
    public interface GeneralThreadCheck {
        Optional<Reply> refusal(GdbSession session, ThreadId thread);
    }

    private final GeneralThreadCheck generalCheck;

    /** Accepts any well-formed thread id. */
    public ThreadSelectHandler() {
        this((session, thread) -> Optional.empty());
    }

    /** Lets {@code generalCheck} refuse the thread of an {@code Hg}; {@code Hc} is always recorded. */
    public ThreadSelectHandler(GeneralThreadCheck generalCheck) {
        this.generalCheck = generalCheck;
    }

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
            Optional<Reply> refusal = generalCheck.refusal(session, thread);
            if (refusal.isPresent()) {
                return refusal.get();
            }
            session.generalThread(thread);
        } else if (op == 'c') {
            session.continueThread(thread);
        }
        return Reply.ok();
    }
}
