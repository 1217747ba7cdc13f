package dev.tldb.gdbstub.frame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One unit of the remote serial protocol as {@link RspFrameDecoder} reads it off the wire.
 *
 * <p>The set is closed: a session handles every kind and nothing else. {@link Ack}, {@link Nack},
 * {@link Interrupt}, {@link Packet} and {@link Notification} are also {@link RspOutbound}, so the
 * same values round-trip through {@link RspEncoder}; {@link Rejected} only ever comes in.
 */
public sealed interface RspFrame
        permits RspFrame.Ack, RspFrame.Nack, RspFrame.Interrupt, RspFrame.Packet,
                RspFrame.Notification, RspFrame.Rejected {

    /** {@code +}: the peer received our last packet intact. */
    record Ack() implements RspFrame, RspOutbound {
        public static final Ack INSTANCE = new Ack();
    }

    /** {@code -}: the peer saw a bad checksum and wants our last packet again. */
    record Nack() implements RspFrame, RspOutbound {
        public static final Nack INSTANCE = new Nack();
    }

    /** The raw byte 0x03 outside any packet: gdb's Ctrl-C, "stop the target". */
    record Interrupt() implements RspFrame, RspOutbound {
        public static final Interrupt INSTANCE = new Interrupt();
    }

    /**
     * {@code $payload#cs}. The payload is already run-length expanded and unescaped.
     *
     * <p>The frame owns its array and hands it out without copying (packets reach the size of
     * a memory write): treat {@link #payload()} as read-only.
     *
     * @param payload    the logical bytes
     * @param checksumOk whether the two checksum digits matched the bytes between {@code $} and {@code #}
     */
    record Packet(byte[] payload, boolean checksumOk) implements RspFrame, RspOutbound {
        public Packet {
            Objects.requireNonNull(payload, "payload");
        }

        /** A well-formed packet of ASCII text, for tests and for writing requests. */
        public static Packet of(String ascii) {
            return new Packet(ascii.getBytes(StandardCharsets.ISO_8859_1), true);
        }

        /** The payload as ISO-8859-1 text: one char per byte, so binary payloads survive. */
        public String text() {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }

        public int length() {
            return payload.length;
        }

        /** The byte at {@code index}, 0..255. */
        public int byteAt(int index) {
            return payload[index] & 0xff;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Packet p && checksumOk == p.checksumOk && Arrays.equals(payload, p.payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload) * 31 + Boolean.hashCode(checksumOk);
        }

        @Override
        public String toString() {
            return "Packet[" + Printable.of(payload, 200) + (checksumOk ? "" : ", BAD CHECKSUM") + "]";
        }
    }

    /**
     * {@code %payload#cs}: an asynchronous notification (stub to debugger only, e.g. {@code %Stop:...}
     * in non-stop mode). Decoded for completeness, so the codec can also sit on the client side of
     * another stub; a stub never has to act on one.
     */
    record Notification(byte[] payload, boolean checksumOk) implements RspFrame, RspOutbound {
        public Notification {
            Objects.requireNonNull(payload, "payload");
        }

        public static Notification of(String ascii) {
            return new Notification(ascii.getBytes(StandardCharsets.ISO_8859_1), true);
        }

        public String text() {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Notification n && checksumOk == n.checksumOk && Arrays.equals(payload, n.payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload) * 31 + Boolean.hashCode(checksumOk);
        }

        @Override
        public String toString() {
            return "Notification[" + Printable.of(payload, 200) + (checksumOk ? "" : ", BAD CHECKSUM") + "]";
        }
    }

    /**
     * A packet that was framed completely ({@code $...#cs} all seen) but could not be delivered:
     * too long, or its escapes or run-length counts were broken. The decoder has already skipped
     * all of it, so the connection stays in sync; the session answers with an error reply (after
     * a {@code +} when acks are on and the checksum was good) and goes on.
     *
     * @param reason     why the packet was dropped
     * @param checksumOk whether the checksum still matched (it is computed even while discarding)
     * @param rawLength  number of bytes between {@code $} and {@code #} as sent
     * @param head       the first decoded bytes (at most {@link RspFrameDecoder#HEAD_BYTES}), to name the packet in logs
     */
    record Rejected(Reason reason, boolean checksumOk, long rawLength, byte[] head) implements RspFrame {
        public Rejected {
            head = head.clone();
        }

        @Override
        public byte[] head() {
            return head.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rejected r && reason == r.reason && checksumOk == r.checksumOk
                    && rawLength == r.rawLength && Arrays.equals(head, r.head);
        }

        @Override
        public int hashCode() {
            return (reason.hashCode() * 31 + Long.hashCode(rawLength)) * 31 + Arrays.hashCode(head);
        }

        @Override
        public String toString() {
            return "Rejected[" + reason + ", " + rawLength + " raw bytes, starts " + Printable.of(head, 64)
                    + (checksumOk ? "" : ", BAD CHECKSUM") + "]";
        }

        public enum Reason {
            /** More bytes than the configured maximum packet size (raw or after run-length expansion). */
            OVERSIZE,
            /** A {@code }} escape with nothing after it. */
            BAD_ESCAPE,
            /** A {@code *} with no byte before it to repeat, or a count byte below the protocol's range. */
            BAD_RUN_LENGTH
        }
    }
}
