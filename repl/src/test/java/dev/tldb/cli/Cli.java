package dev.tldb.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Runs {@code tldb} inside the test's JVM exactly as {@link Main#main} would (the same picocli
 * setup, exception handling and exit code), with standard output and error captured and a time
 * limit: a hang fails the test instead of stalling the build.
 */
public final class Cli {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private Cli() {}

    public static CliResult run(String... args) {
        return run(System.getenv(), List.of(args));
    }

    public static CliResult run(List<String> args) {
        return run(System.getenv(), args);
    }

    /** Runs with the index cache (and HOME) in {@code cacheDir}. */
    public static CliResult run(Path cacheDir, String... args) {
        return run(Map.of("TLDB_INDEX_CACHE_DIR", cacheDir.toString(), "HOME", cacheDir.toString()), List.of(args));
    }

    /** Runs with the index cache off: for tests that must never write outside their folders. */
    public static CliResult runUncached(String... args) {
        return run(Map.of("TLDB_INDEX_CACHE", "off"), List.of(args));
    }

    public static CliResult run(Map<String, String> env, String... args) {
        return run(env, List.of(args));
    }

    /**
     * Starts {@code tldb} on another thread and returns at once, for commands that keep running
     * (servers): no time limit here, the caller waits for output and then for the exit.
     */
    public static RunningCli start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new RunningCli(CompletableFuture.supplyAsync(() -> cmd.execute(args)), out, err);
    }

    public static CliResult run(Map<String, String> env, List<String> args) {
        String[] argv = args.toArray(String[]::new);
        return assertTimeoutPreemptively(LIMIT, () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cmd = Main.commandLine(env, argv);
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            int exit = cmd.execute(argv);
            return new CliResult(args, exit, out.toString(), err.toString());
        }, () -> "tldb " + String.join(" ", args) + " did not finish in " + LIMIT.toSeconds() + " s");
    }
}
