package dev.tldb.cli;

import dev.tldb.error.TldbException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;

/** Entry point of {@code tldb}: picocli parses, commands run, user-facing errors print as one line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        return run(System.getenv(), args);
    }

    /** Runs a command line as if the process had {@code environment} (tests: where the index cache lives). */
    public static int run(Map<String, String> environment, String... args) {
        return commandLine(environment, args).execute(args);
    }

    /** The whole command line, every subcommand registered (for help, completion, tests). */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    public static CommandLine commandLine(Map<String, String> environment) {
        return commandLine(environment, new String[0]);
    }

    /**
     * The command line for {@code args}: when they name a subcommand, only that one is registered.
     * picocli builds the model of every registered command from its annotations at start-up, and
     * a one-shot command should not pay for the models of all the others. Anything else (no
     * subcommand, a misspelt one, {@code --help}) gets them all, so usage and suggestions are complete.
     */
    static CommandLine commandLine(Map<String, String> environment, String[] args) {
        CommandLine cmd = new CommandLine(new TldbCommand(environment));
        String wanted = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                wanted = a;
                break;
            }
        }
        Object only = null;
        if (wanted != null) {
            for (Supplier<Object> s : TldbCommand.SUBCOMMANDS) {
                Object sub = s.get();
                CommandLine.Command c = sub.getClass().getAnnotation(CommandLine.Command.class);
                if (c.name().equals(wanted) || java.util.Arrays.asList(c.aliases()).contains(wanted)) {
                    only = sub;
                    break;
                }
            }
        }
        if (only != null) {
            cmd.addSubcommand(only);
        } else {
            for (Supplier<Object> s : TldbCommand.SUBCOMMANDS) {
                cmd.addSubcommand(s.get());
            }
        }
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
