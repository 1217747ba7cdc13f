package dev.tldb.repl.commands;

import dev.tldb.cli.Json;
import dev.tldb.error.TldbException;
import dev.tldb.repl.Debugger;
import dev.tldb.session.CType;
import dev.tldb.session.PrintFormat;
import dev.tldb.session.Session;
import dev.tldb.session.Value;
import dev.tldb.target.ThreadInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Examining data: {@code print}, {@code ptype}, {@code whatis}, {@code output}. */
final class DataCommands {
    private DataCommands() {}

    /** Splits off a leading {@code /FMT} word. */
    static FormatSpec format(List<String> words) {
        if (words != null && !words.isEmpty() && words.get(0).startsWith("/")) {
            return FormatSpec.parse(words.remove(0));
        }
        return FormatSpec.none();
    }

    /** The print format of a {@code /F}; gdb refuses counts and sizes after {@code print}. */
    static PrintFormat printFormat(FormatSpec f, String command) {
        if (f.count().isPresent()) {
            throw new TldbException("Item count other than 1 is meaningless in \"" + command + "\" command.");
        }
        if (f.size().isPresent()) {
            throw new TldbException("Size letters are meaningless in \"" + command + "\" command.");
        }
        if (f.format().isEmpty()) {
            return PrintFormat.NATURAL;
        }
        char c = f.format().get();
        if (c == 'z') {
            c = 'x';
        }
        final char letter = c;
        return PrintFormat.of(letter).orElseThrow(() -> new TldbException("Format letter \"" + letter
                + "\" is meaningless in \"" + command + "\" command."));
    }

    /**
     * The {@code [/F] EXPR} words of {@code print}, {@code output} and {@code tls}, split: the
     * print format, and the words of the expression.
     */
    record PrintArgs(PrintFormat format, List<String> words) {
        PrintArgs {
            words = List.copyOf(words);
        }

        /** Splits {@code words} (left as they are); {@code command} names the command in gdb's complaints. */
        static PrintArgs of(List<String> words, String command) {
            List<String> w = new ArrayList<>(words);
            PrintFormat f = printFormat(DataCommands.format(w), command);
            return new PrintArgs(f, w);
        }

        String expression() {
            return Words.join(words);
        }
    }

    @Command(name = "print", aliases = {"p", "inspect"},
            description = {"Print the value of an expression, as gdb does: $N = VALUE.",
                    "EXPR is C: variables (thread-local ones in the selected thread), members (. ->), "
                            + "subscripts, * and &, casts, arithmetic, $N history and $register values.",
                    "/F picks a format: x (hex), d, u, o, t (binary), c, a (address), f; e.g. print/x tls_counter."})
    static final class Print extends ReplCommand {
        @Option(names = "--json", description = "One JSON object: thread, lwp, expr, history, value (or error).")
        boolean json;

        @Parameters(paramLabel = "EXPR", arity = "0..*", description = "[/F] EXPR")
        List<String> words = new ArrayList<>();

        Print(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            PrintArgs args = PrintArgs.of(words, "print");
            PrintFormat f = args.format();
            String expr = args.expression();
            Session s = dbg.session();
            Optional<ThreadInfo> thread = dbg.threadIfAny();
            if (expr.isEmpty()) {
                expr = "$"; // gdb: print with no expression shows the last value again
            }
            try {
                Value v = s.evaluate(expr, thread, Optional.empty());
                String text = s.format(v, f);
                int n = s.remember(v);
                if (json) {
                    Json o = jsonAbout(thread, expr).put("history", n).put("value", text);
                    v.note().ifPresent(note -> o.put("note", note));
                    out().println(o);
                } else {
                    out().println("$" + n + " = " + text + v.note().map(note -> "  <" + note + ">").orElse(""));
                }
                return 0;
            } catch (TldbException e) {
                if (!json) {
                    throw e;
                }
                out().println(jsonAbout(thread, expr).put("error", e.getMessage()));
                return 1;
            }
        }

        /** How both JSON answers, value or error, begin: the thread (if any) and the expression. */
        private static Json jsonAbout(Optional<ThreadInfo> thread, String expr) {
            Json o = Json.object();
            thread.ifPresent(t -> o.put("thread", t.num()).put("lwp", t.lwp()));
            return o.put("expr", expr);
        }
    }

    @Command(name = "output", description = "Print the value of an expression without $N = and without a newline "
            + "(for scripts, with echo).")
    static final class Output extends ReplCommand {
        @Parameters(paramLabel = "EXPR", arity = "1..*", description = "[/F] EXPR")
        List<String> words = new ArrayList<>();

        Output(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            PrintArgs args = PrintArgs.of(words, "output");
            Session s = dbg.session();
            out().print(s.format(s.evaluate(args.expression(), dbg.threadIfAny(), Optional.empty()), args.format()));
            out().flush();
            return 0;
        }
    }

    /** {@code ptype} and {@code whatis}: of a type name, or of an expression's value. */
    abstract static class TypeOf extends ReplCommand {
        @Parameters(paramLabel = "TYPE|EXPR", arity = "1..*", description = "A type name (struct pair, int *) or an expression.")
        List<String> words = new ArrayList<>();

        TypeOf(Debugger dbg) {
            super(dbg);
        }

        abstract String describe(Session s, CType type);

        @Override
        protected int run() {
            String text = Words.join(words);
            Session s = dbg.session();
            Optional<CType> type = s.typeNamed(text);
            CType t = type.orElseGet(() -> s.evaluate(text, dbg.threadIfAny(), Optional.empty()).type());
            out().println("type = " + describe(s, t));
            return 0;
        }
    }

    @Command(name = "ptype", description = "Print the definition of a type, or of an expression's type "
            + "(structures with their members).")
    static final class Ptype extends TypeOf {
        Ptype(Debugger dbg) {
            super(dbg);
        }

        @Override
        String describe(Session s, CType type) {
            return s.ptype(type);
        }
    }

    @Command(name = "whatis", description = "Print the name of a type, or of an expression's type.")
    static final class Whatis extends TypeOf {
        Whatis(Debugger dbg) {
            super(dbg);
        }

        @Override
        String describe(Session s, CType type) {
            return s.typeName(type);
        }
    }
}
