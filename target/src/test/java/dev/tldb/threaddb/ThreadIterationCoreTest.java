package dev.tldb.threaddb;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Libc;
import dev.tldb.core.LoadedCore;
import dev.tldb.core.SampleCoreLoading;
import dev.tldb.target.Target;
import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code td_ta_thr_iter} on real cores: the threads the simulated libthread_db finds in the C
 * library's own lists (glibc's {@code _dl_stack_user}/{@code _dl_stack_used}, musl's circular list
 * of {@code struct pthread}) must be exactly the LWPs the program printed about itself, and on
 * x86-64 each one's thread pointer must be the {@code fs_base} the core's NT_PRSTATUS note holds for
 * that LWP, read here straight from the core file with Linux's {@code struct elf_prstatus} layout
 * (independently of tldb's core reader). qemu-user's aarch64 cores carry no TP, so there only the
 * LWPs are compared.
 */
class ThreadIterationCoreTest {

    static Stream<Arguments> cores() {
        return SampleCoreLoading.cores(List.of("x86_64-glibc-pie", "x86_64-glibc-static", "x86_64-musl-static",
                "aarch64-glibc-static", "aarch64-glibc-pie", "aarch64-musl-static"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cores")
    void iteratesExactlyTheProgramsThreadsWithTheThreadPointersOfTheCore(String variant, CoreKind kind) {
        SampleCore sample = SampleCores.core(variant, kind);
        try (LoadedCore core = SampleCoreLoading.load(sample)) {
            Target process = core.stack();
            Abi abi = process.abi();
            ThreadDb db = abi.libc() == Libc.MUSL ? new MuslThreadDb(process, abi) : new GlibcThreadDb(process, abi);
            List<ThreadHandle> handles = db.iterate();

            assertThat(handles).extracting(ThreadHandle::lwp).as("LWPs in %s's thread list", abi.libc())
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(sample.output().lwps());
            assertThat(handles).allSatisfy(h -> assertThat(h.descriptor()).isNotZero());

            if (variant.startsWith("x86_64")) {
                Map<Long, Long> fsBase = prstatusFsBase(sample.core());
                assertThat(fsBase.keySet()).as("NT_PRSTATUS LWPs").containsExactlyInAnyOrderElementsOf(
                        sample.output().lwps());
                for (ThreadHandle h : handles) {
                    assertThat(h.threadPointer()).as("TP of LWP %d vs NT_PRSTATUS fs_base", h.lwp())
                            .isEqualTo(fsBase.get(h.lwp()));
                    // x86-64 (variant II, TLS_TCB_AT_TP): glibc's struct pthread and musl's start at the TP.
                    assertThat(h.descriptor()).as("descriptor of LWP %d", h.lwp()).isEqualTo(h.threadPointer());
                }
            }
        }
    }

    /**
     * LWP to {@code fs_base} from every NT_PRSTATUS note of an x86-64 core, by Linux's layout:
     * {@code struct elf_prstatus} has {@code pr_pid} at 32 and {@code pr_reg} at 112, and
     * {@code fs_base} is word 21 of {@code struct user_regs_struct} (r15 r14 r13 r12 rbp rbx r11
     * r10 r9 r8 rax rcx rdx rsi rdi orig_rax rip cs eflags rsp ss fs_base ...).
     */
    static Map<Long, Long> prstatusFsBase(Path corePath) {
        Map<Long, Long> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(corePath, StandardOpenOption.READ)) {
            ByteBuffer eh = read(ch, 0, 64);
            assertThat(eh.getInt(0)).as("ELF magic").isEqualTo(0x464c457f);
            assertThat(eh.get(4)).as("ELFCLASS64").isEqualTo((byte) 2);
            long phoff = eh.getLong(32);
            int phentsize = eh.getShort(54) & 0xffff, phnum = eh.getShort(56) & 0xffff;
            for (int i = 0; i < phnum; i++) {
                ByteBuffer ph = read(ch, phoff + (long) i * phentsize, 56);
                if (ph.getInt(0) != 4) { // PT_NOTE
                    continue;
                }
                ByteBuffer notes = read(ch, ph.getLong(8), (int) ph.getLong(32));
                int at = 0;
                while (at + 12 <= notes.limit()) {
                    int namesz = notes.getInt(at), descsz = notes.getInt(at + 4), type = notes.getInt(at + 8);
                    int desc = at + 12 + align4(namesz);
                    if (type == 1 && descsz >= 112 + 22 * 8) { // NT_PRSTATUS
                        long pid = notes.getInt(desc + 32) & 0xffff_ffffL;
                        out.put(pid, notes.getLong(desc + 112 + 21 * 8));
                    }
                    at = desc + align4(descsz);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    private static ByteBuffer read(FileChannel ch, long at, int size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            // keep reading
        }
        return b.flip();
    }
}
