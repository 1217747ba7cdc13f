package dev.tldb.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A finished batch gdb run. */
public record GdbResult(int exitCode, String stdout, String stderr) {
    private static final Pattern HISTORY = Pattern.compile("^\\$(\\d+) = (.*)$", Pattern.MULTILINE);

    /** The values of gdb's {@code $N = value} lines, in order (value history 1, 2, ...). */
    public List<String> values() {
        return historyValues(stdout);
    }

    /** The value printed as {@code $n}. */
    public Optional<String> value(int n) {
        Matcher m = HISTORY.matcher(stdout);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == n) {
                return Optional.of(m.group(2));
            }
        }
        return Optional.empty();
    }

    /** The values of every {@code $N = value} line in {@code text}, in order. */
    public static List<String> historyValues(String text) {
        List<String> values = new ArrayList<>();
        Matcher m = HISTORY.matcher(text);
        while (m.find()) {
            values.add(m.group(2));
        }
        return values;
    }

    public String describe() {
        return "gdb exit code " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n"
                + stderr;
    }
}
