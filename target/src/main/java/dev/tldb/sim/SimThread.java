package dev.tldb.sim;

import dev.tldb.abi.Registers;
import dev.tldb.target.ThreadInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One simulated thread: its gdb number, LWP and name, where the C library put its thread
 * descriptor ({@code pd}) and thread pointer, its stack, and the memory objects it owns (freed when
 * it exits). Its registers are derived from these unless the debugger wrote some.
 */
final class SimThread {
    final int num;
    final long lwp;
    final String name;
    /** Order of creation among all events, to tell which dlopens came before it (musl). */
    final long createdSeq;

    long pd;
    long tp;
    long stackLow;
    long stackHigh;
    /** The DTV as installed in the TCB (glibc: {@code &dtv[0]}, the generation's entry; musl: {@code &dtv[0]}). */
    long dtv;
    /** The program counter: the start of the function the scenario says the thread is in. */
    long pc;
    Optional<Registers> written = Optional.empty();
    final List<Long> ownedObjects = new ArrayList<>();
    private final ThreadInfo info;

    SimThread(int num, long pid, long lwp, String name, long createdSeq) {
        this.num = num;
        this.lwp = lwp;
        this.name = name;
        this.createdSeq = createdSeq;
        this.info = new ThreadInfo(num, pid, lwp, Optional.of(name));
    }

    ThreadInfo info() {
        return info;
    }

    /** A plausible stack pointer: 16-byte aligned, a little below the top, above a zero return address. */
    long sp() {
        return Words.alignDown(stackHigh - 0x100, 16);
    }

    @Override
    public String toString() {
        return name + " (LWP " + lwp + ")";
    }
}
