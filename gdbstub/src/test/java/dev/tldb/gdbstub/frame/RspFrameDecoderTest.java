package dev.tldb.gdbstub.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.tldb.gdbstub.frame.Frames.buf;
import static dev.tldb.gdbstub.frame.Frames.bytes;
import static dev.tldb.gdbstub.frame.Frames.packet;
import static org.assertj.core.api.Assertions.assertThat;

class RspFrameDecoderTest {
    private RspFrameDecoder decoder = new RspFrameDecoder();
    private EmbeddedChannel channel = new EmbeddedChannel(decoder);

    @AfterEach
    void noLeftovers() {
        assertThat(channel.finish()).as("unread frames left in the channel").isFalse();
    }

    private void use(int maxPacketSize) {
        channel.finishAndReleaseAll();
        decoder = new RspFrameDecoder(maxPacketSize);
        channel = new EmbeddedChannel(decoder);
    }

    private List<RspFrame> readAll() {
        List<RspFrame> frames = new ArrayList<>();
        for (RspFrame f; (f = channel.readInbound()) != null; ) {
            frames.add(f);
        }
        return frames;
    }

    @Test
    void decodesOnePacket() {
        assertThat(channel.writeInbound(buf("$qSupported:multiprocess+#c6"))).isTrue();
        assertThat(readAll()).containsExactly(RspFrame.Packet.of("qSupported:multiprocess+"));
    }

    @Test
    void decodesAPacketFedOneByteAtATime() {
        String wire = packet("vMustReplyEmpty");
        for (int i = 0; i < wire.length() - 1; i++) {
            assertThat(channel.writeInbound(buf(wire.substring(i, i + 1)))).as("byte %d", i).isFalse();
        }
        assertThat(channel.writeInbound(buf(wire.substring(wire.length() - 1)))).isTrue();
        assertThat(readAll()).containsExactly(RspFrame.Packet.of("vMustReplyEmpty"));
    }

    @Test
    void decodesEverySplitOfAFrameSequence() {
        String wire = "+" + packet("m7fff0,8") + "-\u0003" + packet("}]*!") + "+";
        List<RspFrame> expected = List.of(RspFrame.Ack.INSTANCE, RspFrame.Packet.of("m7fff0,8"),
                RspFrame.Nack.INSTANCE, RspFrame.Interrupt.INSTANCE,
                new RspFrame.Packet(bytes("}]]]]"), true), RspFrame.Ack.INSTANCE);
        for (int cut = 0; cut <= wire.length(); cut++) {
            use(RspFrameDecoder.DEFAULT_MAX_PACKET_SIZE);
            channel.writeInbound(buf(wire.substring(0, cut)));
            channel.writeInbound(buf(wire.substring(cut)));
            assertThat(readAll()).as("split at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void decodesSeveralFramesFromOneBuffer() {
        channel.writeInbound(buf("+$OK#9a$#00%Stop:T05#99\u0003-"));
        assertThat(readAll()).containsExactly(
                RspFrame.Ack.INSTANCE,
                RspFrame.Packet.of("OK"),
                RspFrame.Packet.of(""),
                RspFrame.Notification.of("Stop:T05"),
                RspFrame.Interrupt.INSTANCE,
                RspFrame.Nack.INSTANCE);
    }

    @Test
    void marksABadChecksumAndStaysInSync() {
        channel.writeInbound(buf("$OK#00$OK#9a$OK#zz"));
        assertThat(readAll()).containsExactly(
                new RspFrame.Packet(bytes("OK"), false),
                new RspFrame.Packet(bytes("OK"), true),
                new RspFrame.Packet(bytes("OK"), false));
    }

    @Test
    void acceptsUpperCaseChecksumDigits() {
        channel.writeInbound(buf("$OK#9A"));
        assertThat(readAll()).containsExactly(RspFrame.Packet.of("OK"));
    }

    @Test
    void undoesEscapesAndChecksumsTheEscapedBytes() {
        // } escapes: 0x03 -> '#', 0x04 -> '$', ']' -> '}', '\n' -> '*'
        String raw = "X1,4:}\u0003}\u0004}]}\n";
        channel.writeInbound(buf(packet(raw)));
        assertThat(readAll()).containsExactly(new RspFrame.Packet(bytes("X1,4:#$}*"), true));
    }

    @Test
    void expandsRunLengthBeforeUnescaping() {
        channel.writeInbound(buf(packet("0* ") + packet("0*}") + packet("a0*\"0")));
        List<RspFrame> frames = readAll();
        assertThat(((RspFrame.Packet) frames.get(0)).text()).isEqualTo("0000");
        assertThat(((RspFrame.Packet) frames.get(1)).text()).isEqualTo("0".repeat(97));
        assertThat(((RspFrame.Packet) frames.get(2)).text()).isEqualTo("a" + "0".repeat(7));
    }

    @Test
    void takesAnyByteAfterTheStarAsTheCountLikeGdb() {
        // '#' (35) as a count means 6 more; gdbserver avoids it but gdb's reader accepts it.
        channel.writeInbound(buf(packet("x*#")));
        assertThat(readAll()).containsExactly(RspFrame.Packet.of("x".repeat(7)));
    }

    @Test
    void rejectsARunWithNothingToRepeat() {
        channel.writeInbound(buf(packet("*#abc") + packet("OK")));
        List<RspFrame> frames = readAll();
        assertThat(frames.get(0)).isInstanceOfSatisfying(RspFrame.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RspFrame.Rejected.Reason.BAD_RUN_LENGTH);
            assertThat(r.checksumOk()).isTrue();
        });
        assertThat(frames.get(1)).isEqualTo(RspFrame.Packet.of("OK"));
    }

    @Test
    void rejectsACountBelowTheProtocolRange() {
        channel.writeInbound(buf(packet("a*\u0010")));
        assertThat(readAll()).singleElement().isInstanceOfSatisfying(RspFrame.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RspFrame.Rejected.Reason.BAD_RUN_LENGTH));
    }

    @Test
    void rejectsATrailingEscape() {
        channel.writeInbound(buf(packet("M0,1:}")));
        assertThat(readAll()).singleElement().isInstanceOfSatisfying(RspFrame.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RspFrame.Rejected.Reason.BAD_ESCAPE);
            assertThat(new String(r.head())).isEqualTo("M0,1:");
        });
    }

    @Test
    void treatsInterruptBetweenFramesAsInterruptAndInsideAPacketAsData() {
        channel.writeInbound(buf("\u0003" + packet("X0,1:\u0003") + "\u0003"));
        assertThat(readAll()).containsExactly(RspFrame.Interrupt.INSTANCE,
                RspFrame.Packet.of("X0,1:\u0003"), RspFrame.Interrupt.INSTANCE);
    }

    @Test
    void skipsGarbageBetweenFrames() {
        channel.writeInbound(buf("hello\r\n" + packet("qC") + "junk#00" + packet("?")));
        assertThat(readAll()).containsExactly(RspFrame.Packet.of("qC"), RspFrame.Packet.of("?"));
        assertThat(decoder.skippedBytes()).isEqualTo("hello\r\n".length() + "junk#00".length());
    }

    @Test
    void restartsWhenANewPacketBeginsInsideAnother() {
        channel.writeInbound(buf("$m1234,4" + packet("qC")));
        assertThat(readAll()).containsExactly(RspFrame.Packet.of("qC"));
        assertThat(decoder.abandonedPackets()).isEqualTo(1);
    }

    @Test
    void rejectsAnOversizePacketWithoutBufferingItAndKeepsGoing() {
        use(16);
        String big = "M1000,40:" + "ab".repeat(64);
        channel.writeInbound(buf(packet(big) + packet("OK")));
        List<RspFrame> frames = readAll();
        assertThat(frames.get(0)).isInstanceOfSatisfying(RspFrame.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RspFrame.Rejected.Reason.OVERSIZE);
            assertThat(r.checksumOk()).isTrue();
            assertThat(r.rawLength()).isEqualTo(big.length());
            assertThat(new String(r.head())).isEqualTo(big.substring(0, 16));
        });
        assertThat(frames.get(1)).isEqualTo(RspFrame.Packet.of("OK"));
    }

    @Test
    void rejectsAPacketThatOnlyGrowsTooLargeWhenExpanded() {
        use(16);
        channel.writeInbound(buf(packet("0*}")));
        assertThat(readAll()).singleElement().isInstanceOfSatisfying(RspFrame.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RspFrame.Rejected.Reason.OVERSIZE));
    }

    @Test
    void acceptsAPacketOfExactlyTheMaximumSize() {
        use(16);
        channel.writeInbound(buf(packet("0123456789abcdef")));
        assertThat(readAll()).containsExactly(RspFrame.Packet.of("0123456789abcdef"));
    }

    @Test
    void streamsAHugeOversizePacketInSmallPieces() {
        use(1024);
        channel.writeInbound(buf("$"));
        ByteBuf chunk = Unpooled.wrappedBuffer(bytes("x".repeat(4096)));
        for (int i = 0; i < 256; i++) { // 1 MiB of packet body
            assertThat(channel.writeInbound(chunk.retainedDuplicate())).isFalse();
        }
        chunk.release();
        channel.writeInbound(buf("#00"));
        assertThat(readAll()).singleElement().isInstanceOfSatisfying(RspFrame.Rejected.class,
                r -> assertThat(r.rawLength()).isEqualTo(1 << 20));
    }

    @Test
    void decodesNotifications() {
        channel.writeInbound(buf("%Stop:T05thread:p1.1;#86"));
        assertThat(readAll()).singleElement().isInstanceOfSatisfying(RspFrame.Notification.class,
                n -> assertThat(n.text()).isEqualTo("Stop:T05thread:p1.1;"));
    }

    @Test
    void dropsAPartialPacketWhenTheChannelCloses() {
        channel.writeInbound(buf("$m0,4"));
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void roundTripsRandomBinaryPayloadsThroughTheEncoder() {
        Random random = new Random(20240501);
        for (int round = 0; round < 300; round++) {
            byte[] payload = new byte[random.nextInt(300)];
            for (int i = 0; i < payload.length; i++) {
                // Bias towards runs and the special bytes, where the bugs would be.
                int pick = random.nextInt(10);
                payload[i] = pick < 3 ? (byte) "$#}*0"
                        .charAt(random.nextInt(5)) : pick < 6 && i > 0 ? payload[i - 1] : (byte) random.nextInt(256);
            }
            boolean rle = random.nextBoolean();
            ByteBuf wire = Unpooled.buffer();
            RspEncoder.encodeTo(new RspFrame.Packet(payload, true), wire, rle);
            channel.writeInbound(wire);
            assertThat(readAll()).as("round %d, rle %s", round, rle)
                    .containsExactly(new RspFrame.Packet(payload, true));
        }
    }
}
