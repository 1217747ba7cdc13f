package dev.tldb.testkit;

/** Who wrote a core file of a sample. */
public enum CoreKind {
    /** gdb's {@code gcore} at the trap (native variants): NT_PRSTATUS, NT_FPREGSET, NT_X86_XSTATE, NT_SIGINFO, NT_FILE, ... */
    GCORE,
    /** The Linux kernel, on the trap's signal (native variants; needs a plain core_pattern). */
    KERNEL,
    /** qemu-user on the guest's trap: {@code qemu_<prog>_<date>-<time>_<pid>.core} (aarch64 only: qemu 7.2 cannot dump riscv64 guests). */
    QEMU;

    public String folderName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
