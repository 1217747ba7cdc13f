package dev.tldb.repl;

import dev.tldb.error.TldbException;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way gdb reads its commands: blanks separate words, but
 * not inside C string or character literals, which stay whole with their quotes and escapes (an
 * expression is rejoined from its words, so only blanks between words change). A format
 * attached to the command word is its own word: {@code print/x v} and {@code x/4xw &v} give
 * {@code print /x v} and {@code x /4xw &v}, which is how gdb reads them too.
 */
public final class Splitter {
    private Splitter() {}

    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                w.append(c);
                if (c == '\\' && i + 1 < line.length()) {
                    w.append(line.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
            }
            w.append(c);
            inWord = true;
        }
        if (quote != 0) {
            throw new TldbException("Unmatched " + (quote == '"' ? "double" : "single") + " quote.");
        }
        if (inWord) {
            words.add(w.toString());
        }
        if (!words.isEmpty()) {
            String first = words.get(0);
            int slash = first.indexOf('/');
            if (slash > 0) {
                words.set(0, first.substring(0, slash));
                words.add(1, first.substring(slash));
            }
        }
        return words;
    }

    /** The text after the first {@code n} words of {@code line}, exactly as typed (blanks kept). */
    public static String rest(String line, int n) {
        int i = 0;
        for (int k = 0; k < n; k++) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            char quote = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (Character.isWhitespace(c)) {
                    break;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                }
                i++;
            }
        }
        return line.substring(Math.min(i, line.length())).trim();
    }
}
