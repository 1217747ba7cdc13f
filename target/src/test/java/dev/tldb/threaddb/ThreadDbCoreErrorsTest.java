package dev.tldb.threaddb;

import dev.tldb.abi.Registers;
import dev.tldb.core.LoadedCore;
import dev.tldb.core.SampleCoreLoading;
import dev.tldb.elf.Symbol;
import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;
import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.Readelf;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.ThreadReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The thread layer's typed errors on real x86-64 gcore cores of the samples (glibc PIE with its
 * libraries, static musl), where the ground truth is the program's own report of that run and
 * {@code readelf -l}: a module {@code readelf} shows without a TLS segment is TD_NOTLS; a DTV
 * pointer (TP+8, TLS-FACTS section 2) overwritten with an unmapped address in the core's write
 * overlay is TD_ERR for that thread only; an LWP the core does not have is TD_NOTHR. And a thread
 * whose {@code fs_base} is taken away is still found through the C library's own thread list, at
 * the addresses the program printed.
 */
class ThreadDbCoreErrorsTest {

    private static final long UNMAPPED = 0x10; // the zero page is never mapped

    @ParameterizedTest
    @ValueSource(strings = {"x86_64-glibc-pie", "x86_64-musl-static"})
    void typedErrorsOnARealCore(String variant) throws Exception {
        SampleCore sample = SampleCores.core(variant, CoreKind.GCORE);
        try (LoadedCore core = SampleCoreLoading.load(sample)) {
            TargetStack stack = core.stack().push(new ThreadDbLayer());
            List<Module> modules = stack.modules();
            Module exe = modules.get(0);
            Symbol tlsInt = exe.elf().orElseThrow().symbol("tls_int").orElseThrow();
            ThreadInfo main = stack.threadByLwp(sample.output().main().lwp()).orElseThrow();

            // TD_NOTLS: every module readelf shows without a TLS segment.
            int noTls = 0;
            for (Module m : modules) {
                Path file = Path.of(m.name());
                if (m.elf().isEmpty() || !Files.isRegularFile(file) || Readelf.segmentTypes(file).contains("TLS")) {
                    continue;
                }
                assertThatThrownBy(() -> stack.tlsAddress(main, m, 0)).as(m.name())
                        .isInstanceOfSatisfying(TlsException.class, e -> {
                            assertThat(e.error()).as(e.getMessage()).isEqualTo(TdError.TD_NOTLS);
                            assertThat(e.getMessage()).contains(m.shortName()).contains("LWP " + main.lwp());
                        });
                noTls++;
            }
            if (!sample.variant().isStatic()) {
                assertThat(noTls).as("modules without PT_TLS (ld.so at least)").isPositive();
            }

            // TD_NOTHR: an LWP the core does not have.
            long ghostLwp = sample.output().lwps().stream().mapToLong(Long::longValue).max().orElseThrow() + 1000;
            ThreadInfo ghost = new ThreadInfo(stack.threads().size() + 1, main.pid(), ghostLwp);
            assertThatThrownBy(() -> stack.tlsAddress(ghost, exe, tlsInt.value()))
                    .isInstanceOfSatisfying(TlsException.class, e -> {
                        assertThat(e.error()).as(e.getMessage()).isEqualTo(TdError.TD_NOTHR);
                        assertThat(e.getMessage()).contains("LWP " + ghostLwp).contains(exe.shortName());
                    });

            // Without fs_base, every thread is found through the C library's thread list.
            for (ThreadReport report : sample.output().threads()) {
                ThreadInfo t = stack.threadByLwp(report.lwp()).orElseThrow();
                Registers regs = stack.registers(t);
                regs.markUnavailable(regs.layout().indexOf("fs_base").orElseThrow());
                stack.writeRegisters(t, regs);
                assertThat(stack.registers(t).get("fs_base")).isEmpty();
                assertThat(stack.tlsAddress(t, exe, tlsInt.value())).as("&tls_int in LWP %d without fs_base", t.lwp())
                        .isEqualTo(report.address("tls_int").orElseThrow());
            }

            // TD_ERR: the main thread's DTV pointer (TP+8 on x86-64) now leads to unmapped memory.
            // The thread layer finds it through the thread list now (fs_base is gone): the TP comes from the core file.
            long tp = ThreadIterationCoreTest.prstatusFsBase(sample.core()).get(main.lwp());
            stack.writeMemory(tp + 8, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(UNMAPPED).array(),
                    0, 8);
            assertThatThrownBy(() -> stack.tlsAddress(main, exe, tlsInt.value()))
                    .isInstanceOfSatisfying(TlsException.class, e -> {
                        assertThat(e.error()).as(e.getMessage()).isEqualTo(TdError.TD_ERR);
                        assertThat(e.getMessage()).contains(exe.shortName()).contains("LWP " + main.lwp())
                                .contains("DTV");
                    });
            for (ThreadReport report : sample.output().threads()) {
                if (!report.isMain()) {
                    ThreadInfo t = stack.threadByLwp(report.lwp()).orElseThrow();
                    assertThat(stack.tlsAddress(t, exe, tlsInt.value())).as("other threads are unaffected")
                            .isEqualTo(report.address("tls_int").orElseThrow());
                }
            }
        }
    }
}
