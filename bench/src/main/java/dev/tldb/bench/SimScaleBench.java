package dev.tldb.bench;

import dev.tldb.sim.SimOptions;
import dev.tldb.sim.scenario.Scenario;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The simulated process at scale (issue 5): load time, TLS lookup latency and heap growth of a
 * scenario with 10, 1,000 and 10,000 threads and 200 dlopen'ed modules of 4 KiB TLS each (copies
 * of one library, which glibc tells apart by file identity). Single-shot loads do not suit JMH's
 * steady-state modes, so this is a plain program: a warm-up round, then the measured round.
 *
 * <p>{@code java -cp bench/build/benchmarks.jar dev.tldb.bench.SimScaleBench DEMO_DIR}, where
 * DEMO_DIR holds the demo program ({@code samples/bin/x86_64}); needs gcc.
 */
public final class SimScaleBench {
    private static final String LIBRARY = """
            __thread char big[4096] = {1};
            __thread int id = 7;
            int *id_address(void) { return &id; }
            """;

    private SimScaleBench() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path demo = Path.of(args.length > 0 ? args[0] : "samples/bin/x86_64").toAbsolutePath();
        Path libs = Files.createTempDirectory("tldb-sim-scale");
        buildModules(libs, 200);
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            for (int threads : new int[] {10, 1_000, 10_000}) {
                long heapBefore = usedHeapAfterGc();
                long t0 = System.nanoTime();
                Simulation sim = Simulation.start(Scenario.parse("bench.tldbsim", libs,
                        scenario(demo, libs, threads, 200), List.of()), SimOptions.defaults());
                sim.runToNextStop();
                long load = System.nanoTime() - t0;
                TargetStack stack = sim.stack();
                List<ThreadInfo> all = stack.threads();
                Module exe = stack.modules().get(0);
                Module lib = stack.modules().get(150);
                Random random = new Random(1);
                int n = 5000, notAllocated = 0;
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    ThreadInfo t = all.get(random.nextInt(all.size()));
                    stack.tlsAddress(t, exe, 0);
                    try {
                        stack.tlsAddress(t, lib, 0);
                    } catch (TlsException e) {
                        notAllocated++;
                    }
                }
                long lookup = System.nanoTime() - t1;
                long heap = usedHeapAfterGc() - heapBefore;
                if (round == 1) {
                    System.out.printf("threads=%d modules=200 load=%d ms lookup=%.1f us (static+dynamic, %d not"
                            + " allocated) heap=+%d MiB%n", threads, load / 1_000_000, lookup / 1000.0 / (2 * n),
                            notAllocated, heap >> 20);
                }
            }
        }
    }

    /** Threads before and after the dlopens, so DTVs of both generations exist; one thread touches one module. */
    private static String scenario(Path demo, Path libs, int threads, int modules) {
        int before = threads / 2;
        return "library-path " + libs + "\n"
                + "load " + demo.resolve("demo") + "\n"
                + "repeat " + (before - 1) + " thread create w{i}\n"
                + "repeat " + modules + " dlopen libmod{i}.so\n"
                + "repeat " + (threads - before) + " thread create v{i}\n"
                + "in w" + (before / 2) + " set libmod" + modules / 2 + ".so::id = 12345\n"
                + "in v" + ((threads - before) / 2) + " set tls_counter = 777\n"
                + "stop loaded\n";
    }

    private static void buildModules(Path libs, int count) throws IOException, InterruptedException {
        Files.writeString(libs.resolve("mod.c"), LIBRARY);
        Process p = new ProcessBuilder("gcc", "-O0", "-fPIC", "-shared", "-o", "libmod.so", "mod.c")
                .directory(libs.toFile()).inheritIO().start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("gcc failed to build the module library");
        }
        for (int i = 1; i <= count; i++) {
            Files.copy(libs.resolve("libmod.so"), libs.resolve("libmod" + i + ".so"));
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
