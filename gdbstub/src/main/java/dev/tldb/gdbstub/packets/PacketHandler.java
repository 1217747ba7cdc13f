package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;

/**
 * Answers one family of packets. Register it with {@link PacketDispatcher.Builder#on} under the
 * packet's name; the dispatcher passes only packets whose name matched.
 *
 * <p>Handlers run on the connection's serial executor, never on a network thread, so they may
 * take their time (read a core file, ask a slower stub); packets of one connection are never
 * handled concurrently. Throw {@link dev.tldb.gdbstub.protocol.MalformedPacketException} for bad
 * input (the reader methods do) and return {@link Reply#error} for target failures.
 */
@FunctionalInterface
public interface PacketHandler {

    Reply handle(GdbSession session, Request request);

    /**
     * Which error form gdb accepts for this packet. The default, text allowed, is right for every
     * packet gdb checks with {@code packet_ok}; memory reads and qRcmd override it.
     */
    default ErrorStyle errorStyle() {
        return ErrorStyle.TEXT;
    }
}
