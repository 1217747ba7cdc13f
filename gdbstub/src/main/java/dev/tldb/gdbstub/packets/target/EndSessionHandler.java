package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;

/**
 * {@code D[;pid]} (detach), {@code vKill;pid} and {@code k} (kill). Nothing outlives a connection
 * here: its writes live in its own overlay, which goes with it, and the core file is untouched,
 * so both are simply acknowledged and gdb closes the connection. {@code k} has no reply in
 * all-stop mode (gdb does not wait for one); gdb 13 uses {@code vKill} anyway once multiprocess is
 * negotiated.
 */
public final class EndSessionHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        switch (request.name()) {
            case "k" -> {
                return Reply.none();
            }
            case "D" -> {
                if (args.consume(';')) {
                    args.hex();
                }
                args.expectEnd();
                return Reply.ok();
            }
            default -> { // vKill;pid
                args.expect(';');
                args.hex();
                args.expectEnd();
                return Reply.ok();
            }
        }
    }
}
