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
        if (args.length == 0) {
            // `tldb` alone: the REPL on the built-in demo. There is nothing to parse, and picocli's
            // model of the whole command line would cost a third of the time to the first prompt,
            // so go straight there, with the demo and the terminal made on other cores meanwhile.
            System.exit(SessionLauncher.replOnDemo(System.getenv(),
                    dev.tldb.repl.Ahead.start(dev.tldb.sim.scenario.BuiltinDemo::start),
                    dev.tldb.repl.Ahead.start(SessionLauncher::systemTerminal)));
        }
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        return run(System.getenv(), args);
    }

    /** Runs a command line as if the process had {@code environment} (tests: NO_COLOR, HOME, the index cache). */
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
        // completion prints a script for every command, so it needs them all.
        if (wanted != null && !wanted.equals("completion")) {
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
        cmd.setParameterExceptionHandler(Main::usageError);
        return cmd;
    }

    /**
     * A wrong command line: one line naming the command, what is wrong and where the help is,
     * instead of picocli's default of the message followed by the whole usage text (forty lines
     * to scroll past, and noise in a script's log).
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
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
