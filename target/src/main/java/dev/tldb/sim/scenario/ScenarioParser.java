package dev.tldb.sim.scenario;

import dev.tldb.sim.TlsValue;
import dev.tldb.target.UnallocatedTls;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the scenario language (docs/scenarios.md): one command per line, {@code #} starts a
 * comment, words are separated by blanks, strings are double-quoted with C escapes. Paths are
 * resolved here, against the scenario's folder and then the search path, so a missing file is
 * reported at its line before anything runs.
 */
final class ScenarioParser {
    /** A generous bound on {@code repeat}: a scenario is text a human writes, not a generator. */
    private static final int MAX_REPEAT = 1_000_000;

    private final String file;
    private final Path baseDir;
    private final List<Path> searchPath;
    private final List<Command> out = new ArrayList<>();
    private boolean loaded;

    ScenarioParser(String file, Path baseDir, List<Path> searchPath) {
        this.file = file;
        this.baseDir = baseDir;
        this.searchPath = searchPath;
    }

    List<Command> parse(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            List<Token> tokens = tokenize(lines.get(i), i + 1);
            if (!tokens.isEmpty()) {
                parseCommand(tokens, i + 1, 1);
            }
        }
        if (!loaded) {
            throw new ScenarioException(file, Math.max(1, lines.size()), "no load command: a scenario must load a program");
        }
        return out;
    }

    /** A word, or a string literal (quoted in the source). */
    private record Token(String text, boolean quoted) {
        boolean is(String word) {
            return !quoted && text.equals(word);
        }
    }

    private List<Token> tokenize(String line, int lineNo) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i++);
                    if (d == '"') {
                        closed = true;
                        break;
                    }
                    if (d == '\\') {
                        if (i >= n) {
                            break;
                        }
                        char e = line.charAt(i++);
                        switch (e) {
                            case 'n' -> sb.append('\n');
                            case 't' -> sb.append('\t');
                            case 'r' -> sb.append('\r');
                            case '0' -> sb.append('\0');
                            case '\\' -> sb.append('\\');
                            case '"' -> sb.append('"');
                            case 'x' -> {
                                int end = Math.min(n, i + 2);
                                try {
                                    sb.append((char) Integer.parseInt(line.substring(i, end), 16));
                                } catch (NumberFormatException ex) {
                                    throw error(lineNo, "bad \\x escape in string");
                                }
                                i = end;
                            }
                            default -> throw error(lineNo, "unknown escape \\" + e + " in string");
                        }
                    } else {
                        sb.append(d);
                    }
                }
                if (!closed) {
                    throw error(lineNo, "unterminated string");
                }
                tokens.add(new Token(sb.toString(), true));
            } else if (c == '=') {
                tokens.add(new Token("=", false));
                i++;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '=' && line.charAt(i) != '#'
                        && line.charAt(i) != '"') {
                    i++;
                }
                tokens.add(new Token(line.substring(start, i), false));
            }
        }
        return tokens;
    }

    private ScenarioException error(int line, String message) {
        return new ScenarioException(file, line, message);
    }

    private void parseCommand(List<Token> t, int line, int depth) {
        Token head = t.get(0);
        if (head.quoted()) {
            throw error(line, "a command starts with a word, not a string");
        }
        String cmd = head.text();
        switch (cmd) {
            case "repeat" -> {
                if (depth > 1) {
                    throw error(line, "repeat cannot be nested");
                }
                expect(t.size() >= 3, line, "usage: repeat COUNT COMMAND... ({i} in COMMAND counts 1..COUNT)");
                long count = integer(t.get(1), line, "repeat count");
                if (count < 0 || count > MAX_REPEAT) {
                    throw error(line, "repeat count must be between 0 and " + MAX_REPEAT);
                }
                List<Token> body = t.subList(2, t.size());
                for (long i = 1; i <= count; i++) {
                    String n = Long.toString(i);
                    List<Token> expanded = new ArrayList<>(body.size());
                    for (Token x : body) {
                        expanded.add(new Token(x.text().replace("{i}", n), x.quoted()));
                    }
                    parseCommand(expanded, line, depth + 1);
                }
            }
            case "library-path", "sysroot" -> {
                setting(line);
                expect(t.size() == 2, line, "usage: " + cmd + " DIRECTORY");
                Path dir = resolve(t.get(1).text());
                if (!Files.isDirectory(dir)) {
                    throw error(line, "no such directory: " + t.get(1).text());
                }
                out.add(new Command.Setting(line, cmd, dir.toString()));
            }
            case "libc" -> {
                setting(line);
                expect(t.size() == 2 && (t.get(1).is("none") || t.get(1).is("auto")), line, "usage: libc none|auto");
                out.add(new Command.Setting(line, cmd, t.get(1).text()));
            }
            case "pid", "stack-size" -> {
                setting(line);
                expect(t.size() == 2, line, "usage: " + cmd + " NUMBER");
                long v = integer(t.get(1), line, cmd);
                if (v <= 0) {
                    throw error(line, cmd + " must be positive");
                }
                out.add(new Command.Setting(line, cmd, Long.toString(v)));
            }
            case "unallocated-tls" -> {
                expect(t.size() == 2 && UnallocatedTls.of(t.get(1).text()).isPresent(), line,
                        "usage: unallocated-tls error|allocate|init-image");
                if (loaded) {
                    throw error(line, "unallocated-tls is a setting: put it before load");
                }
                out.add(new Command.Setting(line, cmd, t.get(1).text().toLowerCase(Locale.ROOT)));
            }
            case "load" -> {
                expect(t.size() == 2, line, "usage: load PROGRAM");
                if (loaded) {
                    throw error(line, "a scenario loads one program (load was already given)");
                }
                Path p = resolve(t.get(1).text());
                if (!Files.isRegularFile(p)) {
                    throw error(line, "cannot find " + t.get(1).text() + " (looked in " + lookedIn() + ")");
                }
                loaded = true;
                out.add(new Command.Load(line, p));
            }
            case "thread" -> {
                requireLoaded(line, cmd);
                if (t.size() >= 3 && t.get(1).is("create")) {
                    if (t.size() == 3) {
                        out.add(new Command.CreateThread(line, t.get(2).text(), Optional.empty()));
                        return;
                    }
                    expect(t.size() == 5 && t.get(3).is("at"), line, "usage: thread create NAME [at FUNCTION]");
                    out.add(new Command.CreateThread(line, t.get(2).text(), Optional.of(t.get(4).text())));
                } else if (t.size() == 3 && t.get(1).is("exit")) {
                    out.add(new Command.ExitThread(line, t.get(2).text()));
                } else {
                    throw error(line, "usage: thread create NAME [at FUNCTION] | thread exit NAME");
                }
            }
            case "dlopen" -> {
                requireLoaded(line, cmd);
                expect(t.size() == 2, line, "usage: [in THREAD] dlopen FILE");
                out.add(new Command.Dlopen(line, libraryArgument(t.get(1).text(), line), Optional.empty()));
            }
            case "dlclose" -> {
                requireLoaded(line, cmd);
                expect(t.size() == 2, line, "usage: dlclose FILE");
                out.add(new Command.Dlclose(line, t.get(1).text()));
            }
            case "stop" -> {
                requireLoaded(line, cmd);
                if (t.size() == 2) {
                    out.add(new Command.Stop(line, t.get(1).text(), Optional.empty()));
                    return;
                }
                expect(t.size() == 4 && t.get(2).is("in"), line, "usage: stop NAME [in THREAD]");
                out.add(new Command.Stop(line, t.get(1).text(), Optional.of(t.get(3).text())));
            }
            case "in" -> {
                requireLoaded(line, cmd);
                expect(t.size() >= 3, line, "usage: in THREAD touch|set|at|dlopen|stop ...");
                String thread = t.get(1).text();
                Token verb = t.get(2);
                if (verb.is("touch")) {
                    expect(t.size() == 4, line, "usage: in THREAD touch MODULE");
                    out.add(new Command.Touch(line, thread, t.get(3).text()));
                } else if (verb.is("set")) {
                    expect(t.size() == 6 && t.get(4).is("="), line, "usage: in THREAD set VARIABLE = VALUE");
                    out.add(new Command.Set(line, thread, t.get(3).text(), value(t.get(5), line)));
                } else if (verb.is("at")) {
                    expect(t.size() == 4, line, "usage: in THREAD at FUNCTION");
                    out.add(new Command.At(line, thread, t.get(3).text()));
                } else if (verb.is("dlopen")) {
                    expect(t.size() == 4, line, "usage: in THREAD dlopen FILE");
                    out.add(new Command.Dlopen(line, libraryArgument(t.get(3).text(), line), Optional.of(thread)));
                } else if (verb.is("stop")) {
                    expect(t.size() == 4, line, "usage: in THREAD stop NAME");
                    out.add(new Command.Stop(line, t.get(3).text(), Optional.of(thread)));
                } else {
                    throw error(line, "unknown command \"in " + thread + " " + verb.text()
                            + "\" (in THREAD takes touch, set, at, dlopen or stop)");
                }
            }
            default -> throw error(line, "unknown command \"" + cmd + "\"");
        }
    }

    private void setting(int line) {
        if (loaded) {
            throw error(line, "settings come before load");
        }
    }

    private void requireLoaded(int line, String cmd) {
        if (!loaded) {
            throw error(line, cmd + " before load: load the program first");
        }
    }

    private void expect(boolean ok, int line, String usage) {
        if (!ok) {
            throw error(line, usage);
        }
    }

    /** A path in the scenario: relative to the scenario's folder, then to each search path entry. */
    private Path resolve(String text) {
        Path p = Path.of(text);
        if (p.isAbsolute()) {
            return p;
        }
        Path inBase = baseDir.resolve(p).normalize();
        if (Files.exists(inBase)) {
            return inBase;
        }
        for (Path s : searchPath) {
            Path q = s.resolve(p).normalize();
            if (Files.exists(q)) {
                return q;
            }
        }
        return inBase;
    }

    private String lookedIn() {
        List<String> dirs = new ArrayList<>();
        dirs.add(baseDir.toString());
        searchPath.forEach(s -> dirs.add(s.toString()));
        return String.join(", ", dirs);
    }

    /** A library for dlopen: a path (with a slash) is resolved now; a bare name is searched like DT_NEEDED. */
    private String libraryArgument(String text, int line) {
        if (!text.contains("/")) {
            return text;
        }
        Path p = resolve(text);
        if (!Files.isRegularFile(p)) {
            throw error(line, "cannot find " + text + " (looked in " + lookedIn() + ")");
        }
        return p.toString();
    }

    private long integer(Token t, int line, String what) {
        try {
            return parseInteger(t.text()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw error(line, what + " must be an integer, not \"" + t.text() + "\"");
        }
    }

    private static BigInteger parseInteger(String s) {
        boolean neg = s.startsWith("-");
        String body = neg || s.startsWith("+") ? s.substring(1) : s;
        BigInteger v;
        if (body.startsWith("0x") || body.startsWith("0X")) {
            v = new BigInteger(body.substring(2), 16);
        } else {
            if (body.isEmpty() || !body.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException(s);
            }
            v = new BigInteger(body);
        }
        return neg ? v.negate() : v;
    }

    private TlsValue value(Token t, int line) {
        if (t.quoted()) {
            return new TlsValue.StringValue(t.text());
        }
        String s = t.text();
        try {
            return new TlsValue.IntegerValue(parseInteger(s));
        } catch (NumberFormatException e) {
            // not an integer: a floating-point literal?
        }
        if (s.matches("[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?") || s.matches("[+-]?(inf|nan)")) {
            return new TlsValue.FloatValue(Double.parseDouble(s.replace("inf", "Infinity").replace("nan", "NaN")));
        }
        throw error(line, "bad value \"" + s + "\": expected an integer, a floating-point number or a \"string\"");
    }
}
