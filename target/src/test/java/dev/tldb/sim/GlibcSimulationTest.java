package dev.tldb.sim;

import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import dev.tldb.abi.TlsVariant;
import dev.tldb.sim.scenario.Scenario;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.Module;
import dev.tldb.target.Resumable.StopEvent;
import dev.tldb.target.TargetStack;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;
import dev.tldb.testkit.Tools;
import dev.tldb.threaddb.TlsInspector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * tls-sample (samples/README.md) simulated on each glibc architecture with the architecture's own
 * libc.so.6 and ld.so, then read back through the thread layer: every thread's values as the
 * scenario set them, TD_NOTALLOC for the plugin in the threads that never touched it, the init
 * image where a thread touched it without writing, and the same addresses from an independent
 * TCB → DTV → block walk. Offsets and block sizes come from readelf, not from tldb.
 */
class GlibcSimulationTest {

    /** The README's values for thread {@code i}, by variable. */
    static Map<String, Object> values(int i) {
        Map<String, Object> v = new HashMap<>();
        v.put("tls_int", (long) (100 + i));
        v.put("tls_long", -(10_000_000_000L * (i + 1)) - i);
        v.put("tls_double", 2.0 * i + 0.125);
        v.put("tls_name", i == 0 ? "main" : "thread-" + i);
        v.put("lib_tls", (long) (700 + i));
        v.put("lib_tbss", (long) (70000 + i));
        return v;
    }

    static String name(int i) {
        return i == 0 ? "main" : "thread-" + i;
    }

    /** The scenario: workers 1 and 2 before the dlopen, 3 and 4 after; 0 and 2 write the plugin, 4 only touches it. */
    static String scenario(Path program) {
        StringBuilder s = new StringBuilder("# tls-sample as samples/README.md describes it\nload " + program + "\n");
        for (int i = 0; i <= 4; i++) {
            if (i == 3) {
                s.append("dlopen libplugin.so\n");
            }
            if (i > 0) {
                s.append("thread create ").append(name(i)).append(" at main\n");
            }
            for (Map.Entry<String, Object> e : values(i).entrySet()) {
                Object v = e.getValue();
                String lit = v instanceof String str ? '"' + str + '"' : v.toString();
                s.append("in ").append(name(i)).append(" set ").append(e.getKey()).append(" = ").append(lit).append('\n');
            }
        }
        s.append("stop threads-ready\n");
        s.append("in main set plugin_tls = 7700\nin main set plugin_buf = \"plugin-0\"\n");
        s.append("in thread-2 set plugin_tls = 7702\nin thread-2 set plugin_buf = \"plugin-2\"\n");
        s.append("in thread-4 touch libplugin.so\n");
        s.append("stop plugin-touched\n");
        return s.toString();
    }

    record Loaded(Simulation sim, TargetStack stack, Path dir, Arch arch) {}

    static Loaded load(String variant, Arch arch) {
        SimTestTools.require("readelf", "binutils");
        Path dir = SimTestTools.variant(variant);
        Scenario sc = Scenario.parse("tls-sample.tldbsim", dir, scenario(dir.resolve("tls-sample")), List.of());
        Simulation sim = Simulation.start(sc, SimOptions.defaults());
        assertThat(sim.runToNextStop()).isInstanceOf(StopEvent.Stopped.class);
        StopEvent second = sim.runToNextStop();
        assertThat(second).isInstanceOfSatisfying(StopEvent.Stopped.class,
                s -> assertThat(s.stop().reason()).isEqualTo("plugin-touched"));
        assertThat(sim.runToNextStop()).isEqualTo(new StopEvent.Exited(0));
        return new Loaded(sim, sim.stack(), dir, arch);
    }

    static Arch archOf(String variant) {
        return variant.startsWith("x86_64") ? Arch.X86_64 : variant.startsWith("aarch64") ? Arch.AARCH64 : Arch.RISCV64;
    }

    static Module module(TargetStack stack, String shortName) {
        return stack.modules().stream().filter(m -> m.shortName().equals(shortName)).findFirst().orElseThrow();
    }

    static ThreadInfo thread(TargetStack stack, String name) {
        return stack.threads().stream().filter(t -> t.name().orElse("").equals(name)).findFirst().orElseThrow();
    }

    static byte[] read(TargetStack stack, long address, int size) {
        return stack.readFully(address, size);
    }

    static void assertValue(TargetStack stack, long address, long size, Object expected, String what) {
        ByteBuffer b = ByteBuffer.wrap(read(stack, address, (int) size)).order(ByteOrder.LITTLE_ENDIAN);
        if (expected instanceof String s) {
            byte[] want = new byte[(int) size];
            byte[] text = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(text, 0, want, 0, text.length);
            assertThat(b.array()).as(what).isEqualTo(want);
        } else if (expected instanceof Double d) {
            assertThat(b.getDouble(0)).as(what).isEqualTo(d);
        } else {
            long v = size == 4 ? b.getInt(0) : b.getLong(0);
            assertThat(v).as(what).isEqualTo((long) (Long) expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64-glibc-pie", "aarch64-glibc-pie", "riscv64-glibc-pie"})
    void everyThreadSeesTheValuesTheScenarioSet(String variant) {
        Loaded l = load(variant, archOf(variant));
        TargetStack stack = l.stack();
        Path exe = l.dir().resolve("tls-sample");
        Map<String, long[]> exeSyms = ReadElf.tlsSymbols(exe);
        Map<String, long[]> libSyms = ReadElf.tlsSymbols(l.dir().resolve("liblinked.so"));
        Map<String, long[]> pluginSyms = ReadElf.tlsSymbols(l.dir().resolve("libplugin.so"));
        Module exeModule = stack.modules().get(0);
        Module linked = module(stack, "liblinked.so");
        Module plugin = module(stack, "libplugin.so");

        assertThat(stack.threads()).extracting(t -> t.name().orElseThrow())
                .containsExactly("main", "thread-1", "thread-2", "thread-3", "thread-4");
        TlsInspector inspector = stack.capability(TlsInspector.class).orElseThrow();
        assertThat(inspector.threadDbDescription()).contains("libc.so.6's _thread_db_* descriptors");
        assertThat(inspector.threadDbWarnings()).isEmpty();

        for (int i = 0; i <= 4; i++) {
            ThreadInfo t = thread(stack, name(i));
            for (Map.Entry<String, Object> e : values(i).entrySet()) {
                boolean inLib = e.getKey().startsWith("lib_");
                long[] sym = (inLib ? libSyms : exeSyms).get(e.getKey());
                long at = stack.tlsAddress(t, inLib ? linked : exeModule, sym[0]);
                assertValue(stack, at, sym[1], e.getValue(), variant + " " + name(i) + " " + e.getKey());
            }
        }
        // The plugin: written by 0 and 2, touched only by 4 (its init image), never by 1 and 3.
        long[] pluginTls = pluginSyms.get("plugin_tls");
        long[] pluginBuf = pluginSyms.get("plugin_buf");
        for (int i : new int[] {0, 2}) {
            ThreadInfo t = thread(stack, name(i));
            assertValue(stack, stack.tlsAddress(t, plugin, pluginTls[0]), 4, (long) (7700 + i), "plugin_tls " + i);
            assertValue(stack, stack.tlsAddress(t, plugin, pluginBuf[0]), pluginBuf[1], "plugin-" + i, "plugin_buf");
        }
        ThreadInfo t4 = thread(stack, "thread-4");
        assertValue(stack, stack.tlsAddress(t4, plugin, pluginTls[0]), 4, 77L, "plugin_tls init image");
        assertValue(stack, stack.tlsAddress(t4, plugin, pluginBuf[0]), pluginBuf[1], "", "plugin_buf .tbss");
        for (int i : new int[] {1, 3}) {
            ThreadInfo t = thread(stack, name(i));
            assertThatThrownBy(() -> stack.tlsAddress(t, plugin, pluginTls[0]))
                    .isInstanceOfSatisfying(TlsException.class, ex -> {
                        assertThat(ex.error()).isEqualTo(TdError.TD_NOTALLOC);
                        assertThat(ex.getMessage()).contains("libplugin.so").contains("LWP " + t.lwp());
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64-glibc-pie", "aarch64-glibc-pie", "riscv64-glibc-pie"})
    void anIndependentWalkLandsOnTheSameBlocks(String variant) {
        Arch arch = archOf(variant);
        Loaded l = load(variant, arch);
        TargetStack stack = l.stack();
        SimProcess process = l.sim().process();
        IndependentTlsWalk walk = new IndependentTlsWalk(process, arch, Libc.GLIBC);

        // Module ids from the link map (DT_DEBUG -> r_debug -> l_next), counting modules with PT_TLS in order.
        Module exe = stack.modules().get(0);
        List<long[]> maps = walk.linkMaps(exe.dynamicAddress());
        assertThat(maps).hasSizeGreaterThanOrEqualTo(4);
        List<Module> withTls = new ArrayList<>();
        for (long[] lm : maps) {
            Module m = stack.modules().stream().filter(x -> x.lmAddress() == lm[0]).findFirst().orElseThrow();
            assertThat(lm[1]).as("l_addr of " + m.shortName()).isEqualTo(m.loadBias());
            String lname = walk.cString(lm[2]);
            assertThat(lname).as("l_name").isEqualTo(m.isMainProgram() ? "" : m.name());
            if (m.elf().orElseThrow().tlsSegment().isPresent()) {
                withTls.add(m);
            }
        }
        assertThat(withTls).extracting(Module::shortName)
                .containsExactly("tls-sample", "liblinked.so", "libc.so.6", "libplugin.so");

        int checked = 0;
        for (ThreadInfo t : stack.threads()) {
            for (int id = 1; id <= withTls.size(); id++) {
                Module m = withTls.get(id - 1);
                assertThat(stack.modules().stream().filter(x -> x.lmAddress() == m.lmAddress()).findFirst()
                        .orElseThrow().tlsModuleId()).as("l_tls_modid").hasValue(id);
                Optional<Long> viaThreadLayer;
                try {
                    viaThreadLayer = Optional.of(stack.tlsAddress(t, m, 0));
                } catch (TlsException e) {
                    viaThreadLayer = Optional.empty();
                }
                var viaWalk = walk.block(t, id);
                if (viaThreadLayer.isPresent()) {
                    assertThat(viaWalk).as(variant + " " + t.name() + " " + m.shortName()).hasValue(viaThreadLayer.get());
                    checked++;
                } else {
                    assertThat(viaWalk).as("unallocated in both").isEmpty();
                }
            }
        }
        assertThat(checked).isEqualTo(5 * 3 + 3);

        // Generations (dl-tls.c): start-up modules have generation 1, the dlopen made 2. Thread 1's DTV
        // predates the dlopen; thread 3's came after it; main caught up when it touched the plugin.
        assertThat(walk.generation(thread(stack, "thread-1"))).isEqualTo(1);
        assertThat(walk.generation(thread(stack, "thread-3"))).isEqualTo(2);
        assertThat(walk.generation(thread(stack, "main"))).isEqualTo(2);
        // allocate_dtv: max module id + DTV_SURPLUS (14) at the thread's creation.
        assertThat(walk.length(thread(stack, "thread-1"))).isEqualTo(3 + 14);
        assertThat(walk.length(thread(stack, "thread-3"))).isEqualTo(4 + 14);
    }

    /**
     * The executable's own code reaches its TLS with local-exec sequences whose TP-relative offsets
     * the static linker computed (x86-64 {@code %fs:disp}, aarch64 {@code mrs tpidr_el0; add #hi,
     * lsl #12; add #lo}, riscv {@code imm(tp)}): each must land inside one of the executable's TLS
     * variables as the simulation placed them. An oracle independent of glibc's code and of tldb.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64-glibc-pie", "aarch64-glibc-pie", "riscv64-glibc-pie"})
    void theLinkersLocalExecOffsetsLandOnTheSimulatedVariables(String variant) {
        Arch arch = archOf(variant);
        String objdump = switch (arch) {
            case X86_64 -> "objdump";
            case AARCH64 -> "aarch64-linux-gnu-objdump";
            default -> "riscv64-linux-gnu-objdump";
        };
        SimTestTools.require(objdump, arch == Arch.X86_64 ? "binutils" : "binutils-" + objdump.replace("-objdump", ""));
        Loaded l = load(variant, arch);
        TargetStack stack = l.stack();
        Path exe = l.dir().resolve("tls-sample");
        List<Long> offsets = localExecOffsets(arch, SimTestTools.run(l.dir(),
                List.of(objdump, "-d", "--no-show-raw-insn", exe.toString())));
        assertThat(offsets).as("local-exec accesses found in " + variant).hasSizeGreaterThan(10);
        Map<String, long[]> syms = ReadElf.tlsSymbols(exe);
        IndependentTlsWalk walk = new IndependentTlsWalk(l.sim().process(), arch, Libc.GLIBC);
        for (ThreadInfo t : stack.threads()) {
            long tp = walk.threadPointer(t);
            long block = stack.tlsAddress(t, stack.modules().get(0), 0);
            for (long d : offsets) {
                boolean inside = syms.values().stream().anyMatch(s -> block + s[0] - tp <= d
                        && d < block + s[0] - tp + Math.max(1, s[1]));
                assertThat(inside).as(variant + ": TP%+d in %s is no TLS variable of the executable", d, t.name())
                        .isTrue();
            }
        }
    }

    /**
     * TP-relative offsets of TLS accesses in the code. Only the TLS side of the TP counts: below it
     * on x86-64, past the TCB on aarch64 (16 bytes) and riscv (0); the other side holds the TCB and
     * {@code struct pthread}, which libc's own code (in static programs) reads through the TP too.
     */
    static List<Long> localExecOffsets(Arch arch, String disassembly) {
        List<Long> all = rawLocalExecOffsets(arch, disassembly);
        return all.stream().filter(d -> arch == Arch.X86_64 ? d < 0 : arch == Arch.AARCH64 ? d >= 16 : d >= 0).toList();
    }

    private static List<Long> rawLocalExecOffsets(Arch arch, String disassembly) {
        List<Long> out = new ArrayList<>();
        List<String> lines = disassembly.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            switch (arch) {
                case X86_64 -> {
                    var m = java.util.regex.Pattern.compile("%fs:0x([0-9a-f]+)").matcher(line);
                    if (m.find() && !m.group(1).equals("0")) {
                        out.add(Long.parseUnsignedLong(m.group(1), 16));
                    }
                }
                case AARCH64 -> {
                    if (line.contains("mrs") && line.contains("tpidr_el0") && i + 2 < lines.size()) {
                        var hi = java.util.regex.Pattern.compile("add\\s+x\\d+, x\\d+, #0x([0-9a-f]+), lsl #12")
                                .matcher(lines.get(i + 1));
                        var lo = java.util.regex.Pattern.compile("add\\s+x\\d+, x\\d+, #0x([0-9a-f]+)$")
                                .matcher(lines.get(i + 2).trim());
                        if (hi.find() && lo.find()) {
                            out.add((Long.parseLong(hi.group(1), 16) << 12) + Long.parseLong(lo.group(1), 16));
                        }
                    }
                }
                default -> {
                    var m = java.util.regex.Pattern.compile("(?:\\s(-?\\d+)\\(tp\\)|add\\s+\\w+,tp,(-?\\d+))")
                            .matcher(line);
                    if (m.find()) {
                        out.add(Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Static programs: csu/libc-tls.c's layout (module 1 right against the TCB, {@code _dl_static_dtv}
     * for the main thread, the program's own {@code _thread_db_*} descriptors), no link map.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64-glibc-static", "aarch64-glibc-static", "riscv64-glibc-static"})
    void staticProgramsKeepTheirValuesAndTheLinkersOffsets(String variant) {
        Arch arch = archOf(variant);
        SimTestTools.require("readelf", "binutils");
        Path dir = SimTestTools.variant(variant);
        StringBuilder s = new StringBuilder("load tls-sample\n");
        for (int i = 0; i <= 4; i++) {
            if (i > 0) {
                s.append("thread create ").append(name(i)).append('\n');
            }
            for (Map.Entry<String, Object> e : values(i).entrySet()) {
                if (!e.getKey().startsWith("lib_")) {
                    Object v = e.getValue();
                    s.append("in ").append(name(i)).append(" set ").append(e.getKey()).append(" = ")
                            .append(v instanceof String str ? '"' + str + '"' : v.toString()).append('\n');
                }
            }
        }
        Simulation sim = Simulation.start(Scenario.parse("static.tldbsim", dir, s.toString(), List.of()),
                SimOptions.defaults());
        sim.runToNextStop();
        TargetStack stack = sim.stack();
        Module exe = stack.modules().get(0);
        assertThat(stack.modules()).hasSize(1);
        assertThat(exe.lmAddress()).isZero();
        TlsInspector inspector = stack.capability(TlsInspector.class).orElseThrow();
        assertThat(inspector.threadDbDescription()).contains("tls-sample's _thread_db_* descriptors");
        assertThat(inspector.threadDbWarnings()).isEmpty();
        Map<String, long[]> syms = ReadElf.tlsSymbols(dir.resolve("tls-sample"));
        IndependentTlsWalk walk = new IndependentTlsWalk(sim.process(), arch, Libc.GLIBC);
        String objdump = switch (arch) {
            case X86_64 -> "objdump";
            case AARCH64 -> "aarch64-linux-gnu-objdump";
            default -> "riscv64-linux-gnu-objdump";
        };
        Tools.require(objdump, "apt-get install " + (arch == Arch.X86_64 ? "binutils"
                : "binutils-" + objdump.substring(0, objdump.length() - "-objdump".length())));
        List<Long> offsets = localExecOffsets(arch,
                SimTestTools.run(dir, List.of(objdump, "-d", "--no-show-raw-insn", dir.resolve("tls-sample").toString())));
        assertThat(offsets).as("local-exec accesses in " + variant).hasSizeGreaterThan(10);
        for (int i = 0; i <= 4; i++) {
            ThreadInfo t = thread(stack, name(i));
            for (Map.Entry<String, Object> e : values(i).entrySet()) {
                if (!e.getKey().startsWith("lib_")) {
                    long[] sym = syms.get(e.getKey());
                    assertValue(stack, stack.tlsAddress(t, exe, sym[0]), sym[1], e.getValue(), variant + " " + e.getKey());
                }
            }
            long block = stack.tlsAddress(t, exe, 0);
            assertThat(walk.block(t, 1)).hasValue(block);
            // csu/libc-tls.c gives the main thread _dl_static_dtv (62 entries); threads get max id + 14.
            assertThat(walk.length(t)).isEqualTo(i == 0 ? 62 : 1 + 14);
            assertThat(walk.generation(t)).isZero();
            long tp = walk.threadPointer(t);
            for (long d : offsets) {
                boolean inside = syms.values().stream().anyMatch(x -> block + x[0] - tp <= d
                        && d < block + x[0] - tp + Math.max(1, x[1]));
                assertThat(inside).as("%s: TP%+d in %s", variant, d, t.name()).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64-glibc-pie", "aarch64-glibc-pie", "riscv64-glibc-pie"})
    void staticBlocksRespectReadelfsSizesAndAlignments(String variant) {
        Arch arch = archOf(variant);
        Loaded l = load(variant, arch);
        TargetStack stack = l.stack();
        IndependentTlsWalk walk = new IndependentTlsWalk(l.sim().process(), arch, Libc.GLIBC);
        List<Module> statics = List.of(stack.modules().get(0), module(stack, "liblinked.so"), module(stack, "libc.so.6"));
        for (ThreadInfo t : stack.threads()) {
            long tp = walk.threadPointer(t);
            List<long[]> ranges = new ArrayList<>();
            for (Module m : statics) {
                ReadElf.Tls tls = ReadElf.tls(m.elf().orElseThrow().path().orElseThrow()).orElseThrow();
                long block = stack.tlsAddress(t, m, 0);
                // glibc keeps p_vaddr's position modulo p_align (l_tls_firstbyte_offset).
                assertThat(Long.remainderUnsigned(block - tls.vaddr(), tls.align()))
                        .as(m.shortName() + " block alignment in " + t.name()).isZero();
                if (arch.tlsVariant() == TlsVariant.II) {
                    assertThat(block + tls.memsz()).as("variant II: below the TP").isLessThanOrEqualTo(tp);
                } else {
                    long tcb = arch == Arch.AARCH64 ? 16 : 0; // tcbhead_t at the TP on aarch64, below it on riscv
                    assertThat(block).as("variant I: after the TCB").isGreaterThanOrEqualTo(tp + tcb);
                }
                ranges.add(new long[] {block, block + tls.memsz()});
            }
            for (int a = 0; a < ranges.size(); a++) {
                for (int b = a + 1; b < ranges.size(); b++) {
                    boolean disjoint = ranges.get(a)[1] <= ranges.get(b)[0] || ranges.get(b)[1] <= ranges.get(a)[0];
                    assertThat(disjoint).as("static blocks overlap in " + t.name()).isTrue();
                }
            }
        }
    }
}
