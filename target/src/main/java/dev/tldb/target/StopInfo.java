package dev.tldb.target;

/**
 * Why the target is stopped: the thread that stopped and the signal (gdb's {@code T05}, or the
 * signal that made a core dump: 4 SIGILL for {@code __builtin_trap} on x86, 5 SIGTRAP, 11 SIGSEGV).
 */
public record StopInfo(ThreadInfo thread, int signal, String reason) {}
