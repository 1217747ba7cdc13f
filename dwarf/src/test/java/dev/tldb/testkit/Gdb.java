package dev.tldb.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stock gdb ({@code gdb} or {@code gdb-multiarch}) in batch mode: {@code -nx -batch}, no
 * debuginfod, {@code LC_ALL=C}, unlimited width and height, a timeout. The reference every
 * tldb answer is compared with.
 */
public final class Gdb {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern THREAD_ROW =
            Pattern.compile("^(\\*)?\\s+(\\d+)\\s+.*?LWP (\\d+)\\)?\\s*(?:\"[^\"]*\"\\s*)?(.*)$");
    private static final String MARK = "@@tldb-testkit@@";

    private final String executable;
    private final List<String> initCommands;
    private final Duration timeout;

    private Gdb(String executable, List<String> initCommands, Duration timeout) {
        this.executable = executable;
        this.initCommands = List.copyOf(initCommands);
        this.timeout = timeout;
    }

    /** The host's {@code gdb}. */
    public static Gdb stock() {
        Tools.require("gdb", "apt-get install gdb");
        return new Gdb("gdb", List.of(), DEFAULT_TIMEOUT);
    }

    /** {@code gdb-multiarch}, for aarch64 and riscv64 files. */
    public static Gdb multiarch() {
        Tools.require("gdb-multiarch", "apt-get install gdb-multiarch");
        return new Gdb("gdb-multiarch", List.of(), DEFAULT_TIMEOUT);
    }

    /** The gdb that reads {@code variant}'s files, with its sysroot set for dynamic cross variants. */
    public static Gdb forVariant(SampleVariant variant) {
        Gdb gdb = "gdb-multiarch".equals(variant.gdb()) ? multiarch() : stock();
        return variant.qemuSysroot().map(root -> gdb.withInitCommand("set sysroot " + root))
                .orElse(gdb);
    }

    /** A gdb that runs {@code command} (as {@code -iex}) before loading files. */
    public Gdb withInitCommand(String command) {
        List<String> all = new ArrayList<>(initCommands);
        all.add(command);
        return new Gdb(executable, all, timeout);
    }

    public Gdb withTimeout(Duration newTimeout) {
        return new Gdb(executable, initCommands, newTimeout);
    }

    /**
     * Runs {@code gdb -nx -batch [-iex init...] -ex command... args...}: each command is one
     * {@code -ex}, so an error in one does not stop the next. {@code args} are the program and,
     * optionally, a core file.
     */
    public GdbResult batch(List<String> commands, String... args) {
        return run(commands, false, args);
    }

    /** Like {@link #batch} with gdb's stderr merged into stdout (in the order gdb wrote them). */
    public GdbResult batchMerged(List<String> commands, String... args) {
        return run(commands, true, args);
    }

    private GdbResult run(List<String> commands, boolean merged, String... args) {
        List<String> cmd = new ArrayList<>(List.of(executable, "-nx", "-batch",
                "-iex", "set debuginfod enabled off",
                "-iex", "set width 0",
                "-iex", "set height 0",
                "-iex", "set pagination off",
                "-iex", "set confirm off"));
        for (String init : initCommands) {
            cmd.add("-iex");
            cmd.add(init);
        }
        for (String c : commands) {
            cmd.add("-ex");
            cmd.add(c);
        }
        cmd.addAll(List.of(args));
        Map<String, String> env = Map.of("LC_ALL", "C", "DEBUGINFOD_URLS", "", "SHELL", "/bin/sh");
        ExecResult r;
        if (merged) {
            // gdb flushes stdout before it writes an error, so 2>&1 keeps the order.
            List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$0\" \"$@\" 2>&1"));
            sh.addAll(cmd);
            r = Exec.run(sh, Path.of("/"), env, timeout);
        } else {
            r = Exec.run(cmd, Path.of("/"), env, timeout);
        }
        return new GdbResult(r.exitCode(), r.stdout(), r.stderr());
    }

    public GdbResult batch(List<String> commands, Path program, Path core) {
        return batch(commands, program.toString(), core.toString());
    }

    /** {@code info threads} of a core. */
    public List<GdbThread> threads(Path program, Path core) {
        GdbResult r = batch(List.of("info threads"), program, core);
        List<GdbThread> threads = parseThreads(r.stdout());
        if (threads.isEmpty()) {
            throw new AssertionError("gdb listed no threads\n" + r.describe());
        }
        return threads;
    }

    static List<GdbThread> parseThreads(String infoThreads) {
        List<GdbThread> threads = new ArrayList<>();
        for (String line : infoThreads.split("\n")) {
            Matcher m = THREAD_ROW.matcher(line);
            if (m.matches()) {
                threads.add(new GdbThread(Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                        m.group(1) != null, m.group(4).trim()));
            }
        }
        return threads;
    }

    /**
     * {@code print <expression>} for every expression in every thread of a core (one gdb run;
     * {@code thread N} selects each). Keyed by LWP, then expression, in the given order.
     */
    public Map<Long, Map<String, GdbPrint>> printInThreads(Path program, Path core,
                                                           Collection<String> expressions) {
        List<GdbThread> threads = threads(program, core);
        List<String> commands = new ArrayList<>();
        List<String> exprs = List.copyOf(expressions);
        for (GdbThread t : threads) {
            // The switch's own output (frame line) lands in this "thread" section.
            commands.add("echo " + MARK + " thread\\n");
            commands.add("thread " + t.number());
            for (int i = 0; i < exprs.size(); i++) {
                commands.add("echo " + MARK + " " + t.lwp() + " " + i + "\\n");
                commands.add("print " + exprs.get(i));
            }
        }
        commands.add("echo " + MARK + " end\\n");
        GdbResult r = batchMerged(commands, program.toString(), core.toString());
        Map<Long, Map<String, GdbPrint>> result = new LinkedHashMap<>();
        String[] sections = r.stdout().split(Pattern.quote(MARK) + " ", -1);
        for (String section : sections) {
            Matcher m = Pattern.compile("^(\\d+) (\\d+)\\n").matcher(section);
            if (!m.find()) {
                continue;
            }
            long lwp = Long.parseLong(m.group(1));
            String expr = exprs.get(Integer.parseInt(m.group(2)));
            String body = section.substring(m.end());
            List<String> values = GdbResult.historyValues(body);
            Optional<String> value = values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
            result.computeIfAbsent(lwp, k -> new LinkedHashMap<>())
                    .put(expr, new GdbPrint(lwp, expr, value, body.strip()));
        }
        int expected = threads.size() * exprs.size();
        int got = result.values().stream().mapToInt(Map::size).sum();
        if (got != expected) {
            throw new AssertionError("expected " + expected + " prints, parsed " + got + "\n"
                    + r.describe());
        }
        return result;
    }
}
