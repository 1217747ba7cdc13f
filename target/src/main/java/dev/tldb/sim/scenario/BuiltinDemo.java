package dev.tldb.sim.scenario;

import dev.tldb.error.TldbException;
import dev.tldb.sim.SimOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in demo: samples/demo's program and plugin (x86-64, glibc) and
 * samples/scenarios/demo.tldbsim, bundled in the jar: five threads with distinct
 * {@code tls_counter}/{@code tls_name} values, only some of them touching the plugin's TLS. It needs nothing on disk, so {@code tldb} with no
 * arguments works from any folder: the files are copied out of the jar into a temporary folder
 * (mapped ELF files need a path), removed when the JVM exits. The host's libc.so.6 is used when
 * present; elsewhere the demo still runs, with glibc's 2.36 layout.
 */
public final class BuiltinDemo {
    private static final String BASE = "/dev/tldb/sim/demo/";
    private static final List<String> FILES = List.of("scenarios/demo.tldbsim", "bin/x86_64/demo", "bin/x86_64/libdemo-plugin.so");

    /** Overrides the cache folder of {@link #cachedScenario()} (tests keep it out of the home folder). */
    public static final String CACHE_PROPERTY = "tldb.cache.dir";

    private BuiltinDemo() {}

    /** The demo scenario, its program and plugin copied into a fresh temporary folder. */
    public static Scenario scenario() {
        Path dir;
        try {
            dir = Files.createTempDirectory("tldb-demo-");
            dir.toFile().deleteOnExit();
            for (String f : FILES) {
                try (InputStream in = BuiltinDemo.class.getResourceAsStream(BASE + f)) {
                    if (in == null) {
                        throw new TldbException("the built-in demo is missing from this build (" + BASE + f
                                + "): rebuild with mvn package");
                    }
                    Path out = dir.resolve(f);
                    Files.createDirectories(out.getParent());
                    out.getParent().toFile().deleteOnExit();
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    out.toFile().deleteOnExit();
                }
            }
        } catch (IOException e) {
            throw new TldbException("cannot unpack the built-in demo: " + e.getMessage());
        }
        Path file = dir.resolve("scenarios/demo.tldbsim");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TldbException("cannot read the built-in demo: " + e.getMessage());
        }
        return Scenario.parse("demo.tldbsim", file.getParent(), text, List.of());
    }

    /**
     * The demo scenario with its files in a cache folder that outlives this JVM:
     * {@code $XDG_CACHE_HOME/tldb/demo-<hash>} (else {@code ~/.cache/tldb/...}; the system property
     * {@value #CACHE_PROPERTY} names another folder instead of {@code .../tldb}), named by a hash of
     * the files, so every run of the same build finds the same paths. {@code tldb serve} prints a
     * gdb command line naming the demo's program; it must still name a real file when pasted, and
     * gdb reads symbols from it. Falls back on {@link #scenario()} (a temporary folder) when no
     * cache folder can be written.
     */
    public static Scenario cachedScenario() {
        Optional<Path> root = cacheRoot();
        if (root.isEmpty()) {
            return scenario();
        }
        try {
            Map<String, byte[]> files = new LinkedHashMap<>();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String f : FILES) {
                byte[] bytes = resource(f);
                files.put(f, bytes);
                sha.update(f.getBytes(StandardCharsets.UTF_8));
                sha.update(bytes);
            }
            Path dir = root.get().resolve("demo-" + HexFormat.of().formatHex(sha.digest(), 0, 8));
            if (!complete(dir, files)) {
                // Written beside, then renamed into place: a concurrent tldb sees all or nothing.
                Files.createDirectories(root.get());
                Path tmp = Files.createTempDirectory(root.get(), "demo-tmp-");
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    Path out = tmp.resolve(e.getKey());
                    Files.createDirectories(out.getParent());
                    Files.write(out, e.getValue());
                    if (e.getKey().startsWith("bin/")) {
                        out.toFile().setExecutable(true, false);
                    }
                }
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    deleteTree(tmp);
                    if (!complete(dir, files)) {
                        throw raced;
                    }
                }
            }
            Path file = dir.resolve("scenarios/demo.tldbsim");
            return Scenario.parse("demo.tldbsim", file.getParent(),
                    new String(files.get("scenarios/demo.tldbsim"), StandardCharsets.UTF_8), List.of());
        } catch (IOException | java.security.NoSuchAlgorithmException | SecurityException e) {
            return scenario();
        }
    }

    private static Optional<Path> cacheRoot() {
        String property = System.getProperty(CACHE_PROPERTY);
        if (property != null && !property.isEmpty()) {
            return Optional.of(Path.of(property));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Optional.of(Path.of(xdg, "tldb"));
        }
        String home = System.getProperty("user.home");
        if (home == null || home.isEmpty() || home.equals("?")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(home, ".cache", "tldb"));
    }

    private static boolean complete(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path p = dir.resolve(e.getKey());
            if (!Files.isRegularFile(p) || !Arrays.equals(Files.readAllBytes(p), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a stray temporary folder in the cache
        }
    }

    private static byte[] resource(String f) throws IOException {
        try (InputStream in = BuiltinDemo.class.getResourceAsStream(BASE + f)) {
            if (in == null) {
                throw new TldbException("the built-in demo is missing from this build (" + BASE + f
                        + "): rebuild with mvn package");
            }
            return in.readAllBytes();
        }
    }

    /** The demo, started: stopped before main, {@link Simulation#runToNextStop} goes to its stops. */
    public static Simulation start() {
        return Simulation.start(scenario(), SimOptions.defaults());
    }
}
