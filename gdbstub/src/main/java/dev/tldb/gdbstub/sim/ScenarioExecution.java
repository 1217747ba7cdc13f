package dev.tldb.gdbstub.sim;

import dev.tldb.abi.Registers;
import dev.tldb.gdbstub.target.Execution;
import dev.tldb.sim.scenario.ScenarioException;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.Module;
import dev.tldb.target.Resumable.StopEvent;
import dev.tldb.target.StopInfo;
import dev.tldb.target.TargetException;
import dev.tldb.target.ThreadInfo;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How gdb's {@code continue} (and {@code step}, {@code next}: any resume) moves a simulated
 * process: the scenario runs to its next {@code stop} line, and the stop is reported in the
 * thread the scenario names, after a line of console output that says which stop it is (gdb 13
 * has no other place to show a stop's name).
 *
 * <p><b>Libraries.</b> When the link map changed on the way (a {@code dlopen} or {@code dlclose}),
 * the stop is held back and a library event goes first: a stop reply with {@code library:}, which
 * gdb 13 turns into {@code TARGET_WAITKIND_LOADED} (remote.c, {@code remote_parse_stop_reply}).
 * infrun then re-reads the library list ({@code handle_solib_event}: {@code qXfer:libraries-svr4},
 * or the link map in memory) and resumes by itself, silently; that resume is answered with the
 * held-back stop, without running anything. A real process tells gdb through a breakpoint on the
 * dynamic linker's {@code r_brk} (or its SystemTap probes), code a simulation does not run.
 *
 * <p><b>Signals.</b> A scenario stop is reported with signal 0, which gdb 13 prints as
 * "Thread 1 "main" stopped." and never delivers. Not the scenario's SIGTRAP: gdb's {@code next}
 * and {@code step} take a SIGTRAP at a pc still inside the line being stepped for a finished
 * single step and resume again, so one {@code next} would run through every stop to the exit (a
 * simulated thread's pc does not move). {@code ?} still answers SIGTRAP: gdb prints nothing for
 * it on connecting. When the stopping thread's pc is where gdb inserted a breakpoint, the reply
 * is SIGTRAP with {@code swbreak}/{@code hwbreak} (we advertise both), and gdb reports
 * "Breakpoint N, worker ...".
 *
 * <p><b>Errors.</b> A scenario error (an unknown thread at line 12) is console output and a stop
 * with signal 0 where the process was: the process keeps the state it reached, and every later
 * resume reports the same error. The end of the scenario is the program's exit ({@code W00}).
 */
final class ScenarioExecution implements Execution {
    private final Simulation sim;
    /** The stop behind a library event, answered to the next resume. */
    private Outcome pending;
    /** The link map gdb saw last: {@code link_map} addresses, in order. */
    private List<Long> reportedLinkMap;
    private boolean exited;

    ScenarioExecution(Simulation sim) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.reportedLinkMap = linkMap();
    }

    @Override
    public synchronized Outcome resume(List<Action> actions, Set<Breakpoint> breakpoints, Interrupt interrupt) {
        if (pending != null) {
            Outcome o = pending;
            pending = null;
            return o;
        }
        if (exited) {
            return new Outcome.Exited(0, "");
        }
        StopEvent event;
        try {
            event = sim.runToNextStop();
        } catch (ScenarioException e) {
            return failed(e);
        }
        if (event instanceof StopEvent.Exited x) {
            exited = true;
            return new Outcome.Exited(x.status(), "tldb: end of scenario " + sim.scenario().name()
                    + ": no more stops, the program exits\n");
        }
        StopInfo stop = ((StopEvent.Stopped) event).stop();
        String breakpoint = breakpointKind(stop.thread(), breakpoints);
        StopInfo reported = breakpoint.isEmpty() ? new StopInfo(stop.thread(), 0, stop.reason()) : stop;
        Outcome stopped = new Outcome.Stopped(reported, breakpoint,
                "tldb: scenario stop " + stop.reason() + " (" + sim.scenario().name() + ":" + sim.lastLine() + ")\n");
        List<Long> now = linkMap();
        if (now.equals(reportedLinkMap)) {
            return stopped;
        }
        reportedLinkMap = now;
        pending = stopped;
        return new Outcome.Stopped(stop, "library", "");
    }

    /** The error as console output, and a signal-0 stop where the process stands. */
    private Outcome failed(ScenarioException e) {
        ThreadInfo where = currentThread();
        return new Outcome.Stopped(new StopInfo(where, 0, "scenario error"), "",
                "tldb: scenario error: " + e.getMessage() + "\ntldb: the process stays where it is; "
                        + "every later continue reports this again\n");
    }

    /** The thread of the last stop if it still exists, else the first thread. */
    private ThreadInfo currentThread() {
        List<ThreadInfo> threads = sim.stack().threads();
        try {
            ThreadInfo last = sim.stack().stopInfo().thread();
            for (ThreadInfo t : threads) {
                if (t.lwp() == last.lwp()) {
                    return t;
                }
            }
        } catch (TargetException e) {
            // no stop yet: fall through
        }
        return threads.get(0);
    }

    /** {@code swbreak}/{@code hwbreak} when the thread's pc is at a breakpoint gdb inserted, else empty. */
    private String breakpointKind(ThreadInfo thread, Set<Breakpoint> breakpoints) {
        if (breakpoints.isEmpty()) {
            return "";
        }
        long pc;
        try {
            Registers regs = sim.stack().registers(thread);
            pc = regs.get(sim.stack().abi().arch().pcRegister()).orElse(-1L);
        } catch (TargetException e) {
            return "";
        }
        for (Breakpoint b : breakpoints) {
            if (b.address() == pc && (b.type() == 0 || b.type() == 1)) {
                return b.type() == 0 ? "swbreak" : "hwbreak";
            }
        }
        return "";
    }

    private List<Long> linkMap() {
        return sim.stack().modules().stream().map(Module::lmAddress).toList();
    }
}
