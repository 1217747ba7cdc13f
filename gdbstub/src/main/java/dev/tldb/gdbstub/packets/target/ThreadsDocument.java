package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.xfer.XferSource;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.target.ThreadInfo;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code qXfer:threads:read}: every thread as {@code <thread id="pPID.LWP" core="0"
 * name="..."/>}, in the target's order. gdb numbers threads in the order it learns them: the
 * stopped thread (from {@code ?}) first, then this list, so with a core's signalled thread listed
 * first gdb's thread numbers equal ours.
 */
public final class ThreadsDocument implements XferSource {
    @Override
    public Optional<byte[]> read(GdbSession session, String annex) {
        if (!annex.isEmpty()) {
            return Optional.empty();
        }
        TargetStub stub = TargetStub.of(session);
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<threads>\n");
        for (ThreadInfo t : stub.threads()) {
            sb.append("<thread id=\"").append(session.format(stub.idOf(t))).append("\" core=\"0\"");
            t.name().ifPresent(n -> sb.append(" name=\"").append(Xml.attr(n)).append('"'));
            sb.append("/>\n");
        }
        sb.append("</threads>\n");
        return Optional.of(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
