package dev.tldb.gdbstub.sim;

import dev.tldb.gdbstub.cores.MarkedScript;
import dev.tldb.gdbstub.packets.target.TargetPackets;
import dev.tldb.sim.SimOptions;
import dev.tldb.sim.scenario.BuiltinDemo;
import dev.tldb.sim.scenario.Scenario;
import dev.tldb.target.UnallocatedTls;
import dev.tldb.testkit.Gdb;
import dev.tldb.testkit.GdbResult;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance: stock gdb (gdb, or gdb-multiarch for aarch64 and riscv64) in batch mode, connected
 * to a served scenario, is walked through every stop with {@code continue}, and at each one must
 * show what the scenario file says (read by the test's own {@link ScenarioModel}): the console
 * line naming the stop, exactly the live threads under the numbers gdb gives them, the dlopen'ed
 * libraries loaded then (and not those closed), every value each thread assigned, for dlopen'ed
 * TLS a thread never touched gdb's error and {@code monitor tls-error}'s reason (or, under the
 * allocate policy, the library's init image as readelf shows it), and at the end the exit.
 *
 * <p>The same walk without {@code qXfer:libraries-svr4} makes gdb find the libraries by reading
 * {@code r_debug} and the link maps from memory itself (DT_DEBUG in the program's dynamic section,
 * found through the auxv), and must list the same libraries and reach the same TLS.
 */
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class ScenarioServeGdbTest {
    private static final String REMOTE_TLS_FAILED = "Remote target failed to process qGetTLSAddr request";
    private static final Pattern VALUE = Pattern.compile("^\\$\\d+ = (.*)$", Pattern.MULTILINE);
    private static final Pattern THREAD_ROW = Pattern.compile("^\\*?\\s+(\\d+)\\s+Thread \\d+\\.\\d+ \"([^\"]*)\"",
            Pattern.MULTILINE);

    /** One served scenario: what to serve, how gdb connects, and what the model assumes. */
    record Case(String label, Supplier<Path> file, boolean bundledDemo, boolean musl, boolean multiarch,
                Optional<UnallocatedTls> policy, boolean librariesSvr4) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> all = new ArrayList<>();
        all.add(new Case("demo (bundled)", () -> ServedScenario.sample("demo.tldbsim"), true, false, false,
                Optional.empty(), true));
        all.add(new Case("x86_64 glibc", () -> ServedScenario.sample("tls-sample-x86_64.tldbsim"), false, false, false,
                Optional.empty(), true));
        all.add(new Case("x86_64 glibc, allocate", () -> ServedScenario.sample("tls-sample-x86_64.tldbsim"), false,
                false, false, Optional.of(UnallocatedTls.ALLOCATE), true));
        all.add(new Case("demo, the scenario's allocate setting", () -> ServedScenario.sample("allocate-on-read.tldbsim"),
                false, false, false, Optional.empty(), true));
        all.add(new Case("x86_64 glibc, threads and a library come and go",
                () -> ServedScenario.sample("comings-and-goings.tldbsim"), false, false, false, Optional.empty(), true));
        all.add(new Case("x86_64 musl static", () -> ServedScenario.sample("musl-static.tldbsim"), false, true, false,
                Optional.empty(), true));
        all.add(new Case("x86_64 musl dynamic", MuslDynamicBuild::scenario, false, true, false, Optional.empty(), true));
        all.add(new Case("aarch64 glibc", () -> ServedScenario.sample("tls-sample-aarch64.tldbsim"), false, false, true,
                Optional.empty(), true));
        all.add(new Case("riscv64 glibc", () -> ServedScenario.sample("tls-sample-riscv64.tldbsim"), false, false, true,
                Optional.empty(), true));
        // gdb's own r_debug walk: no qXfer:libraries-svr4.
        for (Case c : List.copyOf(all)) {
            if (!c.label().startsWith("demo") && !c.label().contains("static") && c.policy().isEmpty()) {
                all.add(new Case(c.label() + ", r_debug read by gdb", c.file(), false, c.musl(), c.multiarch(),
                        Optional.empty(), false));
            }
        }
        return all.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gdbFollowsTheScenarioFromStopToStop(Case c) {
        Path file = c.file().get();
        ServedScenario.buildFor(file);
        ScenarioModel model = ScenarioModel.read(file, c.musl());
        String policy = c.policy().map(UnallocatedTls::keyword).orElse(model.unallocatedTls());
        TargetPackets.Options options = TargetPackets.Options.DEFAULT.withLibrariesSvr4(c.librariesSvr4());
        Scenario scenario = c.bundledDemo() ? BuiltinDemo.scenario() : Scenario.parse(file, List.of());
        try (ServedScenario served = ServedScenario.serve(scenario, c.policy(), options)) {
            MarkedScript script = script(served, model, policy);
            Gdb gdb = c.multiarch() ? Gdb.multiarch() : Gdb.stock();
            GdbResult r = gdb.batchMerged(script.commands(), model.program().toString());
            dump(c.label(), r);
            Map<String, String> answers = MarkedScript.parse(r.stdout());
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(answers.getOrDefault("connect", "")).as("connecting\n%s", r.stdout())
                    .doesNotContain("rejected", "requires flen", "Remote 'g' packet reply");
            check(soft, c, model, policy, answers);
            soft.assertAll();
        }
    }

    /** Connect, then at the start and at every stop: threads, libraries, every thread's values. */
    private static MarkedScript script(ServedScenario served, ScenarioModel model, String policy) {
        MarkedScript s = new MarkedScript();
        s.section("connect", served.targetRemote());
        s.section("threads 0", "info threads");
        s.section("libraries 0", "info sharedlibrary");
        List<ScenarioModel.Stop> stops = model.stops();
        for (int k = 1; k <= stops.size(); k++) {
            ScenarioModel.Stop stop = stops.get(k - 1);
            s.section("continue " + k, "continue");
            s.section("threads " + k, "info threads");
            s.section("libraries " + k, "info sharedlibrary");
            for (ScenarioModel.ThreadState t : stop.threads()) {
                s.section("thread " + k + " " + t.name(), "thread " + t.gdbNumber());
                for (String var : variables(model, stop, t)) {
                    s.section("print " + k + " " + t.name() + " " + var, "print " + var);
                    s.section("tls-error " + k + " " + t.name() + " " + var, "monitor tls-error");
                }
            }
        }
        s.section("continue end", "continue");
        return s;
    }

    /** What to print in a thread: what it assigned, and every TLS variable of the dlopen'ed libraries loaded. */
    private static List<String> variables(ScenarioModel model, ScenarioModel.Stop stop, ScenarioModel.ThreadState t) {
        List<String> vars = new ArrayList<>(t.values().keySet());
        model.dynamicVariables().forEach((var, lib) -> {
            if (stop.libraries().contains(lib) && !vars.contains(var)) {
                vars.add(var);
            }
        });
        return vars;
    }

    private static void check(SoftAssertions soft, Case c, ScenarioModel model, String policy, Map<String, String> answers) {
        List<ScenarioModel.Stop> stops = model.stops();
        soft.assertThat(threadRows(answers.getOrDefault("threads 0", ""))).as("threads at the start")
                .isEqualTo(Map.of(1, "main"));
        for (int k = 1; k <= stops.size(); k++) {
            ScenarioModel.Stop stop = stops.get(k - 1);
            String at = "stop " + stop.name();
            soft.assertThat(answers.getOrDefault("continue " + k, "")).as("%s: continue", at)
                    .contains("tldb: scenario stop " + stop.name() + " (")
                    .contains("stopped.");
            Map<Integer, String> expectedThreads = new TreeMap<>();
            stop.threads().forEach(t -> expectedThreads.put(t.gdbNumber(), t.name()));
            soft.assertThat(threadRows(answers.getOrDefault("threads " + k, ""))).as("%s: info threads\n%s", at,
                    answers.get("threads " + k)).isEqualTo(expectedThreads);
            String libs = answers.getOrDefault("libraries " + k, "");
            for (String lib : model.dynamicVariables().values().stream().distinct().toList()) {
                if (stop.libraries().contains(lib)) {
                    soft.assertThat(libs).as("%s: info sharedlibrary lists %s", at, lib).containsPattern("/" + Pattern.quote(lib) + "\\n");
                } else {
                    soft.assertThat(libs).as("%s: info sharedlibrary, %s not loaded", at, lib).doesNotContain("/" + lib + "\n");
                }
            }
            for (ScenarioModel.ThreadState t : stop.threads()) {
                soft.assertThat(answers.getOrDefault("thread " + k + " " + t.name(), ""))
                        .as("%s: thread %d", at, t.gdbNumber())
                        .contains("[Switching to thread " + t.gdbNumber() + " (Thread ");
                for (String var : variables(model, stop, t)) {
                    String key = k + " " + t.name() + " " + var;
                    String out = answers.getOrDefault("print " + key, "");
                    List<String> values = values(out);
                    String what = at + ": thread " + t.gdbNumber() + " (" + t.name() + "): print " + var + "\n" + out;
                    String literal = t.values().get(var);
                    String lib = model.libraryOf(var);
                    if (literal != null) {
                        soft.assertThat(values).as(what).hasSize(1);
                        if (values.size() == 1) {
                            soft.assertThat(matches(literal, values.get(0))).as(what + "\nexpected " + literal).isTrue();
                        }
                    } else if (lib != null && !t.touched().contains(lib) && policy.equals("error")) {
                        soft.assertThat(values).as(what).isEmpty();
                        soft.assertThat(out).as(what).contains(REMOTE_TLS_FAILED);
                        soft.assertThat(answers.getOrDefault("tls-error " + key, "")).as("%s: monitor tls-error", what)
                                .contains("not allocated yet for " + lib + " in thread " + t.gdbNumber() + " (LWP ");
                    } else if (lib != null) {
                        // Touched but never assigned, or allocated by this very read: the init image.
                        Path libFile = model.program().getParent().resolve(lib);
                        if (!Files.isRegularFile(libFile)) {
                            libFile = model.program().getParent().resolve("../bin/x86_64").resolve(lib).normalize();
                        }
                        String expected = asGdbPrints(ElfFacts.initImage(libFile, var));
                        soft.assertThat(values).as(what).containsExactly(expected);
                    }
                }
            }
        }
        soft.assertThat(answers.getOrDefault("continue end", "")).as("after the last stop")
                .contains("tldb: end of scenario").contains("exited normally]");
    }

    /** gdb number to name, from {@code info threads}. */
    private static Map<Integer, String> threadRows(String infoThreads) {
        Map<Integer, String> rows = new TreeMap<>();
        Matcher m = THREAD_ROW.matcher(infoThreads);
        while (m.find()) {
            rows.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return rows;
    }

    private static List<String> values(String out) {
        List<String> v = new ArrayList<>();
        Matcher m = VALUE.matcher(out);
        while (m.find()) {
            v.add(m.group(1));
        }
        return v;
    }

    /** A scenario literal against gdb's print of it (an unsigned char shows its character too). */
    static boolean matches(String literal, String gdb) {
        if (literal.startsWith("\"")) {
            // The rest of the array is zeros: gdb spells them inline, or as a repeat when there are
            // more than ten (its repeat threshold; the final NUL is not shown).
            String body = Pattern.quote(literal.substring(0, literal.length() - 1));
            return gdb.matches(body + "(\\\\000)*\"") || gdb.matches(body + "\", '\\\\000' <repeats \\d+ times>");
        }
        if (literal.matches("-?\\d+")) {
            return gdb.equals(literal) || gdb.startsWith(literal + " '");
        }
        try {
            return Double.parseDouble(gdb) == Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** How gdb prints an init image: a 4-byte int, or an all-zero char array. */
    private static String asGdbPrints(byte[] image) {
        if (image.length == 4) {
            return Integer.toString(ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).getInt());
        }
        for (byte b : image) {
            if (b != 0) {
                throw new AssertionError("the test only spells 4-byte ints and all-zero char arrays");
            }
        }
        return "'\\000' <repeats " + (image.length - 1) + " times>";
    }

    /** With -Dtldb.gdb.dump=DIR, keeps each gdb transcript there. */
    private static void dump(String name, GdbResult r) {
        String dir = System.getProperty("tldb.gdb.dump");
        if (dir != null) {
            try {
                Files.createDirectories(Path.of(dir));
                Files.writeString(Path.of(dir, name.replaceAll("[^\\w.-]+", "_") + ".txt"), r.stdout());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
