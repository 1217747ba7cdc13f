package dev.tldb.gdbstub.frame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The logical (unescaped) bytes of an outgoing packet, as a list of segments that are only read
 * when the encoder writes them to the socket buffer.
 *
 * <p>Why segments: a memory read reply is the target's bytes in hex, a qXfer or vFile reply is a
 * short prefix followed by a slice of a larger document. Building either as one array first
 * would copy every byte twice; here the encoder walks the segments once, escaping, compressing
 * and checksumming as it copies. Segments keep references to the caller's arrays: do not change
 * an array after handing it to a payload.
 */
public final class Payload {
    private static final Payload EMPTY = new Payload(List.of(), 0);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final List<Segment> segments;
    private final int length;

    private Payload(List<Segment> segments, int length) {
        this.segments = segments;
        this.length = length;
    }

    /** The empty payload, {@code $#00}: gdb's "unsupported". */
    public static Payload empty() {
        return EMPTY;
    }

    /** Text, one byte per char; chars above 0xff are a programming error. */
    public static Payload ascii(String text) {
        return builder().ascii(text).build();
    }

    /** The whole array, by reference. */
    public static Payload bytes(byte[] data) {
        return builder().bytes(data, 0, data.length).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of logical bytes (hex segments count two per source byte), before escaping. */
    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** Feeds every logical byte, in order, to {@code sink}. */
    public void forEachByte(ByteSink sink) {
        for (Segment s : segments) {
            s.writeTo(sink);
        }
    }

    /** Feeds the segments to the encoder in bulk (see {@link FrameWriter}). */
    void encode(FrameWriter writer) {
        for (Segment s : segments) {
            s.encode(writer);
        }
    }

    /** A copy of the logical bytes; for tests and logs, not for the write path. */
    public byte[] toByteArray() {
        byte[] out = new byte[length];
        int[] pos = {0};
        forEachByte(b -> out[pos[0]++] = (byte) b);
        return out;
    }

    @Override
    public String toString() {
        return "Payload[" + Printable.of(toByteArray(), 200) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && length == p.length && java.util.Arrays.equals(toByteArray(), p.toByteArray());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(toByteArray());
    }

    /** Receives logical bytes as ints 0..255. */
    @FunctionalInterface
    public interface ByteSink {
        void put(int b);
    }

    private sealed interface Segment permits Raw, Hex {
        void writeTo(ByteSink sink);

        void encode(FrameWriter writer);
    }

    private record Raw(byte[] data, int offset, int length) implements Segment {
        @Override
        public void encode(FrameWriter writer) {
            writer.raw(data, offset, length);
        }

        @Override
        public void writeTo(ByteSink sink) {
            for (int i = offset, end = offset + length; i < end; i++) {
                sink.put(data[i] & 0xff);
            }
        }
    }

    private record Hex(byte[] data, int offset, int length) implements Segment {
        @Override
        public void encode(FrameWriter writer) {
            writer.hex(data, offset, length);
        }

        @Override
        public void writeTo(ByteSink sink) {
            for (int i = offset, end = offset + length; i < end; i++) {
                int b = data[i] & 0xff;
                sink.put(HEX_DIGITS[b >>> 4]);
                sink.put(HEX_DIGITS[b & 15]);
            }
        }
    }

    /** Builds a payload from segments; each call appends. */
    public static final class Builder {
        private final List<Segment> segments = new ArrayList<>();
        private int length;

        private Builder() {
        }

        public Builder ascii(String text) {
            byte[] b = new byte[text.length()];
            for (int i = 0; i < b.length; i++) {
                char c = text.charAt(i);
                if (c > 0xff) {
                    throw new IllegalArgumentException("payload text must be 8-bit, got U+"
                            + Integer.toHexString(c) + " at " + i);
                }
                b[i] = (byte) c;
            }
            return bytes(b, 0, b.length);
        }

        /** {@code length} bytes of {@code data} from {@code offset}, by reference. */
        public Builder bytes(byte[] data, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, data.length);
            if (length > 0) {
                segments.add(new Raw(data, offset, length));
                this.length = Math.addExact(this.length, length);
            }
            return this;
        }

        /** Each of {@code length} bytes of {@code data} as two lowercase hex digits, by reference. */
        public Builder hex(byte[] data, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, data.length);
            if (length > 0) {
                segments.add(new Hex(data, offset, length));
                this.length = Math.addExact(this.length, Math.multiplyExact(2, length));
            }
            return this;
        }

        public Builder hex(byte[] data) {
            return hex(data, 0, data.length);
        }

        public Payload build() {
            return length == 0 ? EMPTY : new Payload(List.copyOf(segments), length);
        }
    }
}
