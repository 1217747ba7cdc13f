package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;

/**
 * {@code qTStatus}: we have no tracepoints, so the packet is unsupported. That is what gdbserver
 * answers on targets without tracepoint support (it only consults its trace code when the target
 * supports tracepoints). Answering {@code T0;tnotrun:0} instead, as gdbserver does on x86-64
 * Linux, would make gdb go on to ask {@code qTfV}, {@code qTsV}, {@code qTfP} at every connect.
 * After the empty reply gdb marks trace-status unsupported and never asks again.
 */
public final class TraceStatusHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        return Reply.unsupported();
    }
}
