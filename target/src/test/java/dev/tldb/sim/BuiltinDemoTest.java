package dev.tldb.sim;

import dev.tldb.sim.scenario.BuiltinDemo;
import dev.tldb.sim.scenario.Scenario;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.Module;
import dev.tldb.target.Resumable;
import dev.tldb.target.Resumable.StopEvent;
import dev.tldb.target.TargetStack;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsAllocator;
import dev.tldb.target.TlsException;
import dev.tldb.threaddb.TlsInspector;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The built-in demo from the jar's resources: five threads with distinct values, the plugin
 * touched by main, beta and delta only; resumed stop by stop through the process's
 * {@link Resumable} capability (what gdb's continue will use); unallocated TLS allocated on
 * request through {@link TlsAllocator}; and the same demo without libc.so.6 (the ABI-only path).
 */
class BuiltinDemoTest {
    // samples/README.md: thread i counts to 10 * (i + 1); the even ones touch the plugin (500 + i).
    private static final Map<String, Long> COUNTER = Map.of("main", 10L, "alpha", 20L, "beta", 30L, "gamma", 40L, "delta", 50L);
    private static final Map<String, Long> PLUGIN = Map.of("main", 500L, "beta", 502L, "delta", 504L);

    static Module module(TargetStack s, String name) {
        return s.modules().stream().filter(m -> m.shortName().equals(name)).findFirst().orElseThrow();
    }

    static String cString(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).replaceAll("\0.*", "");
    }

    private static void checkDemo(TargetStack stack) {
        Module exe = stack.modules().get(0);
        Module plugin = module(stack, "libdemo-plugin.so");
        assertThat(stack.threads()).extracting(t -> t.name().orElseThrow())
                .containsExactly("main", "alpha", "beta", "gamma", "delta");
        for (ThreadInfo t : stack.threads()) {
            String name = t.name().orElseThrow();
            // tls_counter at offset 0, tls_name at 16 (readelf -s demo)
            assertThat(stack.readUnsigned(stack.tlsAddress(t, exe, 0), 4)).as(name).isEqualTo(COUNTER.get(name));
            assertThat(cString(stack.readFully(stack.tlsAddress(t, exe, 16), 16))).isEqualTo(name);
            if (PLUGIN.containsKey(name)) {
                assertThat(stack.readUnsigned(stack.tlsAddress(t, plugin, 0), 4)).isEqualTo(PLUGIN.get(name));
            } else {
                assertThatThrownBy(() -> stack.tlsAddress(t, plugin, 0))
                        .isInstanceOfSatisfying(TlsException.class, e -> {
                            assertThat(e.error()).isEqualTo(TdError.TD_NOTALLOC);
                            assertThat(e.getMessage()).contains("libdemo-plugin.so").contains("LWP " + t.lwp());
                        });
            }
        }
    }

    @Test
    void theDemoRunsStopByStopThroughItsResumableCapability() {
        Simulation sim = BuiltinDemo.start();
        TargetStack stack = sim.stack();
        Resumable r = stack.capability(Resumable.class).orElseThrow();
        assertThat(stack.stopInfo().reason()).isEqualTo("start");
        assertThat(stack.threads()).hasSize(1);

        assertThat(r.resume()).isInstanceOfSatisfying(StopEvent.Stopped.class,
                s -> assertThat(s.stop().reason()).isEqualTo("plugin-loaded"));
        assertThat(stack.modules()).extracting(Module::shortName).contains("libdemo-plugin.so");
        ThreadInfo main = stack.threads().get(0);
        assertThatThrownBy(() -> stack.tlsAddress(main, module(stack, "libdemo-plugin.so"), 0))
                .isInstanceOf(TlsException.class);

        assertThat(r.resume()).isInstanceOfSatisfying(StopEvent.Stopped.class,
                s -> assertThat(s.stop().reason()).isEqualTo("ready"));
        checkDemo(stack);
        assertThat(r.resume()).isEqualTo(new StopEvent.Exited(0));
    }

    @Test
    void allocatingOnRequestMakesTheInitImageVisible() {
        Simulation sim = BuiltinDemo.start();
        while (!sim.finished()) {
            sim.runToNextStop();
        }
        TargetStack stack = sim.stack();
        ThreadInfo gamma = stack.threads().stream().filter(t -> t.name().orElseThrow().equals("gamma")).findFirst()
                .orElseThrow();
        Module plugin = module(stack, "libdemo-plugin.so");
        assertThatThrownBy(() -> stack.tlsAddress(gamma, plugin, 0)).isInstanceOf(TlsException.class);
        long block = stack.capability(TlsAllocator.class).orElseThrow().allocateTls(gamma, plugin);
        assertThat(stack.tlsAddress(gamma, plugin, 0)).isEqualTo(block);
        assertThat(stack.readUnsigned(block, 4)).as("demo_plugin_tls's initial value").isEqualTo(5);
        assertThat(stack.capability(TlsInspector.class).orElseThrow().layout(gamma).blocks())
                .filteredOn(b -> b.module().equals("libdemo-plugin.so")).singleElement()
                .satisfies(b -> assertThat(b.state()).isEqualTo("allocated"));
        // Writes from the debugger land in the new block like any memory.
        stack.writeMemory(block, new byte[] {42, 0, 0, 0}, 0, 4);
        assertThat(stack.readUnsigned(stack.tlsAddress(gamma, plugin, 0), 4)).isEqualTo(42);
    }

    @Test
    void withoutLibcTheThreadLayerFallsBackToTheAbiAndStillFindsEverything() {
        Scenario demo = BuiltinDemo.scenario();
        Simulation sim = Simulation.start(Scenario.parse("demo-abi.tldbsim", demo.directory(),
                "libc none\n" + readDemoText(demo), java.util.List.of()), SimOptions.defaults());
        while (!sim.finished()) {
            sim.runToNextStop();
        }
        TargetStack stack = sim.stack();
        assertThat(stack.modules()).extracting(Module::shortName).doesNotContain("libc.so.6");
        assertThat(sim.process().warnings()).singleElement().asString().contains("no glibc _thread_db_* descriptors");
        TlsInspector inspector = stack.capability(TlsInspector.class).orElseThrow();
        assertThat(inspector.threadDbDescription()).contains("no _thread_db_* descriptors found");
        // Without libc the plugin is module 2 (load order), and the ABI path reads the same blocks.
        assertThat(module(stack, "libdemo-plugin.so").tlsModuleId()).hasValue(2);
        checkDemo(stack);
    }

    private static String readDemoText(Scenario demo) {
        try {
            return java.nio.file.Files.readString(demo.directory().resolve("demo.tldbsim"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
