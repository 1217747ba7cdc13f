package dev.tldb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every runtime variant runs (natively or under qemu) and reports five threads with the values
 * samples/README.md documents: the structure the rest of the project relies on.
 */
class SampleRunsTest {
    static final List<String> EXECUTABLE_VARIABLES = List.of("tls_int", "tls_long", "tls_double",
            "tls_name", "tls_pair", "tls_ptr", "tls_aligned", "tls_static", "tls_flag",
            "tls_color", "tls_untouched");
    static final List<String> SUB_EXPRESSIONS = List.of("tls_pair.a", "tls_pair.b", "*tls_ptr");
    static final List<String> LINKED_VARIABLES = List.of("lib_tls", "lib_tbss");
    static final List<String> PLUGIN_VARIABLES = List.of("plugin_tls", "plugin_buf");
    private static final String[] COLORS = {"COLOR_RED", "COLOR_GREEN", "COLOR_BLUE",
            "COLOR_CYAN", "COLOR_MAGENTA"};

    static List<String> runtimeVariants() {
        return Samples.variantNames(VariantInfo::isRuntime);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimeVariants")
    void reportsFiveThreadsWithDocumentedValues(String name) {
        SampleVariant v = Samples.variant(name);
        ProgramRun run = SampleRuns.run(v);
        ProgramOutput out = run.output();

        assertThat(run.exitCode()).as("128 + SIGILL or SIGTRAP")
                .isEqualTo(128 + ("x86_64".equals(v.arch()) ? 4 : 5));
        assertThat(out.ready()).isTrue();
        assertThat(out.threads()).extracting(ThreadReport::index)
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(out.lwps()).hasSize(5);
        for (ThreadReport t : out.threads()) {
            checkThread(v, t);
        }
        checkDistinctAcrossThreads(out);
    }

    static List<String> expectedExpressions(SampleVariant v) {
        List<String> e = new ArrayList<>(EXECUTABLE_VARIABLES);
        e.addAll(SUB_EXPRESSIONS);
        if (v.isPie()) {
            e.addAll(LINKED_VARIABLES);
            e.addAll(PLUGIN_VARIABLES);
        }
        return e;
    }

    static List<String> expectedAddresses(SampleVariant v, ThreadReport t) {
        List<String> e = new ArrayList<>(EXECUTABLE_VARIABLES);
        if (v.isPie()) {
            e.addAll(LINKED_VARIABLES);
            if (t.index() % 2 == 0) {
                e.addAll(PLUGIN_VARIABLES);
            }
        }
        return e;
    }

    private static void checkThread(SampleVariant v, ThreadReport t) {
        int i = t.index();
        List<String> reported = new ArrayList<>(t.values().keySet());
        reported.addAll(t.untouched());
        assertThat(reported).as("expressions of thread %d", i)
                .containsExactlyInAnyOrderElementsOf(expectedExpressions(v));
        assertThat(t.addresses().keySet()).as("addresses of thread %d", i)
                .containsExactlyInAnyOrderElementsOf(expectedAddresses(v, t));

        assertThat(t.value("tls_int")).contains(String.valueOf(100 + i));
        assertThat(t.value("tls_long")).contains(String.valueOf(-(10000000000L * (i + 1)) - i));
        assertThat(t.value("tls_double")).contains(GdbValues.formatDouble(2 * i + 0.125));
        String name = i == 0 ? "main" : "thread-" + i;
        assertThat(t.value("tls_name")).contains("\"" + name + "\", '\\000' <repeats "
                + (32 - name.length() - 1) + " times>");
        assertThat(t.value("tls_pair")).contains("{a = " + (11 + 10 * i) + ", b = "
                + GdbValues.formatDouble(i + 0.1) + "}");
        assertThat(t.value("tls_pair.a")).contains(String.valueOf(11 + 10 * i));
        assertThat(t.value("tls_pair.b")).contains(GdbValues.formatDouble(i + 0.1));
        assertThat(t.value("tls_ptr").orElseThrow())
                .matches("\\(int \\*\\) 0x[0-9a-f]+ <global_array\\+" + 4 * (i + 1) + ">");
        assertThat(t.value("*tls_ptr")).contains(String.valueOf(11 * (i + 1)));
        assertThat(t.value("tls_aligned")).contains(String.valueOf(6400 + i));
        assertThat(t.address("tls_aligned").orElseThrow() % 64).as("aligned(64)").isZero();
        assertThat(t.value("tls_static")).contains(String.valueOf(500 + i));
        assertThat(t.value("tls_flag")).contains((66 + i) + " '" + (char) ('B' + i) + "'");
        assertThat(t.value("tls_color")).contains(COLORS[i]);
        assertThat(t.value("tls_untouched")).contains("0");
        if (v.isPie()) {
            assertThat(t.value("lib_tls")).contains(String.valueOf(700 + i));
            assertThat(t.value("lib_tbss")).contains(String.valueOf(70000 + i));
            if (i % 2 == 0) {
                assertThat(t.value("plugin_tls")).contains(String.valueOf(7700 + i));
                assertThat(t.value("plugin_buf"))
                        .contains("\"plugin-" + i + "\\000\\000\\000\\000\\000\\000\\000\"");
            } else {
                assertThat(t.untouched()).containsExactlyInAnyOrderElementsOf(PLUGIN_VARIABLES);
            }
        }
    }

    /** Every value except tls_untouched differs between threads; every address too. */
    private static void checkDistinctAcrossThreads(ProgramOutput out) {
        for (String expr : out.expressions()) {
            Set<String> values = new HashSet<>();
            int count = 0;
            for (ThreadReport t : out.threads()) {
                if (t.value(expr).isPresent()) {
                    values.add(t.value(expr).get());
                    count++;
                }
            }
            if (!expr.equals("tls_untouched")) {
                assertThat(values).as("distinct values of %s", expr).hasSize(count);
            }
        }
        Set<Long> addresses = new HashSet<>();
        int count = 0;
        for (ThreadReport t : out.threads()) {
            addresses.addAll(t.addresses().values());
            count += t.addresses().size();
        }
        assertThat(addresses).as("every thread's variables live at their own addresses").hasSize(count);
    }
}
