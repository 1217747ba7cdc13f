package dev.tldb.sim;

import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import dev.tldb.elf.ElfFile;
import dev.tldb.sim.scenario.Scenario;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.Module;
import dev.tldb.target.Resumable.StopEvent;
import dev.tldb.target.TargetStack;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * dlclose frees a TLS slot and a later dlopen reuses it with a newer generation (dl-close.c
 * {@code remove_slotinfo}, dl-tls.c {@code _dl_assign_tls_modid}): a thread whose DTV still holds
 * the closed module's block must not see it as the new module's, until it touches the new one.
 */
class SlotReuseTest {

    private static final String SCENARIO = """
            load %1$s/tls-sample
            dlopen libplugin.so
            thread create t1
            in t1 set plugin_tls = 1234
            dlopen %2$s/libdemo-plugin.so
            stop two-plugins
            dlclose libplugin.so
            stop closed
            dlopen libplugin.so
            thread create t2
            stop reopened
            in t1 touch libplugin.so
            stop touched
            dlclose libplugin.so
            dlclose libdemo-plugin.so
            dlopen %2$s/libdemo-plugin.so
            stop demo-plugin-reopened
            """;

    record Slot(long gen, long map) {}

    @Test
    void aClosedSlotIsReusedWithABumpedGeneration() {
        SimTestTools.require("readelf", "binutils");
        Path dir = SimTestTools.variant("x86_64-glibc-pie");
        Scenario sc = Scenario.parse("reuse.tldbsim", dir, SCENARIO.formatted(dir, SimTestTools.demoDir()), List.of());
        Simulation sim = Simulation.start(sc, SimOptions.defaults());
        SimProcess p = sim.process();
        TargetStack stack = sim.stack();
        GlibcLayout lay = GlibcLayout.of(Arch.X86_64, Optional.of(ElfFile.open(Path.of("/lib/x86_64-linux-gnu/libc.so.6"))));
        IndependentTlsWalk walk = new IndependentTlsWalk(p, Arch.X86_64, Libc.GLIBC);
        long pluginTls = ReadElf.tlsSymbols(dir.resolve("libplugin.so")).get("plugin_tls")[0];

        stopAt(sim, "two-plugins");
        ThreadInfo t1 = thread(stack, "t1");
        assertThat(id(stack, "libplugin.so")).hasValue(4);
        assertThat(id(stack, "libdemo-plugin.so")).hasValue(5);
        long oldBlock = stack.tlsAddress(t1, module(stack, "libplugin.so"), 0);
        assertThat(stack.readUnsigned(oldBlock + pluginTls, 4)).isEqualTo(1234);
        assertThat(slot(p, stack, lay, 4)).isEqualTo(new Slot(2, module(stack, "libplugin.so").lmAddress()));

        stopAt(sim, "closed");
        assertThat(stack.modules()).extracting(Module::shortName).doesNotContain("libplugin.so");
        assertThat(slot(p, stack, lay, 4)).isEqualTo(new Slot(4, 0)); // emptied with generation+1, then generation 4
        assertThat(walk.block(t1, 4)).as("t1's DTV still holds the closed module's block").hasValue(oldBlock);

        stopAt(sim, "reopened");
        Module reopened = module(stack, "libplugin.so");
        assertThat(id(stack, "libplugin.so")).as("the lowest free slot").hasValue(4);
        assertThat(slot(p, stack, lay, 4)).isEqualTo(new Slot(5, reopened.lmAddress()));
        // t1's DTV (generation 2) predates slot 4's generation 5: its stale entry must not be used.
        assertThat(walk.generation(t1)).isEqualTo(2);
        assertThatThrownBy(() -> stack.tlsAddress(t1, reopened, pluginTls))
                .isInstanceOfSatisfying(TlsException.class, e -> assertThat(e.error()).isEqualTo(TdError.TD_NOTALLOC));
        ThreadInfo t2 = thread(stack, "t2");
        assertThat(walk.generation(t2)).isEqualTo(5);
        assertThatThrownBy(() -> stack.tlsAddress(t2, reopened, 0)).isInstanceOf(TlsException.class);

        stopAt(sim, "touched");
        long newBlock = stack.tlsAddress(t1, reopened, 0);
        assertThat(newBlock).isNotEqualTo(oldBlock);
        assertThat(stack.readUnsigned(newBlock + pluginTls, 4)).as("a fresh block from the init image").isEqualTo(77);
        assertThat(walk.generation(t1)).isEqualTo(5);
        assertThat(walk.block(t1, 4)).hasValue(newBlock);
        assertThat(p.readPointer(walk.dtv(t1) + 4 * 16 + 8)).as("to_free: the new block (the old one was freed)")
                .isEqualTo(newBlock);

        // Closing both leaves no gap above the start-up modules: the next module takes id 4 again.
        stopAt(sim, "demo-plugin-reopened");
        assertThat(id(stack, "libdemo-plugin.so")).hasValue(4);
        assertThat(slot(p, stack, lay, 5)).isEqualTo(new Slot(7, 0));
        assertThat(slot(p, stack, lay, 4).gen()).isEqualTo(8);
    }

    private static void stopAt(Simulation sim, String name) {
        assertThat(sim.runToNextStop()).isInstanceOfSatisfying(StopEvent.Stopped.class,
                s -> assertThat(s.stop().reason()).isEqualTo(name));
    }

    /** Slot {@code i} of the first slotinfo chunk, read from memory with libc's descriptor offsets. */
    private static Slot slot(SimProcess p, TargetStack stack, GlibcLayout lay, int i) {
        Module ld = stack.modules().stream().filter(m -> m.shortName().startsWith("ld-linux")).findFirst().orElseThrow();
        long rtld = ld.loadBias() + ld.elf().orElseThrow().symbol("_rtld_global").orElseThrow().value();
        long head = p.readPointer(rtld + lay.rtldSlotinfoList());
        long at = head + lay.slotListSlotinfo() + (long) i * lay.slotinfoSize();
        return new Slot(p.readPointer(at + lay.slotGen()), p.readPointer(at + lay.slotMap()));
    }

    private static OptionalLong id(TargetStack stack, String name) {
        return module(stack, name).tlsModuleId();
    }

    private static Module module(TargetStack stack, String name) {
        return stack.modules().stream().filter(m -> m.shortName().equals(name)).findFirst().orElseThrow();
    }

    private static ThreadInfo thread(TargetStack stack, String name) {
        return stack.threads().stream().filter(t -> t.name().orElse("").equals(name)).findFirst().orElseThrow();
    }
}
