package dev.tldb.repl.commands;

import dev.tldb.error.TldbException;
import dev.tldb.repl.Console;
import dev.tldb.repl.Debugger;
import dev.tldb.repl.Interpreter;
import dev.tldb.repl.Splitter;
import dev.tldb.repl.script.Expectation;
import dev.tldb.repl.script.ScriptRunner;
import dev.tldb.session.PrintFormat;
import dev.tldb.session.Session;
import dev.tldb.session.Value;
import dev.tldb.target.ThreadInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Scripting: {@code expect} checks, {@code source}, {@code echo}. */
final class ScriptCommands {
    private ScriptCommands() {}

    private static final Set<String> VALUE_COMMANDS = Set.of("print", "p", "inspect", "output");

    @Command(name = "expect", description = {"Check what a command prints; a failed check prints what was expected "
            + "and what came out, and makes a batch run exit with 1.",
            "expect [error] [thread LIST | all-threads] COMMAND (== VALUE | != VALUE | =~ REGEX)",
            "For print, p and output the value is compared (what follows $N = ), for other commands their output. "
                    + "expect error COMMAND [=~ REGEX] requires the command to fail. See docs/scripting.md."})
    static final class Expect extends ReplCommand {
        private final Interpreter interpreter;

        @Parameters(paramLabel = "CHECK", arity = "1..*", description = "[error] [thread LIST|all-threads] COMMAND OP EXPECTED")
        List<String> words = new ArrayList<>();

        Expect(Debugger dbg, Interpreter interpreter) {
            super(dbg);
            this.interpreter = interpreter;
        }

        @Override
        protected int run() {
            // The exact text (blanks inside the expected value matter), not picocli's words.
            String line = dbg.currentLine().orElseThrow();
            Expectation e = Expectation.parse(Splitter.rest(line, 1));
            List<Optional<ThreadInfo>> where = threads(e);
            boolean allHeld = true;
            ThreadInfo selected = dbg.threadIfAny().orElse(null);
            try {
                for (Optional<ThreadInfo> t : where) {
                    t.ifPresent(dbg::select);
                    Outcome o = attempt(e, t);
                    boolean held = e.error() ? o.failed() && (e.op().isEmpty() || e.holds(o.text()))
                            : !o.failed() && e.holds(o.text());
                    dbg.countExpect(held);
                    if (!held) {
                        allHeld = false;
                        report(e, t, o);
                    }
                }
            } finally {
                if (selected != null) {
                    dbg.select(selected);
                }
            }
            return allHeld ? Interpreter.OK : Interpreter.CHECK_FAILED;
        }

        private List<Optional<ThreadInfo>> threads(Expectation e) {
            if (e.threads().isEmpty()) {
                return List.of(dbg.threadIfAny());
            }
            List<ThreadInfo> ts;
            if (e.threads().get().equals("all")) {
                ts = new ArrayList<>(dbg.stack().threads());
                if (ts.isEmpty()) {
                    throw new TldbException("No threads.");
                }
            } else {
                ts = Words.threadList(dbg, List.of(e.threads().get().split(",")));
            }
            ts.sort(Comparator.comparingInt(ThreadInfo::num));
            return ts.stream().map(Optional::of).toList();
        }

        /** What the command gave: its value or output, or its error message. */
        record Outcome(boolean failed, String text) {}

        private Outcome attempt(Expectation e, Optional<ThreadInfo> thread) {
            List<String> words = Splitter.split(e.command());
            if (VALUE_COMMANDS.contains(words.get(0))) {
                List<String> rest = new ArrayList<>(words.subList(1, words.size()));
                try {
                    PrintFormat f = DataCommands.printFormat(DataCommands.format(rest), words.get(0));
                    Session s = dbg.session();
                    Value v = s.evaluate(Words.join(rest), thread, Optional.empty());
                    return new Outcome(false, s.format(v, f));
                } catch (TldbException x) {
                    return new Outcome(true, x.getMessage());
                }
            }
            Console.Captured<Integer> c = dbg.console().capture(() -> interpreter.execute(e.command()));
            boolean failed = c.result() != Interpreter.OK;
            String text = failed ? c.err() : c.out();
            return new Outcome(failed, text.replaceAll("\\n+$", ""));
        }

        private void report(Expectation e, Optional<ThreadInfo> t, Outcome o) {
            var err = err();
            String where = t.map(x -> " in thread " + x.num() + " (LWP " + x.lwp() + ")").orElse("");
            err.println(dbg.location().map(l -> l + ": ").orElse("") + "expect failed" + where + ": "
                    + e.command());
            String op = e.op().orElse("");
            if (e.error()) {
                err.println("  expected: an error" + (op.isEmpty() ? "" : " matching " + e.expected()));
            } else {
                err.println("  expected: " + (op.equals("==") ? "" : op + " ") + e.expected());
            }
            String actual = o.failed() ? "error: " + o.text() : o.text();
            err.println("  actual:   " + actual.replace("\n", "\n            "));
        }
    }

    @Command(name = "source", description = "Run the commands of a file, as tldb -x does (an error ends the file; "
            + "failed expect checks are reported and the file goes on).")
    static final class Source extends ReplCommand {
        private final Interpreter interpreter;

        @Parameters(paramLabel = "FILE", description = "The command file.")
        Path file;

        Source(Debugger dbg, Interpreter interpreter) {
            super(dbg);
            this.interpreter = interpreter;
        }

        @Override
        protected int run() {
            return new ScriptRunner(interpreter).run(file);
        }
    }

    @Command(name = "echo", description = "Print text (C escapes such as \\n are understood; no newline is added).")
    static final class Echo extends ReplCommand {
        @Parameters(paramLabel = "TEXT", arity = "0..*")
        List<String> words = new ArrayList<>();

        Echo(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            String raw = dbg.currentLine().map(l -> Splitter.rest(l, 1)).orElse(Words.join(words));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length()) {
                    char n = raw.charAt(++i);
                    b.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'a' -> (char) 7;
                        case 'e' -> (char) 27;
                        default -> n;
                    });
                } else {
                    b.append(c);
                }
            }
            out().print(b);
            out().flush();
            return 0;
        }
    }
}
