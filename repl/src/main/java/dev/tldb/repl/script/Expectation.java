package dev.tldb.repl.script;

import dev.tldb.error.TldbException;
import dev.tldb.repl.Splitter;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code expect} line of a script (docs/scripting.md):
 *
 * <pre>
 * expect [error] [thread LIST | all-threads] COMMAND [OP EXPECTED]
 *   OP:  ==  equal to EXPECTED      !=  different from it      =~  matches the regular expression
 * </pre>
 *
 * For {@code print}, {@code p} and {@code output} the value is compared (what gdb prints after
 * {@code $N = }); for other commands, their whole output. {@code expect error} requires the
 * command to fail, and its message to match when {@code =~ REGEX} is given. The operator is the
 * last {@code ==}, {@code !=} or {@code =~} with blanks around it outside quotes, so the command
 * itself may compare ({@code expect print a == b == 1}).
 *
 * @param error    whether the command must fail
 * @param threads  empty: the selected thread; {@code all}: every thread; else a thread ID list
 * @param command  the command to run
 * @param op       {@code ==}, {@code !=} or {@code =~}; empty only with {@code error}
 * @param expected the text after the operator
 */
public record Expectation(boolean error, Optional<String> threads, String command, Optional<String> op,
                          String expected) {

    private static final List<String> OPERATORS = List.of("==", "!=", "=~");

    /** Parses the text after {@code expect}. */
    public static Expectation parse(String text) {
        String rest = text.strip();
        boolean error = false;
        if (firstWord(rest).equals("error")) {
            error = true;
            rest = Splitter.rest(rest, 1);
        }
        Optional<String> threads = Optional.empty();
        String w = firstWord(rest);
        if (w.equals("all-threads")) {
            threads = Optional.of("all");
            rest = Splitter.rest(rest, 1);
        } else if (w.equals("thread")) {
            List<String> words = Splitter.split(rest);
            if (words.size() < 3 || !words.get(1).matches("[0-9][0-9,-]*")) {
                throw new TldbException("expect thread needs thread numbers and a command: expect thread 3 print x == 1");
            }
            threads = Optional.of(words.get(1));
            rest = Splitter.rest(rest, 2);
        }
        int at = lastOperator(rest);
        if (at < 0) {
            if (!error) {
                throw new TldbException("expect needs COMMAND == VALUE, != VALUE or =~ REGEX (or expect error COMMAND)");
            }
            return check(new Expectation(true, threads, rest.strip(), Optional.empty(), ""));
        }
        String op = rest.substring(at + 1, at + 3);
        String command = rest.substring(0, at).strip();
        String expected = rest.substring(at + 4).strip();
        if (error && !op.equals("=~")) {
            throw new TldbException("expect error takes only =~ REGEX (the message it must match)");
        }
        return check(new Expectation(error, threads, command, Optional.of(op), expected));
    }

    private static Expectation check(Expectation e) {
        if (e.command.isEmpty()) {
            throw new TldbException("expect: no command to check");
        }
        if (e.op.filter("=~"::equals).isPresent()) {
            try {
                Pattern.compile(e.expected);
            } catch (PatternSyntaxException x) {
                throw new TldbException("expect: bad regular expression: " + x.getDescription());
            }
        }
        return e;
    }

    /** Whether {@code actual} is what was expected. */
    public boolean holds(String actual) {
        return switch (op.orElse("=~")) {
            case "==" -> actual.equals(expected);
            case "!=" -> !actual.equals(expected);
            default -> Pattern.compile(expected).matcher(actual).find();
        };
    }

    /** Where the operator starts (the blank before it), or -1: the last one outside quotes. */
    private static int lastOperator(String s) {
        int found = -1;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ' ' && i + 3 < s.length() && s.charAt(i + 3) == ' '
                    && OPERATORS.contains(s.substring(i + 1, i + 3))) {
                found = i;
            }
        }
        return found;
    }

    private static String firstWord(String s) {
        List<String> w = Splitter.split(s);
        return w.isEmpty() ? "" : w.get(0);
    }
}
