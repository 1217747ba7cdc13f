package dev.tldb.repl.commands;

import dev.tldb.repl.Debugger;
import dev.tldb.sim.scenario.Command.Stop;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.ThreadInfo;

import java.util.List;

/** What tldb says when a target opens. */
public final class Announce {
    private Announce() {}

    /** A freshly started simulation: which process, and where {@code continue} will take it. */
    public static void simulation(Debugger dbg, Simulation sim, String what) {
        List<String> stops = sim.scenario().commands().stream().filter(c -> c instanceof Stop)
                .map(c -> ((Stop) c).name()).toList();
        ThreadInfo main = dbg.thread();
        dbg.console().out().println("Simulated process " + main.pid() + " (" + dbg.stack().abi().describe() + ") from "
                + what + ", stopped before main.");
        if (!stops.isEmpty()) {
            dbg.console().out().println("continue runs it to its next stop: " + String.join(", ", stops) + ".");
        }
    }
}
