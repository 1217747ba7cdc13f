package dev.tldb.session;

import dev.tldb.core.LoadedCore;
import dev.tldb.core.SampleCoreLoading;
import dev.tldb.target.TargetStack;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;
import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.ThreadReport;
import dev.tldb.threaddb.ThreadDbLayer;
import dev.tldb.threaddb.TlsInspector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code print EXPR} through a {@link Session} on real cores: for every thread and every expression
 * the sample program printed about itself ({@code TLS <lwp> <expr> = <value>}, in gdb's format),
 * the session prints the same text; variables the program says the thread never touched are
 * "not allocated yet" (or, where glibc gave the module static TLS, readable).
 */
class SessionCoreTest {

    static Stream<Arguments> cores() {
        return SampleCoreLoading.cores(SampleCoreLoading.RUNTIME_VARIANTS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void everyThreadPrintsWhatTheProgramPrinted(String variant, CoreKind kind) {
        SampleCore sample = SampleCores.core(variant, kind);
        try (LoadedCore core = SampleCoreLoading.load(sample)) {
            TargetStack stack = core.stack().push(new ThreadDbLayer());
            Session session = new Session(stack);
            boolean staticPlugin = stack.capability(TlsInspector.class).orElseThrow()
                    .layout(stack.threads().get(0)).blocks().stream()
                    .anyMatch(b -> b.module().equals("libplugin.so") && b.staticTls());
            int checked = 0;
            for (ThreadReport report : sample.output().threads()) {
                ThreadInfo thread = stack.threadByLwp(report.lwp()).orElseThrow();
                for (Map.Entry<String, String> e : report.values().entrySet()) {
                    String printed = session.format(session.evaluate(e.getKey(), Optional.of(thread), Optional.empty()),
                            PrintFormat.NATURAL);
                    assertThat(printed).as("print %s in LWP %d", e.getKey(), report.lwp()).isEqualTo(e.getValue());
                    checked++;
                }
                for (String expr : report.untouched()) {
                    if (staticPlugin) {
                        // glibc gave libplugin.so static TLS: the block exists (with the initial image).
                        session.evaluate(expr, Optional.of(thread), Optional.empty());
                    } else {
                        assertThatThrownBy(() -> session.evaluate(expr, Optional.of(thread), Optional.empty()))
                                .isInstanceOfSatisfying(TlsException.class,
                                        ex -> assertThat(ex.error()).isEqualTo(TdError.TD_NOTALLOC));
                    }
                }
            }
            assertThat(checked).isGreaterThan(sample.output().threads().size() * 10);
        }
    }
}
