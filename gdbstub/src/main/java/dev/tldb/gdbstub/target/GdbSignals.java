package dev.tldb.gdbstub.target;

/**
 * Linux signal numbers to gdb's own signal numbers ({@code enum gdb_signal} in
 * {@code gdb/signals.def}), which stop replies carry: gdbserver translates with
 * {@code gdb_signal_from_host}, and gdb would misname e.g. SIGSEGV's neighbours otherwise. The
 * first 15 agree; above that Linux and gdb differ (Linux 7 is SIGBUS, gdb 7 is SIGEMT).
 *
 * <p>Linux numbering here is the generic one used by x86, arm64 and riscv ({@code asm-generic}).
 */
public final class GdbSignals {
    /** gdb's number for Linux signal {@code 0..31}; 143 (GDB_SIGNAL_UNKNOWN) where gdb has none. */
    private static final int[] FROM_LINUX = {
            0,   // 0
            1,   // SIGHUP
            2,   // SIGINT
            3,   // SIGQUIT
            4,   // SIGILL
            5,   // SIGTRAP
            6,   // SIGABRT
            10,  // 7 SIGBUS -> GDB_SIGNAL_BUS
            8,   // SIGFPE
            9,   // SIGKILL
            30,  // 10 SIGUSR1
            11,  // SIGSEGV
            31,  // 12 SIGUSR2
            13,  // SIGPIPE
            14,  // SIGALRM
            15,  // SIGTERM
            143, // 16 SIGSTKFLT: no gdb equivalent
            20,  // 17 SIGCHLD
            19,  // 18 SIGCONT
            17,  // 19 SIGSTOP
            18,  // 20 SIGTSTP
            21,  // 21 SIGTTIN
            22,  // 22 SIGTTOU
            16,  // 23 SIGURG
            24,  // 24 SIGXCPU
            25,  // 25 SIGXFSZ
            26,  // 26 SIGVTALRM
            27,  // 27 SIGPROF
            28,  // 28 SIGWINCH
            23,  // 29 SIGIO
            32,  // 30 SIGPWR
            12,  // 31 SIGSYS
    };
    public static final int SIGINT = 2;
    public static final int SIGTRAP = 5;
    private static final int UNKNOWN = 143;

    private GdbSignals() {
    }

    /** gdb's number for a Linux signal (real-time signals map to gdb's SIG32.. range, 77+). */
    public static int fromLinux(int signal) {
        if (signal >= 0 && signal < FROM_LINUX.length) {
            return FROM_LINUX[signal];
        }
        if (signal == 32) {
            return 77; // GDB_SIGNAL_REALTIME_32
        }
        if (signal >= 33 && signal <= 63) {
            return 45 + (signal - 33); // GDB_SIGNAL_REALTIME_33 = 45 .. _63 = 75
        }
        if (signal >= 64 && signal <= 127) {
            return 78 + (signal - 64); // GDB_SIGNAL_REALTIME_64 = 78 .. _127 = 141
        }
        return UNKNOWN;
    }
}
