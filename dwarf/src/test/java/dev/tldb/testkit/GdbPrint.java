package dev.tldb.testkit;

import java.util.Optional;

/**
 * What gdb said to {@code print <expression>} in one thread.
 *
 * @param lwp        the thread's LWP
 * @param expression what was printed
 * @param value      the text after {@code $N = }, empty when gdb reported an error
 * @param message    everything else gdb printed for it (the error message on failure)
 */
public record GdbPrint(long lwp, String expression, Optional<String> value, String message) {}
