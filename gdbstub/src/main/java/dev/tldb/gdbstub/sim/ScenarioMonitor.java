package dev.tldb.gdbstub.sim;

import dev.tldb.gdbstub.target.TargetMonitorCommand;
import dev.tldb.sim.scenario.Command;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.Resumable.StopEvent;
import dev.tldb.target.UnallocatedTls;

import java.util.List;

/**
 * {@code monitor scenario}: where this connection's run of the scenario is (which stop, which
 * line), where the next {@code continue} will stop, and the unallocated-TLS policy in force.
 * gdb 13 shows a stop's name only in the console line printed when it is reached; this says it
 * again at any time.
 */
final class ScenarioMonitor {
    private ScenarioMonitor() {
    }

    static TargetMonitorCommand command(Simulation sim, UnallocatedTls policy) {
        return new TargetMonitorCommand("scenario",
                "scenario               this connection's run of the scenario: the stop it is at, the next one",
                args -> report(sim, policy));
    }

    static String report(Simulation sim, UnallocatedTls policy) {
        StringBuilder sb = new StringBuilder();
        sb.append("Scenario ").append(sim.scenario().name()).append(" (").append(sim.scenario().directory())
                .append("): simulated process ").append(sim.process().options().pid()).append(" of ")
                .append(sim.process().executablePath().map(Object::toString).orElse("?")).append(" (")
                .append(sim.stack().abi().describe()).append(")\n");
        sb.append("At:   ").append(where(sim)).append('\n');
        sb.append("Next: ").append(next(sim)).append('\n');
        sb.append("Unallocated TLS: ").append(policy.keyword()).append(switch (policy) {
            case ERROR -> " (reading a block a thread has not allocated is an error; monitor tls-error says why)";
            case ALLOCATE -> " (reading a block a thread has not allocated allocates it, as its first access would)";
            case INIT_IMAGE -> " (served as error: the init image has no address in the process)";
        }).append('\n');
        sb.append("Each debugger connected to this server has its own run of the scenario, from the start.\n");
        return sb.toString();
    }

    private static String where(Simulation sim) {
        if (sim.failure().isPresent()) {
            return "stopped by a scenario error: " + sim.failure().get().getMessage();
        }
        return sim.lastEvent().map(e -> e instanceof StopEvent.Stopped s
                ? "stop " + s.stop().reason() + " (line " + sim.lastLine() + "), in " + s.stop().thread().describe()
                : "the end: the program exited with status " + ((StopEvent.Exited) e).status())
                .orElse("the start: stopped before main (line " + sim.lastLine() + " loaded the program)");
    }

    private static String next(Simulation sim) {
        List<Command> cmds = sim.scenario().commands();
        if (sim.failure().isPresent()) {
            return "nothing: the run failed";
        }
        if (sim.finished()) {
            return sim.lastEvent().filter(e -> e instanceof StopEvent.Exited).isPresent()
                    ? "nothing: the program has exited" : "continue ends the program (no more stops)";
        }
        int from = cmds.get(sim.position()).line();
        for (int i = sim.position(); i < cmds.size(); i++) {
            if (cmds.get(i) instanceof Command.Stop s) {
                return "continue runs lines " + from + "-" + s.line() + " to stop " + s.name();
            }
        }
        return "continue runs lines " + from + "-" + cmds.get(cmds.size() - 1).line()
                + " and ends the program (no more stops)";
    }
}
