package dev.tldb.target;

import java.util.Optional;

/**
 * One thread: gdb's thread number ({@code num}, 1-based, stable for the life of the target), the
 * process id and the LWP (the kernel's thread id), and a name when the target knows one.
 */
public record ThreadInfo(int num, long pid, long lwp, Optional<String> name) {

    public ThreadInfo(int num, long pid, long lwp) {
        this(num, pid, lwp, Optional.empty());
    }

    /** gdb's way of naming it in messages: {@code Thread 3 (LWP 1234)}. */
    public String describe() {
        return "thread " + num + " (LWP " + lwp + ")";
    }
}
