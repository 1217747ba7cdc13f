package dev.tldb.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Runs tldb's command line in this JVM, as {@code Main.run} does, with stdout and stderr captured
 * and a time limit (a hang fails the test instead of stalling the build).
 */
final class Cli {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private Cli() {}

    /** One finished command: exit code, what it printed on stdout, and on stderr. */
    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs with the index cache in {@code cacheDir}. */
    static Result run(Path cacheDir, String... args) {
        return run(Map.of("TLDB_INDEX_CACHE_DIR", cacheDir.toString(), "HOME", cacheDir.toString()), args);
    }

    /** Runs with the index cache off: for tests that must never write outside their folders. */
    static Result runUncached(String... args) {
        return run(Map.of("TLDB_INDEX_CACHE", "off"), args);
    }

    static Result run(Map<String, String> env, String... args) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cmd = Main.commandLine(env);
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            int exit = cmd.execute(args);
            return new Result(exit, out.toString(), err.toString());
        }, () -> "tldb " + String.join(" ", args) + " did not finish in " + LIMIT.toSeconds() + " s");
    }
}
