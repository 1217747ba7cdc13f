package dev.tldb.threaddb;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import dev.tldb.elf.ElfFile;
import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every {@code td_err_e} the thread layer can give, provoked over synthetic memory laid out from
 * TLS-FACTS.md sections 2 and 3, and checked by code (not by message text), with a message that
 * names the thread and the module:
 * <ul>
 * <li>TD_NOTLS: a module without PT_TLS, and td_thr_tlsbase's "modid &lt; 1" (section 3, step 1);
 * <li>TD_ERR: a module id missing from {@code _dl_tls_dtv_slotinfo_list}, a slot whose map is
 *     NULL (step 2), and a DTV pointer to unreadable memory (ps_pdread failing);
 * <li>TD_NOTHR: no thread pointer in the registers and glibc's thread lists
 *     ({@code _dl_stack_user}, {@code _dl_stack_used}) do not name the LWP; a thread the process
 *     does not have;
 * <li>TD_NOCAPAB: musl without a thread pointer and without a way into its thread list; a stack
 *     with no thread layer at all.
 * </ul>
 * A thread without a thread pointer that glibc's lists do name is found through them (the
 * control case: the walk is not what fails).
 */
class ThreadDbErrorsTest {

    // glibc on aarch64 (sysdeps/aarch64/nptl/tls.h): tcbhead_t {dtv, private} at the TP, struct
    // pthread just below it (CONST_THREAD_AREA (64, sizeof (struct pthread))): the DTV pointer
    // is at the TP (TLS-FACTS section 2: "aarch64 glibc DTV pointer TP+0").
    private static final int P = 8;
    private static final int PTHREAD = 0x700, LIST = 0x2c0, TID = 0x2d0;
    private static final long THREADS = 0x3ffe_0000L, DATA = 0x5000_0000L, LIBC_BIAS = 0x6000_0000L;
    private static final long TP_A = 0x4000_1000L, TP_B = 0x4002_1000L;
    private static final long UNMAPPED = 0x1234_0000L;

    /** An aarch64 glibc process: libc with its _thread_db_* descriptors, two threads in _dl_stack_user. */
    private static final class GlibcWorld {
        final SyntheticProcess proc = new SyntheticProcess(new Abi(Arch.AARCH64, Libc.GLIBC));
        final ThreadInfo a, b, stranger;
        final Module exe, gone, far, noTls, zero;
        final long blockA = DATA + 0x3000;
        final TargetStack stack;

        GlibcWorld() {
            ByteBuffer threads = proc.map(THREADS, 0x60000);
            ByteBuffer data = proc.map(DATA, 0x4000);
            SyntheticElf libcFile = new SyntheticElf(Arch.AARCH64)
                    .descriptor("pthread_dtvp", 64, 1, PTHREAD)
                    .descriptor("dtv_dtv", 128, Integer.MAX_VALUE / 16, 0)
                    .descriptor("dtv_t_pointer_val", 64, 1, 0)
                    .descriptor("dtv_t_counter", 64, 1, 0)
                    .descriptor("link_map_l_tls_modid", 64, 1, 4 * P)
                    .descriptor("link_map_l_tls_offset", 64, 1, 5 * P)
                    .descriptor("dtv_slotinfo_list_len", 64, 1, 0)
                    .descriptor("dtv_slotinfo_list_next", 64, 1, P)
                    .descriptor("dtv_slotinfo_list_slotinfo", 128, 8, 2 * P)
                    .descriptor("dtv_slotinfo_gen", 64, 1, 0)
                    .descriptor("dtv_slotinfo_map", 64, 1, P)
                    .descriptor("pthread_list", 128, 1, LIST)
                    .descriptor("pthread_tid", 32, 1, TID)
                    .descriptor("list_t_next", 64, 1, 0)
                    .constant("const_thread_area", PTHREAD)
                    .variable("_dl_tls_dtv_slotinfo_list")
                    .variable("_dl_stack_user")
                    .variable("_dl_stack_used");
            ElfFile libc = libcFile.build("libc.so.6");
            ByteBuffer libcData = proc.map(LIBC_BIAS + SyntheticElf.BASE, 0x1000);

            // link_maps: l_tls_modid at 4p, l_tls_offset at 5p.
            long lmExe = DATA + 0x2000, lmGone = lmExe + 0x100, lmFar = lmGone + 0x100, lmNoTls = lmFar + 0x100;
            put(data, DATA, lmExe + 4 * P, 1);
            put(data, DATA, lmExe + 5 * P, 16);
            // _dl_tls_dtv_slotinfo_list: {len 3, next NULL, {gen, map} x 3}; slot 2 was unloaded (map NULL).
            long slotinfo = DATA + 0x1000;
            put(libcData, LIBC_BIAS + SyntheticElf.BASE, LIBC_BIAS + libcFile.address("_dl_tls_dtv_slotinfo_list"),
                    slotinfo);
            put(data, DATA, slotinfo, 3);
            put(data, DATA, slotinfo + P, 0);
            put(data, DATA, slotinfo + 2 * P + 2 * P, 0);
            put(data, DATA, slotinfo + 2 * P + 2 * P + P, lmExe);
            put(data, DATA, slotinfo + 2 * P + 4 * P, 1);
            put(data, DATA, slotinfo + 2 * P + 4 * P + P, 0);

            // Thread A (LWP 101): DTV {len 1, gen 0, [1] = blockA}; thread B (LWP 102): its DTV
            // pointer leads nowhere. Both are linked in _dl_stack_user; _dl_stack_used is empty.
            long pdA = TP_A - PTHREAD, pdB = TP_B - PTHREAD;
            long dtvA = DATA + 0x110;
            put(data, DATA, dtvA - 2 * P, 1);
            put(data, DATA, dtvA, 0);
            put(data, DATA, dtvA + 2 * P, blockA);
            put(threads, THREADS, pdA + PTHREAD, dtvA);
            put(threads, THREADS, pdB + PTHREAD, UNMAPPED);
            threads.putInt((int) (pdA + TID - THREADS), 101);
            threads.putInt((int) (pdB + TID - THREADS), 102);
            long user = LIBC_BIAS + libcFile.address("_dl_stack_user");
            long used = LIBC_BIAS + libcFile.address("_dl_stack_used");
            put(libcData, LIBC_BIAS + SyntheticElf.BASE, user, pdA + LIST);
            put(threads, THREADS, pdA + LIST, pdB + LIST);
            put(threads, THREADS, pdB + LIST, user);
            put(libcData, LIBC_BIAS + SyntheticElf.BASE, used, used);

            a = proc.addThread(101, Map.of()); // no tpidr, as in qemu-user's cores
            b = proc.addThread(102, Map.of("tpidr", TP_B));
            stranger = proc.addThread(999, Map.of()); // an LWP glibc's lists do not name
            exe = new Module("/bin/prog", 0, lmExe, 0, OptionalLong.empty(), Optional.empty(), true);
            gone = new Module("/lib/libgone.so", 0, lmGone, 0, OptionalLong.of(2), Optional.empty(), false);
            far = new Module("/lib/libfar.so", 0, lmFar, 0, OptionalLong.of(7), Optional.empty(), false);
            noTls = new Module("/lib/libnotls.so", 0x7000_0000L, lmNoTls, 0, OptionalLong.empty(),
                    Optional.of(new SyntheticElf(Arch.AARCH64).variable("plain").build("libnotls.so")), false);
            zero = new Module("/lib/libzero.so", 0, lmNoTls, 0, OptionalLong.of(0), Optional.empty(), false);
            for (Module m : List.of(exe, gone, far, noTls, zero,
                    new Module("/lib/libc.so.6", LIBC_BIAS, DATA + 0x3800, 0, OptionalLong.empty(), Optional.of(libc),
                            false))) {
                proc.addModule(m);
            }
            stack = new TargetStack().push(proc).push(new ThreadDbLayer());
        }
    }

    private static void put(ByteBuffer region, long regionStart, long address, long value) {
        region.putLong((int) (address - regionStart), value);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertTdError(Executable call, TdError expected,
                                                                                 ThreadInfo thread, String... names) {
        return assertThatThrownBy(call::execute).isInstanceOfSatisfying(TlsException.class, e -> {
            assertThat(e.error()).as(e.getMessage()).isEqualTo(expected);
            assertThat(e.getMessage()).contains("LWP " + thread.lwp());
            for (String name : names) {
                assertThat(e.getMessage()).contains(name);
            }
        });
    }

    @Test
    void aThreadWithoutThreadPointerIsFoundThroughGlibcsListsAndAnLwpTheyDoNotNameIsTdNothr() {
        GlibcWorld w = new GlibcWorld();
        GlibcThreadDb db = new GlibcThreadDb(w.proc, w.proc.abi());
        assertThat(db.iterate()).containsExactly(new ThreadHandle(101, TP_A - PTHREAD, TP_A),
                new ThreadHandle(102, TP_B - PTHREAD, TP_B));

        assertThat(w.stack.tlsAddress(w.a, w.exe, 0x10)).as("found through _dl_stack_user").isEqualTo(w.blockA + 0x10);
        assertTdError(() -> w.stack.tlsAddress(w.stranger, w.exe, 0x10), TdError.TD_NOTHR, w.stranger, "prog");
        TlsInspector inspector = w.stack.capability(TlsInspector.class).orElseThrow();
        assertTdError(() -> inspector.handle(w.stranger), TdError.TD_NOTHR, w.stranger);
    }

    @Test
    void moduleIdsThatTheSlotinfoListDoesNotMapAreTdErr() {
        GlibcWorld w = new GlibcWorld();
        assertTdError(() -> w.stack.tlsAddress(w.a, w.gone, 0), TdError.TD_ERR, w.a, "libgone.so", "unloaded");
        assertTdError(() -> w.stack.tlsAddress(w.a, w.far, 0), TdError.TD_ERR, w.a, "libfar.so",
                "not in the DTV slotinfo list");
    }

    @Test
    void aDtvPointerToUnreadableMemoryIsTdErrNamingTheAddress() {
        GlibcWorld w = new GlibcWorld();
        assertTdError(() -> w.stack.tlsAddress(w.b, w.exe, 0), TdError.TD_ERR, w.b, "prog", "DTV",
                "0x" + Long.toHexString(UNMAPPED));
        // Thread A, whose DTV is fine, is not affected.
        assertThat(w.stack.tlsAddress(w.a, w.exe, 0)).isEqualTo(w.blockA);
    }

    @Test
    void aModuleWithoutPtTlsOrWithModuleIdZeroIsTdNotls() {
        GlibcWorld w = new GlibcWorld();
        assertThat(w.noTls.elf().orElseThrow().tlsSegment()).isEmpty();
        assertTdError(() -> w.stack.tlsAddress(w.a, w.noTls, 0), TdError.TD_NOTLS, w.a, "libnotls.so");
        assertTdError(() -> w.stack.tlsAddress(w.a, w.zero, 0), TdError.TD_NOTLS, w.a, "libzero.so");
    }

    @Test
    void aThreadTheProcessDoesNotHaveIsTdNothr() {
        GlibcWorld w = new GlibcWorld();
        ThreadInfo ghost = new ThreadInfo(9, 100, 4321);
        assertTdError(() -> w.stack.tlsAddress(ghost, w.exe, 0), TdError.TD_NOTHR, ghost, "prog");
    }

    // ---------------------------------------------------------------- musl

    @Test
    void muslWithoutThreadPointerAndNoWayIntoItsThreadListIsTdNocapab() {
        // No tpidr, no builtin_tls symbol, no stack pointer to search from.
        SyntheticProcess proc = new SyntheticProcess(new Abi(Arch.AARCH64, Libc.MUSL));
        ThreadInfo t = proc.addThread(77, Map.of());
        Module exe = new Module("/bin/muslprog", 0, 0, 0, OptionalLong.of(1), Optional.empty(), true);
        proc.addModule(exe);
        TargetStack stack = new TargetStack().push(proc).push(new ThreadDbLayer());
        assertTdError(() -> stack.tlsAddress(t, exe, 0), TdError.TD_NOCAPAB, t, "muslprog");
    }

    @Test
    void muslDtvPointerToUnreadableMemoryIsTdErrAndAModuleWithoutPtTlsIsTdNotls() {
        // x86-64 musl: TP = struct pthread, DTV pointer at TP+8 (TLS-FACTS section 2).
        SyntheticProcess proc = new SyntheticProcess(new Abi(Arch.X86_64, Libc.MUSL));
        long tp = 0x7f00_0000_1000L;
        ByteBuffer tcb = proc.map(tp, 0x100);
        proc.putPointer(tcb, tp, tp, tp);
        proc.putPointer(tcb, tp, tp + 8, UNMAPPED);
        ThreadInfo t = proc.addThread(55, Map.of("fs_base", tp));
        Module exe = new Module("/bin/muslprog", 0, 0, 0, OptionalLong.of(1), Optional.empty(), true);
        Module lib = new Module("/lib/libplain.so", 0x7000_0000L, 0x5000, 0, OptionalLong.empty(),
                Optional.of(new SyntheticElf(Arch.X86_64).variable("plain").build("libplain.so")), false);
        proc.addModule(exe);
        proc.addModule(lib);
        TargetStack stack = new TargetStack().push(proc).push(new ThreadDbLayer());
        assertTdError(() -> stack.tlsAddress(t, exe, 0), TdError.TD_ERR, t, "muslprog", "DTV",
                "0x" + Long.toHexString(UNMAPPED));
        assertTdError(() -> stack.tlsAddress(t, lib, 0), TdError.TD_NOTLS, t, "libplain.so");
    }

    // ---------------------------------------------------------------- no thread layer

    @Test
    void withoutAThreadLayerTlsIsTdNocapab() {
        SyntheticProcess proc = new SyntheticProcess(new Abi(Arch.X86_64, Libc.GLIBC));
        ThreadInfo t = proc.addThread(5, Map.of("fs_base", 0x1000L));
        Module exe = new Module("/bin/prog", 0, 0, 0, OptionalLong.of(1), Optional.empty(), true);
        TargetStack stack = new TargetStack().push(proc);
        assertThatThrownBy(() -> stack.tlsAddress(t, exe, 0)).isInstanceOfSatisfying(TlsException.class,
                e -> assertThat(e.error()).isEqualTo(TdError.TD_NOCAPAB));
    }
}
