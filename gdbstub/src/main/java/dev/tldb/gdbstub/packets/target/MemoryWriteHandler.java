package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.MalformedPacketException;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.target.TargetException;

/**
 * {@code M<addr>,<length>:<hex>} and {@code X<addr>,<length>:<binary>}: memory writes, which a
 * core or simulated target keeps in its overlay (the core file is never written). gdb probes
 * {@code X} with a zero-length write before using it; that gets {@code OK}. gdb treats any
 * reply starting with {@code E} as a failed write, so the text form is safe here.
 */
public final class MemoryWriteHandler implements PacketHandler {
    private final boolean binary;

    /** @param binary whether this is the {@code X} handler */
    public MemoryWriteHandler(boolean binary) {
        this.binary = binary;
    }

    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        long address = args.hex();
        args.expect(',');
        int length = args.hexInt();
        args.expect(':');
        byte[] data = binary ? args.rest() : args.hexBytes();
        args.expectEnd();
        if (data.length != length) {
            throw new MalformedPacketException(request.name() + ": length " + length + " but " + data.length
                    + " bytes of data");
        }
        if (length == 0) {
            return Reply.ok();
        }
        try {
            TargetStub.of(session).target().writeMemory(address, data, 0, length);
        } catch (TargetException e) {
            return Reply.error(ErrorCodes.BAD_ADDRESS, e.getMessage());
        }
        return Reply.ok();
    }
}
