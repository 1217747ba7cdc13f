package dev.tldb.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cores of the samples taken at their trap, each with the program's own report of that run,
 * cached under {@code samples/build/cores/<variant>/<kind>/} ({@code core},
 * {@code program-output.txt}, {@code written-as.txt}) and made again when the variant's
 * executable or a library is newer than the cached core. Generation runs under the samples
 * build lock, with timeouts on every process.
 */
public final class SampleCores {
    private static final Duration GDB_TIMEOUT = Duration.ofSeconds(180);
    private static final String CORE = "core";
    private static final String WRITTEN_AS = "written-as.txt";

    private SampleCores() {}

    /** {@code samples/build/cores}. */
    public static Path coresDir() {
        return Samples.buildDir().resolve("cores");
    }

    /**
     * Whether {@code kind} can be made for {@code variant}: gcore and kernel cores for native
     * variants, qemu cores for aarch64 (qemu-riscv64 7.2 writes no guest core).
     */
    public static boolean supports(SampleVariant variant, CoreKind kind) {
        return switch (kind) {
            case GCORE, KERNEL -> variant.isNative();
            case QEMU -> "aarch64".equals(variant.arch());
        };
    }

    /** Same as {@link #supports(SampleVariant, CoreKind)}, before building the variant. */
    public static boolean supports(VariantInfo info, CoreKind kind) {
        return switch (kind) {
            case GCORE, KERNEL -> info.isNative();
            case QEMU -> "aarch64".equals(info.arch());
        };
    }

    public static List<CoreKind> kinds(SampleVariant variant) {
        return Stream.of(CoreKind.values()).filter(k -> supports(variant, k)).toList();
    }

    public static SampleCore core(String variantName, CoreKind kind) {
        return core(Samples.variant(variantName), kind);
    }

    /** The cached core of {@code variant} written by {@code kind}, made if missing or stale. */
    public static SampleCore core(SampleVariant variant, CoreKind kind) {
        if (!supports(variant, kind)) {
            throw new IllegalArgumentException("no " + kind + " cores for " + variant
                    + (kind == CoreKind.QEMU ? " (qemu-user 7.2 dumps only aarch64 guests here)"
                    : " (not a native variant)"));
        }
        switch (kind) {
            case GCORE -> Tools.require("gdb", "apt-get install gdb");
            case KERNEL -> requireKernelCores();
            case QEMU -> SampleRuns.requireRunner(variant);
        }
        Path dir = coresDir().resolve(variant.name()).resolve(kind.folderName());
        return BuildLock.with(Samples.buildDir(), () -> {
            if (!isFresh(variant, dir)) {
                make(variant, kind, dir);
            }
            Path output = dir.resolve(SampleRuns.OUTPUT);
            return new SampleCore(variant, kind, dir.resolve(CORE), output,
                    ProgramOutput.read(output), SampleRuns.readOrEmpty(dir.resolve(WRITTEN_AS)).trim());
        });
    }

    private static boolean isFresh(SampleVariant variant, Path dir) {
        Path core = dir.resolve(CORE);
        if (!Files.isRegularFile(core) || !Files.isRegularFile(dir.resolve(SampleRuns.OUTPUT))
                || !Files.isRegularFile(dir.resolve(WRITTEN_AS))) {
            return false;
        }
        FileTime coreTime = mtime(core);
        List<Path> inputs = new ArrayList<>(variant.libraries());
        inputs.add(variant.executable());
        return inputs.stream().allMatch(p -> mtime(p).compareTo(coreTime) <= 0);
    }

    private static void make(SampleVariant variant, CoreKind kind, Path dir) {
        Path scratch;
        try {
            Files.createDirectories(dir.getParent());
            scratch = Files.createTempDirectory(dir.getParent(), "." + kind.folderName() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path written = switch (kind) {
                case GCORE -> gcore(variant, scratch);
                case KERNEL -> kernelCore(variant, scratch);
                case QEMU -> qemuCore(variant, scratch);
            };
            Files.writeString(scratch.resolve(WRITTEN_AS), written.getFileName() + "\n");
            Files.createDirectories(dir);
            // Output first, the core last: a core in the cache means the set is complete.
            Files.deleteIfExists(dir.resolve(CORE));
            move(scratch.resolve(SampleRuns.OUTPUT), dir.resolve(SampleRuns.OUTPUT));
            move(scratch.resolve(WRITTEN_AS), dir.resolve(WRITTEN_AS));
            move(written, dir.resolve(CORE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache " + kind + " core of " + variant, e);
        } finally {
            SampleRuns.deleteTree(scratch);
        }
    }

    /** gdb runs the program to its trap, then {@code gcore}; stdout goes to a file via {@code run >}. */
    private static Path gcore(SampleVariant variant, Path scratch) {
        ExecResult r = Exec.run(List.of("gdb", "-nx", "-batch",
                        "-iex", "set debuginfod enabled off",
                        "-ex", "set pagination off",
                        "-ex", "set confirm off",
                        "-ex", "run > " + SampleRuns.OUTPUT + " 2> " + SampleRuns.STDERR,
                        "-ex", "gcore " + CORE,
                        "-ex", "kill",
                        variant.executable().toString()),
                scratch, Map.of("SHELL", "/bin/sh", "LC_ALL", "C", "DEBUGINFOD_URLS", ""),
                GDB_TIMEOUT);
        Path core = scratch.resolve(CORE);
        String stdout = SampleRuns.readOrEmpty(scratch.resolve(SampleRuns.OUTPUT));
        if (!Files.isRegularFile(core) || !r.stdout().contains("Saved corefile")) {
            throw new AssertionError("gcore of " + variant + " failed\n--- program stdout ---\n"
                    + stdout + "\n" + r.describe());
        }
        requireReady(variant, stdout);
        return core;
    }

    private static Path kernelCore(SampleVariant variant, Path scratch) {
        ExecResult r = Exec.run(List.of("/bin/sh", "-c",
                        SampleRuns.shellRun(variant, scratch, "$(ulimit -H -c)")),
                scratch, SampleRuns.RUN_TIMEOUT);
        SampleRuns.finish(variant, scratch, r);
        return findCore(scratch, name -> !name.startsWith("qemu_")).orElseGet(() -> {
            Tools.unavailable("the kernel wrote no core for " + variant + " (core_pattern '"
                    + corePattern() + "', hard core limit " + hardCoreLimit()
                    + "); allow cores: ulimit -c unlimited, sysctl -w kernel.core_pattern=core");
            throw new IllegalStateException("unreachable");
        });
    }

    private static Path qemuCore(SampleVariant variant, Path scratch) {
        ExecResult r = Exec.run(List.of("/bin/sh", "-c",
                        SampleRuns.shellRun(variant, scratch, "$(ulimit -H -c)")),
                scratch, SampleRuns.RUN_TIMEOUT);
        SampleRuns.finish(variant, scratch, r);
        return findCore(scratch, name -> name.startsWith("qemu_") && name.endsWith(".core"))
                .orElseThrow(() -> new AssertionError(variant.runner() + " wrote no qemu_*.core for "
                        + variant + " (hard core limit " + hardCoreLimit() + ")\n" + r.describe()));
    }

    private static void requireReady(SampleVariant variant, String stdout) {
        if (!ProgramOutput.parse(stdout).ready()) {
            throw new AssertionError(variant + " stopped before READY:\n" + stdout);
        }
    }

    /** A regular ELF ET_CORE file in dir (not recursing) whose name {@code accept}s. */
    private static Optional<Path> findCore(Path dir, java.util.function.Predicate<String> accept) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> accept.test(p.getFileName().toString()))
                    .filter(SampleCores::isElfCore)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ELF magic and e_type == ET_CORE (4), little-endian (every sample target is). */
    static boolean isElfCore(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] h = in.readNBytes(18);
            return h.length == 18 && h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F'
                    && h[5] == 1 && h[16] == 4 && h[17] == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kernel cores need a core_pattern that writes a file (not a pipe to a crash handler). */
    private static void requireKernelCores() {
        String pattern = corePattern();
        if (pattern.startsWith("|")) {
            Tools.unavailable("kernel cores are piped to '" + pattern.substring(1)
                    + "', not written to the crashing program's folder; "
                    + "run: sysctl -w kernel.core_pattern=core");
        }
    }

    static String corePattern() {
        return SampleRuns.readOrEmpty(Path.of("/proc/sys/kernel/core_pattern")).trim();
    }

    private static String hardCoreLimit() {
        ExecResult r = Exec.run(List.of("/bin/sh", "-c", "ulimit -H -c"), Path.of("/"),
                Duration.ofSeconds(10));
        return r.stdout().trim();
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
