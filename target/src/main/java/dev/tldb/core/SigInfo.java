package dev.tldb.core;

import java.util.OptionalLong;

/**
 * NT_SIGINFO: the {@code siginfo_t} of the signal that killed the process (kernel cores: the
 * dumping thread's; gcore writes one per thread).
 *
 * @param signal       {@code si_signo}
 * @param errno        {@code si_errno}
 * @param code         {@code si_code}
 * @param faultAddress {@code si_addr}, for the signals that carry one (SIGILL, SIGFPE,
 *                     SIGSEGV, SIGBUS, SIGTRAP)
 */
public record SigInfo(int signal, int errno, int code, OptionalLong faultAddress) {}
