package dev.tldb.repl.complete;

import dev.tldb.dwarf.index.EntryKind;
import dev.tldb.error.TldbException;
import dev.tldb.repl.Debugger;
import dev.tldb.repl.Interpreter;
import dev.tldb.session.Session;
import dev.tldb.target.ThreadInfo;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.completer.FileNameCompleter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tab completion driven by the command tree itself: command and subcommand names and options
 * come from the picocli specs; what a positional parameter completes to follows its label
 * ({@code EXPR}: variable names with the thread-local ones first, {@code TYPE|EXPR}: types too,
 * {@code THREAD}: thread numbers, {@code FILE}: paths, {@code REGISTER}: register names), and
 * nested commands ({@code thread apply all ...}, {@code expect ...}) complete as commands again.
 */
public final class TldbCompleter implements Completer {
    private static final Pattern TAG = Pattern.compile("(?:.*[^A-Za-z0-9_])?(?:struct|union|enum)");
    private static final Pattern IDENT_TAIL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*$");
    // JLine lists groups in the order of their names: these put the thread-local ones first.
    private static final String TLS = "thread-local variables", VARS = "variables and functions",
            FUNCS = VARS, TYPES = "types", COMMANDS = "commands";

    private final Interpreter interpreter;
    private final FileNameCompleter files = new FileNameCompleter();
    private Session namesOf;
    private int namesModules = -1;
    private List<Session.Name> names = List.of();

    public TldbCompleter(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        try {
            complete(reader, line, line.words().subList(0, line.wordIndex()), line.word().substring(0,
                    Math.min(line.wordCursor(), line.word().length())), candidates);
        } catch (TldbException | IndexOutOfBoundsException e) {
            // No target, or a line we cannot make sense of: nothing to offer.
        }
    }

    private void complete(LineReader reader, ParsedLine line, List<String> before, String word, List<Candidate> out) {
        CommandLine c = interpreter.commands();
        int i = 0;
        while (i < before.size()) {
            String w = before.get(i);
            int slash = w.indexOf('/');
            Optional<CommandLine> sub = find(c, slash > 0 ? w.substring(0, slash) : w);
            if (sub.isEmpty()) {
                break;
            }
            c = sub.get();
            i++;
        }
        if (c == interpreter.commands()) {
            if (i == before.size()) {
                commandNames(c, out);
            }
            return;
        }
        List<String> args = before.subList(i, before.size()).stream().filter(a -> !a.startsWith("-")).toList();
        if (word.startsWith("-")) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                for (String n : o.names()) {
                    out.add(new Candidate(n, n, null, first(o.description()), null, null, true));
                }
            }
            return;
        }
        if (args.isEmpty() && !c.getSubcommands().isEmpty()) {
            commandNames(c, out);
        }
        List<PositionalParamSpec> params = c.getCommandSpec().positionalParameters();
        if (params.isEmpty()) {
            return;
        }
        String label = params.get(0).paramLabel();
        switch (label) {
            case "EXPR", "SYMBOL" -> expression(word, false, afterTag(before), out);
            case "TYPE|EXPR" -> expression(word, true, afterTag(before), out);
            case "THREAD" -> {
                if (c.getCommandName().equals("tls")) {
                    out.add(new Candidate("all", "all", "threads", "every thread", null, null, true));
                }
                threads(out);
            }
            case "all|THREAD... COMMAND" -> {
                int threadWords = 0;
                while (threadWords < args.size() && (args.get(threadWords).equals("all")
                        || args.get(threadWords).matches("\\d+(-\\d+)?"))) {
                    threadWords++;
                }
                if (threadWords == args.size()) {
                    if (args.isEmpty()) {
                        out.add(new Candidate("all", "all", "threads", "every thread", null, null, true));
                    }
                    threads(out);
                } else {
                    nested(reader, line, args.subList(threadWords, args.size()), word, out);
                }
            }
            case "CHECK" -> {
                List<String> rest = new ArrayList<>(args);
                if (!rest.isEmpty() && rest.get(0).equals("error")) {
                    rest.remove(0);
                }
                if (!rest.isEmpty() && rest.get(0).equals("all-threads")) {
                    rest.remove(0);
                } else if (rest.size() >= 2 && rest.get(0).equals("thread")) {
                    rest = rest.subList(2, rest.size());
                } else if (rest.size() == 1 && rest.get(0).equals("thread")) {
                    threads(out);
                    return;
                }
                if (rest.isEmpty()) {
                    for (String k : List.of("error", "thread", "all-threads")) {
                        out.add(new Candidate(k, k, "expect", null, null, null, true));
                    }
                }
                nested(reader, line, rest, word, out);
            }
            case "FILE" -> {
                if (c.getCommandName().equals("sim")) {
                    out.add(new Candidate("demo", "demo", null, "the built-in demo", null, null, true));
                }
                files.complete(reader, line, out);
            }
            case "REGISTER" -> registers(out);
            case "COMMAND" -> {
                CommandLine at = interpreter.commands();
                for (String a : args) {
                    at = find(at, a).orElse(at);
                }
                commandNames(at, out);
            }
            case "SETTING" -> out.add(new Candidate("tls-unallocated"));
            default -> { }
        }
    }

    private void nested(LineReader reader, ParsedLine line, List<String> words, String word, List<Candidate> out) {
        complete(reader, line, words, word, out);
    }

    private static Optional<CommandLine> find(CommandLine parent, String word) {
        Map<String, CommandLine> subs = parent.getSubcommands();
        if (subs.containsKey(word)) {
            return Optional.of(subs.get(word));
        }
        List<CommandLine> m = subs.entrySet().stream().filter(e -> e.getKey().startsWith(word))
                .map(Map.Entry::getValue).distinct().toList();
        return m.size() == 1 ? Optional.of(m.get(0)) : Optional.empty();
    }

    private static void commandNames(CommandLine c, List<Candidate> out) {
        for (CommandLine sub : c.getSubcommands().values().stream().distinct().toList()) {
            CommandSpec spec = sub.getCommandSpec();
            out.add(new Candidate(spec.name(), spec.name(), COMMANDS, first(spec.usageMessage().description()), null,
                    null, true));
        }
    }

    private static String first(String[] description) {
        if (description.length == 0) {
            return null;
        }
        String d = description[0];
        int stop = d.indexOf(". ");
        return stop > 0 ? d.substring(0, stop + 1) : d;
    }

    private void threads(List<Candidate> out) {
        Debugger dbg = interpreter.debugger();
        if (!dbg.hasTarget()) {
            return;
        }
        for (ThreadInfo t : dbg.stack().threads()) {
            out.add(new Candidate(Integer.toString(t.num()), Integer.toString(t.num()), "threads",
                    "LWP " + t.lwp() + t.name().map(n -> " \"" + n + "\"").orElse(""), null, null, true));
        }
    }

    private void registers(List<Candidate> out) {
        Debugger dbg = interpreter.debugger();
        if (!dbg.hasTarget()) {
            return;
        }
        dbg.stack().abi().arch().registers().registers()
                .forEach(r -> out.add(new Candidate(r.name(), r.name(), "registers", null, null, null, true)));
    }

    /** Whether the word before is a tag keyword ({@code struct}, {@code (union}, ...): a type name follows. */
    private static boolean afterTag(List<String> before) {
        return !before.isEmpty() && TAG.matcher(before.get(before.size() - 1)).matches();
    }

    /**
     * Identifiers at the end of the word: {@code &tls_c} completes to {@code &tls_counter}. Type
     * names where a type may stand: with {@code types}, after an opening parenthesis (a cast), and
     * only types after {@code struct}, {@code union} or {@code enum} ({@code tagged}).
     */
    private void expression(String word, boolean types, boolean tagged, List<Candidate> out) {
        Debugger dbg = interpreter.debugger();
        if (!dbg.hasTarget() || word.startsWith("/")) {
            return;
        }
        Matcher m = IDENT_TAIL.matcher(word);
        String head = m.find() ? word.substring(0, m.start()) : word;
        if (head.endsWith(".") || head.endsWith("->")) {
            return; // members: not offered (yet)
        }
        for (Session.Name n : names(dbg.session())) {
            String group;
            int sort;
            if (tagged && n.kind() != EntryKind.TYPE) {
                continue;
            }
            if (n.kind() == EntryKind.TYPE) {
                if (!types && !tagged && !head.endsWith("(")) {
                    continue;
                }
                group = TYPES;
                sort = 3;
            } else if (n.threadLocal()) {
                group = TLS;
                sort = 0;
            } else if (n.kind() == EntryKind.VARIABLE) {
                group = VARS;
                sort = 1;
            } else {
                group = FUNCS;
                sort = 2;
            }
            out.add(new Candidate(head + n.name(), n.name(), group, null, null, null, true, sort));
        }
    }

    private List<Session.Name> names(Session s) {
        int modules = s.target().modules().size();
        if (s != namesOf || modules != namesModules) {
            names = s.names();
            namesOf = s;
            namesModules = modules;
        }
        return names;
    }
}
