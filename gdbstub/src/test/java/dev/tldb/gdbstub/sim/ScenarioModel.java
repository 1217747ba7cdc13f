package dev.tldb.gdbstub.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a scenario file says a debugger should see at each of its stops, read here from the file
 * itself with a parser of its own (not tldb's): which threads are alive (and the number gdb gives
 * each: it numbers threads in the order it learns them, and a served scenario reports new
 * threads in creation order), which dlopen'ed libraries are loaded, and in each thread the
 * values it assigned and the libraries whose TLS it touched. The scenario's own values are the
 * ground truth of the acceptance tests.
 *
 * <p>Only the commands those scenarios use: {@code load}, settings, {@code thread create/exit},
 * {@code dlopen}, {@code dlclose}, {@code touch}, {@code set}, {@code at}, {@code stop},
 * {@code repeat}.
 */
final class ScenarioModel {
    /** One thread at a stop. */
    record ThreadState(String name, int gdbNumber, Map<String, String> values, Set<String> touched) {}

    /** What a stop shows: its name, the stopping thread, the live threads, the dlopen'ed libraries. */
    record Stop(String name, String thread, List<ThreadState> threads, Set<String> libraries) {
        ThreadState thread(String threadName) {
            return threads.stream().filter(t -> t.name().equals(threadName)).findFirst().orElseThrow();
        }
    }

    private final Path program;
    private final List<Stop> stops = new ArrayList<>();
    private final String unallocatedTls;
    private final Map<String, String> variableLibrary = new LinkedHashMap<>();

    private ScenarioModel(Path program, String unallocatedTls) {
        this.program = program;
        this.unallocatedTls = unallocatedTls;
    }

    /** The program the scenario loads (its {@code load} line, against the scenario's folder). */
    Path program() {
        return program;
    }

    List<Stop> stops() {
        return stops;
    }

    /** The scenario's {@code unallocated-tls} setting, "error" if none. */
    String unallocatedTls() {
        return unallocatedTls;
    }

    /**
     * Reads {@code file}. {@code musl}: the C library gives every thread a copy of a dlopen'ed
     * library's TLS at once (no thread ever has it "not allocated yet").
     */
    static ScenarioModel read(Path file, boolean musl) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path program = null;
        String policy = "error";
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        Map<String, Set<String>> touched = new LinkedHashMap<>();
        Map<String, Integer> numbers = new LinkedHashMap<>();
        Set<String> libraries = new LinkedHashSet<>();
        Map<String, String> variableLibrary = new LinkedHashMap<>();
        List<Stop> stops = new ArrayList<>();
        int nextNumber = 1;
        List<List<String>> commands = new ArrayList<>();
        for (String raw : lines) {
            List<String> w = words(raw);
            if (w.isEmpty()) {
                continue;
            }
            if (w.get(0).equals("repeat")) {
                // repeat N COMMAND...: N copies with {i} = 1..N
                int n = Integer.parseInt(w.get(1));
                for (int i = 1; i <= n; i++) {
                    String index = Integer.toString(i);
                    commands.add(w.subList(2, w.size()).stream().map(x -> x.replace("{i}", index)).toList());
                }
            } else {
                commands.add(w);
            }
        }
        for (List<String> w : commands) {
            String raw = String.join(" ", w);
            String thread = "main";
            if (w.get(0).equals("in") && w.size() > 2) {
                thread = w.get(1);
                w = w.subList(2, w.size());
            }
            switch (w.get(0)) {
                case "load" -> {
                    program = file.getParent().resolve(w.get(1)).normalize();
                    numbers.put("main", nextNumber++);
                    values.put("main", new LinkedHashMap<>());
                    touched.put("main", new LinkedHashSet<>());
                }
                case "unallocated-tls" -> policy = w.get(1);
                case "library-path", "sysroot", "libc", "pid", "stack-size" -> { }
                case "thread" -> {
                    String name = w.get(2);
                    if (w.get(1).equals("create")) {
                        numbers.put(name, nextNumber++);
                        values.put(name, new LinkedHashMap<>());
                        touched.put(name, new LinkedHashSet<>(musl ? libraries : Set.of()));
                    } else {
                        numbers.remove(name);
                        values.remove(name);
                        touched.remove(name);
                    }
                }
                case "dlopen" -> {
                    String lib = fileName(w.get(1));
                    libraries.add(lib);
                    Path libFile = w.get(1).contains("/") ? file.getParent().resolve(w.get(1))
                            : program.getParent().resolve(w.get(1));
                    // C variables only: not aarch64's $d mapping symbols or the linker's _TLS_MODULE_BASE_.
                    ElfFacts.tlsSymbols(libFile).keySet().stream().filter(v -> v.matches("[A-Za-z]\\w*"))
                            .forEach(v -> variableLibrary.put(v, lib));
                    if (musl) {
                        touched.values().forEach(t -> t.add(lib));
                    }
                }
                case "dlclose" -> {
                    String lib = fileName(w.get(1));
                    libraries.remove(lib);
                    touched.values().forEach(t -> t.remove(lib));
                    String gone = lib;
                    values.values().forEach(v -> v.keySet().removeIf(var -> gone.equals(variableLibrary.get(var))));
                }
                case "touch" -> touched.get(thread).add(fileName(w.get(1)));
                case "set" -> {
                    String var = w.get(1);
                    if (!w.get(2).equals("=")) {
                        throw new AssertionError("cannot read " + raw);
                    }
                    values.get(thread).put(var, w.get(3));
                    String lib = variableLibrary.get(var);
                    if (lib != null) {
                        touched.get(thread).add(lib);
                    }
                }
                case "at" -> { }
                case "stop" -> {
                    String at = w.size() > 3 && w.get(2).equals("in") ? w.get(3) : thread;
                    List<ThreadState> threads = new ArrayList<>();
                    for (Map.Entry<String, Integer> e : numbers.entrySet()) {
                        threads.add(new ThreadState(e.getKey(), e.getValue(), Map.copyOf(values.get(e.getKey())),
                                Set.copyOf(touched.get(e.getKey()))));
                    }
                    stops.add(new Stop(w.get(1), at, List.copyOf(threads), Set.copyOf(libraries)));
                }
                default -> throw new AssertionError("the test's scenario model does not know: " + raw);
            }
        }
        ScenarioModel model = new ScenarioModel(program, policy);
        model.stops.addAll(stops);
        model.variableLibrary.putAll(variableLibrary);
        return model;
    }

    /** The dlopen'ed library that defines {@code variable}, if any (readelf's TLS symbols). */
    String libraryOf(String variable) {
        return variableLibrary.get(variable);
    }

    /** Every TLS variable of a dlopen'ed library the scenario ever loads. */
    Map<String, String> dynamicVariables() {
        return variableLibrary;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Words of a line, with {@code "strings"} kept whole (quotes included) and comments dropped. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                cur.append(c);
                if (c == '\\' && i + 1 < line.length()) {
                    cur.append(line.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '#') {
                break;
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                cur.append(c);
                quoted = c == '"';
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }
}
