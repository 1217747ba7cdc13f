package dev.tldb.gdbstub.packets.target;

import dev.tldb.abi.RegisterLayout;
import dev.tldb.abi.Registers;
import dev.tldb.gdbstub.frame.Payload;
import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.protocol.MalformedPacketException;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.target.TargetException;
import dev.tldb.target.ThreadInfo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code g} and {@code G}: all registers of the {@code Hg} thread, in target-description order
 * (the layout's order; see {@link dev.tldb.gdbstub.target.TargetDescription}), each register's
 * bytes in target byte order as hex. A register the target does not have (a core without
 * floating-point notes, aarch64's {@code tpidr} in a qemu core) is sent as {@code x} digits,
 * which gdb shows as {@code <unavailable>}.
 *
 * <p>{@code G} writes go to the target's register overlay (a core's registers are never
 * written); {@code x} digits in a {@code G} leave that register as it was.
 */
public final class RegistersHandler implements PacketHandler {
    private static final byte[] UNAVAILABLE = new byte[256];

    static {
        Arrays.fill(UNAVAILABLE, (byte) 'x');
    }

    @Override
    public Reply handle(GdbSession session, Request request) {
        Optional<ThreadInfo> thread = Threads.general(session);
        if (thread.isEmpty()) {
            return Threads.unknown(session, session.generalThread());
        }
        TargetStub stub = TargetStub.of(session);
        try {
            Registers regs = stub.target().registers(thread.get());
            return request.name().equals("g") ? read(request, regs) : write(request, stub, thread.get(), regs);
        } catch (TargetException e) {
            return Reply.error(ErrorCodes.IO, e.getMessage());
        }
    }

    private static Reply read(Request request, Registers regs) {
        request.args().expectEnd();
        RegisterLayout layout = regs.layout();
        byte[] block = regs.block();
        Payload.Builder out = Payload.builder();
        for (int i = 0; i < layout.size(); i++) {
            int size = layout.get(i).byteSize();
            if (regs.isAvailable(i)) {
                out.hex(block, layout.offset(i), size);
            } else {
                out.bytes(UNAVAILABLE, 0, 2 * size);
            }
        }
        return Reply.data(out.build());
    }

    private static Reply write(Request request, TargetStub stub, ThreadInfo thread, Registers regs) {
        PacketReader args = request.args();
        byte[] text = args.rest();
        RegisterLayout layout = regs.layout();
        if (text.length % 2 != 0 || text.length / 2 > layout.totalBytes()) {
            throw new MalformedPacketException("G: " + text.length + " hex digits for a " + layout.totalBytes()
                    + "-byte register block");
        }
        Registers updated = regs.copy();
        int bytes = text.length / 2;
        for (int i = 0; i < layout.size() && layout.offset(i) < bytes; i++) {
            int off = layout.offset(i);
            int size = layout.get(i).byteSize();
            if (off + size > bytes) {
                break; // gdb may send a shorter block; the rest stays
            }
            String hex = new String(text, 2 * off, 2 * size, StandardCharsets.ISO_8859_1);
            if (hex.indexOf('x') >= 0) {
                continue;
            }
            updated.setRaw(i, Hex.decode(hex));
        }
        stub.target().writeRegisters(thread, updated);
        return Reply.ok();
    }
}
