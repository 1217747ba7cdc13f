package dev.tldb.sim.scenario;

import dev.tldb.sim.SimOptions;
import dev.tldb.target.Module;
import dev.tldb.target.Resumable.StopEvent;
import dev.tldb.target.TargetStack;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsAllocator;
import dev.tldb.target.TlsException;
import dev.tldb.target.UnallocatedTls;
import dev.tldb.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every scenario in samples/scenarios runs to its end (building the sample variant it loads
 * first), so the examples docs/scenarios.md points at keep working.
 */
class SampleScenariosTest {
    private static final Pattern BUILD = Pattern.compile("^load \\.\\./build/([\\w-]+)/", Pattern.MULTILINE);

    static Path samples() {
        return Samples.samplesDir();
    }

    static Stream<Path> scenarios() throws IOException {
        try (Stream<Path> s = Files.list(samples().resolve("scenarios"))) {
            return s.filter(p -> p.toString().endsWith(".tldbsim")).sorted().toList().stream();
        }
    }

    /** Builds the variant a scenario loads from samples/build (the test kit skips, or fails under CI, without its compiler). */
    static void buildFor(Path scenario) throws IOException {
        Matcher m = BUILD.matcher(Files.readString(scenario));
        if (m.find()) {
            Samples.variant(m.group(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void runsToItsEnd(Path scenario) throws IOException {
        buildFor(scenario);
        Simulation sim = Simulation.start(scenario, List.of());
        List<String> stops = new ArrayList<>();
        for (StopEvent e = sim.runToNextStop(); e instanceof StopEvent.Stopped s; e = sim.runToNextStop()) {
            stops.add(s.stop().reason());
        }
        assertThat(sim.finished()).isTrue();
        assertThat(stops).as("a scenario stops at least once").isNotEmpty();
    }

    @Test
    void theAllocateScenarioAsksForAllocation() {
        Simulation sim = Simulation.start(samples().resolve("scenarios/allocate-on-read.tldbsim"), List.of());
        sim.runToNextStop();
        assertThat(sim.process().options().unallocatedTls()).isEqualTo(UnallocatedTls.ALLOCATE);
        TargetStack stack = sim.stack();
        ThreadInfo alpha = stack.threads().get(1);
        Module plugin = stack.modules().stream().filter(m -> m.shortName().equals("libdemo-plugin.so")).findFirst()
                .orElseThrow();
        assertThatThrownBy(() -> stack.tlsAddress(alpha, plugin, 0))
                .isInstanceOfSatisfying(TlsException.class, e -> assertThat(e.error()).isEqualTo(TdError.TD_NOTALLOC));
        long block = stack.capability(TlsAllocator.class).orElseThrow().allocateTls(alpha, plugin);
        assertThat(stack.readUnsigned(stack.tlsAddress(alpha, plugin, 0), 4)).isEqualTo(5);
        assertThat(block).isEqualTo(stack.tlsAddress(alpha, plugin, 0));
        assertThat(SimOptions.defaults().unallocatedTls()).isEqualTo(UnallocatedTls.ERROR);
    }
}
