package dev.tldb.gdbstub.cores;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.Gdb;
import dev.tldb.testkit.GdbResult;
import dev.tldb.testkit.ProgramOutput;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.SampleVariant;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.ThreadReport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance: stock gdb ({@code gdb}, or {@code gdb-multiarch} for aarch64) connects to a served
 * sample core with {@code target remote} and sees what the program said about itself: every
 * thread with its LWP, every TLS variable's value in every thread (musl too, which gdb 13 cannot
 * do alone), an error for dlopen'ed TLS a thread never touched, the libraries of the link map,
 * {@code main} at the trap line, and the same bytes at each variable's address as gdb reading the
 * core directly. Then again with no local copy of the program: gdb fetches it from us.
 *
 * <p>One gdb run per question set, many commands per run, to keep the time down.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CoreServeGdbTest {
    private static final Pattern SWITCHED = Pattern.compile("\\[Switching to thread (\\d+) \\(Thread (\\d+)\\.(\\d+)\\)\\]");
    private static final Pattern VALUE = Pattern.compile("^\\$\\d+ = (.*)$", Pattern.MULTILINE);
    private static final Pattern THREAD_ROW = Pattern.compile("^\\*?\\s+(\\d+)\\s+Thread (\\d+)\\.(\\d+)\\b.*$",
            Pattern.MULTILINE);
    private static final Pattern WORDS = Pattern.compile("^(0x[0-9a-f]+)(?: <[^>]*>)?:\\s+(.*)$", Pattern.MULTILINE);
    private static final Pattern LIBRARY = Pattern.compile("^(?:0x[0-9a-f]+\\s+0x[0-9a-f]+|\\s+)\\s+(?:Yes|No)(?: \\(\\*\\))?\\s+(\\S+)$",
            Pattern.MULTILINE);
    private static final String REMOTE_TLS_FAILED = "Remote target failed to process qGetTLSAddr request";

    static Stream<Arguments> cores() {
        List<Arguments> list = new ArrayList<>();
        for (String v : List.of("x86_64-glibc-pie", "x86_64-glibc-pie-dwarf4", "x86_64-glibc-static",
                "x86_64-musl-static")) {
            list.add(Arguments.of(v, CoreKind.GCORE));
            list.add(Arguments.of(v, CoreKind.KERNEL));
        }
        list.add(Arguments.of("aarch64-glibc-static", CoreKind.QEMU));
        list.add(Arguments.of("aarch64-musl-static", CoreKind.QEMU));
        return list.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void gdbSeesWhatTheProgramPrinted(String variantName, CoreKind kind) {
        SampleCore sample = SampleCores.core(variantName, kind);
        SampleVariant variant = sample.variant();
        ProgramOutput truth = sample.output();
        boolean noTlsLocations = !"x86_64".equals(variant.arch());
        try (ServedCore served = ServedCore.serve(sample)) {
            SoftAssertions soft = new SoftAssertions();

            // 1. With the program on the command line, as most users connect.
            MarkedScript script = questions(served, truth, true);
            GdbResult local = Gdb.forVariant(variant).batchMerged(script.commands(), variant.executable().toString());
            dump(variantName + "-" + kind + "-local", local);
            Map<String, String> answers = MarkedScript.parse(local.stdout());
            Map<Integer, Long> lwpOf = checkThreads(soft, answers, truth, "with the program");
            checkValues(soft, answers, truth, lwpOf, noTlsLocations, "with the program");
            checkTrapFrame(soft, answers);
            checkUntouchedExplained(soft, answers, truth, lwpOf);

            // 2. Ground truth from gdb reading the core itself: libraries and memory.
            Map<String, String> direct = MarkedScript.parse(Gdb.forVariant(variant)
                    .batchMerged(directQuestions(truth).commands(),
                            variant.executable().toString(), sample.core().toString()).stdout());
            checkLibraries(soft, answers, direct, variant);
            checkMemory(soft, answers, direct, truth, lwpOf, noTlsLocations);

            // 3. No local copy: gdb fetches the program and libraries through vFile.
            MarkedScript fetch = questions(served, truth, false);
            GdbResult remote = Gdb.forVariant(variant).withInitCommand("set sysroot target:")
                    .batchMerged(fetch.commands());
            dump(variantName + "-" + kind + "-fetch", remote);
            Map<String, String> fetched = MarkedScript.parse(remote.stdout());
            assertThat(fetched.get("connect")).as("gdb fetched the program\n%s", remote.stdout())
                    .contains("Reading " + variant.executable() + " from remote target");
            Map<Integer, Long> lwpOf2 = checkThreads(soft, fetched, truth, "without the program");
            checkValues(soft, fetched, truth, lwpOf2, noTlsLocations, "without the program");
            soft.assertAll();
        }
    }

    /** With -Dtldb.gdb.dump=DIR, keeps each gdb transcript there for a look. */
    private static void dump(String name, GdbResult r) {
        String dir = System.getProperty("tldb.gdb.dump");
        if (dir != null) {
            try {
                java.nio.file.Files.createDirectories(Path.of(dir));
                java.nio.file.Files.writeString(Path.of(dir, name + ".txt"), r.stdout());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Connect, list threads and libraries, backtrace, then every thread's values and memory. */
    static MarkedScript questions(ServedCore served, ProgramOutput truth, boolean memory) {
        MarkedScript s = new MarkedScript();
        s.section("connect", served.targetRemote());
        s.section("bt", "bt");
        s.section("threads", "info threads");
        s.section("libraries", "info sharedlibrary");
        List<String> exprs = truth.expressions();
        for (int n = 1; n <= truth.threads().size(); n++) {
            s.section("thread " + n, "thread " + n);
            for (int i = 0; i < exprs.size(); i++) {
                s.section("print " + n + " " + i, "print " + exprs.get(i));
            }
            s.section("tls-error " + n, "monitor tls-error");
            if (memory) {
                for (String var : variables(truth)) {
                    s.section("x " + n + " " + var, "x/4gx &" + var);
                }
            }
        }
        return s;
    }

    /** gdb on the core file itself: its library list and the words at each reported address. */
    private static MarkedScript directQuestions(ProgramOutput truth) {
        MarkedScript s = new MarkedScript();
        s.section("libraries", "info sharedlibrary");
        for (ThreadReport t : truth.threads()) {
            t.addresses().forEach((var, address) ->
                    s.section("x " + t.lwp() + " " + var, "x/4gx 0x" + Long.toHexString(address)));
        }
        return s;
    }

    /** Every variable the program reported an address for (no sub-expressions). */
    private static Set<String> variables(ProgramOutput truth) {
        Set<String> vars = new java.util.LinkedHashSet<>();
        truth.threads().forEach(t -> vars.addAll(t.addresses().keySet()));
        return vars;
    }

    /** info threads lists every LWP; returns gdb thread number to LWP, from the thread switches. */
    static Map<Integer, Long> checkThreads(SoftAssertions soft, Map<String, String> answers, ProgramOutput truth,
                                                   String how) {
        Set<Long> listed = new TreeSet<>();
        Matcher rows = THREAD_ROW.matcher(answers.getOrDefault("threads", ""));
        while (rows.find()) {
            listed.add(Long.parseLong(rows.group(3)));
        }
        soft.assertThat(listed).as("%s: LWPs in info threads\n%s", how, answers.get("threads"))
                .containsExactlyElementsOf(truth.lwps());
        Map<Integer, Long> lwpOf = new TreeMap<>();
        for (int n = 1; n <= truth.threads().size(); n++) {
            Matcher m = SWITCHED.matcher(answers.getOrDefault("thread " + n, ""));
            if (m.find()) {
                lwpOf.put(n, Long.parseLong(m.group(3)));
            }
        }
        soft.assertThat(new TreeSet<>(lwpOf.values())).as("%s: LWPs of threads 1..N", how)
                .containsExactlyElementsOf(truth.lwps());
        return lwpOf;
    }

    /**
     * @param noTlsLocations the variant's compiler gives TLS variables no DW_AT_location (aarch64):
     *                       gdb 13 then prints file-static ones as optimized out without asking us
     */
    static void checkValues(SoftAssertions soft, Map<String, String> answers, ProgramOutput truth,
                                    Map<Integer, Long> lwpOf, boolean noTlsLocations, String how) {
        List<String> exprs = truth.expressions();
        lwpOf.forEach((n, lwp) -> {
            ThreadReport t = truth.byLwp(lwp);
            for (int i = 0; i < exprs.size(); i++) {
                String expr = exprs.get(i);
                String out = answers.getOrDefault("print " + n + " " + i, "");
                List<String> values = values(out);
                Optional<String> expected = t.value(expr);
                if (expected.isPresent()) {
                    if (noTlsLocations && expr.equals("tls_static")) {
                        // gcc gives aarch64 TLS variables no DW_AT_location; gdb 13 falls back to
                        // the ELF symbol only for global ones (samples/README.md), and never asks us.
                        soft.assertThat(out).as("%s: %s in thread %d", how, expr, n).contains("<optimized out>");
                        continue;
                    }
                    soft.assertThat(values).as("%s: thread %d (LWP %d): print %s\n%s", how, n, lwp, expr, out)
                            .containsExactly(expected.get());
                } else if (t.isUntouched(expr)) {
                    soft.assertThat(values).as("%s: untouched %s in thread %d (LWP %d)\n%s", how, expr, n, lwp, out)
                            .isEmpty();
                    soft.assertThat(out).as("%s: untouched %s in thread %d (LWP %d)", how, expr, n, lwp)
                            .contains(REMOTE_TLS_FAILED);
                }
            }
        });
    }

    private static void checkTrapFrame(SoftAssertions soft, Map<String, String> answers) {
        String bt = answers.getOrDefault("bt", "");
        soft.assertThat(bt).as("bt in the crashing thread").containsPattern(
                "#0 .*main \\(\\) at \\S*tls-sample\\.c:" + Samples.trapLine() + "\\b");
    }

    /** After a failed print of untouched plugin TLS, monitor tls-error names the library and thread. */
    private static void checkUntouchedExplained(SoftAssertions soft, Map<String, String> answers, ProgramOutput truth,
                                                Map<Integer, Long> lwpOf) {
        lwpOf.forEach((n, lwp) -> {
            ThreadReport t = truth.byLwp(lwp);
            if (!t.untouched().isEmpty()) {
                soft.assertThat(answers.getOrDefault("tls-error " + n, ""))
                        .as("monitor tls-error in thread %d", n)
                        .contains("not allocated yet for libplugin.so in thread " + n + " (LWP " + lwp + ")");
            }
        });
    }

    /** gdb's library list through us equals gdb's own reading of the core's link map. */
    private static void checkLibraries(SoftAssertions soft, Map<String, String> answers, Map<String, String> direct,
                                       SampleVariant variant) {
        Set<String> ours = libraries(answers.getOrDefault("libraries", ""));
        Set<String> theirs = libraries(direct.getOrDefault("libraries", ""));
        soft.assertThat(ours).as("info sharedlibrary through tldb\n%s", answers.get("libraries"))
                .isEqualTo(theirs);
        if (variant.isStatic()) {
            soft.assertThat(answers.getOrDefault("libraries", "")).contains("No shared libraries loaded at this time.");
        } else {
            List<String> expected = new ArrayList<>();
            variant.libraries().forEach(p -> expected.add(p.getFileName().toString()));
            expected.add("libc.so.6");
            soft.assertThat(ours).containsAll(expected);
        }
    }

    /** Base names of the libraries in an {@code info sharedlibrary} table (the vDSO aside). */
    private static Set<String> libraries(String table) {
        Set<String> out = new TreeSet<>();
        Matcher m = LIBRARY.matcher(table);
        while (m.find()) {
            String name = Path.of(m.group(1)).getFileName().toString();
            if (!name.startsWith("linux-vdso")) {
                out.add(name);
            }
        }
        return out;
    }

    /** x/4gx &var through tldb starts at the reported address and shows the core's own bytes there. */
    private static void checkMemory(SoftAssertions soft, Map<String, String> answers, Map<String, String> direct,
                                    ProgramOutput truth, Map<Integer, Long> lwpOf, boolean noTlsLocations) {
        lwpOf.forEach((n, lwp) -> {
            ThreadReport t = truth.byLwp(lwp);
            t.addresses().forEach((var, address) -> {
                if (noTlsLocations && var.equals("tls_static")) {
                    return;
                }
                Words ours = words(answers.getOrDefault("x " + n + " " + var, ""));
                Words core = words(direct.getOrDefault("x " + lwp + " " + var, ""));
                soft.assertThat(ours.address()).as("thread %d: x/4gx &%s starts at the program's ADDR", n, var)
                        .isEqualTo(Optional.of(address));
                soft.assertThat(ours.values()).as("thread %d: x/4gx &%s", n, var).hasSize(4)
                        .isEqualTo(core.values());
            });
        });
    }

    private record Words(Optional<Long> address, List<String> values) {}

    private static Words words(String x) {
        Matcher m = WORDS.matcher(x);
        Optional<Long> first = Optional.empty();
        List<String> values = new ArrayList<>();
        while (m.find()) {
            if (first.isEmpty()) {
                first = Optional.of(Long.parseUnsignedLong(m.group(1).substring(2), 16));
            }
            values.addAll(List.of(m.group(2).trim().split("\\s+")));
        }
        return new Words(first, values);
    }

    private static List<String> values(String out) {
        List<String> values = new ArrayList<>();
        Matcher m = VALUE.matcher(out);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

}
