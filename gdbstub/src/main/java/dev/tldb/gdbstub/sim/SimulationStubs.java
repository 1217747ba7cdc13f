package dev.tldb.gdbstub.sim;

import dev.tldb.gdbstub.files.ServedFiles;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.gdbstub.target.TargetStubFactory;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.UnallocatedTls;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Serving a scenario: <b>every connection runs its own copy of the simulation</b>, started afresh
 * from the same scenario (stopped before {@code main}). gdb's {@code continue} moves only the
 * debugger that sent it; a second debugger connecting meanwhile starts at the beginning, and
 * what one writes ({@code set var}) or allocates stays in its copy. A shared process would make
 * one user's {@code continue} change threads and libraries under another's feet, with no stop
 * reply to tell them (all-stop gdb expects to be the only one resuming). Starting a copy costs
 * mapping the files and the C library's start-up, milliseconds for the demo (memory is generated
 * when read, so threads cost little until touched).
 */
public final class SimulationStubs {
    private SimulationStubs() {
    }

    /**
     * Stubs that each start a simulation with {@code start}. {@code policy}, when present,
     * overrides the scenario's own {@code unallocated-tls} setting for {@code qGetTLSAddr}.
     */
    public static TargetStubFactory factory(Supplier<Simulation> start, Optional<UnallocatedTls> policy) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(policy, "policy");
        return TargetStubFactory.of(id -> stub(start.get(), policy));
    }

    /** The stub of one connection over its own {@code sim}. */
    public static TargetStub stub(Simulation sim, Optional<UnallocatedTls> policy) {
        UnallocatedTls effective = policy.orElse(sim.process().options().unallocatedTls());
        return TargetStub.builder(sim.stack())
                .execution(new ScenarioExecution(sim))
                .files(ServedFiles.following(sim.stack()))
                .unallocatedTls(effective)
                .notes(sim.process().warnings())
                .monitorCommand(ScenarioMonitor.command(sim, effective))
                .build();
    }
}
