package dev.tldb.gdbstub.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link RspOutbound} messages: {@code +}, {@code -}, 0x03, and packets framed as
 * {@code $payload#cs} (notifications as {@code %payload#cs}).
 *
 * <p>Every payload byte in {@code $ # } *} is escaped as {@code }} followed by the byte XOR 0x20.
 * That is what binary replies (qXfer chunks, vFile:pread data, {@code x} memory) need, and it is
 * harmless for text replies, which by construction contain none of those bytes
 * ({@code dev.tldb.gdbstub.protocol.Reply} keeps them out of text). Escaping everything keeps the
 * framing intact whatever a handler puts in a reply.
 *
 * <p>Run-length encoding (on by default) is applied after escaping, like gdbserver's
 * {@code try_rle}: a run of 4 to 97 equal bytes becomes the byte, {@code *} and a count byte
 * (repeats + 29), never using {@code $} or {@code #} as the count. gdb expands runs before it
 * unescapes, so compressing escaped output is safe. Zero-filled memory compresses about 30:1,
 * which matters for large {@code m} replies.
 *
 * <p>Stateless, so one instance may serve all channels.
 */
@ChannelHandler.Sharable
public final class RspEncoder extends MessageToByteEncoder<RspOutbound> {
    private final boolean runLength;

    public RspEncoder() {
        this(true);
    }

    /** @param runLength whether to compress runs in outgoing packets */
    public RspEncoder(boolean runLength) {
        super(RspOutbound.class);
        this.runLength = runLength;
    }

    public boolean runLength() {
        return runLength;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RspOutbound msg, boolean preferDirect) {
        // Framing is 4 bytes; text and hex never grow, binary grows by its escapes. Start at the
        // common size and let the buffer expand for the rare escape-heavy reply.
        int initial = msg instanceof OutgoingPacket p ? p.payload().length() + 4
                : msg instanceof RspFrame.Packet p ? p.length() + 4
                : msg instanceof RspFrame.Notification n ? n.payload().length + 4 : 1;
        return preferDirect ? ctx.alloc().ioBuffer(initial) : ctx.alloc().heapBuffer(initial);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RspOutbound msg, ByteBuf out) {
        encodeTo(msg, out, runLength);
    }

    /** Encodes one message into {@code out}; also usable without a channel (tests, tools). */
    public static void encodeTo(RspOutbound msg, ByteBuf out, boolean runLength) {
        if (msg instanceof RspFrame.Ack) {
            out.writeByte('+');
        } else if (msg instanceof RspFrame.Nack) {
            out.writeByte('-');
        } else if (msg instanceof RspFrame.Interrupt) {
            out.writeByte(0x03);
        } else if (msg instanceof RspFrame.Packet p) {
            writeFrame(out, '$', Payload.bytes(p.payload()), runLength);
        } else if (msg instanceof RspFrame.Notification n) {
            writeFrame(out, '%', Payload.bytes(n.payload()), runLength);
        } else if (msg instanceof OutgoingPacket p) {
            writeFrame(out, p.notification() ? '%' : '$', p.payload(), runLength);
        } else {
            throw new RspCodecException("cannot encode " + msg);
        }
    }

    private static void writeFrame(ByteBuf out, int start, Payload payload, boolean runLength) {
        out.writeByte(start);
        FrameWriter writer = new FrameWriter(payload.length());
        payload.encode(writer);
        int sum = writer.finish(out, runLength);
        out.writeByte('#');
        out.writeByte(Character.forDigit(sum >> 4, 16));
        out.writeByte(Character.forDigit(sum & 15, 16));
    }
}
