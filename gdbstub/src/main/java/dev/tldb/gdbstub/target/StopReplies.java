package dev.tldb.gdbstub.target;

import dev.tldb.abi.Arch;
import dev.tldb.abi.RegisterLayout;
import dev.tldb.abi.Registers;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.target.StopInfo;
import dev.tldb.target.TargetException;
import dev.tldb.target.ThreadInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stop replies ({@code T} packets) as gdbserver writes them: the signal in gdb's numbering, an
 * optional reason ({@code swbreak:;}), the expedited registers gdb needs to show the frame
 * without a {@code g} round trip (frame pointer, stack pointer, pc; by target-description
 * number), then {@code thread:pPID.TID;}.
 */
public final class StopReplies {
    private StopReplies() {
    }

    /** {@code T<sig>[reason:;]<regs>thread:<id>;} for the stopped thread. */
    public static String stopped(GdbSession session, TargetStub stub, StopInfo stop, String reason) {
        StringBuilder sb = new StringBuilder(128);
        int sig = GdbSignals.fromLinux(stop.signal());
        sb.append('T').append(Character.forDigit(sig >> 4 & 15, 16)).append(Character.forDigit(sig & 15, 16));
        if (reason != null && !reason.isEmpty()) {
            sb.append(reason).append(":;");
        }
        ThreadInfo thread = stop.thread();
        try {
            Registers regs = stub.target().registers(thread);
            for (int index : expedited(stub.target().abi().arch())) {
                Optional<byte[]> raw = regs.raw(index);
                if (raw.isPresent()) {
                    // Two digits at least, as gdbserver writes them ("06:"), though gdb reads any width.
                    sb.append(index < 16 ? "0" : "").append(Hex.number(index)).append(':').append(Hex.encode(raw.get())).append(';');
                }
            }
        } catch (TargetException e) {
            // No registers (a thread the core has no notes for): gdb will ask with g and see "xx".
        }
        sb.append("thread:").append(session.format(stub.idOf(thread))).append(';');
        return sb.toString();
    }

    /** Register indexes sent with every stop: frame pointer, stack pointer, pc (those the arch has). */
    static List<Integer> expedited(Arch arch) {
        RegisterLayout layout = arch.registers();
        List<Integer> out = new ArrayList<>(3);
        for (String name : new String[] {framePointer(arch), arch.spRegister(), arch.pcRegister()}) {
            if (name != null) {
                layout.indexOf(name).ifPresent(out::add);
            }
        }
        return out;
    }

    private static String framePointer(Arch arch) {
        return switch (arch) {
            case X86_64 -> "rbp";
            case I386 -> "ebp";
            case AARCH64 -> "x29";
            case RISCV64 -> "fp";
            case PPC64LE, S390X -> null;
        };
    }
}
