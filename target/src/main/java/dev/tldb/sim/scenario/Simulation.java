package dev.tldb.sim.scenario;

import dev.tldb.error.TldbException;
import dev.tldb.sim.SimOptions;
import dev.tldb.sim.SimProcess;
import dev.tldb.target.Resumable.StopEvent;
import dev.tldb.target.TargetStack;
import dev.tldb.target.UnallocatedTls;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A scenario running in a simulated process. {@link #start} applies the settings and loads the
 * program (the process exists, stopped before {@code main}); each {@link #runToNextStop} then
 * executes commands up to and including the next {@code stop NAME} and reports it, or runs to the
 * end and reports that the program exited. That is what gdb's {@code continue} triggers through
 * the remote stub (the process's {@link dev.tldb.target.Resumable} capability calls it).
 *
 * <p>An error stops the scenario where it happened: the exception names the file and line, the
 * process keeps the state reached before that command, and later calls report the same error.
 */
public final class Simulation {
    private final Scenario scenario;
    private final SimProcess process;
    private int next;
    private ScenarioException failure;
    private StopEvent last;

    private Simulation(Scenario scenario, SimProcess process, int next) {
        this.scenario = scenario;
        this.process = process;
        this.next = next;
    }

    /** Reads and starts a scenario file ({@code searchPath} as in {@link Scenario#parse(Path, List)}). */
    public static Simulation start(Path file, List<Path> searchPath) {
        return start(Scenario.parse(file, searchPath), SimOptions.defaults());
    }

    /** Applies the settings (over {@code base}), loads the program and stops before {@code main}. */
    public static Simulation start(Scenario scenario, SimOptions base) {
        SimOptions options = base.withLibraryDir(scenario.directory());
        List<Command> cmds = scenario.commands();
        int i = 0;
        for (; i < cmds.size(); i++) {
            Command c = cmds.get(i);
            if (c instanceof Command.Setting s) {
                options = apply(options, s);
            } else if (c instanceof Command.Load load) {
                SimProcess p;
                try {
                    p = SimProcess.start(load.program(), options);
                } catch (TldbException e) {
                    throw new ScenarioException(scenario.name(), load.line(), e.getMessage());
                }
                Simulation sim = new Simulation(scenario, p, i + 1);
                p.setDriver(sim::runToNextStop);
                return sim;
            }
        }
        throw new ScenarioException(scenario.name(), 1, "no load command: a scenario must load a program");
    }

    private static SimOptions apply(SimOptions o, Command.Setting s) {
        return switch (s.key()) {
            case "library-path" -> o.withLibraryDir(Path.of(s.value()));
            case "sysroot" -> o.withSysroot(Path.of(s.value()));
            case "libc" -> o.withLoadLibc(!s.value().equals("none"));
            case "pid" -> o.withPid(Long.parseLong(s.value()));
            case "stack-size" -> o.withStackSize(Long.parseLong(s.value()));
            case "unallocated-tls" -> o.withUnallocatedTls(UnallocatedTls.of(s.value()).orElseThrow());
            default -> throw new IllegalStateException(s.key());
        };
    }

    public Scenario scenario() {
        return scenario;
    }

    public SimProcess process() {
        return process;
    }

    /** The process's target stack (files, the process, the simulated libthread_db). */
    public TargetStack stack() {
        return process.stack();
    }

    /** Whether every command has run. */
    public synchronized boolean finished() {
        return next >= scenario.commands().size();
    }

    /**
     * The index in {@link Scenario#commands()} of the next command to run: after a stop, the one
     * after that {@code stop} line; the number of commands once finished.
     */
    public synchronized int position() {
        return next;
    }

    /** The line of the last command run (the {@code stop} the process is at), or 0 if none ran yet. */
    public synchronized int lastLine() {
        List<Command> cmds = scenario.commands();
        return next > 0 && next <= cmds.size() ? cmds.get(next - 1).line() : 0;
    }

    /** The scenario error that stopped the run, if one did (every later run reports it again). */
    public synchronized Optional<ScenarioException> failure() {
        return Optional.ofNullable(failure);
    }

    /** The last stop reached or the exit, if the scenario has run at all. */
    public synchronized Optional<StopEvent> lastEvent() {
        return Optional.ofNullable(last);
    }

    /**
     * Runs commands up to and including the next {@code stop}; returns that stop, or
     * {@link StopEvent.Exited} when the scenario has no more stops.
     */
    public synchronized StopEvent runToNextStop() {
        if (failure != null) {
            throw failure;
        }
        List<Command> cmds = scenario.commands();
        while (next < cmds.size()) {
            Command c = cmds.get(next++);
            try {
                Optional<StopEvent> stop = execute(c);
                if (stop.isPresent()) {
                    last = stop.get();
                    return last;
                }
            } catch (ScenarioException e) {
                failure = e;
                throw e;
            } catch (TldbException e) {
                failure = new ScenarioException(scenario.name(), c.line(), e.getMessage());
                throw failure;
            }
        }
        last = new StopEvent.Exited(0);
        return last;
    }

    private Optional<StopEvent> execute(Command c) {
        if (c instanceof Command.CreateThread t) {
            process.createThread(t.name(), t.function());
        } else if (c instanceof Command.ExitThread t) {
            process.exitThread(t.name());
        } else if (c instanceof Command.Dlopen d) {
            process.dlopen(d.file(), d.thread());
        } else if (c instanceof Command.Dlclose d) {
            process.dlclose(d.file());
        } else if (c instanceof Command.Touch t) {
            process.touch(t.thread(), t.module());
        } else if (c instanceof Command.Set s) {
            process.setTls(s.thread(), s.variable(), s.value());
        } else if (c instanceof Command.At a) {
            process.setFunction(a.thread(), a.function());
        } else if (c instanceof Command.Stop s) {
            return Optional.of(new StopEvent.Stopped(process.stop(s.name(), s.thread())));
        } else if (c instanceof Command.Setting s) {
            throw new ScenarioException(scenario.name(), s.line(), "settings come before load");
        } else if (c instanceof Command.Load l) {
            throw new ScenarioException(scenario.name(), l.line(), "a scenario loads one program");
        }
        return Optional.empty();
    }
}
