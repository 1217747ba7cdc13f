package dev.tldb.dwarf.testing;

import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the outside tools the DWARF tests take their ground truth from (gcc and cross compilers,
 * readelf, objdump, gdb). A missing tool skips the test, except under {@code CI=true}, where it
 * fails with "install ...": CI must run every check (the test kit's {@code Tools} decides).
 */
public final class Tools {
    private Tools() {}

    /** Skips (or, in CI, fails) unless {@code tool} is on the PATH: the shared test kit's rule. */
    public static void require(String tool) {
        dev.tldb.testkit.Tools.require(tool, "apt-get install " + PACKAGES.getOrDefault(tool, tool)
                + " (needed as ground truth for this test)");
    }

    /** Debian packages of the tools these tests run, for the "install ..." message. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(Map.entry("readelf", "binutils"),
            Map.entry("objdump", "binutils"), Map.entry("g++", "g++"), Map.entry("gdb-add-index", "gdb"),
            Map.entry("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"),
            Map.entry("riscv64-linux-gnu-gcc", "gcc-riscv64-linux-gnu"),
            Map.entry("aarch64-linux-gnu-as", "binutils-aarch64-linux-gnu"),
            Map.entry("aarch64-linux-gnu-ld", "binutils-aarch64-linux-gnu"),
            Map.entry("riscv64-linux-gnu-as", "binutils-riscv64-linux-gnu"),
            Map.entry("riscv64-linux-gnu-ld", "binutils-riscv64-linux-gnu"),
            Map.entry("arm-linux-gnueabihf-as", "binutils-arm-linux-gnueabihf"),
            Map.entry("arm-linux-gnueabihf-ld", "binutils-arm-linux-gnueabihf"),
            Map.entry("powerpc-linux-gnu-as", "binutils-powerpc-linux-gnu"),
            Map.entry("s390x-linux-gnu-as", "binutils-s390x-linux-gnu"));

    public static boolean available(String tool) {
        return dev.tldb.testkit.Tools.available(tool);
    }

    /** Runs a command in {@code dir}; a non-zero exit fails the test with the command's stderr. */
    public static String run(Path dir, String... command) {
        require(command[0]);
        Result r = runAllowingFailure(dir, command);
        if (r.exitCode != 0) {
            String cmd = String.join(" ", command);
            Assertions.fail((cmd.length() > 300 ? cmd.substring(0, 300) + "..." : cmd) + " exited with " + r.exitCode
                    + ":\n" + r.stderr);
        }
        return r.stdout;
    }

    public record Result(int exitCode, String stdout, String stderr) { }

    public static Result runAllowingFailure(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
            p.getOutputStream().close();
            byte[][] out = new byte[2][];
            Thread err = new Thread(() -> out[1] = readAll(p.getErrorStream()));
            err.start();
            out[0] = readAll(p.getInputStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assertions.fail(String.join(" ", command) + " did not finish in 120 s");
            }
            err.join();
            return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8),
                    new String(out[1], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code source} to {@code dir/name.c} and compiles it with {@code compiler} and
     * {@code flags} into {@code dir/output}. Returns the output's path.
     */
    public static Path compile(Path dir, String compiler, String name, String source, String output,
            String... flags) {
        require(compiler);
        try {
            Files.writeString(dir.resolve(name + ".c"), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(compiler);
        cmd.addAll(Arrays.asList(flags));
        cmd.add(name + ".c");
        cmd.add("-o");
        cmd.add(output);
        run(dir, cmd.toArray(new String[0]));
        return dir.resolve(output);
    }

    /** {@link #compile} with gcc. */
    public static Path gcc(Path dir, String name, String source, String output, String... flags) {
        return compile(dir, "gcc", name, source, output, flags);
    }

    /** A test resource as text. */
    public static String resource(String name) {
        try (InputStream in = Tools.class.getResourceAsStream("/dev/tldb/dwarf/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of non-null DIEs readelf prints for {@code file} (not following links to .dwo files). */
    public static long readelfDieCount(Path file) {
        String out = run(file.getParent(), "readelf", "-wN", "--debug-dump=info", file.toString());
        return out.lines().filter(l -> l.matches("^ <\\d+><[0-9a-f]+>: Abbrev Number: [1-9].*")).count();
    }
}
