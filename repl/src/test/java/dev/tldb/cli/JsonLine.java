package dev.tldb.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses one line of tldb's {@code --json} output: a flat object of strings, integers, booleans
 * and null. Strict (RFC 8259 escapes, nothing after the object), so that a malformed line fails
 * the test instead of being half-read.
 */
public final class JsonLine {
    private final String text;
    private int at;

    private JsonLine(String text) {
        this.text = text;
    }

    public static Map<String, Object> parse(String line) {
        JsonLine p = new JsonLine(line);
        Map<String, Object> object = p.object();
        if (p.at != line.length()) {
            throw p.bad("text after the object");
        }
        return object;
    }

    private Map<String, Object> object() {
        Map<String, Object> out = new LinkedHashMap<>();
        expect('{');
        if (peek() == '}') {
            at++;
            return out;
        }
        while (true) {
            String key = string();
            expect(':');
            if (out.put(key, value()) != null) {
                throw bad("duplicate key " + key);
            }
            char c = next();
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw bad("expected , or }");
            }
        }
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '-' || Character.isDigit(c)) {
            int start = at;
            if (c == '-') {
                at++;
            }
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            return Long.parseLong(text.substring(start, at));
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (text.startsWith(word, at)) {
                at += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        }
        throw bad("not a value");
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw bad("raw control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw bad("short \\u escape");
                    }
                    b.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw bad("bad escape \\" + e);
            }
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw bad("expected " + c);
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw bad("unexpected end");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private IllegalArgumentException bad(String why) {
        return new IllegalArgumentException(why + " at column " + at + " of JSON line: " + text);
    }
}
