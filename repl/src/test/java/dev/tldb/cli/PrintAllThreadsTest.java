package dev.tldb.cli;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.ThreadReport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3's acceptance through the command line: for every core of the acceptance list, every
 * expression the sample printed about itself and every thread, {@code tldb print EXPR --core C
 * --all-threads --json} gives exactly the value the program printed ({@code TLS <lwp> <expr> =
 * <value>}, in gdb's format). The dlopen'ed library's variables are a "not allocated" error naming
 * the library and the thread in the threads that never touched them, unless glibc gave the
 * library static TLS, where those threads read its initial image.
 */
class PrintAllThreadsTest {

    static Stream<Arguments> cores() {
        return CoreCases.all();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void everyThreadPrintsWhatTheProgramPrintedAboutItself(String variant, CoreKind kind) {
        SampleCore sample = SampleCores.core(variant, kind);
        boolean staticPlugin = PluginTls.isStatic(sample);
        Set<Long> lwps = sample.output().lwps();
        SoftAssertions soft = new SoftAssertions();
        int values = 0, unallocated = 0;
        for (String expr : sample.output().expressions()) {
            CliResult r = Cli.run(CoreCases.command(sample, List.of("print", expr), "--all-threads", "--json"));
            soft.assertThat(r.stderr()).as("stderr of %s", r.args()).isEmpty();
            List<Map<String, Object>> lines = r.json();
            assertThat(lines).as(r.describe()).hasSize(lwps.size());
            assertThat(lines.stream().map(l -> (Long) l.get("lwp")).collect(Collectors.toSet()))
                    .as("the LWPs of %s", r.args()).isEqualTo(lwps);
            assertThat(lines.stream().map(l -> (Long) l.get("thread")).collect(Collectors.toSet()))
                    .as("gdb's thread numbers 1..%d", lwps.size())
                    .isEqualTo(Stream.iterate(1L, i -> i + 1).limit(lwps.size()).collect(Collectors.toSet()));
            boolean anyError = false;
            for (Map<String, Object> line : lines) {
                long lwp = (Long) line.get("lwp");
                ThreadReport report = sample.output().byLwp(lwp);
                soft.assertThat(line.get("expr")).isEqualTo(expr);
                if (report.value(expr).isPresent()) {
                    soft.assertThat(line).as("print %s in LWP %d", expr, lwp).containsOnlyKeys("thread", "lwp", "expr", "value")
                            .containsEntry("value", report.value(expr).get());
                    values++;
                } else if (report.isUntouched(expr) && staticPlugin) {
                    Path plugin = sample.variant().pluginLibraries().get(0);
                    soft.assertThat(line).as("untouched %s in LWP %d (static TLS: the initial image)", expr, lwp)
                            .containsOnlyKeys("thread", "lwp", "expr", "value")
                            .containsEntry("value", InitialImage.asGdbPrints(plugin, expr));
                    unallocated++;
                } else if (report.isUntouched(expr)) {
                    anyError = true;
                    soft.assertThat(line).as("untouched %s in LWP %d", expr, lwp).containsOnlyKeys("thread", "lwp", "expr", "error");
                    soft.assertThat((String) line.get("error")).as("untouched %s in LWP %d", expr, lwp)
                            .contains("not yet allocated").contains("`libplugin.so'")
                            .contains("thread " + line.get("thread") + " (LWP " + lwp + ")");
                    unallocated++;
                } else {
                    soft.fail("the program said nothing about %s in LWP %d", expr, lwp);
                }
            }
            soft.assertThat(r.exitCode()).as("exit code of %s", r.args()).isEqualTo(anyError ? 1 : 0);
        }
        soft.assertAll();
        assertThat(values).as("values compared").isGreaterThanOrEqualTo(lwps.size() * 14);
        if (sample.variant().hasPlugin()) {
            assertThat(unallocated).as("untouched plugin variables checked").isEqualTo(2 * 2);
        }
    }

}
