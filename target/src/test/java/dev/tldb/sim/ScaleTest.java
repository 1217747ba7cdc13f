package dev.tldb.sim;

import dev.tldb.sim.scenario.Scenario;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * 10,000 threads × 200 modules with 4 KiB of TLS each: materialised, that would be 8 GB of TLS
 * blocks and 34 MB of DTVs. The simulation must load it in seconds, answer a lookup in any thread,
 * and keep the heap to what was touched.
 *
 * <p>The 200 modules are 200 copies of one tiny library compiled here: glibc's dlopen tells
 * objects apart by file identity (device and inode, after the name), so each copy is a module of
 * its own with its own link map, TLS module id and slot, exactly as 200 different libraries.
 */
class ScaleTest {
    private static final String LIBRARY = """
            __thread char big[4096] = {1};
            __thread int id = 7;
            int *id_address(void) { return &id; }
            """;

    @TempDir
    static Path libs;

    static void buildModules(int count) throws IOException {
        if (Files.exists(libs.resolve("libmod" + count + ".so"))) {
            return;
        }
        SimTestTools.require("gcc", "gcc");
        Files.writeString(libs.resolve("mod.c"), LIBRARY);
        SimTestTools.run(libs, List.of("gcc", "-O0", "-fPIC", "-shared", "-o", "libmod.so", "mod.c"));
        for (int i = 1; i <= count; i++) {
            Files.copy(libs.resolve("libmod.so"), libs.resolve("libmod" + i + ".so"));
        }
    }

    /** Threads before and after the dlopens, so DTVs of both generations exist; one thread touches one module. */
    static String scenario(int threads, int modules) {
        int before = threads / 2;
        return "library-path " + libs + "\n"
                + "load " + SimTestTools.demoDir().resolve("demo") + "\n"
                + "repeat " + (before - 1) + " thread create w{i}\n"
                + "repeat " + modules + " dlopen libmod{i}.so\n"
                + "repeat " + (threads - before) + " thread create v{i}\n"
                + "in w" + (before / 2) + " set libmod" + modules / 2 + ".so::id = 12345\n"
                + "in v" + ((threads - before) / 2) + " set tls_counter = 777\n"
                + "stop loaded\n";
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void tenThousandThreadsAndTwoHundredModulesStaySmall() throws IOException {
        buildModules(200);
        long heapBefore = usedHeapAfterGc();
        long t0 = System.nanoTime();
        Simulation sim = Simulation.start(Scenario.parse("scale.tldbsim", libs, scenario(10_000, 200), List.of()),
                SimOptions.defaults());
        sim.runToNextStop();
        long loadMillis = (System.nanoTime() - t0) / 1_000_000;
        TargetStack stack = sim.stack();
        assertThat(stack.threads()).hasSize(10_000);
        assertThat(stack.modules()).hasSize(3 + 200);

        Module exe = stack.modules().get(0);
        Module touched = stack.modules().stream().filter(m -> m.shortName().equals("libmod100.so")).findFirst().orElseThrow();
        long idOffset = ReadElf.tlsSymbols(libs.resolve("libmod.so")).get("id")[0];
        ThreadInfo w = thread(stack, "w2500");
        assertThat(touched.tlsModuleId()).hasValue(2 + 100);
        assertThat(stack.readUnsigned(stack.tlsAddress(w, touched, idOffset), 4)).isEqualTo(12345);
        assertThat(stack.readUnsigned(stack.tlsAddress(thread(stack, "v2500"), exe, 0), 4)).isEqualTo(777);

        // Lookups in random threads: the executable's static TLS everywhere, dynamic TLS nowhere else.
        Random random = new Random(42);
        List<ThreadInfo> all = stack.threads();
        List<Module> mods = stack.modules();
        long t1 = System.nanoTime();
        int lookups = 2000;
        for (int i = 0; i < lookups; i++) {
            ThreadInfo t = all.get(random.nextInt(all.size()));
            assertThat(stack.tlsAddress(t, exe, 0)).isPositive();
            Module m = mods.get(3 + random.nextInt(200));
            if (!(t.equals(w) && m.equals(touched))) {
                assertThatThrownBy(() -> stack.tlsAddress(t, m, idOffset))
                        .isInstanceOfSatisfying(TlsException.class, e -> assertThat(e.error()).isEqualTo(TdError.TD_NOTALLOC));
            }
        }
        double microsPerLookup = (System.nanoTime() - t1) / 1000.0 / (2 * lookups);
        long heapAfter = usedHeapAfterGc();
        long grown = heapAfter - heapBefore;
        System.out.printf("scale: 10000 threads x 200 modules loaded in %d ms, %.1f us per TLS lookup, heap +%d MiB,"
                + " %d written chunks%n", loadMillis, microsPerLookup, grown >> 20, sim.process().writtenChunks());

        assertThat(loadMillis).as("load time").isLessThan(60_000);
        assertThat(grown).as("heap growth (materialised TLS alone would be 8 GB)").isLessThan(256L << 20);
        assertThat(sim.process().writtenChunks()).as("bytes written in 64-byte chunks").isLessThan(100_000);
        // The untouched DTVs still read correctly: any thread's DTV entry for any module, lazily generated.
        IndependentTlsWalk walk = new IndependentTlsWalk(sim.process(), dev.tldb.abi.Arch.X86_64, dev.tldb.abi.Libc.GLIBC);
        ThreadInfo late = thread(stack, "v9");
        assertThat(walk.length(late)).isEqualTo(202 + 14);
        assertThat(walk.generation(late)).isEqualTo(1 + 200);
        assertThat(sim.process().readPointer(walk.dtv(late) + 16L * 150)).as("unallocated").isEqualTo(-1);
    }

    static ThreadInfo thread(TargetStack stack, String name) {
        return stack.threads().stream().filter(t -> t.name().orElse("").equals(name)).findFirst().orElseThrow();
    }
}
