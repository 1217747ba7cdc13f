package dev.tldb.cli;

import dev.tldb.error.TldbException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Map;

/** Entry point of {@code tldb}: picocli parses, commands run, user-facing errors print as one line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs a command line as if the process had {@code environment} (tests: where the index cache lives). */
    public static int run(Map<String, String> environment, String... args) {
        return commandLine(environment).execute(args);
    }

    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cmd = new CommandLine(new TldbCommand(environment));
        cmd.setExecutionExceptionHandler(Main::handle);
        return cmd;
    }

    /** A TldbException is the user's problem: one line, no trace. Anything else is our bug: keep the trace. */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof TldbException) {
            err.println("tldb: " + e.getMessage());
        } else {
            err.println("tldb: internal error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILED;
    }
}
