package dev.tldb.sim;

import dev.tldb.abi.Arch;
import dev.tldb.elf.ElfFile;
import dev.tldb.sim.scenario.BuiltinDemo;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.ThreadInfo;
import dev.tldb.testkit.Tools;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in demo simulated, against the real demo run under gdb on this host with its real
 * ld.so: the same static TLS offsets ({@code _dl_determine_tlsoffset}), module ids, slotinfo
 * entries (including glibc's stale slot 0), generations and DTV lengths, and the same TP-relative
 * placement of every thread's static blocks. What the real dynamic linker did is the ground truth.
 */
class RealGlibcCrossCheckTest {

    @Test
    void theSimulatedDemoMatchesTheRealOne() throws Exception {
        SimTestTools.require("gdb", "gdb");
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        if (!Files.isRegularFile(libc)) {
            Tools.unavailable("no x86-64 glibc at " + libc + ": apt-get install libc6");
        }
        GlibcLayout lay = GlibcLayout.of(Arch.X86_64, Optional.of(ElfFile.open(libc)));
        long nameOffset = ReadElf.tlsSymbols(SimTestTools.demoDir().resolve("demo")).get("tls_name")[0];
        String offsets = "modid=" + lay.linkMapModid() + ",tlsoffset=" + lay.linkMapTlsOffset() + ",slotinfo="
                + lay.rtldSlotinfoList() + ",tls_name=" + nameOffset;

        List<String> real = realFacts(offsets);
        List<String> simulated = simulatedFacts(lay, nameOffset);
        assertThat(simulated).containsExactlyInAnyOrderElementsOf(real);
    }

    /** Runs {@code demo --trap} under gdb and collects the script's FACT lines. */
    private static List<String> realFacts(String offsets) throws IOException {
        Path work = Files.createTempDirectory("tldb-real-demo");
        for (String f : List.of("demo", "libdemo-plugin.so")) {
            Files.copy(SimTestTools.demoDir().resolve(f), work.resolve(f));
            work.resolve(f).toFile().setExecutable(true);
        }
        return SimTestTools.gdbFacts("glibc-facts.py", work, Map.of("TLDB_OFFSETS", offsets, "LC_ALL", "C"),
                work.resolve("demo"), "--trap");
    }

    /** The same facts read from the simulation's memory, with the same offsets and the same rules. */
    private static List<String> simulatedFacts(GlibcLayout lay, long nameOffset) {
        Simulation sim = BuiltinDemo.start();
        while (!sim.finished()) {
            sim.runToNextStop();
        }
        SimProcess p = sim.process();
        TargetStack stack = sim.stack();
        List<String> facts = new ArrayList<>();
        Map<Long, String> names = new HashMap<>();
        for (Module m : stack.modules()) {
            String name = m.isMainProgram() ? "<exe>" : Path.of(m.name()).getFileName().toString();
            names.put(m.lmAddress(), name);
            long modid = p.readPointer(m.lmAddress() + lay.linkMapModid());
            if (modid != 0) {
                facts.add("LM " + name + " modid=" + modid + " offset=" + p.readPointer(m.lmAddress() + lay.linkMapTlsOffset()));
            }
        }
        long rtld = stack.modules().stream().filter(m -> m.shortName().startsWith("ld-linux")).findFirst()
                .map(m -> m.loadBias() + m.elf().orElseThrow().symbol("_rtld_global").orElseThrow().value()).orElseThrow();
        long head = p.readPointer(rtld + lay.rtldSlotinfoList());
        facts.add("SLOTLIST len=" + p.readPointer(head) + " next=" + p.readPointer(head + 8));
        for (int i = 0; i < 6; i++) {
            long gen = p.readPointer(head + 16 + 16L * i);
            long map = p.readPointer(head + 16 + 16L * i + 8);
            facts.add("SLOT " + i + " gen=" + gen + " map=" + (map == 0 ? "NULL" : names.getOrDefault(map, "?")));
        }
        for (ThreadInfo t : stack.threads()) {
            long fs = p.registers(t).get("fs_base").orElseThrow();
            long dtv = p.readPointer(fs + 8);
            List<String> state = new ArrayList<>();
            for (int mod = 1; mod <= 3; mod++) {
                long v = p.readPointer(dtv + 16L * mod);
                state.add(v == -1 ? "unallocated" : v == 0 ? "zero" : mod < 3 ? String.format("TP%+d", v - fs) : "allocated");
            }
            byte[] raw = p.readFully(p.readPointer(dtv + 16) + nameOffset, 16);
            String name = new String(raw, StandardCharsets.ISO_8859_1).replaceAll("\0.*", "");
            facts.add("THREAD " + name + " dtvlen=" + p.readPointer(dtv - 16) + " gen=" + p.readPointer(dtv) + " tls="
                    + String.join(",", state));
        }
        return facts;
    }
}
