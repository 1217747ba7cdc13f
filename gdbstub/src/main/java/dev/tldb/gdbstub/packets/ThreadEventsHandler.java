package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;

/**
 * {@code QThreadEvents:0|1}: whether stop replies may report thread creation and exit. Recorded
 * in the session for the resume handlers; gdbserver answers an unknown mode with an {@code E.}
 * message, and so do we.
 */
public final class ThreadEventsHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        args.expect(':');
        String mode = args.restText();
        switch (mode) {
            case "0" -> session.threadEvents(false);
            case "1" -> session.threadEvents(true);
            default -> {
                return Reply.error(ErrorCodes.INVALID, "Unknown thread-events mode requested: " + mode);
            }
        }
        return Reply.ok();
    }
}
