package dev.tldb.core;

import dev.tldb.abi.Arch;
import dev.tldb.abi.Registers;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Section;
import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.ThreadInfo;
import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.GdbThread;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.SampleVariant;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.ThreadReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tldb's view of real cores of the samples (gdb's gcore, the kernel, qemu-user) against ground
 * truth from outside: what the program printed about itself before it trapped (its threads'
 * LWPs, the addresses and values of its variables), what stock gdb says about the same core
 * (threads and their numbering, every register, shared libraries, auxv), and readelf's NT_FILE.
 * riscv64 has no cores here: qemu-riscv64 7.2 writes none (see {@link CoreNotesTest} for its
 * layout).
 */
class SampleCoreTest {
    private record Fixture(SampleCore sample, LoadedCore loaded, GdbCoreReport gdb) {
        TargetStack stack() {
            return loaded.stack();
        }
    }

    private static final Map<String, Fixture> FIXTURES = new HashMap<>();

    static Stream<Arguments> cores() {
        List<Arguments> out = new ArrayList<>();
        for (String v : List.of("x86_64-glibc-pie", "x86_64-glibc-static", "x86_64-musl-static",
                "aarch64-glibc-static", "aarch64-glibc-pie")) {
            for (CoreKind k : CoreKind.values()) {
                if (SampleCores.supports(Samples.info(v), k)) {
                    out.add(Arguments.of(v, k));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> pieCores() {
        return Stream.of(Arguments.of("x86_64-glibc-pie", CoreKind.GCORE),
                Arguments.of("x86_64-glibc-pie", CoreKind.KERNEL));
    }

    static Stream<Arguments> nativeCores() {
        return cores().filter(a -> a.get()[1] != CoreKind.QEMU);
    }

    private static synchronized Fixture fixture(String variant, CoreKind kind) {
        String key = variant + "/" + kind;
        Fixture f = FIXTURES.get(key);
        if (f == null) {
            SampleCore sample = SampleCores.core(variant, kind);
            f = new Fixture(sample, CoreLoader.load(options(sample).withExecutable(sample.variant().executable())),
                    GdbCoreReport.of(sample));
            FIXTURES.put(key, f);
        }
        return f;
    }

    static CoreOptions options(SampleCore sample) {
        return SampleCoreLoading.options(sample);
    }

    @AfterAll
    static synchronized void closeAll() {
        FIXTURES.values().forEach(f -> f.loaded().close());
        FIXTURES.clear();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void aWholeCoreWithItsFilesLoadsWithoutWarnings(String variant, CoreKind kind) {
        Fixture f = fixture(variant, kind);
        assertThat(f.loaded().warnings()).isEmpty();
        assertThat(f.loaded().exec()).isPresent();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void threadsAreTheProgramsNumberedAsGdbNumbersThem(String variant, CoreKind kind) {
        Fixture f = fixture(variant, kind);
        List<ThreadInfo> ours = f.stack().threads();
        assertThat(ours).extracting(ThreadInfo::lwp).containsExactlyInAnyOrderElementsOf(f.sample().output().lwps());
        assertThat(ours).extracting(t -> t.num() + ":" + t.lwp())
                .containsExactlyElementsOf(f.gdb().threads().stream().map(t -> t.number() + ":" + t.lwp()).toList());
        assertThat(f.gdb().threads()).filteredOn(GdbThread::current).extracting(GdbThread::number).containsExactly(1);
        assertThat(ours).allSatisfy(t -> assertThat(t.pid()).isEqualTo(f.sample().output().main().lwp()));
        // The trapping thread is main: the kernel puts the signalled thread first, gcore the
        // selected one, and qemu the thread that dumped.
        assertThat(ours.get(0).lwp()).isEqualTo(f.sample().output().main().lwp());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void everyRegisterGdbShowsHasTheSameValue(String variant, CoreKind kind) {
        Fixture f = fixture(variant, kind);
        Arch arch = f.stack().abi().arch();
        for (ThreadInfo t : f.stack().threads()) {
            Registers ours = f.stack().registers(t);
            Map<String, Optional<Long>> gdb = f.gdb().registers().get(t.num());
            int compared = 0;
            for (Map.Entry<String, Optional<Long>> e : gdb.entrySet()) {
                if (ours.layout().indexOf(e.getKey()).isEmpty()) {
                    continue; // k0-k7, pauth_*: registers tldb does not serve
                }
                assertThat(ours.get(e.getKey())).as("%s of thread %d (LWP %d)", e.getKey(), t.num(), t.lwp())
                        .isEqualTo(e.getValue());
                compared++;
            }
            for (Map.Entry<String, BigInteger> e : f.gdb().wideRegisters().get(t.num()).entrySet()) {
                byte[] raw = ours.raw(ours.layout().indexOf(e.getKey()).orElseThrow())
                        .orElseThrow(() -> new AssertionError(e.getKey() + " unavailable in thread " + t.num()));
                assertThat(littleEndian(raw)).as("%s of thread %d", e.getKey(), t.num()).isEqualTo(e.getValue());
                compared++;
            }
            assertThat(gdb).containsKeys(arch.pcRegister(), arch.spRegister());
            assertThat(compared).as("registers compared in thread %d", t.num())
                    .isGreaterThanOrEqualTo(arch == Arch.X86_64 ? 24 + 12 + 24 : 34);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void theThreadPointerIsThereExceptInQemuAarch64Cores(String variant, CoreKind kind) {
        Fixture f = fixture(variant, kind);
        Arch arch = f.stack().abi().arch();
        for (ThreadInfo t : f.stack().threads()) {
            Optional<Long> tp = arch.threadPointer(f.stack().registers(t));
            if (kind == CoreKind.QEMU) {
                assertThat(tp).as("qemu-user writes no NT_ARM_TLS").isEmpty();
            } else {
                assertThat(tp).as("thread %d", t.num()).isPresent();
                // Variant II: the program's TLS block ends at the thread pointer.
                long tlsInt = f.sample().output().address(t.lwp(), "tls_int").orElseThrow();
                assertThat(Long.compareUnsigned(tlsInt, tp.get())).isNegative();
                assertThat(tp.get() - tlsInt).isLessThan(0x1000);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void memoryAtEachPrintedAddressHoldsThePrintedValue(String variant, CoreKind kind) {
        Fixture f = fixture(variant, kind);
        int checked = 0;
        for (ThreadReport report : f.sample().output().threads()) {
            for (Map.Entry<String, Long> addr : report.addresses().entrySet()) {
                Optional<byte[]> expected = encode(addr.getKey(), report.value(addr.getKey()).orElseThrow());
                if (expected.isEmpty()) {
                    continue;
                }
                byte[] actual = f.stack().readFully(addr.getValue(), expected.get().length);
                assertThat(actual).as("%s in thread %d (LWP %d) at 0x%x", addr.getKey(), report.index(),
                        report.lwp(), addr.getValue()).isEqualTo(expected.get());
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5 * 8);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void codeAtEachPcIsGdbsAndComesFromTheFilesWhereTheCoreHasNone(String variant, CoreKind kind) {
        Fixture f = fixture(variant, kind);
        CoreMemory coreOnly = f.loaded().core().coreFile().memory();
        int fromFiles = 0;
        for (ThreadInfo t : f.stack().threads()) {
            long pc = f.stack().registers(t).get(f.stack().abi().arch().pcRegister()).orElseThrow();
            byte[] expected = f.gdb().codeAtPc().get(t.num());
            assertThat(expected).as("gdb's x/16xb $pc in thread %d", t.num()).hasSize(16);
            if (kind == CoreKind.QEMU && f.sample().variant().isPie()) {
                // gdb 13 cannot relocate a PIE from a qemu core (no NT_FILE, no header pages),
                // finds no file there and reads the empty core segment as zeros. The witness
                // is then the file itself, at the bias tldb found from AT_ENTRY.
                assertThat(expected).containsOnly(0);
                expected = fileBytes(f.stack().modules(), pc, 16);
            }
            assertThat(f.stack().readFully(pc, 16)).as("code at pc 0x%x of thread %d", pc, t.num())
                    .isEqualTo(expected);
            if (!coreOnly.contains(pc)) {
                fromFiles++;
            }
        }
        if (kind != CoreKind.GCORE) {
            // The kernel (default coredump_filter) and qemu leave code to the files; gcore dumps it.
            assertThat(fromFiles).isEqualTo(f.stack().threads().size());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void auxvAndTheFatalSignalAreWhatGdbSays(String variant, CoreKind kind) {
        Fixture f = fixture(variant, kind);
        var auxv = f.loaded().core().coreFile().auxv();
        assertThat(auxv.entry()).hasValue(f.gdb().auxv().get("AT_ENTRY"));
        assertThat(auxv.phdr()).hasValue(f.gdb().auxv().get("AT_PHDR"));
        String ours = LinuxSignals.name(f.stack().stopInfo().signal());
        if (kind == CoreKind.QEMU) {
            // qemu sets pr_cursig only in the dumping thread's NT_PRSTATUS, and BFD keeps the
            // pr_cursig of the last NT_PRSTATUS it reads: gdb 13 says nothing about the signal.
            assertThat(f.gdb().programTerminated()).isEmpty();
            assertThat(ours).as("__builtin_trap is brk on aarch64").isEqualTo("SIGTRAP");
        } else {
            assertThat(ours).isEqualTo(f.gdb().programTerminated());
        }
        assertThat(f.stack().stopInfo().thread().num()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pieCores")
    void sharedLibrariesAreGdbsWithTheirTextWhereGdbHasIt(String variant, CoreKind kind) {
        Fixture f = fixture(variant, kind);
        List<Module> modules = f.stack().modules();
        assertThat(modules.get(0).isMainProgram()).isTrue();
        assertThat(modules.get(0).name()).isEqualTo(f.sample().variant().executable().toString());
        assertThat(modules.get(0).lmAddress()).isNotZero();
        assertThat(modules.get(0).lmAddress()).isEqualTo(f.loaded().core().linkMap().entries().get(0).address());
        List<GdbCoreReport.SharedLibrary> ours = new ArrayList<>();
        for (Module m : modules.subList(1, modules.size())) {
            ElfFile elf = m.elf().orElseThrow(() -> new AssertionError("no file for " + m.name()));
            Section text = elf.section(".text").orElseThrow();
            ours.add(new GdbCoreReport.SharedLibrary(m.loadBias() + text.addr(), m.loadBias() + text.addr()
                    + text.size(), m.name()));
        }
        assertThat(ours).containsExactlyElementsOf(f.gdb().libraries());
        assertThat(modules).extracting(Module::shortName).contains("liblinked.so", "libplugin.so", "libc.so.6");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void theProgramIsFoundFromTheCoreAlone(String variant, CoreKind kind) {
        Fixture f = fixture(variant, kind);
        try (LoadedCore alone = CoreLoader.load(options(f.sample()))) {
            assertThat(alone.warnings()).isEmpty();
            assertThat(alone.exec()).isPresent();
            assertThat(alone.stack().executablePath()).contains(f.sample().variant().executable());
            assertThat(alone.stack().modules()).extracting(Module::name, Module::loadBias, Module::lmAddress)
                    .containsExactlyElementsOf(f.stack().modules().stream()
                            .map(m -> org.assertj.core.groups.Tuple.tuple(m.name(), m.loadBias(), m.lmAddress()))
                            .toList());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nativeCores")
    void ntFileIsWhatReadelfDecodes(String variant, CoreKind kind) {
        Fixture f = fixture(variant, kind);
        CoreFile core = f.loaded().core().coreFile();
        List<FileMapping> expected = ReadelfFileNote.mappings(f.sample().core());
        assertThat(core.fileMappings()).isNotEmpty().containsExactlyElementsOf(expected);
        assertThat(core.fileMappings()).anyMatch(m -> m.path().equals(f.sample().variant().executable().toString()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void writingThroughTheOverlayChangesReadsButNotTheCore(String variant, CoreKind kind) throws Exception {
        Fixture f = fixture(variant, kind);
        Path core = f.sample().core();
        var before = java.nio.file.Files.getLastModifiedTime(core);
        long size = java.nio.file.Files.size(core);
        long addr = f.sample().output().main().address("tls_int").orElseThrow();
        try (LoadedCore scratch = CoreLoader.load(options(f.sample()))) {
            scratch.stack().writeMemory(addr, new byte[] {0x5a, 0x5a, 0x5a, 0x5a}, 0, 4);
            assertThat(scratch.stack().readUnsigned(addr, 4)).isEqualTo(0x5a5a5a5aL);
        }
        assertThat(f.stack().readUnsigned(addr, 4)).isEqualTo(100L);
        assertThat(java.nio.file.Files.getLastModifiedTime(core)).isEqualTo(before);
        assertThat(java.nio.file.Files.size(core)).isEqualTo(size);
    }

    // ---------------------------------------------------------------- helpers

    /** {@code length} bytes of the module file that has {@code address} in a segment, read from the file. */
    private static byte[] fileBytes(List<Module> modules, long address, int length) {
        for (Module m : modules) {
            if (m.elf().isEmpty()) {
                continue;
            }
            Optional<Long> off = m.elf().get().fileOffsetOf(address - m.loadBias());
            if (off.isPresent()) {
                byte[] out = new byte[length];
                m.elf().get().fileBytes(off.get(), length).get(out);
                return out;
            }
        }
        throw new AssertionError("no module file has 0x" + Long.toHexString(address));
    }

    private static BigInteger littleEndian(byte[] raw) {
        byte[] be = new byte[raw.length + 1];
        for (int i = 0; i < raw.length; i++) {
            be[raw.length - i] = raw[i];
        }
        return new BigInteger(be);
    }

    private static final Pattern POINTER = Pattern.compile("^\\(int \\*\\) (0x[0-9a-f]+)");

    /**
     * The bytes (little-endian, as every sample target is) of a printed value whose type the
     * samples README gives; empty for the ones not simply encoded (strings, structs, enums).
     */
    static Optional<byte[]> encode(String expression, String value) {
        ByteBuffer b;
        switch (expression) {
            case "tls_int", "tls_static", "lib_tls", "plugin_tls", "tls_untouched" -> {
                b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.parseInt(value));
            }
            case "tls_long", "tls_aligned", "lib_tbss" -> {
                b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.parseLong(value));
            }
            case "tls_double" -> {
                b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(Double.parseDouble(value));
            }
            case "tls_flag" -> {
                b = ByteBuffer.allocate(1).put((byte) Integer.parseInt(value.split(" ")[0]));
            }
            case "tls_ptr" -> {
                Matcher m = POINTER.matcher(value);
                if (!m.find()) {
                    throw new AssertionError("unexpected pointer value " + value);
                }
                b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(Long.parseUnsignedLong(m.group(1).substring(2), 16));
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(b.array());
    }

    static SampleVariant variant(String name) {
        return Samples.variant(name);
    }
}
