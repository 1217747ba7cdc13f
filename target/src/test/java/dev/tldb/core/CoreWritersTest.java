package dev.tldb.core;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the kernel, gdb's gcore and qemu-user put in a core of the same program, as tldb sees
 * it: the facts the core target was built on, kept true by running them. (Linux 6.x,
 * gdb 13.1, qemu 7.2 here.)
 */
class CoreWritersTest {

    private static CoreFile open(SampleCore sample) {
        return CoreFile.open(sample.core());
    }

    @Test
    void qemuUserAarch64CoresHoldRegistersPsinfoAndAuxvOnly() {
        SampleCore sample = SampleCores.core("aarch64-glibc-static", CoreKind.QEMU);
        try (CoreFile core = open(sample)) {
            // No NT_ARM_TLS (so no tpidr), no NT_FPREGSET, no NT_SIGINFO, no NT_FILE.
            assertThat(core.noteNames()).containsExactly("NT_PRSTATUS", "NT_PRPSINFO", "NT_AUXV",
                    "NT_PRSTATUS", "NT_PRSTATUS", "NT_PRSTATUS", "NT_PRSTATUS");
            assertThat(core.fileMappings()).isEmpty();
            assertThat(core.signalInfo()).isEmpty();
            assertThat(core.threads()).allSatisfy(t -> {
                assertThat(t.registers().get("tpidr")).isEmpty();
                assertThat(t.registers().get("v0")).isEmpty();
                assertThat(t.registers().get("pc")).isPresent();
            });
            // pr_cursig is set in the dumping thread's NT_PRSTATUS only.
            assertThat(core.threads().get(0).status().signal()).isEqualTo(5);
            assertThat(core.threads().subList(1, 5)).allSatisfy(t -> assertThat(t.status().signal()).isZero());
            // pr_sname is left 0; the LWPs are host thread ids and the pid is qemu's.
            assertThat(core.processInfo()).get().satisfies(ps -> {
                assertThat(ps.state()).isEmpty();
                assertThat(ps.pid()).isEqualTo(sample.output().main().lwp());
            });
            // Executable mappings that start with an ELF header are not dumped at all: no
            // program headers at AT_PHDR, no build-id, and the code must come from the file.
            assertThat(core.memory().contains(core.auxv().phdr().orElseThrow())).isFalse();
            assertThat(core.memory().contains(core.threads().get(0).registers().get("pc").orElseThrow())).isFalse();
        }
    }

    @Test
    void kernelCoresPutTheSignalledThreadFirstAndOneSiginfoAfterIt() {
        SampleCore sample = SampleCores.core("x86_64-glibc-pie", CoreKind.KERNEL);
        try (CoreFile core = open(sample)) {
            List<String> notes = core.noteNames();
            assertThat(notes.subList(0, 7)).containsExactly("NT_PRSTATUS", "NT_PRPSINFO", "NT_SIGINFO", "NT_AUXV",
                    "NT_FILE", "NT_FPREGSET", "NT_X86_XSTATE");
            assertThat(Collections.frequency(notes, "NT_SIGINFO")).isEqualTo(1);
            assertThat(Collections.frequency(notes, "NT_PRSTATUS")).isEqualTo(5);
            assertThat(core.threads().get(0).lwp()).isEqualTo(sample.output().main().lwp());
            // Every thread carries the group's fatal signal: SIGILL from __builtin_trap (ud2).
            assertThat(core.threads()).allSatisfy(t -> assertThat(t.status().signal()).isEqualTo(4));
            assertThat(core.signalInfo()).get().satisfies(si -> {
                assertThat(si.signal()).isEqualTo(4);
                assertThat(si.faultAddress()).hasValue(core.threads().get(0).registers().get("rip").orElseThrow());
            });
            // The first page of each ELF mapping is dumped (build-ids), its code is not.
            assertThat(core.memory().contains(core.auxv().phdr().orElseThrow())).isTrue();
            assertThat(core.memory().contains(core.threads().get(0).registers().get("rip").orElseThrow())).isFalse();
            assertThat(core.processInfo()).get().extracting(PrPsInfo::state).isEqualTo("R");
        }
    }

    @Test
    void gcoreWritesPsinfoFirstASiginfoPerThreadAndItsTargetDescriptionLast() {
        SampleCore sample = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        try (CoreFile core = open(sample)) {
            List<String> notes = core.noteNames();
            assertThat(notes.get(0)).isEqualTo("NT_PRPSINFO");
            assertThat(notes.subList(1, 5)).containsExactly("NT_PRSTATUS", "NT_FPREGSET", "NT_X86_XSTATE", "NT_SIGINFO");
            assertThat(notes.subList(notes.size() - 3, notes.size()))
                    .containsExactly("NT_AUXV", "NT_FILE", "NT_GDB_TDESC");
            assertThat(Collections.frequency(notes, "NT_SIGINFO")).isEqualTo(5);
            assertThat(core.threads()).allSatisfy(t -> assertThat(t.signalInfo()).isPresent());
            // gdb's selected thread first; the inferior was stopped by gdb: state 't'.
            assertThat(core.threads().get(0).lwp()).isEqualTo(sample.output().main().lwp());
            assertThat(core.processInfo()).get().extracting(PrPsInfo::state).isEqualTo("t");
        }
    }
}
