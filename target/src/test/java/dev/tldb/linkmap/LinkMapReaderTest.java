package dev.tldb.linkmap;

import dev.tldb.elf.Elf;
import dev.tldb.target.Auxv;
import dev.tldb.target.Module;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The link-map walk over a hand-built process image (64-bit little-endian and 32-bit
 * big-endian): the chain as glibc lays it out, and memory that lies (cycles, broken back
 * links, unreadable names, a DT_DEBUG never filled in). Real chains are compared with gdb in
 * {@code SampleCoreTest}.
 */
class LinkMapReaderTest {
    /** Memory from BASE to BASE + size; everything else unreadable. */
    private static final long BASE = 0x10000;
    private ByteBuffer image;
    private MemoryView mem;

    private static final long DYNAMIC = BASE;
    private static final long R_DEBUG = BASE + 0x100;
    private static final long LM0 = BASE + 0x200, LM1 = BASE + 0x300, LM2 = BASE + 0x400, LM3 = BASE + 0x500;
    private static final long NAMES = BASE + 0x800;

    @BeforeEach
    void setUp() {
        use(8, ByteOrder.LITTLE_ENDIAN);
    }

    private void use(int pointerSize, ByteOrder order) {
        image = ByteBuffer.allocate(0x1000).order(order);
        mem = new MemoryView((address, buffer, offset, length) -> {
            long rel = address - BASE;
            if (rel < 0 || rel >= image.capacity()) {
                return 0;
            }
            int n = (int) Math.min(length, image.capacity() - rel);
            image.get((int) rel, buffer, offset, n);
            return n;
        }, pointerSize, order);
    }

    private void ptr(long address, long value) {
        int at = (int) (address - BASE);
        if (mem.pointerSize() == 8) {
            image.putLong(at, value);
        } else {
            image.putInt(at, (int) value);
        }
    }

    private void string(long address, String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
        image.put((int) (address - BASE), b);
    }

    /** DT_NEEDED, DT_DEBUG -> r_debug, DT_NULL. */
    private void dynamicWithDebug(long rDebug) {
        int p = mem.pointerSize();
        ptr(DYNAMIC, Elf.DT_NEEDED);
        ptr(DYNAMIC + p, 1);
        ptr(DYNAMIC + 2L * p, Elf.DT_DEBUG);
        ptr(DYNAMIC + 3L * p, rDebug);
        ptr(DYNAMIC + 4L * p, Elf.DT_NULL);
        ptr(DYNAMIC + 5L * p, 0);
    }

    private void linkMap(long at, long lAddr, long name, long ld, long next, long prev) {
        int p = mem.pointerSize();
        ptr(at, lAddr);
        ptr(at + p, name);
        ptr(at + 2L * p, ld);
        ptr(at + 3L * p, next);
        ptr(at + 4L * p, prev);
    }

    private void glibcChain() {
        dynamicWithDebug(R_DEBUG);
        image.putInt((int) (R_DEBUG - BASE), 1); // r_version
        ptr(R_DEBUG + mem.pointerSize(), LM0);
        string(NAMES, "");
        string(NAMES + 0x10, "linux-vdso.so.1");
        string(NAMES + 0x40, "/lib/libc.so.6");
        string(NAMES + 0x80, "/lib64/ld-linux-x86-64.so.2");
        linkMap(LM0, 0x555555554000L, NAMES, 0x555555557de8L, LM1, 0);
        linkMap(LM1, 0x7ffff7fc1000L, NAMES + 0x10, 0x7ffff7fc13e0L, LM2, LM0);
        linkMap(LM2, 0x7ffff7d80000L, NAMES + 0x40, 0x7ffff7f95b60L, LM3, LM1);
        linkMap(LM3, 0x7ffff7fc3000L, NAMES + 0x80, 0x7ffff7ffce40L, 0, LM2);
    }

    private static ProgramImage dynamicProgram() {
        return new ProgramImage(0x555555554000L, OptionalLong.of(DYNAMIC), 0x60, true, true, 0x555555555040L,
                List.of());
    }

    @Test
    void walksTheChainFromDtDebug() {
        glibcChain();
        LinkMap map = LinkMapReader.read(mem, dynamicProgram());
        assertThat(map.problems()).isEmpty();
        assertThat(map.rDebugAddress()).hasValue(R_DEBUG);
        assertThat(map.entries()).extracting(LinkMapEntry::address).containsExactly(LM0, LM1, LM2, LM3);
        assertThat(map.entries()).extracting(LinkMapEntry::name)
                .containsExactly("", "linux-vdso.so.1", "/lib/libc.so.6", "/lib64/ld-linux-x86-64.so.2");
        assertThat(map.entries().get(2)).isEqualTo(
                new LinkMapEntry(LM2, 0x7ffff7d80000L, "/lib/libc.so.6", 0x7ffff7f95b60L, LM3, LM1));
    }

    @Test
    void modulesPutTheProgramFirstAndLeaveOutTheVdso() {
        glibcChain();
        LinkMap map = LinkMapReader.read(mem, dynamicProgram());
        List<Module> modules = ModuleList.of(dynamicProgram(), "/bin/prog", Optional.empty(), map,
                Optional.of(new ModuleList.AddressRange(0x7ffff7fc1000L, 0x7ffff7fc3000L)), e -> Optional.empty());
        assertThat(modules).extracting(Module::name)
                .containsExactly("/bin/prog", "/lib/libc.so.6", "/lib64/ld-linux-x86-64.so.2");
        Module main = modules.get(0);
        assertThat(main.isMainProgram()).isTrue();
        assertThat(main.lmAddress()).isEqualTo(LM0);
        assertThat(main.loadBias()).isEqualTo(0x555555554000L);
        assertThat(main.tlsModuleId()).hasValue(1);
        assertThat(modules.get(1).lmAddress()).isEqualTo(LM2);
        assertThat(modules.get(1).dynamicAddress()).isEqualTo(0x7ffff7f95b60L);
        assertThat(modules.get(1).tlsModuleId()).as("the thread stratum's to find").isEmpty();
    }

    @Test
    void aStaticProgramIsOneModuleWithLmZero() {
        ProgramImage image = new ProgramImage(0, OptionalLong.empty(), 0, false, true, 0x401000, List.of());
        LinkMap map = LinkMapReader.read(mem, image);
        assertThat(map).isEqualTo(LinkMap.none());
        List<Module> modules = ModuleList.of(image, "/bin/static", Optional.empty(), map, Optional.empty(),
                e -> Optional.empty());
        assertThat(modules).singleElement().satisfies(m -> {
            assertThat(m.lmAddress()).isZero();
            assertThat(m.loadBias()).isZero();
            assertThat(m.tlsModuleId()).hasValue(1);
        });
    }

    @Test
    void aDtDebugNeverFilledInIsReportedForADynamicProgramOnly() {
        dynamicWithDebug(0);
        assertThat(LinkMapReader.read(mem, dynamicProgram()).problems())
                .singleElement().asString().contains("DT_DEBUG is not set");
        ProgramImage staticPie = new ProgramImage(0x7000, OptionalLong.of(DYNAMIC), 0x60, false, false, 0, List.of());
        assertThat(LinkMapReader.read(mem, staticPie)).isEqualTo(LinkMap.none());
    }

    @Test
    void aCycleEndsTheWalk() {
        glibcChain();
        linkMap(LM3, 0x7ffff7fc3000L, NAMES + 0x80, 0x7ffff7ffce40L, LM1, LM2); // back to LM1
        LinkMap map = LinkMapReader.read(mem, dynamicProgram());
        assertThat(map.entries()).hasSize(4);
        assertThat(map.problems()).singleElement().asString().contains("loops back to 0x" + Long.toHexString(LM1));
    }

    @Test
    void aSelfLoopEndsTheWalk() {
        glibcChain();
        linkMap(LM0, 0x555555554000L, NAMES, 0x555555557de8L, LM0, 0);
        LinkMap map = LinkMapReader.read(mem, dynamicProgram());
        assertThat(map.entries()).hasSize(1);
        assertThat(map.problems()).singleElement().asString().contains("loops back");
    }

    @Test
    void aBrokenBackLinkStopsBeforeTheSuspectEntry() {
        glibcChain();
        linkMap(LM2, 0x7ffff7d80000L, NAMES + 0x40, 0x7ffff7f95b60L, LM3, LM0); // l_prev should be LM1
        LinkMap map = LinkMapReader.read(mem, dynamicProgram());
        assertThat(map.entries()).extracting(LinkMapEntry::address).containsExactly(LM0, LM1);
        assertThat(map.problems()).singleElement().asString().contains("corrupted link map");
    }

    @Test
    void anEntryInUnreadableMemoryEndsTheWalkWithWhatWasRead() {
        glibcChain();
        linkMap(LM2, 0x7ffff7d80000L, NAMES + 0x40, 0x7ffff7f95b60L, 0xdead0000L, LM1);
        LinkMap map = LinkMapReader.read(mem, dynamicProgram());
        assertThat(map.entries()).hasSize(3);
        assertThat(map.problems()).singleElement().asString()
                .contains("cannot read the link_map at 0xdead0000", "Cannot access memory at address 0xdead0000");
    }

    @Test
    void anUnreadableNameIsAProblemAndTheModuleIsLeftOut() {
        glibcChain();
        linkMap(LM2, 0x7ffff7d80000L, 0xbad00000L, 0x7ffff7f95b60L, LM3, LM1);
        LinkMap map = LinkMapReader.read(mem, dynamicProgram());
        assertThat(map.entries()).hasSize(4);
        assertThat(map.problems()).singleElement().asString().contains("cannot read the name");
        List<Module> modules = ModuleList.of(dynamicProgram(), "/bin/prog", Optional.empty(), map, Optional.empty(),
                e -> Optional.empty());
        assertThat(modules).extracting(Module::name)
                .containsExactly("/bin/prog", "linux-vdso.so.1", "/lib64/ld-linux-x86-64.so.2");
    }

    @Test
    void aNameRunningIntoUnreadableMemoryIsNotCutShort() {
        string(BASE + 0xff0, "0123456789abcdef".substring(0, 15)); // NUL is the last readable byte
        assertThat(mem.cstring(BASE + 0xff0, 4096)).contains("0123456789abcde");
        image.put(0xfff, (byte) 'x'); // now the string runs off the end
        assertThat(mem.cstring(BASE + 0xff0, 4096)).isEmpty();
    }

    @Test
    void worksWith32BitBigEndianPointers() {
        use(4, ByteOrder.BIG_ENDIAN);
        glibcChain();
        LinkMap map = LinkMapReader.read(mem, dynamicProgram());
        assertThat(map.problems()).isEmpty();
        assertThat(map.entries()).extracting(LinkMapEntry::address).containsExactly(LM0, LM1, LM2, LM3);
        assertThat(map.entries().get(3).dynamic()).isEqualTo(0xf7ffce40L);
    }

    @Test
    void programImageFromAuxvAndMemoryProgramHeaders() {
        // Two program headers at BASE + 0x40: PT_PHDR (vaddr 0x40), PT_DYNAMIC (vaddr 0x2000).
        long phdr = BASE + 0x40;
        ByteBuffer b = image;
        int at = (int) (phdr - BASE);
        b.putInt(at, Elf.PT_PHDR).putLong(at + 16, 0x40).putLong(at + 40, 0x70);
        b.putInt(at + 56, Elf.PT_DYNAMIC).putLong(at + 56 + 16, 0x2000).putLong(at + 56 + 40, 0x1f0);
        long bias = BASE;
        Auxv auxv = new Auxv(List.of(new Auxv.Entry(Elf.AT_PHDR, phdr), new Auxv.Entry(Elf.AT_PHNUM, 2),
                new Auxv.Entry(Elf.AT_PHENT, 56), new Auxv.Entry(Elf.AT_ENTRY, bias + 0x1040)));
        ProgramImage img = ProgramImage.fromMemory(mem, auxv).orElseThrow();
        assertThat(img.bias()).isEqualTo(bias);
        assertThat(img.dynamicAddress()).hasValue(bias + 0x2000);
        assertThat(img.dynamicSize()).isEqualTo(0x1f0);
        assertThat(img.hasInterp()).isFalse();
        assertThat(img.problems()).isEmpty();
    }
}
