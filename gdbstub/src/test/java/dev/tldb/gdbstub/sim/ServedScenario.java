package dev.tldb.gdbstub.sim;

import dev.tldb.gdbstub.packets.target.TargetPackets;
import dev.tldb.gdbstub.server.GdbServer;
import dev.tldb.sim.SimOptions;
import dev.tldb.sim.scenario.Scenario;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.UnallocatedTls;
import dev.tldb.testkit.Samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scenario served on a free port of 127.0.0.1 the way {@code tldb serve --scenario} serves it:
 * every connection starts its own simulation of it.
 */
final class ServedScenario implements AutoCloseable {
    private static final Pattern BUILD = Pattern.compile("^load \\.\\./build/([\\w-]+)/", Pattern.MULTILINE);

    final Scenario scenario;
    final GdbServer server;
    final int port;

    private ServedScenario(Scenario scenario, GdbServer server) {
        this.scenario = scenario;
        this.server = server;
        this.port = server.start().getPort();
    }

    static ServedScenario serve(Path file) {
        return serve(file, Optional.empty(), TargetPackets.Options.DEFAULT);
    }

    static ServedScenario serve(Path file, Optional<UnallocatedTls> policy, TargetPackets.Options options) {
        buildFor(file);
        return serve(Scenario.parse(file, List.of()), policy, options);
    }

    static ServedScenario serve(Scenario scenario, Optional<UnallocatedTls> policy, TargetPackets.Options options) {
        GdbServer server = GdbServer.builder()
                .port(0)
                .dispatcher(TargetPackets.dispatcher(options))
                .targets(SimulationStubs.factory(() -> Simulation.start(scenario, SimOptions.defaults()), policy))
                .build();
        return new ServedScenario(scenario, server);
    }

    /** The samples/scenarios file {@code name}. */
    static Path sample(String name) {
        return Samples.samplesDir().resolve("scenarios").resolve(name);
    }

    /** Builds the sample variant a scenario loads from samples/build (skips, or fails under CI, without its compiler). */
    static void buildFor(Path scenario) {
        try {
            Matcher m = BUILD.matcher(Files.readString(scenario));
            if (m.find()) {
                Samples.variant(m.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String targetRemote() {
        return "target remote 127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.close();
    }
}
