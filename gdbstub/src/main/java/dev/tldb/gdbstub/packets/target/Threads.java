package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.protocol.ThreadId;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.target.ThreadInfo;

import java.util.Optional;

/** Shared lookups of the handlers: the thread gdb selected with {@code Hg}. */
final class Threads {
    private Threads() {
    }

    /** The thread {@code Hg} selected (the stopped one for "any"), or empty if it is gone. */
    static Optional<ThreadInfo> general(GdbSession session) {
        return TargetStub.of(session).resolve(session.generalThread());
    }

    /** The error for a selected thread that does not exist. */
    static Reply unknown(GdbSession session, ThreadId id) {
        return Reply.error(ErrorCodes.NOT_FOUND, "unknown thread " + session.format(id));
    }
}
