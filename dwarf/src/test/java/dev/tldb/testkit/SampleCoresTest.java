package dev.tldb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cores of every runtime variant (each kind its writer supports) and gcores of the
 * debug-format variants: ELF cores with one NT_PRSTATUS per thread the program reported, the
 * same LWPs, main stopped at the TRAP-LINE.
 */
class SampleCoresTest {
    private static final long MAX_CORE_BYTES = 16L << 20;

    static List<Arguments> cores() {
        List<Arguments> list = new ArrayList<>();
        for (VariantInfo info : Samples.variantInfos()) {
            for (CoreKind kind : CoreKind.values()) {
                boolean wanted = info.isRuntime() || kind == CoreKind.GCORE;
                if (wanted && SampleCores.supports(info, kind)) {
                    list.add(Arguments.of(info.name(), kind));
                }
            }
        }
        return list;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void coreHoldsTheThreadsTheProgramReported(String name, CoreKind kind) throws Exception {
        SampleCore core = SampleCores.core(name, kind);
        ProgramOutput out = core.output();

        assertThat(core.core()).isRegularFile();
        assertThat(Files.size(core.core())).as("core size").isLessThan(MAX_CORE_BYTES);
        assertThat(Readelf.elfType(core.core())).isEqualTo("CORE");
        assertThat(out.ready()).isTrue();
        assertThat(out.threads()).hasSize(5);
        assertThat(Readelf.countNotes(core.core(), "NT_PRSTATUS")).isEqualTo(5);

        List<GdbThread> threads = Gdb.forVariant(core.variant())
                .threads(core.variant().executable(), core.core());
        assertThat(threads.stream().map(GdbThread::lwp).collect(Collectors.toSet()))
                .as("LWPs in the core (gdb) vs. gettid in the program")
                .isEqualTo(out.lwps());
        GdbThread current = threads.stream().filter(GdbThread::current).findFirst().orElseThrow();
        assertThat(current.lwp()).as("the trapping thread is main").isEqualTo(out.main().lwp());
        if (!(kind == CoreKind.QEMU && core.variant().isPie())) {
            // qemu cores lack the ELF header pages, so stock gdb cannot relocate a PIE from them.
            assertThat(current.frame()).contains("main () at ")
                    .endsWith("tls-sample.c:" + Samples.trapLine());
        }

        switch (kind) {
            case GCORE -> assertThat(core.writtenAs()).isEqualTo("core");
            case KERNEL -> assertThat(core.writtenAs()).isIn("core", "core." + out.main().lwp());
            case QEMU -> assertThat(core.writtenAs()).as("qemu's core name, with the main LWP as pid")
                    .matches("qemu_tls-sample_\\d{8}-\\d{6}_" + out.main().lwp() + "\\.core");
        }
    }
}
