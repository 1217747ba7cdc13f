package dev.tldb.cli;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.ThreadReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --tls-unallocated}: the dlopen'ed library's variables in the threads that never touched
 * them. With {@code error} (the default) those lines are errors naming the library and the thread
 * and the exit status is 1; with {@code init-image} they show the library's PT_TLS initial image
 * (what the thread would read on first access, taken here from the file with readelf) with a note
 * saying so, and the exit status is 0. Threads that touched the variable print their own values
 * either way, without a note. Where glibc gave the library static TLS (aarch64), every thread has
 * the block: both policies read it, no note.
 */
class UnallocatedTlsPolicyTest {

    static Stream<Arguments> pluginCores() {
        return CoreCases.cases(List.of("x86_64-glibc-pie", "x86_64-glibc-pie-dwarf4", "aarch64-glibc-pie"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pluginCores")
    void errorNamesTheLibraryAndTheThreadInitImageShowsTheInitialImageWithANote(String variant, CoreKind kind) {
        SampleCore sample = SampleCores.core(variant, kind);
        boolean staticPlugin = PluginTls.isStatic(sample);
        Path plugin = sample.variant().pluginLibraries().get(0);
        for (String expr : List.of("plugin_tls", "plugin_buf")) {
            String initial = InitialImage.asGdbPrints(plugin, expr);
            for (String policy : List.of("error", "init-image")) {
                CliResult r = Cli.run(CoreCases.command(sample, List.of("print", expr), "--all-threads", "--json",
                        "--tls-unallocated=" + policy));
                assertThat(r.stderr()).as(r.describe()).isEmpty();
                boolean anyError = false;
                for (Map<String, Object> line : r.json()) {
                    long lwp = (Long) line.get("lwp");
                    ThreadReport report = sample.output().byLwp(lwp);
                    if (!report.isUntouched(expr)) {
                        assertThat(line).as("%s in LWP %d, %s", expr, lwp, policy).doesNotContainKey("note")
                                .containsEntry("value", report.value(expr).orElseThrow());
                    } else if (staticPlugin) {
                        assertThat(line).as("%s in untouched LWP %d, static TLS, %s", expr, lwp, policy)
                                .doesNotContainKey("note").containsEntry("value", initial);
                    } else if (policy.equals("error")) {
                        anyError = true;
                        assertThat((String) line.get("error")).as("%s in untouched LWP %d", expr, lwp)
                                .isEqualTo("The inferior has not yet allocated storage for thread-local variables in "
                                        + "the shared library `libplugin.so' for thread " + line.get("thread")
                                        + " (LWP " + lwp + ") (the thread has not used its TLS yet)");
                    } else {
                        assertThat(line).as("%s in untouched LWP %d, init-image", expr, lwp)
                                .containsEntry("value", initial)
                                .containsEntry("note", "initial value: this thread has not allocated its TLS block of libplugin.so");
                    }
                }
                assertThat(r.exitCode()).as(r.describe()).isEqualTo(anyError ? 1 : 0);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pluginCores")
    void theTextLineCarriesTheNoteAfterTheValue(String variant, CoreKind kind) {
        SampleCore sample = SampleCores.core(variant, kind);
        ThreadReport odd = sample.output().thread(1);
        CliResult r = Cli.run(CoreCases.command(sample, List.of("print", "plugin_tls"), "--thread",
                Long.toString(odd.lwp()), "--tls-unallocated=init-image"));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        String initial = InitialImage.asGdbPrints(sample.variant().pluginLibraries().get(0), "plugin_tls");
        assertThat(r.lines()).singleElement().isEqualTo(PluginTls.isStatic(sample) ? "$1 = " + initial
                : "$1 = " + initial + "  <initial value: this thread has not allocated its TLS block of libplugin.so>");
    }
}
