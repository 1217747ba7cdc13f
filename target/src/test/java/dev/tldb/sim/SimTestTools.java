package dev.tldb.sim;

import dev.tldb.testkit.Exec;
import dev.tldb.testkit.ExecResult;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.Tools;
import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shorthands over the test kit ({@link Tools}, {@link Samples}, {@link Exec}) for the simulator's tests. */
final class SimTestTools {
    private SimTestTools() {}

    static boolean ci() {
        return Tools.isCi();
    }

    static Path repo() {
        return Samples.repoRoot();
    }

    /** samples/bin/x86_64: the committed demo and its plugin. */
    static Path demoDir() {
        return Samples.demoProgram().getParent();
    }

    /** Skips (or under CI fails) unless {@code tool} is on the PATH; {@code aptPackage} is what provides it. */
    static void require(String tool, String aptPackage) {
        Tools.require(tool, "apt-get install " + aptPackage);
    }

    static boolean onPath(String tool) {
        return Tools.available(tool);
    }

    /** Runs a command and returns its standard output; a non-zero exit fails the test. */
    static String run(Path dir, List<String> command) {
        ExecResult r = Exec.run(command, dir, Duration.ofMinutes(10));
        if (r.exitCode() != 0) {
            Assertions.fail(r.describe());
        }
        return r.stdout();
    }

    /**
     * Runs {@code program} under stock gdb to its stop (a trap, or the end), sources the gdb Python
     * script {@code script} (a resource beside this class) there, and returns the lines it printed
     * as {@code FACT ...}, without the prefix and without the closing {@code FACT END}. The script
     * reads the real process's memory: the ground truth a simulation is compared with. Skips (fails
     * under CI) when gdb cannot run the program here, e.g. when ptrace is not allowed.
     */
    static List<String> gdbFacts(String script, Path dir, Map<String, String> env, Path program, String... args) {
        require("gdb", "gdb");
        Path copy = dir.resolve(script);
        try (InputStream in = SimTestTools.class.getResourceAsStream(script)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of("gdb", "-q", "-batch", "-nx", "-ex", "set pagination off",
                "-ex", "run", "-ex", "source " + copy, "-ex", "kill", "--args", program.toString()));
        command.addAll(List.of(args));
        ExecResult r = Exec.run(command, dir, env, Duration.ofMinutes(2));
        if (!r.stdout().contains("FACT END")) {
            Tools.unavailable("gdb could not run " + program.getFileName() + " here (ptrace not allowed?): "
                    + r.describe());
        }
        return r.stdout().lines().filter(l -> l.startsWith("FACT ") && !l.equals("FACT END"))
                .map(l -> l.substring("FACT ".length())).toList();
    }

    /** The folder of a sample variant, built by the test kit into samples/build (skipped without its compiler). */
    static Path variant(String name) {
        return Samples.variant(name).folder();
    }
}
