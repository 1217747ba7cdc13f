package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.session.SessionKey;
import dev.tldb.gdbstub.target.Execution;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code Z<type>,<addr>,<kind>} / {@code z...}: insert and remove breakpoints (0 software, 1
 * hardware) and watchpoints (2 write, 3 read, 4 access). They are accepted and remembered per
 * connection, and handed to the target's {@link Execution} on every resume.
 *
 * <p>Why accept them on a core, which never runs: gdb inserts breakpoints only when it resumes.
 * Refusing {@code Z0} makes gdb fall back to writing a trap instruction into memory (our overlay)
 * and back; refusing with an error makes {@code continue} fail with "Cannot insert breakpoint".
 * Accepting lets {@code continue} reach the resume handler, which says plainly that a core cannot
 * run. Conditions and commands after {@code ;} are not advertised, so gdb does not send them;
 * they would be ignored.
 */
public final class BreakpointHandler implements PacketHandler {
    /** The breakpoints and watchpoints gdb has inserted on this connection. */
    public static final SessionKey<Set<Execution.Breakpoint>> INSERTED =
            new SessionKey<>("breakpoints", LinkedHashSet::new);
    /** A bound on what one debugger may insert (gdb itself inserts a few dozen at most). */
    static final int MAX = 4096;

    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        int type = args.hexInt();
        args.expect(',');
        long address = args.hex();
        args.expect(',');
        int kind = args.hexInt();
        if (!args.atEnd()) {
            args.expect(';'); // cond_list / cmds: not negotiated, ignored
            args.rest();
        }
        if (type > 4) {
            return Reply.unsupported();
        }
        Set<Execution.Breakpoint> set = session.state(INSERTED);
        Execution.Breakpoint bp = new Execution.Breakpoint(type, address, kind);
        if (request.name().equals("Z")) {
            if (set.size() >= MAX && !set.contains(bp)) {
                return Reply.error(0x1c, "too many breakpoints (" + MAX + ")");
            }
            set.add(bp);
        } else {
            set.remove(bp);
        }
        return Reply.ok();
    }
}
