package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;

/**
 * Answers one family of packets. Register it with {@link PacketDispatcher.Builder#on} under the
 * packet's name; the dispatcher passes only packets whose name matched.
 *
 * <p>Where handlers run: packets of one connection are never handled concurrently, and always in
 * order. A handler that may wait (a resume that runs until gdb's Ctrl-C, a call to a slower stub)
 * must say so with {@link #mayBlock()}; it then runs on the connection's serial executor, off the
 * network thread, which stays free to deliver the interrupt byte. Every other handler runs on the
 * network thread as the packet arrives: gdb sends one request and waits for the answer, and two
 * thread hand-offs per packet cost more than the work itself (milliseconds per packet on a busy
 * machine, where a TLS print is dozens of packets). Such handlers must not block, but may read a
 * mapped core or a file. Throw {@link dev.tldb.gdbstub.protocol.MalformedPacketException} for bad
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

    /** Whether handling may wait for something outside (see the class comment); false by default. */
    default boolean mayBlock() {
        return false;
    }

    /** {@code handler}, declared as one that may block. */
    static PacketHandler blocking(PacketHandler handler) {
        return new PacketHandler() {
            @Override
            public Reply handle(GdbSession session, Request request) {
                return handler.handle(session, request);
            }

            @Override
            public ErrorStyle errorStyle() {
                return handler.errorStyle();
            }

            @Override
            public boolean mayBlock() {
                return true;
            }
        };
    }
}
