package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;

/**
 * {@code QNonStop:0|1}. We are all-stop only: {@code 0} is acknowledged, {@code 1} refused. We do
 * not advertise {@code QNonStop+}, so gdb 13 never sends either (it sends {@code QNonStop:0} only
 * to stubs that advertise it); the handler is here for clients that ask anyway. gdb shows the
 * refusal text ("Remote refused setting non-stop mode with: ...").
 */
public final class NonStopHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        args.expect(':');
        String mode = args.restText();
        return switch (mode) {
            case "0" -> Reply.ok();
            case "1" -> Reply.error(ErrorCodes.GENERIC, "non-stop mode is not supported");
            default -> Reply.error(ErrorCodes.INVALID, "unknown non-stop mode: " + mode);
        };
    }
}
