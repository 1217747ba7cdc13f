package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.protocol.ThreadId;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.Execution;
import dev.tldb.gdbstub.target.StopReplies;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.target.StopInfo;
import dev.tldb.target.TargetException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code vCont?}, {@code vCont;<action>[:<thread>]...}, and the old {@code c}, {@code s},
 * {@code C<sig>}, {@code S<sig>}: resuming.
 *
 * <p>A target with an {@link Execution} (a simulated process) runs until it stops; the reply is
 * the stop ({@code T}), an exit ({@code W}) or a kill ({@code X}). Ctrl-C from gdb reaches the
 * running execution through {@link TargetStub#interrupt()}.
 *
 * <p>A core cannot run. The reply is then console output saying so ({@code O} packets, which gdb
 * prints as they come) followed by a stop reply with signal 0 in the same thread: gdb prints the
 * message, then "[Thread ...] #1 stopped." and the frame, and the session goes on. Signal 0 is
 * deliberate: with SIGTRAP gdb's {@code step}/{@code next} would believe a step had finished at
 * the same pc and step again forever; with the core's own signal it would claim the program
 * received it again. An {@code E.} reply would only show "warning: Remote failure reply: E.…"
 * and leave gdb assuming an unexplained stop.
 */
public final class ResumeHandler implements PacketHandler {
    /** What gdb prints when asked to run a core. */
    public static final String CANNOT_RUN = "tldb: this target is a core dump: the program cannot run, step or "
            + "receive signals. It stays stopped where it died; inspect it with print, bt, info threads.\n";

    /** A resume runs until the target stops; gdb's Ctrl-C must still get through meanwhile. */
    @Override
    public boolean mayBlock() {
        return true;
    }

    @Override
    public Reply handle(GdbSession session, Request request) {
        if (request.name().equals("vCont") && request.args().peek() == '?') {
            PacketReader q = request.args();
            q.expect('?');
            q.expectEnd();
            // t (stop) only matters in non-stop mode; r (range step) we leave to gdb.
            return Reply.text("vCont;c;C;s;S;t");
        }
        List<Execution.Action> actions = parse(session, request);
        TargetStub stub = TargetStub.of(session);
        Optional<Execution> execution = stub.execution();
        if (execution.isEmpty()) {
            return cannotRun(session, stub);
        }
        Set<Execution.Breakpoint> breakpoints = Set.copyOf(session.state(BreakpointHandler.INSERTED));
        Execution.Interrupt interrupt = new Execution.Interrupt();
        stub.beginResume(interrupt);
        Execution.Outcome outcome;
        try {
            outcome = execution.get().resume(actions, breakpoints, interrupt);
        } catch (TargetException e) {
            return Reply.error(ErrorCodes.GENERIC, e.getMessage());
        } finally {
            stub.endResume();
        }
        String process = session.multiprocess() ? ";process:" + Hex.number(stub.pid()) : "";
        if (outcome instanceof Execution.Outcome.Stopped s) {
            session.generalThread(stub.idOf(s.stop().thread()));
            return Reply.text(StopReplies.stopped(session, stub, s.stop(), s.reason()));
        } else if (outcome instanceof Execution.Outcome.Exited e) {
            return Reply.text("W" + twoDigits(e.status()) + process);
        } else {
            int sig = dev.tldb.gdbstub.target.GdbSignals.fromLinux(((Execution.Outcome.Killed) outcome).signal());
            return Reply.text("X" + twoDigits(sig) + process);
        }
    }

    private static String twoDigits(int v) {
        return String.format("%02x", v & 0xff);
    }

    private static Reply cannotRun(GdbSession session, TargetStub stub) {
        StopInfo stop;
        try {
            stop = stub.stopInfo();
        } catch (TargetException e) {
            return Reply.error(ErrorCodes.GENERIC, "cannot run: " + e.getMessage());
        }
        // Report the thread gdb has selected if it exists, so gdb stays where the user was.
        StopInfo still = new StopInfo(Threads.general(session).orElse(stop.thread()), 0, "not resumed");
        return Reply.withConsole(CANNOT_RUN, Reply.text(StopReplies.stopped(session, stub, still, "")));
    }

    /** The actions of a vCont, or the single action of c/s/C/S (which apply to all threads). */
    static List<Execution.Action> parse(GdbSession session, Request request) {
        PacketReader args = request.args();
        List<Execution.Action> actions = new ArrayList<>();
        switch (request.name()) {
            case "c", "s" -> {
                skipAddress(args);
                actions.add(new Execution.Action(request.name().equals("c") ? Execution.Kind.CONTINUE
                        : Execution.Kind.STEP, 0, session.continueThread()));
            }
            case "C", "S" -> {
                int sig = args.hexInt();
                if (args.consume(';')) {
                    args.hex();
                }
                args.expectEnd();
                actions.add(new Execution.Action(request.name().equals("C") ? Execution.Kind.CONTINUE
                        : Execution.Kind.STEP, sig, session.continueThread()));
            }
            default -> { // vCont
                while (!args.atEnd()) {
                    args.expect(';');
                    int op = args.next();
                    Execution.Kind kind;
                    int sig = 0;
                    switch (op) {
                        case 'c' -> kind = Execution.Kind.CONTINUE;
                        case 's' -> kind = Execution.Kind.STEP;
                        case 't' -> kind = Execution.Kind.STOP;
                        case 'C', 'S' -> {
                            kind = op == 'C' ? Execution.Kind.CONTINUE : Execution.Kind.STEP;
                            sig = (int) readByte(args);
                        }
                        default -> throw args.error("unsupported vCont action '" + (char) op + "'");
                    }
                    ThreadId scope = args.consume(':') ? args.threadId() : ThreadId.ALL_THREADS;
                    actions.add(new Execution.Action(kind, sig, scope));
                }
                if (actions.isEmpty()) {
                    throw args.error("vCont without actions");
                }
            }
        }
        return actions;
    }

    private static long readByte(PacketReader args) {
        long v = args.hex();
        if (v > 0xff) {
            throw args.error("signal number out of range");
        }
        return v;
    }

    private static void skipAddress(PacketReader args) {
        if (!args.atEnd()) {
            args.hex(); // resume address: obsolete, ignored as gdbserver does
        }
        args.expectEnd();
    }
}
