package dev.tldb.core;

/**
 * Linux signal numbers as cores record them (x86, arm, riscv, ppc and s390 share them), with
 * the names and descriptions gdb prints ("Program terminated with signal SIGILL, Illegal
 * instruction."). These are the target's numbers, not gdb's internal ones, which the remote
 * protocol uses (SIGBUS is 7 here and 10 there).
 */
public final class LinuxSignals {
    private static final String[][] SIGNALS = {
        {"0", ""},
        {"SIGHUP", "Hangup"},
        {"SIGINT", "Interrupt"},
        {"SIGQUIT", "Quit"},
        {"SIGILL", "Illegal instruction"},
        {"SIGTRAP", "Trace/breakpoint trap"},
        {"SIGABRT", "Aborted"},
        {"SIGBUS", "Bus error"},
        {"SIGFPE", "Arithmetic exception"},
        {"SIGKILL", "Killed"},
        {"SIGUSR1", "User defined signal 1"},
        {"SIGSEGV", "Segmentation fault"},
        {"SIGUSR2", "User defined signal 2"},
        {"SIGPIPE", "Broken pipe"},
        {"SIGALRM", "Alarm clock"},
        {"SIGTERM", "Terminated"},
        {"SIGSTKFLT", "Stack fault"},
        {"SIGCHLD", "Child status changed"},
        {"SIGCONT", "Continued"},
        {"SIGSTOP", "Stopped (signal)"},
        {"SIGTSTP", "Stopped (user)"},
        {"SIGTTIN", "Stopped (tty input)"},
        {"SIGTTOU", "Stopped (tty output)"},
        {"SIGURG", "Urgent I/O condition"},
        {"SIGXCPU", "CPU time limit exceeded"},
        {"SIGXFSZ", "File size limit exceeded"},
        {"SIGVTALRM", "Virtual timer expired"},
        {"SIGPROF", "Profiling timer expired"},
        {"SIGWINCH", "Window size changed"},
        {"SIGIO", "I/O possible"},
        {"SIGPWR", "Power fail/restart"},
        {"SIGSYS", "Bad system call"},
    };

    private LinuxSignals() {}

    /** {@code SIGILL}, or {@code SIG<n>} for one without a name here (real-time signals). */
    public static String name(int signal) {
        return signal > 0 && signal < SIGNALS.length ? SIGNALS[signal][0] : "SIG" + signal;
    }

    /** {@code Illegal instruction}, or {@code Unknown signal <n>}. */
    public static String description(int signal) {
        return signal > 0 && signal < SIGNALS.length ? SIGNALS[signal][1] : "Unknown signal " + signal;
    }
}
