package dev.tldb.sim;

import dev.tldb.testkit.Exec;
import dev.tldb.testkit.ExecResult;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.Tools;
import org.junit.jupiter.api.Assertions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

    /** The folder of a sample variant, built by the test kit into samples/build (skipped without its compiler). */
    static Path variant(String name) {
        return Samples.variant(name).folder();
    }
}
