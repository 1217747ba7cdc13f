package dev.tldb.gdbstub.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

import java.util.Arrays;
import java.util.List;

/**
 * Splits the byte stream of a gdb remote-protocol connection into {@link RspFrame}s.
 *
 * <p>A byte-at-a-time state machine, so frames may arrive split anywhere (TCP segments, a
 * debugger typing slowly) or several to a buffer. Every byte read is consumed at once: the
 * decoder never keeps more than one packet's decoded bytes, and never more than
 * {@code maxPacketSize} of those.
 *
 * <p>What it does, following gdb's own reader ({@code remote.c: read_frame}) where the protocol
 * leaves room:
 * <ul>
 *   <li>Between frames: {@code +} → {@link RspFrame.Ack}, {@code -} → {@link RspFrame.Nack},
 *       0x03 → {@link RspFrame.Interrupt}, {@code $} and {@code %} open a packet or notification,
 *       anything else is skipped (line noise, a telnet user's newline).</li>
 *   <li>Run-length encoding ({@code X*c} = X followed by {@code c - 29} more X) is expanded on
 *       the raw bytes, <em>before</em> unescaping, exactly as gdb does: the byte repeated is the
 *       previous byte as sent, and the count byte is taken whatever it is (even {@code #}).</li>
 *   <li>{@code }} escapes (next byte XOR 0x20) are undone for every packet. gdb itself only
 *       unescapes binary packets, but it never sends a bare {@code }} in a text packet, so
 *       unescaping everything is equivalent and spares the handlers a second pass.</li>
 *   <li>A {@code $} inside a packet abandons the partial packet and starts a new one, as gdb
 *       does ("Saw new packet start in middle of old one"): a real {@code $} is always escaped.</li>
 *   <li>The checksum is checked and reported in the frame; the decoder never answers, the
 *       session decides ({@code -} in ack mode, ignore in no-ack mode).</li>
 *   <li>Oversize packets and broken escapes or counts are read to their {@code #cs} and reported
 *       as one {@link RspFrame.Rejected}, so the stream stays in sync.</li>
 * </ul>
 */
public final class RspFrameDecoder extends ByteToMessageDecoder {
    /** The default limit on a packet's raw and decoded size; also what we advertise as PacketSize. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 0x20000;
    /** The protocol needs no more than this; the cap stops a misconfiguration from costing gigabytes. */
    public static final int MAX_MAX_PACKET_SIZE = 64 << 20;
    /** How many leading bytes of a rejected packet are kept to name it. */
    public static final int HEAD_BYTES = 32;

    private static final int INITIAL_BUFFER = 256;
    /** After a frame larger than this, the buffer is dropped so idle connections stay small. */
    private static final int RETAIN_BUFFER = 64 * 1024;
    /** RLE count byte c means c - 29 more copies; gdb accepts any count from 1 up. */
    private static final int RUN_LENGTH_BIAS = 29;

    private enum State { IDLE, BODY, RUN_COUNT, CHECKSUM_HIGH, CHECKSUM_LOW }

    private final int maxPacketSize;
    private final FrameScanner scanner = new FrameScanner();

    private State state = State.IDLE;
    private boolean notification;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int length;
    private long rawLength;
    private int sum;
    private int lastRaw;
    private boolean escapePending;
    private RspFrame.Rejected.Reason problem;
    private int checksumHigh;

    private long skippedBytes;
    private long abandonedPackets;

    public RspFrameDecoder() {
        this(DEFAULT_MAX_PACKET_SIZE);
    }

    /**
     * @param maxPacketSize the most bytes a packet may have between {@code $} and {@code #}, and
     *                      the most it may expand to; advertise the same number as PacketSize
     */
    public RspFrameDecoder(int maxPacketSize) {
        if (maxPacketSize < 1 || maxPacketSize > MAX_MAX_PACKET_SIZE) {
            throw new RspCodecException("maxPacketSize: " + maxPacketSize + " (expected: 1.." + MAX_MAX_PACKET_SIZE + ")");
        }
        this.maxPacketSize = maxPacketSize;
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }

    /** Bytes skipped between frames since the channel opened (noise, stray characters). */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Partial packets dropped because a new {@code $} started before their {@code #}. */
    public long abandonedPackets() {
        return abandonedPackets;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        scanner.out = out;
        try {
            in.forEachByte(scanner);
        } finally {
            scanner.out = null;
        }
        // Everything readable was consumed by the state machine, complete frame or not.
        in.skipBytes(in.readableBytes());
    }

    /** Feeds one byte through the state machine. */
    private void accept(int b, List<Object> out) {
        switch (state) {
            case IDLE -> idle(b, out);
            case BODY -> body(b);
            case RUN_COUNT -> runCount(b);
            case CHECKSUM_HIGH -> {
                checksumHigh = Character.digit(b, 16);
                state = State.CHECKSUM_LOW;
            }
            case CHECKSUM_LOW -> finish(Character.digit(b, 16), out);
        }
    }

    private void idle(int b, List<Object> out) {
        switch (b) {
            case '$' -> begin(false);
            case '%' -> begin(true);
            case '+' -> out.add(RspFrame.Ack.INSTANCE);
            case '-' -> out.add(RspFrame.Nack.INSTANCE);
            case 0x03 -> out.add(RspFrame.Interrupt.INSTANCE);
            default -> skippedBytes++;
        }
    }

    private void begin(boolean isNotification) {
        notification = isNotification;
        length = 0;
        rawLength = 0;
        sum = 0;
        lastRaw = -1;
        escapePending = false;
        problem = null;
        state = State.BODY;
    }

    private void body(int b) {
        if (b == '#') {
            if (escapePending) {
                flag(RspFrame.Rejected.Reason.BAD_ESCAPE);
            }
            state = State.CHECKSUM_HIGH;
            return;
        }
        if (b == '$') {
            abandonedPackets++;
            begin(false);
            return;
        }
        countRaw(b);
        if (b == '*') {
            state = State.RUN_COUNT;
            return;
        }
        unescape(b);
        lastRaw = b;
    }

    private void runCount(int b) {
        countRaw(b);
        state = State.BODY;
        int repeat = b - RUN_LENGTH_BIAS;
        if (lastRaw < 0 || repeat < 1) {
            flag(RspFrame.Rejected.Reason.BAD_RUN_LENGTH);
            return;
        }
        // Expansion happens on raw bytes: the repeated byte goes through unescaping again,
        // which is what a sender that compressed its escaped output meant.
        for (int i = 0; i < repeat && problem != RspFrame.Rejected.Reason.OVERSIZE; i++) {
            unescape(lastRaw);
        }
    }

    private void countRaw(int b) {
        sum += b;
        if (++rawLength > maxPacketSize) {
            flag(RspFrame.Rejected.Reason.OVERSIZE);
        }
    }

    private void unescape(int b) {
        if (escapePending) {
            escapePending = false;
            store(b ^ 0x20);
        } else if (b == '}') {
            escapePending = true;
        } else {
            store(b);
        }
    }

    private void store(int b) {
        if (length >= maxPacketSize) {
            flag(RspFrame.Rejected.Reason.OVERSIZE);
            return;
        }
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxPacketSize));
        }
        buffer[length++] = (byte) b;
    }

    private void flag(RspFrame.Rejected.Reason reason) {
        // The first problem names the frame; oversize wins over the others because it also
        // means the stored head is all we have.
        if (problem == null || reason == RspFrame.Rejected.Reason.OVERSIZE) {
            problem = reason;
        }
    }

    private void finish(int checksumLow, List<Object> out) {
        boolean checksumOk = checksumHigh >= 0 && checksumLow >= 0
                && ((checksumHigh << 4) | checksumLow) == (sum & 0xff);
        if (problem != null) {
            out.add(new RspFrame.Rejected(problem, checksumOk, rawLength,
                    Arrays.copyOf(buffer, Math.min(length, HEAD_BYTES))));
        } else {
            byte[] payload = Arrays.copyOf(buffer, length);
            out.add(notification ? new RspFrame.Notification(payload, checksumOk)
                    : new RspFrame.Packet(payload, checksumOk));
        }
        if (buffer.length > RETAIN_BUFFER) {
            buffer = new byte[INITIAL_BUFFER];
        }
        state = State.IDLE;
    }

    /** Adapts the state machine to {@link ByteBuf#forEachByte}, which avoids a bounds check per byte. */
    private final class FrameScanner implements ByteProcessor {
        List<Object> out;

        @Override
        public boolean process(byte value) {
            accept(value & 0xff, out);
            return true;
        }
    }
}
