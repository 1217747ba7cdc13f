package dev.tldb.testkit;

/**
 * One run of a sample program to its trap.
 *
 * @param output     what it printed on stdout, parsed
 * @param exitCode   128 + the signal that ended it (SIGILL 4 on x86-64, SIGTRAP 5 under qemu)
 * @param stderr     what it (or qemu) printed on stderr
 */
public record ProgramRun(ProgramOutput output, int exitCode, String stderr) {}
