package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.target.ThreadInfo;

import java.util.StringJoiner;

/**
 * {@code qfThreadInfo} / {@code qsThreadInfo}: the thread list for clients that do not read
 * {@code qXfer:threads}. Every thread goes into the first reply ({@code m<id>,<id>...}; a
 * thread-id is at most 35 characters, so thousands fit one 128 KiB packet), and the follow-up
 * says {@code l}, the end.
 */
public final class ThreadListHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        request.args().expectEnd();
        if (request.name().equals("qsThreadInfo")) {
            return Reply.text("l");
        }
        TargetStub stub = TargetStub.of(session);
        StringJoiner ids = new StringJoiner(",", "m", "");
        for (ThreadInfo t : stub.threads()) {
            ids.add(session.format(stub.idOf(t)));
        }
        return stub.threads().isEmpty() ? Reply.text("l") : Reply.text(ids.toString());
    }
}
