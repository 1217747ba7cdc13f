package dev.tldb.bench;

import dev.tldb.core.CoreLoader;
import dev.tldb.core.CoreOptions;
import dev.tldb.core.LoadedCore;
import dev.tldb.elf.Symbol;
import dev.tldb.session.PrintFormat;
import dev.tldb.session.Session;
import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.ThreadInfo;
import dev.tldb.threaddb.ThreadDbLayer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * TLS lookups of one variable across all threads of a core, in a warm JVM (issue 3's JMH
 * benchmark). One operation is a sweep over every thread of the core, so lookups per second are
 * the score times the core's thread count (bench/run-jmh.sh prints both).
 *
 * <ul>
 *   <li>{@link #threadLayerSweep}: {@code TargetStack.tlsAddress} through the simulated
 *       libthread_db (LWP to descriptor, slotinfo generation check, DTV read) per thread;</li>
 *   <li>{@link #sessionSweep}: what {@code tldb print VAR --all-threads} does per thread after
 *       opening the core: parse, find the symbol, evaluate its location, read and format the
 *       value as gdb prints it;</li>
 *   <li>{@link #openAndSweep}: a whole command without JVM start-up: open the core, its program
 *       and libraries, then the session sweep, then close.</li>
 * </ul>
 *
 * Cores and the variable come as parameters ({@code -p core=...}); the program is found from the
 * core, as {@code tldb} does without {@code --exe}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TlsLookupBench {

    @Param({"bench/build/cores/tls-sample/core"})
    public String core;

    @Param({"tls_int"})
    public String variable;

    private LoadedCore loaded;
    private TargetStack stack;
    private List<ThreadInfo> threads;
    private Module module;
    private long offset;
    private Session session;

    @Setup(Level.Trial)
    public void open() {
        loaded = CoreLoader.load(CoreOptions.of(Path.of(core)));
        if (!loaded.warnings().isEmpty()) {
            // A half-loaded core would measure something else than users run.
            throw new IllegalStateException(core + " opens with warnings: " + loaded.warnings());
        }
        stack = loaded.stack().push(new ThreadDbLayer());
        threads = stack.threads();
        for (Module m : stack.modules()) {
            Optional<Symbol> s = m.elf().flatMap(e -> e.symbol(variable)).filter(Symbol::isTls);
            if (s.isPresent()) {
                module = m;
                offset = s.get().value();
                break;
            }
        }
        if (module == null) {
            throw new IllegalStateException("no module of " + core + " defines a TLS symbol " + variable);
        }
        session = new Session(stack);
        // Every thread must give a value, or the sweep measures error paths.
        for (ThreadInfo t : threads) {
            session.format(session.evaluate(variable, Optional.of(t), Optional.empty()), PrintFormat.NATURAL);
        }
        System.out.println("\n# core " + core + ": " + threads.size() + " threads, " + variable + " in "
                + module.shortName() + " at offset 0x" + Long.toHexString(offset));
    }

    @TearDown(Level.Trial)
    public void close() {
        loaded.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long threadLayerSweep() {
        long sum = 0;
        for (ThreadInfo t : threads) {
            sum += stack.tlsAddress(t, module, offset);
        }
        return sum;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void sessionSweep(Blackhole bh) {
        for (ThreadInfo t : threads) {
            bh.consume(session.format(session.evaluate(variable, Optional.of(t), Optional.empty()), PrintFormat.NATURAL));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void openAndSweep(Blackhole bh) {
        try (LoadedCore c = CoreLoader.load(CoreOptions.of(Path.of(core)))) {
            TargetStack s = c.stack().push(new ThreadDbLayer());
            Session fresh = new Session(s);
            for (ThreadInfo t : s.threads()) {
                bh.consume(fresh.format(fresh.evaluate(variable, Optional.of(t), Optional.empty()), PrintFormat.NATURAL));
            }
        }
    }
}
