package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.frame.RspFrame;
import dev.tldb.gdbstub.protocol.PacketReader;

import java.util.Objects;

/**
 * A packet together with the name it was dispatched under.
 *
 * @param name   the registered name that matched, e.g. {@code qXfer:features:read} or {@code m}
 * @param packet the whole packet, name included
 */
public record Request(String name, RspFrame.Packet packet) {
    public Request {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(packet, "packet");
        if (!startsWith(packet, name)) {
            throw new IllegalArgumentException("packet " + packet + " does not start with " + name);
        }
    }

    private static boolean startsWith(RspFrame.Packet packet, String name) {
        if (packet.length() < name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (packet.byteAt(i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A reader positioned just after the name: for {@code m1000,4} and name {@code m}, at {@code 1000,4}. */
    public PacketReader args() {
        return new PacketReader(packet.payload(), name.length());
    }

    /** The whole packet as text (ISO-8859-1). */
    public String text() {
        return packet.text();
    }
}
