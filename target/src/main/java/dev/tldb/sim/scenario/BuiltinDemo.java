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
 * {@code tls_counter}/{@code tls_name} values, only some of them touching the plugin's TLS. It
 * needs nothing on disk, so {@code tldb} with no arguments works from any folder: the files are
 * copied out of the jar (mapped ELF files need a path) into the cache folder, where paths that
 * tldb prints (and the gdb command {@code tldb serve} prints) stay valid after it exits. The
 * host's libc.so.6 is used when present; elsewhere the demo still runs, with glibc's 2.36 layout.
 */
public final class BuiltinDemo {
    private static final String BASE = "/dev/tldb/sim/demo/";
    private static final String SCENARIO = "scenarios/demo.tldbsim";
    private static final List<String> FILES = List.of(SCENARIO, "bin/x86_64/demo", "bin/x86_64/libdemo-plugin.so");

    /** Overrides the cache folder of {@link #cachedScenario()} (tests keep it out of the home folder). */
    public static final String CACHE_PROPERTY = "tldb.cache.dir";

    private BuiltinDemo() {}

    /**
     * The demo scenario, its program and plugin copied into a fresh temporary folder removed when
     * the JVM exits (tests use it; the commands use {@link #cachedScenario()}).
     */
    public static Scenario scenario() {
        Path dir;
        Map<String, byte[]> files;
        try {
            files = files();
            dir = Files.createTempDirectory("tldb-demo-");
            dir.toFile().deleteOnExit();
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path out = dir.resolve(e.getKey());
                Files.createDirectories(out.getParent());
                out.getParent().toFile().deleteOnExit();
                Files.write(out, e.getValue());
                out.toFile().deleteOnExit();
            }
        } catch (IOException e) {
            throw new TldbException("cannot unpack the built-in demo: " + e.getMessage());
        }
        return parse(dir, files);
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
            Map<String, byte[]> files = files();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update(e.getValue());
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
            return parse(dir, files);
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

    /** The demo's files as bundled in the jar, by path relative to the demo folder. */
    private static Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String f : FILES) {
            files.put(f, resource(f));
        }
        return files;
    }

    private static Scenario parse(Path dir, Map<String, byte[]> files) {
        String text = new String(files.get(SCENARIO), StandardCharsets.UTF_8);
        return Scenario.parse("demo.tldbsim", dir.resolve(SCENARIO).getParent(), text, List.of());
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
        return Simulation.start(cachedScenario(), SimOptions.defaults());
    }
}
