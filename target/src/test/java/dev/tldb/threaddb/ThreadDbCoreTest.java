package dev.tldb.threaddb;

import dev.tldb.core.LoadedCore;
import dev.tldb.core.SampleCoreLoading;
import dev.tldb.elf.Symbol;
import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;
import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.ThreadReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The simulated libthread_db on real cores, without DWARF: for every thread and every TLS symbol,
 * {@code tlsAddress(thread, module, st_value)} must be the address the program printed for
 * {@code &var} in that thread, and the dlopen'ed library's variables must be "not allocated yet" in
 * the threads the program says never touched them.
 */
class ThreadDbCoreTest {

    static Stream<Arguments> cores() {
        return SampleCoreLoading.cores(SampleCoreLoading.RUNTIME_VARIANTS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void everyTlsSymbolOfEveryThreadLandsWhereTheProgramSaidItWas(String variant, CoreKind kind) {
        SampleCore sample = SampleCores.core(variant, kind);
        try (LoadedCore core = SampleCoreLoading.load(sample)) {
            TargetStack stack = core.stack().push(new ThreadDbLayer());
            List<Module> modules = stack.modules();
            int checked = 0, untouched = 0;
            for (ThreadReport report : sample.output().threads()) {
                ThreadInfo thread = stack.threadByLwp(report.lwp())
                        .orElseThrow(() -> new AssertionError("no thread with LWP " + report.lwp()));
                for (var e : report.addresses().entrySet()) {
                    Symbol sym = tlsSymbol(modules, e.getKey()).orElse(null);
                    if (sym == null) {
                        continue; // a sub-expression, not a variable
                    }
                    Module m = owner(modules, e.getKey());
                    assertThat(stack.tlsAddress(thread, m, sym.value()))
                            .as("&%s in thread %d (LWP %d)", e.getKey(), thread.num(), thread.lwp())
                            .isEqualTo(e.getValue());
                    checked++;
                }
                for (String expr : report.untouched()) {
                    Module m = owner(modules, expr);
                    Symbol sym = tlsSymbol(modules, expr).orElseThrow();
                    if (staticTls(stack, m)) {
                        // glibc gave the dlopen'ed module static TLS (TLSDESC architectures do, on first use
                        // in any thread): every thread has the block, initialised from the PT_TLS image, and
                        // libthread_db's td_thr_tlsbase returns it through l_tls_offset.
                        long at = stack.tlsAddress(thread, m, sym.value());
                        assertThat(stack.readFully(at, (int) sym.size()))
                                .as("untouched %s in LWP %d holds the initial image", expr, report.lwp())
                                .isEqualTo(initImage(m, sym));
                    } else {
                        assertThatThrownBy(() -> stack.tlsAddress(thread, m, sym.value()))
                                .isInstanceOfSatisfying(TlsException.class, ex -> {
                                    assertThat(ex.error()).isEqualTo(TdError.TD_NOTALLOC);
                                    assertThat(ex.getMessage()).contains(m.shortName()).contains("LWP " + report.lwp());
                                });
                    }
                    untouched++;
                }
            }
            assertThat(checked).as("TLS addresses checked").isGreaterThan(sample.output().threads().size() * 5);
            if (sample.variant().hasPlugin()) {
                assertThat(untouched).as("untouched plugin variables checked").isPositive();
            }
        }
    }

    /** Whether glibc placed the module in static TLS: a real {@code l_tls_offset} in its link_map. */
    private static boolean staticTls(TargetStack stack, Module m) {
        TlsInspector inspector = stack.capability(TlsInspector.class).orElseThrow();
        return inspector.layout(stack.threads().get(0)).blocks().stream()
                .anyMatch(b -> b.module().equals(m.shortName()) && b.staticTls());
    }

    /** The symbol's bytes in the module's PT_TLS initialisation image (.tdata, then zeros for .tbss). */
    private static byte[] initImage(Module m, Symbol sym) {
        var elf = m.elf().orElseThrow();
        var tls = elf.tlsSegment().orElseThrow();
        byte[] out = new byte[(int) sym.size()];
        for (int i = 0; i < out.length; i++) {
            long at = sym.value() + i;
            out[i] = at < tls.filesz() ? elf.contents(tls).get((int) at) : 0;
        }
        return out;
    }

    private static Optional<Symbol> tlsSymbol(List<Module> modules, String name) {
        for (Module m : modules) {
            Optional<Symbol> s = m.elf().flatMap(e -> e.symbol(name)).filter(Symbol::isTls);
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }

    private static Module owner(List<Module> modules, String name) {
        for (Module m : modules) {
            if (m.elf().flatMap(e -> e.symbol(name)).filter(Symbol::isTls).isPresent()) {
                return m;
            }
        }
        return fail("no module defines " + name);
    }
}
