package dev.tldb.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * External tools the tests drive (gdb, gcc, qemu, ...). A missing tool skips the test on a
 * developer machine (JUnit assumption, with what to install) but FAILS it under {@code CI=true}:
 * CI installs every tool, so there a missing one is a broken setup, never a silent skip.
 */
public final class Tools {
    private Tools() {}

    /** True when the environment variable {@code CI} is {@code true} (any case). */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The executable named {@code tool} on {@code PATH} (or {@code tool} itself if it is a path). */
    public static Optional<Path> find(String tool) {
        if (tool.contains("/")) {
            Path p = Path.of(tool);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static boolean available(String tool) {
        return find(tool).isPresent();
    }

    /**
     * Requires {@code tool} on {@code PATH}; {@code install} says how to get it, e.g.
     * {@code require("gdb", "apt-get install gdb")}.
     */
    public static void require(String tool, String install) {
        require(tool, install, isCi());
    }

    static void require(String tool, String install, boolean ci) {
        if (!available(tool)) {
            unavailable(tool + " is not installed (" + install + ")", ci);
        }
    }

    /**
     * Gives up on a test because something the environment lacks (a tool, kernel core dumps):
     * fails under CI, skips otherwise. Never returns.
     */
    public static void unavailable(String message) {
        unavailable(message, isCi());
    }

    static void unavailable(String message, boolean ci) {
        if (ci) {
            Assertions.fail("CI=true and " + message);
        }
        Assumptions.abort(message);
    }
}
