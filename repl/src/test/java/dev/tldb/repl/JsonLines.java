package dev.tldb.repl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads tldb's {@code --json} lines back in tests: flat objects of strings, numbers, booleans
 * (nested values are kept as their text). Enough to check output, not a general JSON parser.
 */
final class JsonLines {
    private JsonLines() {}

    static List<Map<String, String>> parse(String text) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("{")) {
                out.add(object(line));
            }
        }
        return out;
    }

    static Map<String, String> object(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        int[] i = {1};
        while (i[0] < s.length() && s.charAt(i[0]) != '}') {
            String key = string(s, i);
            i[0]++; // ':'
            m.put(key, value(s, i));
            if (s.charAt(i[0]) == ',') {
                i[0]++;
            }
        }
        return m;
    }

    private static String value(String s, int[] i) {
        char c = s.charAt(i[0]);
        if (c == '"') {
            return string(s, i);
        }
        int start = i[0], depth = 0;
        boolean inString = false;
        for (; i[0] < s.length(); i[0]++) {
            char d = s.charAt(i[0]);
            if (inString) {
                if (d == '\\') {
                    i[0]++;
                } else if (d == '"') {
                    inString = false;
                }
            } else if (d == '"') {
                inString = true;
            } else if (d == '{' || d == '[') {
                depth++;
            } else if (d == '}' || d == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (d == ',' && depth == 0) {
                break;
            }
        }
        return s.substring(start, i[0]);
    }

    private static String string(String s, int[] i) {
        StringBuilder b = new StringBuilder();
        i[0]++; // opening quote
        while (s.charAt(i[0]) != '"') {
            char c = s.charAt(i[0]++);
            if (c == '\\') {
                char e = s.charAt(i[0]++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i[0], i[0] + 4), 16));
                        i[0] += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        i[0]++; // closing quote
        return b.toString();
    }
}
