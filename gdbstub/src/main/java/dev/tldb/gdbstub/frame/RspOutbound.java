package dev.tldb.gdbstub.frame;

/**
 * What {@link RspEncoder} can write: the control bytes, decoded frames (so that
 * {@code encode(decode(x))} round-trips) and {@link OutgoingPacket}, which a session uses for
 * replies because its {@link Payload} can reference data without copying it first.
 */
public sealed interface RspOutbound
        permits RspFrame.Ack, RspFrame.Nack, RspFrame.Interrupt, RspFrame.Packet, RspFrame.Notification,
                OutgoingPacket {
}
