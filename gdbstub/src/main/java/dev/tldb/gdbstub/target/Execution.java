package dev.tldb.gdbstub.target;

import dev.tldb.target.Resumable;
import dev.tldb.target.StopInfo;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A target that can run: what {@code vCont}, {@code c} and {@code s} need. A core file has none
 * (the resume handlers then answer that it cannot run); a simulated process runs its scenario to
 * the next stop point. Kept to the protocol's terms so an adapter over the target module's own
 * resume capability stays a few lines.
 */
public interface Execution {

    /**
     * A target module {@link Resumable} (the simulated process) as an execution: every resume runs
     * the program to its next stop point, whatever the actions say (a scenario decides where it
     * stops), and reports the stop as a breakpoint-free stop or the exit. Ctrl-C has nothing to
     * interrupt: a scenario step is short.
     */
    static Execution of(Resumable resumable) {
        Objects.requireNonNull(resumable, "resumable");
        return (actions, breakpoints, interrupt) -> {
            Resumable.StopEvent event = resumable.resume();
            if (event instanceof Resumable.StopEvent.Exited e) {
                return new Outcome.Exited(e.status());
            }
            return new Outcome.Stopped(((Resumable.StopEvent.Stopped) event).stop(), "");
        };
    }

    /**
     * Resumes as {@code actions} say and blocks until the target stops or ends. Runs on the
     * connection's handler thread; {@code interrupt} is raised from the network thread when gdb
     * sends Ctrl-C, and the run must then stop promptly (reported as SIGINT, as gdbserver does).
     *
     * @param actions     what each thread does, in gdb's order (the first matching action wins)
     * @param breakpoints the breakpoints gdb inserted with {@code Z}, to stop at
     */
    Outcome resume(List<Action> actions, Set<Breakpoint> breakpoints, Interrupt interrupt);

    /** What a thread (or group of threads) should do. */
    enum Kind { CONTINUE, STEP, STOP }

    /**
     * One {@code vCont} action.
     *
     * @param kind   continue, step or stop
     * @param signal the signal to deliver on resuming (gdb's numbering), 0 for none
     * @param thread the threads it applies to: a specific thread, a process, or all
     */
    record Action(Kind kind, int signal, dev.tldb.gdbstub.protocol.ThreadId thread) {
        public Action {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(thread, "thread");
        }
    }

    /**
     * A breakpoint or watchpoint from {@code Z<type>,<addr>,<kind>}: type 0 software, 1 hardware
     * breakpoint, 2 write, 3 read, 4 access watchpoint; {@code kind} is the breakpoint's length
     * in gdb's sense.
     */
    record Breakpoint(int type, long address, int kind) {}

    /** How a resume ended. */
    sealed interface Outcome {
        /**
         * Stopped again. {@code reason} is a stop-reply reason gdb understands, e.g.
         * {@code swbreak} (we advertise swbreak+, so a breakpoint stop must say so), or empty.
         */
        record Stopped(StopInfo stop, String reason) implements Outcome {}

        /** The process exited with this status ({@code W}). */
        record Exited(int status) implements Outcome {}

        /** The process was killed by this (host) signal ({@code X}). */
        record Killed(int signal) implements Outcome {}
    }

    /** Raised when gdb sends Ctrl-C during a resume; an execution polls it or registers a callback. */
    final class Interrupt {
        private volatile boolean requested;
        private volatile Runnable callback = () -> { };

        public boolean requested() {
            return requested;
        }

        /** Called on the network thread: must not block. */
        public void interrupt() {
            requested = true;
            callback.run();
        }

        /** Runs {@code r} on interrupt (at once if already interrupted); must not block. */
        public void onInterrupt(Runnable r) {
            callback = Objects.requireNonNull(r, "r");
            if (requested) {
                r.run();
            }
        }
    }
}
