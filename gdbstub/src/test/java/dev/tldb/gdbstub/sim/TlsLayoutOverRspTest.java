package dev.tldb.gdbstub.sim;

import dev.tldb.gdbstub.packets.target.TargetPackets;
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
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An independent check of the memory a served simulation shows: the TCB → DTV → block walk gdb 17
 * does for TLS by itself (it no longer sends qGetTLSAddr), done here over raw {@code m} and
 * {@code p} packets with the layout coded in this test from TLS-FACTS.md section 2 (never
 * through tldb's {@code Abi} or thread layer), must land on the addresses {@code qGetTLSAddr}
 * answers, in every thread, for every module with TLS, at every stop; a DTV entry that says
 * "unallocated" must be an error there. The modules and their ids come from memory too, as a
 * debugger finds them: the program's headers through the auxv, DT_DEBUG in its dynamic section,
 * {@code r_debug.r_map} and the {@code link_map} chain, each library's own program headers at its
 * load address; module ids count the modules with a PT_TLS, in link-map order. And the bytes at a
 * variable's walked address are the value the scenario assigned.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class TlsLayoutOverRspTest {
    private static final int PT_DYNAMIC = 2;
    private static final int PT_PHDR = 6;
    private static final int PT_TLS = 7;
    private static final int DT_DEBUG = 21;
    private static final long AT_PHDR = 3;
    private static final long AT_PHNUM = 5;

    /**
     * TLS-FACTS.md section 2, one row per ABI: the register with the thread pointer, where the
     * DTV pointer sits relative to it, the size of a DTV entry (glibc's dtv_t is two words, musl's
     * one), and the DTP offset an entry is biased by.
     */
    record Layout(String tpRegister, long dtvPointerOffset, int entrySize, long dtpOffset, boolean glibc) {}

    static final Layout X86_64_GLIBC = new Layout("fs_base", 8, 16, 0, true);
    static final Layout X86_64_MUSL = new Layout("fs_base", 8, 8, 0, false);
    static final Layout AARCH64_GLIBC = new Layout("tpidr", 0, 16, 0, true);
    static final Layout RISCV64_GLIBC = new Layout("tp", -16, 16, 0, true);

    record Case(String label, Supplier<Path> file, Layout layout, boolean musl) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("x86_64 glibc", () -> ServedScenario.sample("tls-sample-x86_64.tldbsim"), X86_64_GLIBC, false),
                new Case("x86_64 glibc demo", () -> ServedScenario.sample("demo.tldbsim"), X86_64_GLIBC, false),
                new Case("x86_64 musl static", () -> ServedScenario.sample("musl-static.tldbsim"), X86_64_MUSL, true),
                new Case("x86_64 musl dynamic", MuslDynamicBuild::scenario, X86_64_MUSL, true),
                new Case("aarch64 glibc", () -> ServedScenario.sample("tls-sample-aarch64.tldbsim"), AARCH64_GLIBC, false),
                new Case("riscv64 glibc", () -> ServedScenario.sample("tls-sample-riscv64.tldbsim"), RISCV64_GLIBC, false)
        ).map(Arguments::of);
    }

    /** A module found in the link map: its link_map address (0: none), load bias, name, whether it has TLS. */
    record Found(long lm, long bias, String name, boolean hasTls) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theWalkLandsWhereQGetTlsAddrDoes(Case c) {
        Path file = c.file().get();
        ServedScenario.buildFor(file);
        ScenarioModel model = ScenarioModel.read(file, c.musl());
        Map<String, ElfFacts.TlsSymbol> programSymbols = ElfFacts.tlsSymbols(model.program());
        int[] compared = new int[3]; // allocated, unallocated, values
        try (ServedScenario served = ServedScenario.serve(file, Optional.empty(), TargetPackets.Options.DEFAULT);
             RspProbe rsp = RspProbe.connect(served.port)) {
            SoftAssertions soft = new SoftAssertions();
            rsp.request("?");
            int tp = registerNumber(rsp.xferText("features", "target.xml"), c.layout().tpRegister());
            for (int k = 0; k <= model.stops().size(); k++) {
                if (k > 0) {
                    RspProbe.Resumed r;
                    do {
                        r = rsp.resume("vCont;c");
                    } while (r.reply().contains("library:"));
                    assertThat(r.reply()).as("stop %d", k).startsWith("T");
                }
                Optional<ScenarioModel.Stop> stop = k == 0 ? Optional.empty() : Optional.of(model.stops().get(k - 1));
                List<Found> modules = linkMap(rsp);
                for (Map.Entry<String, String> thread : threads(rsp.xferText("threads", "")).entrySet()) {
                    String where = (k == 0 ? "start" : "stop " + stop.get().name()) + ", thread " + thread.getValue();
                    assertThat(rsp.request("Hg" + thread.getKey())).isEqualTo("OK");
                    long threadPointer = rsp.register(tp);
                    long dtv = rsp.word(threadPointer + c.layout().dtvPointerOffset());
                    long length = c.layout().glibc() ? rsp.word(dtv - c.layout().entrySize()) : rsp.word(dtv);
                    int modid = 0;
                    for (Found m : modules) {
                        if (!m.hasTls()) {
                            continue;
                        }
                        modid++;
                        long val = modid <= length ? rsp.word(dtv + (long) modid * c.layout().entrySize()) : 0;
                        boolean allocated = c.layout().glibc() ? val != -1 && val != 0 : val != 0;
                        String asked = "qGetTLSAddr:" + thread.getKey() + ",10," + Long.toHexString(m.lm());
                        String answer = rsp.request(asked);
                        if (allocated) {
                            long block = val - c.layout().dtpOffset();
                            soft.assertThat(answer).as("%s, module %d (%s): %s", where, modid, m.name(), asked)
                                    .isEqualTo(Long.toHexString(block + 0x10));
                            compared[0]++;
                            if (m.lm() == modules.get(0).lm() && stop.isPresent()) {
                                compared[2] += checkValues(soft, rsp, stop.get(), thread.getValue(), block,
                                        programSymbols, where);
                            }
                        } else {
                            soft.assertThat(answer).as("%s, module %d (%s) unallocated in the DTV: %s", where, modid,
                                    m.name(), asked).startsWith("E");
                            compared[1]++;
                        }
                    }
                }
            }
            soft.assertAll();
        }
        assertThat(compared[0]).as("allocated blocks compared").isPositive();
        assertThat(compared[2]).as("values read at walked addresses").isPositive();
        if (!c.musl()) {
            assertThat(compared[1]).as("unallocated blocks seen (glibc: dlopen'ed TLS a thread never touched)").isPositive();
        }
    }

    /** The scenario's 4-byte integer assignments to the program's variables, read at the walked block. */
    private static int checkValues(SoftAssertions soft, RspProbe rsp, ScenarioModel.Stop stop, String threadName,
                                   long block, Map<String, ElfFacts.TlsSymbol> symbols, String where) {
        Optional<ScenarioModel.ThreadState> t = stop.threads().stream().filter(x -> x.name().equals(threadName)).findFirst();
        if (t.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (Map.Entry<String, String> v : t.get().values().entrySet()) {
            ElfFacts.TlsSymbol sym = symbols.get(v.getKey());
            if (sym != null && sym.size() == 4 && v.getValue().matches("-?\\d+")) {
                soft.assertThat(rsp.i32(block + sym.offset())).as("%s: %s at the walked address", where, v.getKey())
                        .isEqualTo(Integer.parseInt(v.getValue()));
                n++;
            }
        }
        return n;
    }

    /** gdb's number for a register: its {@code regnum} in the target description. */
    private static int registerNumber(String targetXml, String name) {
        Matcher m = Pattern.compile("<reg name=\"" + name + "\"[^>]*regnum=\"(\\d+)\"").matcher(targetXml);
        assertThat(m.find()).as("%s in target.xml", name).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Thread-id to name, from qXfer:threads. */
    private static Map<String, String> threads(String xml) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("<thread id=\"([^\"]+)\"[^>]*name=\"([^\"]*)\"").matcher(xml);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /**
     * The modules in link-map order, found in memory as a debugger does: the program's headers at
     * AT_PHDR, its load bias from PT_PHDR, DT_DEBUG in PT_DYNAMIC, then {@code r_debug.r_map} and
     * each {@code link_map}'s {@code l_addr}, {@code l_name}, {@code l_next}; a library's own
     * headers at its load address. A static program (no PT_DYNAMIC) is the only module, with
     * {@code lm} 0 as gdb sends it.
     */
    private static List<Found> linkMap(RspProbe rsp) {
        Map<Long, Long> auxv = rsp.auxv();
        long phdr = auxv.get(AT_PHDR);
        int phnum = auxv.get(AT_PHNUM).intValue();
        long bias = 0;
        long dynamic = 0;
        boolean mainTls = false;
        for (int i = 0; i < phnum; i++) {
            long ph = phdr + 56L * i;
            int type = rsp.i32(ph);
            if (type == PT_PHDR) {
                bias = phdr - rsp.word(ph + 16);
            }
        }
        for (int i = 0; i < phnum; i++) {
            long ph = phdr + 56L * i;
            int type = rsp.i32(ph);
            if (type == PT_DYNAMIC) {
                dynamic = bias + rsp.word(ph + 16);
            } else if (type == PT_TLS && rsp.word(ph + 40) != 0) {
                mainTls = true;
            }
        }
        List<Found> out = new ArrayList<>();
        if (dynamic == 0) {
            out.add(new Found(0, bias, "(static program)", mainTls));
            return out;
        }
        long rDebug = 0;
        for (long at = dynamic; rsp.word(at) != 0; at += 16) {
            if (rsp.word(at) == DT_DEBUG) {
                rDebug = rsp.word(at + 8);
            }
        }
        assertThat(rDebug).as("DT_DEBUG points at r_debug").isNotZero();
        long lm = rsp.word(rDebug + 8); // r_version (int, padded), then r_map
        for (int guard = 0; lm != 0 && guard < 1000; guard++) {
            long lAddr = rsp.word(lm);
            String name = cString(rsp, rsp.word(lm + 8));
            boolean tls = out.isEmpty() ? mainTls : libraryHasTls(rsp, lAddr);
            out.add(new Found(lm, lAddr, name.isEmpty() ? "(program)" : name, tls));
            lm = rsp.word(lm + 24);
        }
        return out;
    }

    /** A library linked at 0: its ELF header is at its load address, the program headers at e_phoff. */
    private static boolean libraryHasTls(RspProbe rsp, long base) {
        long phoff = rsp.word(base + 0x20);
        int phnum = rsp.u16(base + 0x38);
        for (int i = 0; i < phnum; i++) {
            long ph = base + phoff + 56L * i;
            if (rsp.i32(ph) == PT_TLS && rsp.word(ph + 40) != 0) {
                return true;
            }
        }
        return false;
    }

    private static String cString(RspProbe rsp, long address) {
        if (address == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        byte[] chunk = rsp.memory(address, 256);
        for (byte b : chunk) {
            if (b == 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
