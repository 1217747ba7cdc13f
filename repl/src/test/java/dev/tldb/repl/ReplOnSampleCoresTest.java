package dev.tldb.repl;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.ProgramOutput;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.ThreadReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tls} and {@code info tls} on the samples' cores, checked against what each program
 * printed about itself in the run that dumped the core: every expression's value in every
 * thread (or "not allocated yet" where the program says the thread never touched it), and every
 * variable's address inside the block {@code info tls} draws for its module, the plugin's block
 * missing in the threads that never used it.
 */
class ReplOnSampleCoresTest {
    private static final Pattern BLOCK = Pattern.compile("\\{\"module\":\"([^\"]+)\"[^}]*\\}");

    static Stream<Arguments> cores() {
        List<Arguments> out = new ArrayList<>();
        for (String v : List.of("x86_64-glibc-pie", "x86_64-musl-static", "aarch64-glibc-pie")) {
            for (CoreKind k : SampleCores.kinds(Samples.variant(v))) {
                out.add(Arguments.of(v, k));
            }
        }
        return out.stream();
    }

    private static List<String> target(SampleCore core) {
        List<String> t = new ArrayList<>(List.of("--core", core.core().toString(), "--file",
                core.variant().executable().toString()));
        core.variant().qemuSysroot().ifPresent(s -> t.addAll(List.of("--sysroot", s.toString())));
        return t;
    }

    /** The module whose TLS holds a variable of the sample (samples/README.md). */
    private static String moduleOf(String variable, SampleCore core) {
        if (variable.startsWith("lib_")) {
            return "liblinked.so";
        }
        if (variable.startsWith("plugin_")) {
            return "libplugin.so";
        }
        return core.variant().executable().getFileName().toString();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void tlsAgreesWithWhatTheProgramPrinted(String variant, CoreKind kind) {
        SampleCore core = SampleCores.core(variant, kind);
        ProgramOutput truth = core.output();
        List<String> exprs = truth.expressions();
        Run layout = Run.batch(target(core), "info tls --json all");
        assertThat(layout.exit()).as(layout.describe()).isZero();
        boolean staticPlugin = layout.out().contains("{\"module\":\"libplugin.so\",\"id\":")
                && layout.out().matches("(?s).*\\{\"module\":\"libplugin.so\",[^}]*\"static\":true.*");

        Run r = Run.batch(target(core), exprs.stream().map(e -> "tls --json " + e).toArray(String[]::new));
        assertThat(r.exit()).as(r.describe()).isZero();
        int checked = 0;
        for (Map<String, String> row : JsonLines.parse(r.out())) {
            ThreadReport t = truth.byLwp(Long.parseLong(row.get("lwp")));
            String expr = row.get("expr");
            if (t.isUntouched(expr)) {
                if (!staticPlugin) {
                    assertThat(row).as("%s in LWP %d", expr, t.lwp()).containsEntry("reason", "not-allocated");
                }
            } else {
                assertThat(row.get("value")).as("%s in LWP %d", expr, t.lwp()).isEqualTo(t.value(expr).orElseThrow());
            }
            checked++;
        }
        assertThat(checked).isEqualTo(exprs.size() * truth.threads().size());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void infoTlsDrawsEachModulesBlockAroundItsVariables(String variant, CoreKind kind) {
        SampleCore core = SampleCores.core(variant, kind);
        ProgramOutput truth = core.output();
        Run r = Run.batch(target(core), "info tls --json all");
        assertThat(r.exit()).as(r.describe()).isZero();
        List<Map<String, String>> layouts = JsonLines.parse(r.out());
        assertThat(layouts).hasSize(truth.threads().size());
        for (Map<String, String> layout : layouts) {
            ThreadReport t = truth.byLwp(Long.parseLong(layout.get("lwp")));
            Map<String, Map<String, String>> blocks = new HashMap<>();
            Matcher m = BLOCK.matcher(layout.get("blocks"));
            while (m.find()) {
                blocks.put(m.group(1), JsonLines.object(m.group()));
            }
            for (Map.Entry<String, Long> a : t.addresses().entrySet()) {
                String module = moduleOf(a.getKey(), core);
                Map<String, String> b = blocks.get(module);
                assertThat(b).as("LWP %d: a block for %s (%s)", t.lwp(), module, a.getKey()).isNotNull();
                assertThat(b).as("LWP %d: %s", t.lwp(), module).containsEntry("allocated", "true");
                long start = Long.parseUnsignedLong(b.get("start").substring(2), 16);
                long end = Long.parseUnsignedLong(b.get("end").substring(2), 16);
                assertThat(a.getValue()).as("&%s in LWP %d inside %s's block", a.getKey(), t.lwp(), module)
                        .isBetween(start, end - 1);
            }
            for (String untouched : t.untouched()) {
                Map<String, String> b = blocks.get(moduleOf(untouched, core));
                if (b != null && "false".equals(b.get("static"))) {
                    assertThat(b).as("LWP %d never used %s", t.lwp(), untouched).containsEntry("allocated", "false");
                }
            }
        }
    }
}
