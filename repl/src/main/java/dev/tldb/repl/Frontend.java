package dev.tldb.repl;

import dev.tldb.error.TldbException;
import dev.tldb.repl.commands.Announce;
import dev.tldb.repl.script.ScriptRunner;
import dev.tldb.sim.scenario.Simulation;

import java.time.Duration;
import java.util.Optional;

/**
 * What the REPL and a batch run share: opening the first target and running the start-up steps,
 * each failure one line, and the exit status those give (0 all well, 1 a command or a check
 * failed).
 */
final class Frontend {
    private Frontend() {}

    /** Opens the chosen target; returns {@link Interpreter#OK} or {@link Interpreter#FAILED} (already reported). */
    static int openTarget(Interpreter in, Startup.TargetChoice choice, boolean interactive) {
        Debugger dbg = in.debugger();
        Targets targets = dbg.targets();
        try {
            if (choice instanceof Startup.TargetChoice.None) {
                return Interpreter.OK;
            } else if (choice instanceof Startup.TargetChoice.Demo) {
                Simulation sim = targets.demo();
                dbg.open(Targets.of(sim, "the built-in demo"));
                if (interactive) {
                    dbg.console().out().println("tldb " + dev.tldb.cli.VersionProvider.version()
                            + ": the built-in demo, a simulated x86-64 glibc process (tldb --help for other targets).");
                    Announce.simulation(dbg, sim, "the built-in demo");
                }
            } else if (choice instanceof Startup.TargetChoice.Scenario s) {
                Simulation sim = targets.scenario(s.file());
                dbg.open(Targets.of(sim, "sim " + s.file()));
                if (interactive) {
                    Announce.simulation(dbg, sim, s.file().toString());
                }
            } else if (choice instanceof Startup.TargetChoice.File f) {
                dbg.open(targets.file(f.program()));
                dbg.setProgramFile(Optional.of(f.program()));
            } else if (choice instanceof Startup.TargetChoice.Core c) {
                dbg.open(targets.core(c.core(), c.program()));
                c.program().ifPresent(p -> dbg.setProgramFile(Optional.of(p)));
            } else if (choice instanceof Startup.TargetChoice.Remote r) {
                var t = targets.remote(r.address(), r.program(), Duration.ofSeconds(10));
                dbg.console().out().println("Remote debugging using " + r.address());
                dbg.open(t);
                r.program().ifPresent(p -> dbg.setProgramFile(Optional.of(p)));
                if (!dbg.stack().threads().isEmpty()) {
                    dbg.console().out().println(dbg.frame(dbg.thread()));
                }
            }
            dbg.console().flush();
            return Interpreter.OK;
        } catch (Cancelled e) {
            return in.report("Quit");
        } catch (TldbException e) {
            return in.report(e.getMessage());
        }
    }

    /** Runs the {@code -ex}/{@code -x} steps in order; the worst status wins. */
    static int runSteps(Interpreter in, Startup startup) {
        int status = Interpreter.OK;
        ScriptRunner scripts = new ScriptRunner(in);
        for (Startup.Step step : startup.steps()) {
            if (in.debugger().quitRequested()) {
                break;
            }
            int r;
            try {
                r = step instanceof Startup.Step.Command c ? in.execute(c.line())
                        : scripts.run(((Startup.Step.Script) step).file());
            } catch (TldbException e) {
                r = in.report(e.getMessage());
            }
            status = worse(status, r);
        }
        return status;
    }

    static int worse(int a, int b) {
        return a != Interpreter.OK ? a : b;
    }
}
