package dev.tldb.sim;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the simulator's tests need from the host: tools (gcc, cross compilers, readelf, gdb) and
 * the sample programs built by {@code samples/Makefile}. A missing tool skips the test, except
 * under {@code CI=true} where it fails and names the Debian package to install. Stand-in for the
 * samples branch's {@code dev.tldb.testkit} until it lands.
 */
final class SimTestTools {
    private static final Map<String, Path> BUILT = new HashMap<>();

    private SimTestTools() {}

    static boolean ci() {
        return "true".equals(System.getenv("CI"));
    }

    /** The repository's root (tests run in the target module's folder). */
    static Path repo() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("samples")) ? here : here.getParent();
    }

    static Path demoDir() {
        return repo().resolve("samples/bin/x86_64");
    }

    /** Skips (or under CI fails) unless {@code tool} is on the PATH. */
    static void require(String tool, String aptPackage) {
        if (onPath(tool)) {
            return;
        }
        String msg = tool + " is not installed (apt-get install " + aptPackage + ")";
        if (ci()) {
            Assertions.fail(msg);
        }
        Assumptions.assumeTrue(false, msg);
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command, returns its stdout; fails the test on a non-zero exit. */
    static String run(Path dir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assertions.fail(String.join(" ", command) + ": timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                Assertions.fail(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The folder of a sample variant ({@code x86_64-glibc-pie}, ...), built once per JVM into the
     * module's build folder with the variant's compiler, or skipped when that compiler is missing.
     */
    static synchronized Path variant(String name) {
        Path done = BUILT.get(name);
        if (done != null) {
            return done;
        }
        String listing = run(repo().resolve("samples"), List.of("make", "-s", "--no-print-directory", "list-variants"));
        for (String line : listing.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals(name)) {
                require(f[1], f[2].replace(',', ' '));
            }
        }
        Path build = repo().resolve("samples/build"); // the Makefile's default, where samples/scenarios look
        List<String> cmd = new ArrayList<>(List.of("make", "-s", "--no-print-directory", "BUILD=" + build, name));
        run(repo().resolve("samples"), cmd);
        Path dir = build.resolve(name);
        BUILT.put(name, dir);
        return dir;
    }
}
