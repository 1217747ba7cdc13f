package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.frame.Payload;
import dev.tldb.gdbstub.packets.ErrorStyle;
import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.target.TargetException;

/**
 * {@code m<addr>,<length>} (hex reply) and {@code x<addr>,<length>} (binary reply, {@code b}
 * prefix; gdb 16 and later use it once we advertise {@code binary-upload+}, gdb 13 never does).
 *
 * <p>Speed is what matters here: gdb reads memory in requests of PacketSize/2 bytes (64 KiB
 * with our 0x20000), so {@code dump memory} or a big {@code x} costs one round trip per 64 KiB.
 * The bytes are read once from the target (a core's mapped file) into one array, and the reply
 * payload refers to that array: the encoder writes the hex digits (or escaped bytes) straight
 * into the socket buffer.
 *
 * <p>A read that stops early returns the bytes it got (gdb asks again from there, and reports
 * "Cannot access memory" at the exact address); one that gets nothing is {@code E0e}, the only
 * error form gdb 13 understands for {@code m} ({@code E.text} is decoded as hex there).
 */
public final class MemoryReadHandler implements PacketHandler {
    private final boolean binary;

    /** @param binary whether this is the {@code x} handler */
    public MemoryReadHandler(boolean binary) {
        this.binary = binary;
    }

    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        long address = args.hex();
        args.expect(',');
        int length = args.hexInt();
        args.expectEnd();
        // Hex doubles every byte; binary needs room for the worst case of escapes, and both
        // need their prefix.
        int max = binary ? (session.packetSize() - 1) / 2 : session.packetSize() / 2;
        length = Math.min(length, max);
        if (length == 0) {
            return binary ? Reply.text("b") : Reply.unsupported();
        }
        byte[] buf = new byte[length];
        int n;
        try {
            n = TargetStub.of(session).target().readMemory(address, buf, 0, length);
        } catch (TargetException e) {
            return Reply.error(ErrorCodes.BAD_ADDRESS, e.getMessage());
        }
        if (n <= 0) {
            return Reply.error(ErrorCodes.BAD_ADDRESS, "Cannot access memory at address 0x" + Hex.number(address));
        }
        return binary ? Reply.binary("b", buf, 0, n) : Reply.data(Payload.builder().hex(buf, 0, n).build());
    }

    @Override
    public ErrorStyle errorStyle() {
        return ErrorStyle.CODE_UNLESS_NEGOTIATED;
    }
}
