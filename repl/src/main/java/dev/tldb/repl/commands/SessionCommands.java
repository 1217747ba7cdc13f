package dev.tldb.repl.commands;

import dev.tldb.error.TldbException;
import dev.tldb.repl.Debugger;
import dev.tldb.repl.Interpreter;
import dev.tldb.target.UnallocatedTls;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The session itself: {@code help}, {@code quit}, {@code set}, {@code show}. */
final class SessionCommands {
    private SessionCommands() {}

    @Command(name = "help", aliases = "h", description = "List the commands, or describe one: help info tls.")
    static final class Help extends ReplCommand {
        private final Interpreter interpreter;

        @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command (abbreviations allowed).")
        List<String> words = new ArrayList<>();

        Help(Debugger dbg, Interpreter interpreter) {
            super(dbg);
            this.interpreter = interpreter;
        }

        @Override
        protected int run() {
            CommandLine root = interpreter.commands();
            if (words.isEmpty()) {
                out().println("List of commands:");
                for (Map.Entry<String, List<String>> e : interpreter.categories().all().entrySet()) {
                    out().println();
                    out().println(e.getKey() + ":");
                    for (String name : e.getValue()) {
                        CommandLine c = root.getSubcommands().get(name);
                        out().println("  " + summary(name, c));
                        for (CommandLine sub : subcommands(c)) {
                            out().println("  " + summary(name + " " + sub.getCommandName(), sub));
                        }
                    }
                }
                out().println();
                out().println("Type \"help\" followed by a command name for its options and arguments.");
                out().println("Command names may be abbreviated if unambiguous: i thr is info threads, p is print.");
                return 0;
            }
            CommandLine c = root;
            for (String w : words) {
                c = find(c, w);
            }
            c.usage(out());
            return 0;
        }

        private static List<CommandLine> subcommands(CommandLine c) {
            return c.getSubcommands().values().stream().distinct().toList();
        }

        private static String summary(String name, CommandLine c) {
            String[] d = c.getCommandSpec().usageMessage().description();
            String[] aliases = c.getCommandSpec().aliases();
            return name + (aliases.length > 0 ? " (" + String.join(", ", aliases) + ")" : "") + " -- "
                    + (d.length > 0 ? d[0] : "");
        }

        /** A subcommand by name, alias or unique prefix, as the interpreter matches them. */
        private static CommandLine find(CommandLine parent, String word) {
            Map<String, CommandLine> subs = parent.getSubcommands();
            if (subs.containsKey(word)) {
                return subs.get(word);
            }
            List<CommandLine> matches = subs.entrySet().stream().filter(e -> e.getKey().startsWith(word))
                    .map(Map.Entry::getValue).distinct().toList();
            if (matches.size() == 1) {
                return matches.get(0);
            }
            String where = parent.getCommandSpec().qualifiedName(" ").trim();
            if (matches.isEmpty()) {
                throw new TldbException("Undefined " + (where.isEmpty() ? "" : where + " ") + "command: \"" + word
                        + "\".  Try \"help\".");
            }
            throw new TldbException("Ambiguous command \"" + word + "\": " + String.join(", ",
                    matches.stream().map(CommandLine::getCommandName).toList()) + ".");
        }
    }

    @Command(name = "quit", aliases = {"q", "exit"}, description = "Leave tldb (Ctrl-D does too); "
            + "in a batch run, stop there with the exit code given.")
    static final class Quit extends ReplCommand {
        @Parameters(paramLabel = "CODE", arity = "0..1", description = "Exit code for a batch run.")
        Integer code;

        Quit(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            dbg.requestQuit();
            if (code != null) {
                dbg.setExitCode(code);
            }
            return 0;
        }
    }

    /** gdb settings that scripts carry and tldb has no use for: accepted so the scripts run. */
    private static final Set<String> IGNORED = Set.of("width", "height", "pagination", "confirm", "verbose",
            "print", "style", "logging");

    @Command(name = "set", description = {"Change a setting: set tls-unallocated error|allocate|init-image.",
            "error: a thread that has not allocated a module's TLS block gets an error (as gdb); allocate: allocate "
                    + "it now (simulated processes only); init-image: show the module's initial TLS image."})
    static final class Set_ extends ReplCommand {
        @Parameters(paramLabel = "SETTING", arity = "1..*", description = "tls-unallocated POLICY")
        List<String> words = new ArrayList<>();

        Set_(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            String name = words.get(0);
            if (name.equals("tls-unallocated")) {
                if (words.size() != 2) {
                    throw new TldbException("set tls-unallocated takes error, allocate or init-image");
                }
                dbg.setUnallocatedPolicy(UnallocatedTls.of(words.get(1)).orElseThrow(() -> new TldbException(
                        "Undefined item: \"" + words.get(1) + "\" (error, allocate or init-image).")));
                return 0;
            }
            if (IGNORED.contains(name)) {
                return 0;
            }
            throw new TldbException("No symbol \"" + name + "\" in current context. (tldb's settings: tls-unallocated)");
        }
    }

    @Command(name = "show", description = "Show a setting: show tls-unallocated, show version.")
    static final class Show extends ReplCommand {
        @Parameters(paramLabel = "SETTING", arity = "1")
        String name;

        Show(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            switch (name) {
                case "tls-unallocated" -> out().println("Reading a thread's unallocated TLS block: "
                        + dbg.unallocatedPolicy().keyword() + ".");
                case "version" -> out().println("tldb " + dev.tldb.cli.VersionProvider.version());
                default -> throw new TldbException("Undefined show command: \"" + name + "\".  Try \"help show\".");
            }
            return 0;
        }
    }
}
