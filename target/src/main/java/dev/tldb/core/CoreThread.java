package dev.tldb.core;

import dev.tldb.abi.Registers;

import java.util.List;
import java.util.Optional;

/**
 * One thread of a core: its NT_PRSTATUS and the notes that follow it up to the next
 * NT_PRSTATUS (floating-point registers, NT_ARM_TLS, gcore's per-thread NT_SIGINFO), which is
 * how both the kernel and gdb group a thread's notes.
 *
 * @param number    gdb's thread number: position of the NT_PRSTATUS note, from 1
 * @param status    the NT_PRSTATUS fields
 * @param registers the registers the notes hold, others unavailable
 * @param signalInfo this thread's NT_SIGINFO, when the core has one for it
 * @param notes     the names of this thread's notes, in file order ({@code NT_PRSTATUS},
 *                  {@code NT_FPREGSET}, ...), for diagnostics
 */
public record CoreThread(int number, PrStatus status, Registers registers, Optional<SigInfo> signalInfo,
                         List<String> notes) {

    public CoreThread {
        notes = List.copyOf(notes);
    }

    /** A copy: {@link Registers} is mutable and a core's registers are not. */
    @Override
    public Registers registers() {
        return registers.copy();
    }

    public long lwp() {
        return status.lwp();
    }
}
