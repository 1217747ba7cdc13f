package dev.tldb.testkit;

/**
 * One row of gdb's {@code info threads}.
 *
 * @param number  gdb's thread number (for {@code thread N})
 * @param lwp     the LWP gdb shows for it
 * @param current whether it is the selected thread ({@code *})
 * @param frame   the rest of the row: {@code main () at .../tls-sample.c:353} and the like
 */
public record GdbThread(int number, long lwp, boolean current, String frame) {}
