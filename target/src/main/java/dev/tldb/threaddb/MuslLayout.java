package dev.tldb.threaddb;

import dev.tldb.abi.Arch;

import java.util.Optional;

/**
 * Where musl 1.2 keeps the fields of {@code struct pthread} that a debugger needs
 * (src/internal/pthread_impl.h): {@code self} first; on variant II architectures {@code dtv}
 * follows, then {@code prev}, {@code next}, {@code sysinfo}, the canary and {@code tid}; on
 * variant I ({@code TLS_ABOVE_TP}) the DTV and canary move to the end of the structure, and the
 * thread pointer points just past it, so its size is needed to get from one to the other.
 */
record MuslLayout(int next, int tid, int size) {

    static Optional<MuslLayout> of(Arch arch) {
        return switch (arch) {
            // self, dtv, prev, next, sysinfo, canary, tid
            case X86_64 -> Optional.of(new MuslLayout(24, 48, 200));
            // self, prev, next, sysinfo, tid ... canary, dtv (sizeof 200 on LP64, TP = self + 200)
            case AARCH64, RISCV64 -> Optional.of(new MuslLayout(16, 32, 200));
            default -> Optional.empty();
        };
    }
}
