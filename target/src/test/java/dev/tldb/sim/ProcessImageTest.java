package dev.tldb.sim;

import dev.tldb.abi.Arch;
import dev.tldb.elf.ElfFile;
import dev.tldb.sim.scenario.BuiltinDemo;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.ThreadInfo;
import dev.tldb.testkit.Readelf;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a debugger reads besides TLS, the way gdb reads it from a live process: the auxv (AT_PHDR
 * pointing at the program headers, AT_ENTRY, AT_BASE), {@code r_debug} through DT_DEBUG, each
 * thread's registers, and glibc's thread lists ({@code dl_stack_user}, {@code dl_stack_used})
 * walked as libthread_db's {@code td_ta_thr_iter} does.
 */
class ProcessImageTest {
    private static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
            AT_ENTRY = 9;

    static Simulation demo() {
        Simulation sim = BuiltinDemo.start();
        while (!sim.finished()) {
            sim.runToNextStop();
        }
        return sim;
    }

    static Map<Long, Long> auxv(TargetStack stack) {
        ByteBuffer b = ByteBuffer.wrap(stack.auxv().orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
        Map<Long, Long> out = new HashMap<>();
        while (b.remaining() >= 16) {
            long type = b.getLong();
            long value = b.getLong();
            if (type == AT_NULL) {
                break;
            }
            out.put(type, value);
        }
        return out;
    }

    @Test
    void theAuxvAndRDebugLeadToTheProgramAndItsLibraries() throws Exception {
        Simulation sim = demo();
        TargetStack stack = sim.stack();
        Path demo = SimTestTools.demoDir().resolve("demo");
        Module exe = stack.modules().get(0);
        Module ld = stack.modules().stream().filter(m -> m.shortName().startsWith("ld-linux")).findFirst().orElseThrow();
        Map<Long, Long> aux = auxv(stack);

        // AT_PHDR: the program headers, byte for byte as in the file (e_phoff, e_phnum entries of e_phentsize).
        long phoff = Long.decode(Readelf.header(demo, "Start of program headers").split(" ")[0]);
        int phnum = Integer.parseInt(Readelf.header(demo, "Number of program headers"));
        int phent = Integer.parseInt(Readelf.header(demo, "Size of program headers").split(" ")[0]);
        assertThat(aux).containsEntry((long) AT_PHNUM, (long) phnum).containsEntry((long) AT_PHENT, (long) phent)
                .containsEntry((long) AT_PAGESZ, 4096L);
        byte[] file = Files.readAllBytes(demo);
        byte[] phdrs = java.util.Arrays.copyOfRange(file, (int) phoff, (int) phoff + phnum * phent);
        assertThat(stack.readFully(aux.get((long) AT_PHDR), phdrs.length)).isEqualTo(phdrs);
        // AT_ENTRY: e_entry relocated by the PIE's load bias; AT_BASE: where ld.so is.
        long entry = Long.decode(Readelf.header(demo, "Entry point address"));
        assertThat(aux.get((long) AT_ENTRY)).isEqualTo(exe.loadBias() + entry);
        assertThat(aux.get((long) AT_BASE)).isEqualTo(ld.loadBias());
        assertThat(aux.get((long) AT_PHDR) - phoff).as("PIE load address").isEqualTo(exe.loadBias());

        // r_debug through DT_DEBUG in the executable's .dynamic (in memory).
        long rDebug = 0;
        for (long at = exe.dynamicAddress(); stack.readPointer(at) != 0; at += 16) {
            if (stack.readPointer(at) == 21) {
                rDebug = stack.readPointer(at + 8);
            }
        }
        assertThat(rDebug).isNotZero();
        ElfFile ldElf = ld.elf().orElseThrow();
        assertThat(rDebug).isEqualTo(ld.loadBias() + ldElf.symbol("_r_debug").orElseThrow().value());
        assertThat(stack.readUnsigned(rDebug, 4)).as("r_version").isEqualTo(1);
        assertThat(stack.readPointer(rDebug + 8)).as("r_map").isEqualTo(exe.lmAddress());
        assertThat(stack.readPointer(rDebug + 16)).as("r_brk")
                .isEqualTo(ld.loadBias() + ldElf.symbol("_dl_debug_state").orElseThrow().value());
        assertThat(stack.readUnsigned(rDebug + 24, 4)).as("r_state: RT_CONSISTENT").isZero();
        assertThat(stack.readPointer(rDebug + 32)).as("r_ldbase").isEqualTo(ld.loadBias());
        // l_ld: each module's dynamic section, and the bytes there are the file's (but DT_DEBUG).
        for (Module m : stack.modules()) {
            assertThat(stack.readPointer(m.lmAddress() + 16)).isEqualTo(m.dynamicAddress());
        }
    }

    @Test
    void registersPutEachThreadInItsFunctionOnItsStackWithItsThreadPointer() {
        Simulation sim = demo();
        TargetStack stack = sim.stack();
        Module exe = stack.modules().get(0);
        ElfFile elf = exe.elf().orElseThrow();
        long worker = exe.loadBias() + elf.symbol("worker").orElseThrow().value();
        long main = exe.loadBias() + elf.symbol("main").orElseThrow().value();
        IndependentTlsWalk walk = new IndependentTlsWalk(sim.process(), Arch.X86_64, dev.tldb.abi.Libc.GLIBC);
        List<Long> sps = new ArrayList<>();
        for (ThreadInfo t : stack.threads()) {
            var r = stack.registers(t);
            assertThat(r.get("rip")).hasValue(t.num() == 1 ? main : worker);
            long sp = r.get("rsp").orElseThrow();
            assertThat(sp % 16).isZero();
            assertThat(sim.process().isMapped(sp, 64)).as("the stack is mapped").isTrue();
            assertThat(stack.readPointer(sp)).as("a zero return address ends unwinding").isZero();
            assertThat(r.get("fs_base")).hasValue(walk.threadPointer(t));
            // x86-64 glibc: tcbhead_t.tcb (TP+0) and .self (TP+16) point at the TCB itself.
            assertThat(stack.readPointer(walk.threadPointer(t))).isEqualTo(walk.threadPointer(t));
            assertThat(stack.readPointer(walk.threadPointer(t) + 16)).isEqualTo(walk.threadPointer(t));
            sps.add(sp);
        }
        assertThat(sps).doesNotHaveDuplicates();
    }

    /** libthread_db's td_ta_thr_iter: the main thread on dl_stack_user, the others on dl_stack_used, newest first. */
    @Test
    void glibcsThreadListsHoldEveryThreadWithItsTid() {
        Simulation sim = demo();
        TargetStack stack = sim.stack();
        GlibcLayout lay = GlibcLayout.of(Arch.X86_64, Optional.of(ElfFile.open(Path.of("/lib/x86_64-linux-gnu/libc.so.6"))));
        Module ld = stack.modules().stream().filter(m -> m.shortName().startsWith("ld-linux")).findFirst().orElseThrow();
        long rtld = ld.loadBias() + ld.elf().orElseThrow().symbol("_rtld_global").orElseThrow().value();
        List<Long> user = walkList(stack, rtld + lay.rtldStackUser(), lay);
        List<Long> used = walkList(stack, rtld + lay.rtldStackUsed(), lay);
        List<Long> lwps = stack.threads().stream().map(ThreadInfo::lwp).toList();
        assertThat(user).containsExactly(lwps.get(0));
        List<Long> newestFirst = new ArrayList<>(lwps.subList(1, lwps.size()));
        java.util.Collections.reverse(newestFirst);
        assertThat(used).containsExactlyElementsOf(newestFirst);
        // __nptl_rtld_global in libc points at ld.so's _rtld_global.
        Module libc = stack.modules().stream().filter(m -> m.shortName().equals("libc.so.6")).findFirst().orElseThrow();
        long ptr = libc.loadBias() + libc.elf().orElseThrow().symbol("__nptl_rtld_global").orElseThrow().value();
        assertThat(stack.readPointer(ptr)).isEqualTo(rtld);
    }

    /** The tids of the struct pthreads on a circular list_t, from the head. */
    private static List<Long> walkList(TargetStack stack, long head, GlibcLayout lay) {
        List<Long> tids = new ArrayList<>();
        long at = stack.readPointer(head + lay.listNext());
        for (int guard = 0; at != head && guard < 100; guard++) {
            long pd = at - lay.pthreadList();
            tids.add(stack.readUnsigned(pd + lay.pthreadTid(), 4));
            assertThat(stack.readPointer(stack.readPointer(at + lay.listNext()) + lay.listPrev())).as("prev/next agree")
                    .isEqualTo(at);
            at = stack.readPointer(at + lay.listNext());
        }
        return tids;
    }
}
