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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The simulated process at scale (issue 5): load time, TLS lookup latency and heap growth of a
 * scenario with 10, 1,000 and 10,000 threads and 200 dlopen'ed modules of 4 KiB TLS each (copies
 * of one library, which glibc tells apart by file identity). Single-shot loads do not suit JMH's
 * steady-state modes, so this is a plain program: a warm-up round, then ROUNDS measured rounds
 * (default 5); it prints the median load and the median (and p90) of each timed lookup.
 *
 * <p>{@code java -cp bench/build/benchmarks.jar dev.tldb.bench.SimScaleBench DEMO_DIR [ROUNDS]}, where
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
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path libs = Files.createTempDirectory("tldb-sim-scale");
        buildModules(libs, 200);
        int[] sizes = {10, 1_000, 10_000};
        long[][] loads = new long[sizes.length][rounds];
        long[][] staticLookups = new long[sizes.length][];
        long[][] dynamicLookups = new long[sizes.length][];
        long[] heaps = new long[sizes.length];
        // Round 0 warms the JIT up and is not counted; sizes alternate within a round, so that a
        // change in the machine's load falls on every size alike.
        for (int round = 0; round <= rounds; round++) {
            for (int k = 0; k < sizes.length; k++) {
                long heapBefore = usedHeapAfterGc();
                long t0 = System.nanoTime();
                Simulation sim = Simulation.start(Scenario.parse("bench.tldbsim", libs,
                        scenario(demo, libs, sizes[k], 200), List.of()), SimOptions.defaults());
                sim.runToNextStop();
                long load = System.nanoTime() - t0;
                TargetStack stack = sim.stack();
                List<ThreadInfo> all = stack.threads();
                Module exe = stack.modules().get(0);
                Module lib = stack.modules().get(150);
                Random random = new Random(round);
                int n = 5000;
                long[] statics = new long[n];
                long[] dynamics = new long[n];
                for (int i = 0; i < n; i++) {
                    ThreadInfo t = all.get(random.nextInt(all.size()));
                    long a = System.nanoTime();
                    stack.tlsAddress(t, exe, 0);
                    long b = System.nanoTime();
                    try {
                        stack.tlsAddress(t, lib, 0);
                    } catch (TlsException e) {
                        // TD_NOTALLOC: no thread touched this module; the answer is the error
                    }
                    dynamics[i] = System.nanoTime() - b;
                    statics[i] = b - a;
                }
                if (round > 0) {
                    loads[k][round - 1] = load;
                    staticLookups[k] = concat(staticLookups[k], statics);
                    dynamicLookups[k] = concat(dynamicLookups[k], dynamics);
                    heaps[k] = Math.max(heaps[k], usedHeapAfterGc() - heapBefore);
                }
            }
        }
        System.out.printf("%d rounds after a warm-up; medians (p90 of lookups)%n", rounds);
        for (int k = 0; k < sizes.length; k++) {
            System.out.printf("threads=%d modules=200 load=%d ms (min %d, max %d) lookup static=%.1f us (p90 %.1f)"
                            + " dynamic=%.1f us (p90 %.1f) heap=+%d MiB%n", sizes[k], median(loads[k]) / 1_000_000,
                    Arrays.stream(loads[k]).min().orElse(0) / 1_000_000, Arrays.stream(loads[k]).max().orElse(0) / 1_000_000,
                    median(staticLookups[k]) / 1000.0, percentile(staticLookups[k], 0.9) / 1000.0,
                    median(dynamicLookups[k]) / 1000.0, percentile(dynamicLookups[k], 0.9) / 1000.0, heaps[k] >> 20);
        }
    }

    private static long[] concat(long[] a, long[] b) {
        if (a == null) {
            return b.clone();
        }
        long[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static long median(long[] values) {
        return percentile(values, 0.5);
    }

    private static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
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
