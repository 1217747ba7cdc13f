package dev.tldb.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The sample programs of {@code samples/}: finds the repository, builds variants with
 * {@code make -C samples BUILD=samples/build <variant>} (incremental: make's own dependency
 * tracking) once per JVM and under a file lock shared with other JVMs, and returns them as
 * {@link SampleVariant}s. A variant whose compiler is missing follows the {@link Tools} rule:
 * skipped on a developer machine, failed under {@code CI=true}.
 */
public final class Samples {
    /** The marker on the line where tls-sample traps (main's frame in every core). */
    public static final String TRAP_MARKER = "/* TRAP-LINE */";

    private static final Duration MAKE_TIMEOUT = Duration.ofMinutes(10);
    private static final Map<String, SampleVariant> BUILT = new HashMap<>();
    private static List<VariantInfo> infos;
    private static Path root;

    private Samples() {}

    /** The repository root: the nearest folder at or above {@code user.dir} with samples/Makefile. */
    public static synchronized Path repoRoot() {
        if (root == null) {
            Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            for (Path d = dir; d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve("samples/Makefile"))) {
                    root = d;
                    break;
                }
            }
            if (root == null) {
                throw new IllegalStateException("no samples/Makefile in " + dir + " or above");
            }
        }
        return root;
    }

    public static Path samplesDir() {
        return repoRoot().resolve("samples");
    }

    /** {@code samples/build}: variant folders, {@code cores/}, the lock file. */
    public static Path buildDir() {
        return samplesDir().resolve("build");
    }

    /** A source file of the samples, e.g. {@code source("tls-sample.c")}. */
    public static Path source(String fileName) {
        return samplesDir().resolve("src").resolve(fileName);
    }

    /** The committed demo program, {@code samples/bin/x86_64/demo} (its plugin lies beside it). */
    public static Path demoProgram() {
        return samplesDir().resolve("bin/x86_64/demo");
    }

    /** The 1-based line of {@code src/tls-sample.c} that holds {@link #TRAP_MARKER}. */
    public static int trapLine() {
        return markerLine(source("tls-sample.c"));
    }

    static int markerLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(TRAP_MARKER)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(file + " has no " + TRAP_MARKER + " line");
    }

    /** Every variant the Makefile defines, in its order (asks {@code make list-variants}). */
    public static synchronized List<VariantInfo> variantInfos() {
        if (infos == null) {
            Tools.require("make", "apt-get install make");
            ExecResult r = Exec.run(List.of("make", "-s", "--no-print-directory", "-C",
                    samplesDir().toString(), "list-variants"), samplesDir(), Duration.ofSeconds(60));
            if (r.exitCode() != 0) {
                throw new AssertionError("make list-variants failed\n" + r.describe());
            }
            List<VariantInfo> list = new ArrayList<>();
            for (String line : r.stdout().split("\n")) {
                if (!line.isBlank()) {
                    list.add(VariantInfo.parse(line));
                }
            }
            infos = List.copyOf(list);
        }
        return infos;
    }

    public static List<String> variantNames() {
        return variantNames(info -> true);
    }

    /** Names of the variants {@code filter} accepts, e.g. {@code variantNames(VariantInfo::isRuntime)}. */
    public static List<String> variantNames(Predicate<VariantInfo> filter) {
        return variantInfos().stream().filter(filter).map(VariantInfo::name).toList();
    }

    public static VariantInfo info(String name) {
        return variantInfos().stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sample variant " + name
                        + "; known: " + variantNames()));
    }

    /**
     * The variant {@code name}, built if needed (first call per JVM runs make; make decides what
     * is out of date). Skips or fails (see {@link Tools}) when its compiler is missing.
     */
    public static SampleVariant variant(String name) {
        VariantInfo info = info(name);
        synchronized (BUILT) {
            SampleVariant built = BUILT.get(name);
            if (built != null) {
                return built;
            }
        }
        Tools.require(info.compiler(), info.installHint());
        SampleVariant variant = BuildLock.with(buildDir(), () -> {
            make(name);
            return SampleVariant.load(buildDir().resolve(name));
        });
        synchronized (BUILT) {
            BUILT.put(name, variant);
        }
        return variant;
    }

    /** The format-check program (checks gdb-format.h against gdb), built if needed. */
    public static Path formatCheck() {
        Tools.require("gcc", "apt-get install gcc libc6-dev");
        return BuildLock.with(buildDir(), () -> {
            make("format-check");
            return buildDir().resolve("format-check/format-check");
        });
    }

    /**
     * The generated large program of about {@code scale} MB of {@code .debug_info}
     * ({@code make large SCALE=scale}, see samples/gen/large-program.c), built if needed. Names:
     * {@code tls_u<U>_<K>}, {@code stls_u<U>}, {@code g_u<U>_<K>}, {@code fn_u<U>_<K>} and
     * {@code bench_tls}. A scale of 3 takes some 10 s of gcc on two cores.
     */
    public static Path largeProgram(int scale) {
        Tools.require("gcc", "apt-get install gcc libc6-dev");
        return BuildLock.with(buildDir(), () -> {
            make("large", "SCALE=" + scale);
            return buildDir().resolve("large-" + scale).resolve("large-program");
        });
    }

    private static void make(String target, String... variables) {
        Tools.require("make", "apt-get install make");
        List<String> command = new ArrayList<>(List.of("make", "--no-print-directory", "-j2", "-C",
                samplesDir().toString(), "BUILD=" + buildDir()));
        command.addAll(List.of(variables));
        command.add(target);
        ExecResult r = Exec.run(command, samplesDir(), MAKE_TIMEOUT);
        if (r.exitCode() != 0) {
            throw new AssertionError("building sample " + target + " failed\n" + r.describe());
        }
    }
}
