package dev.tldb.repl;

import dev.tldb.error.TldbException;
import dev.tldb.repl.commands.Categories;
import dev.tldb.repl.commands.CommandSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs command lines, for the REPL and for batch scripts alike. The commands are a picocli
 * command tree ({@link CommandSet}): picocli matches names and unique prefixes ({@code i thr} is
 * {@code info threads}), parses options such as {@code --json} and prints each command's help;
 * this class splits the line the way gdb does ({@link Splitter}) and turns every failure into
 * one line on the error stream, in gdb's words where gdb has them, so the session goes on.
 */
public final class Interpreter {
    /** A command ran and did what it was asked. */
    public static final int OK = 0;
    /** A command failed (bad input, no value, no target, ...). */
    public static final int FAILED = 1;
    /** An {@code expect} check did not hold (it printed what it expected and what came out). */
    public static final int CHECK_FAILED = 3;

    private final Debugger debugger;
    private final CommandLine commands;
    private final Categories categories;
    private int quiet;
    private int depth;
    private boolean cancelled;

    public Interpreter(Debugger debugger) {
        this.debugger = debugger;
        this.commands = new CommandLine(new Root());
        this.categories = CommandSet.install(commands, debugger, this);
        PrintWriter out = debugger.console().out();
        PrintWriter err = debugger.console().err();
        commands.setAbbreviatedSubcommandsAllowed(true)
                .setUnmatchedOptionsArePositionalParams(true)
                .setExpandAtFiles(false)
                .setOut(out)
                .setErr(err)
                .setUsageHelpWidth(Math.max(60, Math.min(120, debugger.console().width())))
                .setExecutionExceptionHandler(this::failed)
                .setParameterExceptionHandler(this::badUsage);
    }

    /**
     * Builds a throwaway command tree: picocli's first model costs a third of a second (its
     * classes are Java 5 class files, verified the slow way and skipped by class-data sharing),
     * so {@code tldb} pays it on the main thread while the terminal and the demo are made on
     * other cores; the real tree is then quick to build.
     */
    public static void warmUp() {
        new Interpreter(new Debugger(Console.plain(java.io.Writer.nullWriter(), java.io.Writer.nullWriter(), false),
                java.util.Map.of(), Targets.defaults()));
    }

    public Debugger debugger() {
        return debugger;
    }

    /** The command tree, for help and completion. */
    public CommandLine commands() {
        return commands;
    }

    public Categories categories() {
        return categories;
    }

    /** Runs one line; returns {@link #OK} or {@link #FAILED}. Blank lines and comments do nothing. */
    public int execute(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return OK;
        }
        List<String> words;
        try {
            words = Splitter.split(trimmed);
        } catch (TldbException e) {
            return report(e.getMessage());
        }
        debugger.pushLine(trimmed);
        depth++;
        try {
            int code = commands.execute(words.toArray(new String[0]));
            if (cancelled && depth > 1) {
                throw new Cancelled();
            }
            debugger.console().flush();
            return code == OK || code == CHECK_FAILED ? code : FAILED;
        } finally {
            depth--;
            debugger.popLine();
        }
    }

    /** Runs one line with its error message (if any) left out: {@code thread apply -s}. */
    public int executeQuietly(String line) {
        quiet++;
        try {
            return execute(line);
        } finally {
            quiet--;
        }
    }

    /** Prints a one-line error (the way every command fails) and returns {@link #FAILED}. */
    public int report(String message) {
        if (quiet > 0) {
            return FAILED;
        }
        debugger.console().err().println(debugger.location().map(l -> l + ": ").orElse("") + message);
        debugger.console().flush();
        return FAILED;
    }

    private int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof Cancelled) {
            if (depth > 1) {
                cancelled = true; // rethrown by execute: Ctrl-C ends the outer command too (thread apply, source)
                return FAILED;
            }
            cancelled = false;
            Thread.interrupted();
            return report("Quit");
        }
        if (e instanceof TldbException) {
            return report(e.getMessage());
        }
        if (Thread.currentThread().isInterrupted() || e.getCause() instanceof java.nio.channels.ClosedByInterruptException) {
            // Ctrl-C in the middle of file or channel I/O surfaces as an I/O error.
            Thread.interrupted();
            return report("Quit");
        }
        // Not the user's fault: one line here too, so the REPL goes on, but say that it is a bug.
        return report("internal error: " + e + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""));
    }

    private int badUsage(ParameterException e, String[] args) {
        CommandLine where = e.getCommandLine();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String word = u.getUnmatched().get(0);
            if (where == commands) {
                return report("Undefined command: \"" + word + "\".  Try \"help\".");
            }
            if (!where.getSubcommands().isEmpty() && !acceptsPositionals(where.getCommandSpec())) {
                String name = where.getCommandName();
                return report("Undefined " + name + " command: \"" + word + "\".  Try \"help " + name + "\".");
            }
        }
        String msg = e.getMessage();
        // picocli: "Error: 'th' is not unique: it matches 'thread', 'threads'"
        if (msg.contains("is not unique")) {
            String word = msg.replaceFirst("^.*?'([^']*)' is not unique.*$", "$1");
            String matches = msg.replaceFirst("^.*it matches ", "").replace("'", "");
            return report("Ambiguous command \"" + word + "\": " + matches + ".");
        }
        return report(msg.replaceFirst("^Error: ", "") + " (try \"help " + qualifiedName(where) + "\")");
    }

    private static boolean acceptsPositionals(CommandSpec spec) {
        return !spec.positionalParameters().isEmpty();
    }

    private static String qualifiedName(CommandLine c) {
        return c.getCommandSpec().qualifiedName(" ").trim();
    }

    /** The root of the command tree: a line with no command does nothing. */
    @Command(name = "", description = "tldb's commands")
    static final class Root implements Callable<Integer> {
        @Override
        public Integer call() {
            return OK;
        }
    }
}
