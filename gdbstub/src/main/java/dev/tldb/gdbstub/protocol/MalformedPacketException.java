package dev.tldb.gdbstub.protocol;

/**
 * A packet that does not parse. Thrown by {@link PacketReader} and by handlers; the dispatcher
 * turns it into an {@code E} reply and the session goes on. The message names the packet and the
 * position, e.g. {@code m12x4,8: expected ',' at offset 3}.
 */
public final class MalformedPacketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message);
    }
}
