package dev.tldb.sim;

import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import dev.tldb.sim.scenario.Scenario;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.ThreadInfo;
import dev.tldb.threaddb.TlsInspector;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * musl on x86-64: the static sample, and a dynamic build with a DT_NEEDED library and a dlopen'ed
 * one, read through the thread layer's musl path and walked independently; the dynamic one is also
 * compared with the real program run under gdb (musl allocates a dlopen'ed module's TLS for every
 * existing thread at once, so no thread sees it "not allocated").
 */
class MuslSimulationTest {

    static String exeValues(StringBuilder s, int i, boolean lib) {
        String n = GlibcSimulationTest.name(i);
        for (Map.Entry<String, Object> e : GlibcSimulationTest.values(i).entrySet()) {
            if (!lib && e.getKey().startsWith("lib_")) {
                continue;
            }
            Object v = e.getValue();
            s.append("in ").append(n).append(" set ").append(e.getKey()).append(" = ")
                    .append(v instanceof String str ? '"' + str + '"' : v.toString()).append('\n');
        }
        return s.toString();
    }

    private static void checkValues(TargetStack stack, Path exe, Path lib, boolean withLib) {
        Map<String, long[]> exeSyms = ReadElf.tlsSymbols(exe);
        Map<String, long[]> libSyms = withLib ? ReadElf.tlsSymbols(lib) : Map.of();
        for (int i = 0; i <= 4; i++) {
            ThreadInfo t = GlibcSimulationTest.thread(stack, GlibcSimulationTest.name(i));
            for (Map.Entry<String, Object> e : GlibcSimulationTest.values(i).entrySet()) {
                boolean inLib = e.getKey().startsWith("lib_");
                if (inLib && !withLib) {
                    continue;
                }
                long[] sym = (inLib ? libSyms : exeSyms).get(e.getKey());
                Module m = inLib ? GlibcSimulationTest.module(stack, "liblinked.so") : stack.modules().get(0);
                GlibcSimulationTest.assertValue(stack, stack.tlsAddress(t, m, sym[0]), sym[1], e.getValue(),
                        "musl " + t.name() + " " + e.getKey());
            }
        }
    }

    @Test
    void staticMuslThreadsHoldTheirValues() {
        SimTestTools.require("readelf", "binutils");
        Path dir = SimTestTools.variant("x86_64-musl-static");
        StringBuilder s = new StringBuilder("load tls-sample\n");
        for (int i = 0; i <= 4; i++) {
            if (i > 0) {
                s.append("thread create ").append(GlibcSimulationTest.name(i)).append('\n');
            }
            exeValues(s, i, false);
        }
        Simulation sim = Simulation.start(Scenario.parse("musl.tldbsim", dir, s.toString(), List.of()),
                SimOptions.defaults());
        sim.runToNextStop();
        TargetStack stack = sim.stack();
        assertThat(stack.abi().libc()).isEqualTo(Libc.MUSL);
        assertThat(stack.capability(TlsInspector.class).orElseThrow().threadDbDescription()).startsWith("musl");
        checkValues(stack, dir.resolve("tls-sample"), null, false);

        IndependentTlsWalk walk = new IndependentTlsWalk(sim.process(), Arch.X86_64, Libc.MUSL);
        ReadElf.Tls tls = ReadElf.tls(dir.resolve("tls-sample")).orElseThrow();
        for (ThreadInfo t : stack.threads()) {
            long block = stack.tlsAddress(t, stack.modules().get(0), 0);
            assertThat(walk.length(t)).as("musl dtv[0]: module count").isEqualTo(1);
            assertThat(walk.block(t, 1)).hasValue(block);
            // static_init_tls: the block ends at the TP, padded so it starts p_vaddr-aligned.
            assertThat(Long.remainderUnsigned(block - tls.vaddr(), tls.align())).isZero();
            assertThat(block + tls.memsz()).isLessThanOrEqualTo(walk.threadPointer(t));
            assertThat(walk.threadPointer(t) - block).isLessThan(tls.memsz() + tls.align());
        }
    }

    /** tls-sample built dynamically against musl, with liblinked.so and libplugin.so. */
    static Path dynamicBuild() {
        SimTestTools.require("musl-gcc", "musl-tools");
        Path dir = SimTestTools.repo().resolve("target/build/sim-musl-dynamic");
        Path src = SimTestTools.repo().resolve("samples/src");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        if (!Files.isRegularFile(dir.resolve("tls-sample"))) {
            SimTestTools.run(dir, List.of("musl-gcc", "-O0", "-g", "-fPIC", "-shared", "-o", "liblinked.so",
                    src.resolve("liblinked.c").toString()));
            SimTestTools.run(dir, List.of("musl-gcc", "-O0", "-g", "-fPIC", "-shared", "-o", "libplugin.so",
                    src.resolve("libplugin.c").toString()));
            SimTestTools.run(dir, List.of("musl-gcc", "-O0", "-g", "-fPIE", "-pie", "-DWITH_LINKED", "-DWITH_PLUGIN",
                    "-pthread", "-o", "tls-sample", src.resolve("tls-sample.c").toString(), "-L.", "-llinked", "-ldl",
                    "-Wl,-rpath,$ORIGIN"));
        }
        return dir;
    }

    static Simulation dynamicSimulation(Path dir) {
        StringBuilder s = new StringBuilder("load tls-sample\n");
        for (int i = 0; i <= 4; i++) {
            if (i == 3) {
                s.append("dlopen libplugin.so\n");
            }
            if (i > 0) {
                s.append("thread create ").append(GlibcSimulationTest.name(i)).append('\n');
            }
            exeValues(s, i, true);
        }
        s.append("in main set plugin_tls = 7700\nin thread-2 set plugin_tls = 7702\n");
        Simulation sim = Simulation.start(Scenario.parse("musl-dyn.tldbsim", dir, s.toString(), List.of()),
                SimOptions.defaults());
        sim.runToNextStop();
        return sim;
    }

    @Test
    void dynamicMuslGivesEveryThreadTheDlopenedTls() {
        SimTestTools.require("readelf", "binutils");
        Path dir = dynamicBuild();
        Simulation sim = dynamicSimulation(dir);
        TargetStack stack = sim.stack();
        assertThat(stack.modules()).extracting(Module::shortName)
                .startsWith("tls-sample", "liblinked.so").contains("libplugin.so");
        checkValues(stack, dir.resolve("tls-sample"), dir.resolve("liblinked.so"), true);
        Module plugin = GlibcSimulationTest.module(stack, "libplugin.so");
        long pluginTls = ReadElf.tlsSymbols(dir.resolve("libplugin.so")).get("plugin_tls")[0];
        IndependentTlsWalk walk = new IndependentTlsWalk(sim.process(), Arch.X86_64, Libc.MUSL);
        for (int i = 0; i <= 4; i++) {
            ThreadInfo t = GlibcSimulationTest.thread(stack, GlibcSimulationTest.name(i));
            long at = stack.tlsAddress(t, plugin, pluginTls);
            long expected = i == 0 ? 7700 : i == 2 ? 7702 : 77; // untouched threads hold the init image
            assertThat(stack.readUnsigned(at, 4)).as("plugin_tls in " + t.name()).isEqualTo(expected);
            assertThat(walk.length(t)).isEqualTo(3);
            for (int id = 1; id <= 3; id++) {
                Module m = id == 1 ? stack.modules().get(0)
                        : GlibcSimulationTest.module(stack, id == 2 ? "liblinked.so" : "libplugin.so");
                assertThat(walk.block(t, id)).as(t.name() + " module " + id).hasValue(stack.tlsAddress(t, m, 0));
            }
        }
    }

    /**
     * musl's libc.so is its dynamic linker too: loaded as DT_NEEDED "libc.so", its link map entry
     * still carries the program's PT_INTERP path (musl's {@code __dls3} names it so), and the auxv's
     * AT_BASE is its load address. gdb opens that name to find {@code _dl_debug_state}.
     */
    @Test
    void dynamicMuslNamesItsDynamicLinkerByTheInterpreterPath() {
        SimTestTools.require("readelf", "binutils");
        Path dir = dynamicBuild();
        Simulation sim = dynamicSimulation(dir);
        String interp = ReadElf.interpreter(dir.resolve("tls-sample"));
        IndependentTlsWalk walk = new IndependentTlsWalk(sim.process(), Arch.X86_64, Libc.MUSL);
        Module main = sim.stack().modules().get(0);
        List<String> names = new java.util.ArrayList<>();
        long interpBase = -1;
        for (long[] lm : walk.linkMaps(main.dynamicAddress())) {
            String name = walk.cString(lm[2]);
            names.add(name);
            if (name.equals(interp)) {
                interpBase = lm[1];
            }
        }
        assertThat(names).as("l_name of every link map entry").contains(interp).doesNotContain("/libc.so");
        java.nio.ByteBuffer auxv = java.nio.ByteBuffer.wrap(sim.process().auxv().orElseThrow())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long atBase = -1;
        while (auxv.remaining() >= 16) {
            long type = auxv.getLong();
            long value = auxv.getLong();
            if (type == 7) { // AT_BASE
                atBase = value;
            }
        }
        assertThat(atBase).as("AT_BASE is the dynamic linker's base").isEqualTo(interpBase).isNotZero();
    }

    @Test
    void dynamicMuslMatchesTheRealProgram() throws Exception {
        SimTestTools.require("gdb", "gdb");
        Path dir = dynamicBuild();
        long nameOffset = ReadElf.tlsSymbols(dir.resolve("tls-sample")).get("tls_name")[0];
        List<String> real = SimTestTools.gdbFacts("musl-facts.py", dir,
                Map.of("TLDB_NAME_OFFSET", Long.toString(nameOffset)), dir.resolve("tls-sample")).stream()
                .filter(l -> l.startsWith("THREAD")).toList();

        Simulation sim = dynamicSimulation(dir);
        SimProcess proc = sim.process();
        List<String> simulated = new ArrayList<>();
        for (ThreadInfo t : sim.stack().threads()) {
            long fs = proc.registers(t).get("fs_base").orElseThrow();
            long dtv = proc.readPointer(fs + 8);
            long count = proc.readPointer(dtv);
            List<String> where = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                long d = proc.readPointer(dtv + 8L * i) - fs;
                where.add(d > -1024 && d < 0 ? String.format("TP%+d", d) : "elsewhere"); // own blocks lie below the TP
            }
            byte[] raw = proc.readFully(proc.readPointer(dtv + 8) + nameOffset, 32);
            String name = new String(raw, StandardCharsets.ISO_8859_1).replaceAll("\0.*", "");
            simulated.add("THREAD " + name + " count=" + count + " blocks=" + String.join(",", where));
        }
        assertThat(simulated).containsExactlyInAnyOrderElementsOf(real);
    }
}
