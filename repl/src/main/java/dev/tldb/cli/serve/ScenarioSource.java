package dev.tldb.cli.serve;

import dev.tldb.abi.Arch;
import dev.tldb.gdbstub.sim.SimulationStubs;
import dev.tldb.gdbstub.target.TargetStubFactory;
import dev.tldb.sim.SimOptions;
import dev.tldb.sim.scenario.BuiltinDemo;
import dev.tldb.sim.scenario.Scenario;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.UnallocatedTls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scenario served as a simulated process ({@code --scenario FILE}, or the built-in demo when
 * {@code tldb serve} has no target arguments). The scenario is read and started once here, so
 * that its errors (syntax, missing files) are reported before listening, and that start becomes
 * the first connection's process; every later connection starts its own copy
 * ({@link SimulationStubs}: one debugger's {@code continue} must not move another's process).
 */
public final class ScenarioSource implements ServeSource {
    private final Scenario scenario;
    private final SimOptions options;
    private final Simulation first;
    private final boolean demo;
    private final TargetStubFactory targets;
    private final List<String> warnings = new ArrayList<>();
    private final Optional<UnallocatedTls> policy;
    private Simulation unused;

    private ScenarioSource(Scenario scenario, SimOptions options, Optional<UnallocatedTls> policy, boolean demo) {
        this.scenario = scenario;
        this.options = options;
        this.policy = policy;
        this.demo = demo;
        this.first = Simulation.start(scenario, options);
        this.unused = first;
        warnings.addAll(first.process().warnings());
        if (effectivePolicy() == UnallocatedTls.INIT_IMAGE) {
            warnings.add("unallocated-tls init-image cannot be served: qGetTLSAddr answers an address and the init image "
                    + "has none in the process; gdb gets an error (use allocate to make the block exist)");
        }
        this.targets = SimulationStubs.factory(this::simulation, policy);
    }

    /**
     * The scenario in {@code file}. {@code searchDirs}: where its relative paths also resolve, and
     * where libraries are also looked for by name; {@code sysroots}: extra roots holding the
     * target's {@code lib/} (as the scenario's {@code sysroot} setting).
     */
    public static ScenarioSource open(Path file, List<Path> searchDirs, List<Path> sysroots,
                                      Optional<UnallocatedTls> policy) {
        SimOptions o = SimOptions.defaults();
        for (Path s : sysroots) {
            o = o.withSysroot(s);
        }
        for (Path d : searchDirs) {
            o = o.withLibraryDir(d);
        }
        return new ScenarioSource(Scenario.parse(file, searchDirs), o, policy, false);
    }

    /** The built-in demo, its files unpacked in the cache folder so the printed gdb command names a real program. */
    public static ScenarioSource demo(Optional<UnallocatedTls> policy) {
        return new ScenarioSource(BuiltinDemo.cachedScenario(), SimOptions.defaults(), policy, true);
    }

    /** The simulation of a new connection: the one started up front, once, then fresh copies. */
    private synchronized Simulation simulation() {
        if (unused != null) {
            Simulation s = unused;
            unused = null;
            return s;
        }
        return Simulation.start(scenario, options);
    }

    private UnallocatedTls effectivePolicy() {
        return policy.orElse(first.process().options().unallocatedTls());
    }

    @Override
    public TargetStubFactory targets() {
        return targets;
    }

    @Override
    public String description() {
        return (demo ? "the built-in demo (" + scenario.name() + ")" : "scenario " + scenario.name()) + ": simulated process "
                + first.process().options().pid() + " of " + executable().map(Path::toString).orElse("?") + " ("
                + first.stack().abi().describe() + ", " + first.stack().threads().size() + " thread"
                + (first.stack().threads().size() == 1 ? "" : "s") + ", stopped before main)" + System.lineSeparator()
                + "Each debugger that connects gets its own run of the scenario; 'continue' runs it to its next stop. "
                + "Unallocated TLS: " + effectivePolicy().keyword() + ".";
    }

    @Override
    public Arch arch() {
        return first.stack().abi().arch();
    }

    @Override
    public Optional<Path> executable() {
        return first.process().executablePath().map(p -> p.toAbsolutePath().normalize());
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        // Nothing to release: a simulation's files are mapped read-only and dropped with it.
    }
}
