package dev.tldb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The check that makes the samples' self-report trustworthy ground truth: on a core, stock gdb
 * prints in every thread exactly the value the program printed for every expression, the same
 * address for every {@code &variable}, and refuses the dlopen'ed variables of untouched threads.
 *
 * <p>Where stock gdb 13 is known to be wrong or blind, the tests below pin what it does instead,
 * so that a changed toolchain shows up here first; those variants are ground truth through the
 * program's own report only.
 */
class SelfReportMatchesGdbTest {
    private static final Pattern HEX = Pattern.compile("\\) (0x[0-9a-f]+)");

    /**
     * x86-64 glibc variants (gdb finds their TLS through libthread_db) except split DWARF, and
     * the aarch64 static qemu core (gdb-multiarch + libthread_db, no tpidr in the core).
     */
    static List<Arguments> cores() {
        List<Arguments> list = new ArrayList<>();
        for (VariantInfo info : Samples.variantInfos()) {
            if (info.name().startsWith("x86_64-glibc-") && !info.name().contains("split-dwarf")) {
                list.add(Arguments.of(info.name(), CoreKind.GCORE));
                if (info.isRuntime()) {
                    list.add(Arguments.of(info.name(), CoreKind.KERNEL));
                }
            }
        }
        list.add(Arguments.of("aarch64-glibc-static", CoreKind.QEMU));
        return list;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void gdbPrintsWhatTheProgramPrinted(String name, CoreKind kind) {
        SampleCore core = SampleCores.core(name, kind);
        ProgramOutput out = core.output();
        Map<Long, Map<String, GdbPrint>> gdb = printEverything(core);
        boolean noTlsLocations = !"x86_64".equals(core.variant().arch());

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(gdb.keySet()).as("threads").containsExactlyInAnyOrderElementsOf(out.lwps());
        for (ThreadReport t : out.threads()) {
            Map<String, GdbPrint> prints = gdb.get(t.lwp());
            if (prints == null) {
                continue;
            }
            t.values().forEach((expr, value) -> {
                GdbPrint p = prints.get(expr);
                if (noTlsLocations && expr.equals("tls_static")) {
                    // gcc gives aarch64/riscv64 TLS variables no DW_AT_location; gdb falls back to
                    // the ELF symbol only for global ones, so a file-static one is "optimized out".
                    soft.assertThat(p.value()).as("%s in thread %d", expr, t.index())
                            .contains("<optimized out>");
                    return;
                }
                soft.assertThat(p.value())
                        .as("thread %d (LWP %d): print %s\n%s", t.index(), t.lwp(), expr, p.message())
                        .contains(value);
            });
            for (String expr : t.untouched()) {
                GdbPrint p = prints.get(expr);
                soft.assertThat(p.value()).as("untouched %s in thread %d", expr, t.index()).isEmpty();
                soft.assertThat(p.message()).as("untouched %s in thread %d", expr, t.index())
                        .contains("has not yet allocated storage for thread-local variables");
            }
            t.addresses().forEach((expr, address) -> {
                if (noTlsLocations && expr.equals("tls_static")) {
                    return;
                }
                GdbPrint p = prints.get("&" + expr);
                soft.assertThat(address(p))
                        .as("thread %d (LWP %d): print &%s gave %s", t.index(), t.lwp(), expr,
                                p.value().orElse(p.message()))
                        .contains(address);
            });
        }
        soft.assertAll();
    }

    /** TLS-FACTS section 5: stock gdb 13 cannot read a static musl program's TLS (no libthread_db). */
    @Test
    void stockGdbCannotReadMuslTls() {
        SampleCore core = SampleCores.core("x86_64-musl-static", CoreKind.GCORE);
        GdbPrint p = printInThread(core, 1, "tls_int");
        assertThat(p.value()).isEmpty();
        assertThat(p.message()).contains("Cannot find thread-local variables on this target");
    }

    /**
     * gcc 12 relocates TLS symbols in a split-DWARF {@code .debug_addr} with R_X86_64_64, so the
     * linked slot holds the variable's VMA (PT_TLS p_vaddr + offset), not its offset; gdb 13
     * adds that to the TLS block and reads the wrong place. A reader must subtract p_vaddr.
     */
    @Test
    void splitDwarf4TlsSlotsHoldTheVmaAndStockGdbIsOffByPtTlsVaddr() {
        SampleCore core = SampleCores.core("x86_64-glibc-pie-split-dwarf4", CoreKind.GCORE);
        assertThat(Readelf.readelf("-r", core.variant().object().toString()))
                .containsPattern("R_X86_64_64\\s+0+\\s+tls_int \\+ 0");
        long ptTlsVaddr = ptTlsVaddr(core.variant());
        assertThat(ptTlsVaddr).isPositive();

        ThreadReport t = core.output().thread(1);
        GdbPrint p = printInThread(core, 1, "&tls_int");
        assertThat(address(p)).as(p.message())
                .contains(t.address("tls_int").orElseThrow() + ptTlsVaddr);
    }

    /** gdb 13 does not evaluate DW_OP_constx (0xa2), which DWARF 5 split units use for TLS. */
    @Test
    void splitDwarf5StockGdbCannotEvaluateConstx() {
        SampleCore core = SampleCores.core("x86_64-glibc-pie-split-dwarf5", CoreKind.GCORE);
        assertThat(Readelf.readelf("-r", core.variant().object().toString()))
                .containsPattern("R_X86_64_64\\s+0+\\s+tls_int \\+ 0");
        GdbPrint p = printInThread(core, 1, "tls_int");
        assertThat(p.value()).isEmpty();
        assertThat(p.message()).contains("Unhandled DWARF expression opcode 0xa2");
    }

    private static Map<Long, Map<String, GdbPrint>> printEverything(SampleCore core) {
        ProgramOutput out = core.output();
        List<String> expressions = new ArrayList<>(out.expressions());
        for (ThreadReport t : out.threads()) {
            for (String e : t.addresses().keySet()) {
                if (!expressions.contains("&" + e)) {
                    expressions.add("&" + e);
                }
            }
        }
        return Gdb.forVariant(core.variant())
                .printInThreads(core.variant().executable(), core.core(), expressions);
    }

    private static GdbPrint printInThread(SampleCore core, int index, String expression) {
        long lwp = core.output().thread(index).lwp();
        return Gdb.forVariant(core.variant())
                .printInThreads(core.variant().executable(), core.core(), List.of(expression))
                .get(lwp).get(expression);
    }

    /** The address in gdb's {@code (type *) 0x...} answer. */
    private static Optional<Long> address(GdbPrint p) {
        Matcher m = HEX.matcher(p.value().orElse(""));
        return m.find() ? Optional.of(Long.parseUnsignedLong(m.group(1).substring(2), 16))
                : Optional.empty();
    }

    private static long ptTlsVaddr(SampleVariant v) {
        for (String line : Readelf.readelf("-l", v.executable().toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[0].equals("TLS")) {
                return Long.parseUnsignedLong(f[2].substring(2), 16);
            }
        }
        throw new AssertionError("no PT_TLS in " + v.executable());
    }
}
