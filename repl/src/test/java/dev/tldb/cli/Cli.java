package dev.tldb.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * Runs {@code tldb} inside the test's JVM exactly as {@link Main#main} would, but with standard
 * output and error captured: the same picocli setup, the same exception handling and exit code.
 */
public final class Cli {
    private Cli() {}

    public static CliResult run(String... args) {
        return run(List.of(args));
    }

    public static CliResult run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args.toArray(String[]::new));
        return new CliResult(args, exit, out.toString(), err.toString());
    }
}
