package dev.tldb.gdbstub.monitor;

import dev.tldb.gdbstub.packets.ErrorStyle;
import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.target.TargetException;

/**
 * {@code qRcmd,<hex command>}: gdb's {@code monitor <command>}. The answer is the command's
 * output, hex-encoded, which gdb prints as is. Failures are output too (a line starting with
 * {@code tldb:}): gdb 13 shows an {@code Enn} reply only as "Protocol error with Rcmd" and
 * decodes {@code E.text} as hex, so words are the only way to say what went wrong.
 *
 * <p>This is how a gdb 13 user learns why a TLS lookup failed (gdb replaces our reason with its
 * own fixed text): {@code monitor tls-error}. See {@link MonitorCommands} for the commands.
 */
public final class MonitorHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        args.expect(',');
        String command = Hex.decodeText(args.restText()).strip();
        String output;
        try {
            output = MonitorCommands.run(session, command);
        } catch (TargetException e) {
            output = "tldb: " + e.getMessage() + "\n";
        }
        if (output.isEmpty()) {
            return Reply.ok();
        }
        if (!output.endsWith("\n")) {
            output += "\n";
        }
        return Reply.text(Hex.encode(output.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public ErrorStyle errorStyle() {
        return ErrorStyle.CODE_UNLESS_NEGOTIATED;
    }
}
