package dev.tldb.session.expr;

import dev.tldb.session.SessionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A recursive-descent parser for the C expressions people print in a debugger: names, member
 * access ({@code .} and {@code ->}), subscripts, {@code *} and {@code &}, casts to named types,
 * {@code sizeof}, integer and floating literals, {@code $registers}, and the arithmetic,
 * comparison and logical operators with C's precedence. Errors read like gdb's
 * ({@code A syntax error in expression, near `)'.}).
 */
public final class ExprParser {
    private static final Set<String> TYPE_WORDS = Set.of("char", "short", "int", "long", "unsigned", "signed", "float",
            "double", "void", "_Bool", "struct", "union", "enum", "const", "volatile");
    private static final int MAX_DEPTH = 256;

    private final List<String> tokens;
    private final List<Integer> starts = new ArrayList<>();
    private final String text;
    private final Predicate<String> isTypeName;
    private int pos;
    private int depth;

    private ExprParser(String text, Predicate<String> isTypeName) {
        this.text = text;
        this.tokens = tokenize(text, starts);
        this.isTypeName = isTypeName;
    }

    /**
     * Parses {@code text}; {@code isTypeName} says whether an identifier names a type (a typedef
     * such as {@code uint64_t}), which decides whether {@code (x)y} is a cast.
     */
    public static Expr parse(String text, Predicate<String> isTypeName) {
        ExprParser p = new ExprParser(text, isTypeName);
        if (p.tokens.isEmpty()) {
            throw new SessionException("Argument required (expression to compute).");
        }
        Expr e = p.expression();
        if (p.pos < p.tokens.size()) {
            throw p.syntaxError();
        }
        return e;
    }

    // ---------------------------------------------------------------- grammar, lowest precedence first

    private Expr expression() {
        return binary(0);
    }

    private static final List<Set<String>> LEVELS = List.of(
            Set.of("||"), Set.of("&&"), Set.of("|"), Set.of("^"), Set.of("&"), Set.of("==", "!="),
            Set.of("<", ">", "<=", ">="), Set.of("<<", ">>"), Set.of("+", "-"), Set.of("*", "/", "%"));

    private Expr binary(int level) {
        if (level == LEVELS.size()) {
            return unary();
        }
        if (++depth > MAX_DEPTH) {
            throw new SessionException("Expression too deeply nested.");
        }
        try {
            Expr left = binary(level + 1);
            while (pos < tokens.size() && LEVELS.get(level).contains(peek())) {
                String op = next();
                Expr right = binary(level + 1);
                left = new Expr.Binary(op, left, right);
            }
            return left;
        } finally {
            depth--;
        }
    }

    private Expr unary() {
        if (++depth > MAX_DEPTH) {
            throw new SessionException("Expression too deeply nested.");
        }
        try {
            String t = peek();
            switch (t) {
                case "*" -> {
                    next();
                    return new Expr.Deref(unary());
                }
                case "&" -> {
                    next();
                    return new Expr.AddressOf(unary());
                }
                case "-", "!", "~", "+" -> {
                    next();
                    return new Expr.Unary(t.charAt(0), unary());
                }
                case "sizeof" -> {
                    next();
                    if (peek().equals("(") && startsType(pos + 1)) {
                        next();
                        Expr.TypeSpec ts = typeSpec();
                        expect(")");
                        return new Expr.SizeofType(ts);
                    }
                    return new Expr.SizeofExpr(unary());
                }
                case "(" -> {
                    if (startsType(pos + 1)) {
                        next();
                        Expr.TypeSpec ts = typeSpec();
                        expect(")");
                        return new Expr.Cast(ts, unary());
                    }
                    return postfix();
                }
                default -> {
                    return postfix();
                }
            }
        } finally {
            depth--;
        }
    }

    private Expr postfix() {
        Expr e = primary();
        while (pos < tokens.size()) {
            String t = peek();
            if (t.equals(".") || t.equals("->")) {
                next();
                String member = next();
                if (!isIdentifier(member)) {
                    throw syntaxError(pos - 1);
                }
                e = new Expr.Member(e, member, t.equals("->"));
            } else if (t.equals("[")) {
                next();
                Expr index = expression();
                expect("]");
                e = new Expr.Index(e, index);
            } else {
                break;
            }
        }
        return e;
    }

    private Expr primary() {
        if (pos >= tokens.size()) {
            throw syntaxError();
        }
        String t = next();
        if (t.equals("(")) {
            Expr e = expression();
            expect(")");
            return e;
        }
        if (t.startsWith("$")) {
            return new Expr.Dollar(t.substring(1));
        }
        if (Character.isDigit(t.charAt(0)) || (t.charAt(0) == '.' && t.length() > 1)) {
            return number(t);
        }
        if (t.startsWith("'")) {
            return new Expr.IntLiteral(charLiteral(t), false, false);
        }
        if (isIdentifier(t)) {
            return new Expr.Name(t);
        }
        throw syntaxError(pos - 1);
    }

    private Expr.TypeSpec typeSpec() {
        StringBuilder base = new StringBuilder();
        while (pos < tokens.size() && (TYPE_WORDS.contains(peek()) || (isIdentifier(peek()) && base.isEmpty())
                || (isIdentifier(peek()) && endsWithAggregateKeyword(base)))) {
            String w = next();
            if (w.equals("const") || w.equals("volatile")) {
                continue;
            }
            if (!base.isEmpty()) {
                base.append(' ');
            }
            base.append(w);
        }
        int pointers = 0;
        while (pos < tokens.size() && (peek().equals("*") || peek().equals("const"))) {
            if (next().equals("*")) {
                pointers++;
            }
        }
        if (base.isEmpty()) {
            throw syntaxError();
        }
        return new Expr.TypeSpec(base.toString(), pointers);
    }

    private static boolean endsWithAggregateKeyword(StringBuilder b) {
        String s = b.toString();
        return s.endsWith("struct") || s.endsWith("union") || s.endsWith("enum");
    }

    /** Whether the tokens at {@code at} begin a type name followed eventually by ')'. */
    private boolean startsType(int at) {
        if (at >= tokens.size()) {
            return false;
        }
        String t = tokens.get(at);
        if (TYPE_WORDS.contains(t)) {
            return true;
        }
        if (!isIdentifier(t) || !isTypeName.test(t)) {
            return false;
        }
        // "(name)" or "(name *...)": a cast only if what follows the name is ')' or '*'s then ')'.
        int i = at + 1;
        while (i < tokens.size() && tokens.get(i).equals("*")) {
            i++;
        }
        return i < tokens.size() && tokens.get(i).equals(")");
    }

    private Expr number(String t) {
        String s = t.toLowerCase();
        if (!s.startsWith("0x") && (s.contains(".") || s.contains("e"))) {
            try {
                return new Expr.FloatLiteral(Double.parseDouble(s.replaceAll("[fl]$", "")));
            } catch (NumberFormatException e) {
                throw new SessionException("Invalid number \"" + t + "\".");
            }
        }
        boolean unsigned = false, isLong = false;
        while (s.endsWith("u") || s.endsWith("l")) {
            if (s.endsWith("u")) {
                unsigned = true;
            } else {
                isLong = true;
            }
            s = s.substring(0, s.length() - 1);
        }
        try {
            long v;
            if (s.startsWith("0x")) {
                v = Long.parseUnsignedLong(s.substring(2), 16);
            } else if (s.length() > 1 && s.startsWith("0")) {
                v = Long.parseUnsignedLong(s.substring(1), 8);
            } else {
                v = Long.parseUnsignedLong(s);
            }
            return new Expr.IntLiteral(v, unsigned, isLong || v > Integer.MAX_VALUE || v < 0);
        } catch (NumberFormatException e) {
            throw new SessionException("Invalid number \"" + t + "\".");
        }
    }

    private long charLiteral(String t) {
        String body = t.substring(1, t.length() - 1);
        if (body.length() == 1) {
            return body.charAt(0);
        }
        if (body.startsWith("\\")) {
            return switch (body.charAt(1)) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case '0' -> body.length() > 2 ? Integer.parseInt(body.substring(1), 8) : 0;
                case '\\' -> '\\';
                case '\'' -> '\'';
                case 'a' -> 7;
                case 'b' -> 8;
                case 'f' -> 12;
                case 'v' -> 11;
                default -> throw new SessionException("Unmatched single quote.");
            };
        }
        throw new SessionException("Unmatched single quote.");
    }

    // ---------------------------------------------------------------- tokens

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : "";
    }

    private String next() {
        if (pos >= tokens.size()) {
            throw syntaxError();
        }
        return tokens.get(pos++);
    }

    private void expect(String t) {
        if (!peek().equals(t)) {
            throw syntaxError();
        }
        pos++;
    }

    private SessionException syntaxError() {
        return syntaxError(pos);
    }

    /** gdb's wording: it quotes the input from the offending token to the end. */
    private SessionException syntaxError(int tokenIndex) {
        String rest = tokenIndex < starts.size() ? text.substring(starts.get(tokenIndex)) : "";
        return new SessionException("A syntax error in expression, near `" + rest + "'.");
    }

    private static boolean isIdentifier(String t) {
        if (t.isEmpty() || !(Character.isLetter(t.charAt(0)) || t.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_') {
                return false;
            }
        }
        return !TYPE_WORDS.contains(t) && !t.equals("sizeof");
    }

    private static final List<String> PUNCTUATION = List.of("->", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
            ".", "[", "]", "(", ")", "*", "&", "-", "+", "/", "%", "!", "~", "<", ">", "^", "|", ",");

    static List<String> tokenize(String text, List<Integer> starts) {
        List<String> out = new ArrayList<>();
        int i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                starts.add(i);
                out.add(text.substring(i, j));
                i = j;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '.'
                        || ((text.charAt(j) == '+' || text.charAt(j) == '-')
                        && (text.charAt(j - 1) == 'e' || text.charAt(j - 1) == 'E') && !text.startsWith("0x", i)))) {
                    j++;
                }
                starts.add(i);
                out.add(text.substring(i, j));
                i = j;
            } else if (c == '\'') {
                int j = i + 1;
                while (j < n && text.charAt(j) != '\'') {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= n) {
                    throw new SessionException("Unmatched single quote.");
                }
                starts.add(i);
                out.add(text.substring(i, j + 1));
                i = j + 1;
            } else {
                String match = null;
                for (String p : PUNCTUATION) {
                    if (text.startsWith(p, i)) {
                        match = p;
                        break;
                    }
                }
                if (match == null) {
                    throw new SessionException("Invalid character '" + c + "' in expression.");
                }
                starts.add(i);
                out.add(match);
                i += match.length();
            }
        }
        return out;
    }
}
