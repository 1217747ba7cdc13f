package dev.tldb.gdbstub.frame;

import java.util.Objects;

/**
 * A packet ({@code $...#cs}) or notification ({@code %...#cs}) to send. The encoder escapes and
 * checksums the payload while copying it into the socket buffer, so the payload is given
 * unescaped.
 */
public record OutgoingPacket(Payload payload, boolean notification) implements RspOutbound {
    public OutgoingPacket {
        Objects.requireNonNull(payload, "payload");
    }

    public static OutgoingPacket packet(Payload payload) {
        return new OutgoingPacket(payload, false);
    }

    public static OutgoingPacket packet(String ascii) {
        return new OutgoingPacket(Payload.ascii(ascii), false);
    }
}
