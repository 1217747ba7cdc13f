package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;

/**
 * The small process queries gdb makes once per connection:
 * <ul>
 *   <li>{@code qAttached[:pid]} → {@code 1}: we are "attached to an existing process", so gdb's
 *       {@code quit} detaches (leaving the core and any simulation alone) instead of killing.</li>
 *   <li>{@code qOffsets} → empty, as gdbserver on Linux: gdb relocates a PIE from the auxv's
 *       AT_ENTRY and the link map, not from section offsets.</li>
 *   <li>{@code qSymbol::} → {@code OK}: we need no symbol values from gdb (our thread layer reads
 *       the program's own symbol tables), so the exchange ends at once.</li>
 * </ul>
 */
public final class ProcessQueryHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        return switch (request.name()) {
            case "qAttached" -> Reply.text("1");
            case "qOffsets" -> Reply.unsupported();
            case "qSymbol" -> Reply.ok();
            default -> Reply.unsupported();
        };
    }
}
