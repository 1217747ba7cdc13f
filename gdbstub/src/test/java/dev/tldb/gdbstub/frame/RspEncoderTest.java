package dev.tldb.gdbstub.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.tldb.gdbstub.frame.Frames.bytes;
import static dev.tldb.gdbstub.frame.Frames.packet;
import static dev.tldb.gdbstub.frame.Frames.text;
import static org.assertj.core.api.Assertions.assertThat;

class RspEncoderTest {
    private EmbeddedChannel channel = new EmbeddedChannel(new RspEncoder());

    @AfterEach
    void noLeftovers() {
        assertThat(channel.finish()).isFalse();
    }

    private String write(RspOutbound msg) {
        assertThat(channel.writeOutbound(msg)).isTrue();
        ByteBuf out = channel.readOutbound();
        try {
            return text(out);
        } finally {
            out.release();
        }
    }

    @Test
    void writesControlBytes() {
        assertThat(write(RspFrame.Ack.INSTANCE)).isEqualTo("+");
        assertThat(write(RspFrame.Nack.INSTANCE)).isEqualTo("-");
        assertThat(write(RspFrame.Interrupt.INSTANCE)).isEqualTo("\u0003");
    }

    @Test
    void framesAndChecksumsText() {
        assertThat(write(OutgoingPacket.packet("OK"))).isEqualTo("$OK#9a");
        assertThat(write(OutgoingPacket.packet(""))).isEqualTo("$#00");
        assertThat(write(RspFrame.Packet.of("vMustReplyEmpty"))).isEqualTo("$vMustReplyEmpty#3a");
    }

    @Test
    void writesNotificationsWithAPercentSign() {
        assertThat(write(new OutgoingPacket(Payload.ascii("Stop:T05"), true))).isEqualTo("%Stop:T05#99");
    }

    @Test
    void escapesTheFourFramingBytes() {
        String wire = write(OutgoingPacket.packet(Payload.bytes(bytes("a$b#c}d*e"))));
        String raw = "a}\u0004b}\u0003c}]d}\ne";
        assertThat(wire).isEqualTo(packet(raw));
    }

    @Test
    void writesHexSegmentsWithoutAnIntermediateCopy() {
        Payload p = Payload.builder().ascii("m").hex(new byte[]{0x01, (byte) 0xab, 0x7f}).build();
        assertThat(p.length()).isEqualTo(7);
        assertThat(write(OutgoingPacket.packet(p))).isEqualTo(packet("m01ab7f"));
    }

    @Test
    void compressesRunsLikeGdbserver() {
        assertThat(write(OutgoingPacket.packet("000"))).isEqualTo(packet("000"));
        assertThat(write(OutgoingPacket.packet("0000"))).isEqualTo(packet("0* "));
        // 7 and 8 would need '#' and '$' as counts: gdbserver shortens the run instead.
        assertThat(write(OutgoingPacket.packet("0".repeat(7)))).isEqualTo(packet("0*\"0"));
        assertThat(write(OutgoingPacket.packet("0".repeat(8)))).isEqualTo(packet("0*\"00"));
        assertThat(write(OutgoingPacket.packet("0".repeat(97)))).isEqualTo(packet("0*}"));
        assertThat(write(OutgoingPacket.packet("0".repeat(98)))).isEqualTo(packet("0*}0"));
    }

    @Test
    void matchesGdbserverBytesForAStopReplyFromTheCapturedTranscript() {
        // gdbserver 13 sent exactly these bytes (see src/test/resources/transcripts/).
        String stop = "T0506:0000000000000000;07:10e8ffffff7f0000;10:704bfef7ff7f0000;thread:p1547.1547;core:0;";
        assertThat(write(OutgoingPacket.packet(stop)))
                .isEqualTo("$T0506:0*,;07:10e8f*\"7f0* ;10:704bfef7ff7f0* ;thread:p1547.1547;core:0;#56");
        String trace = "T0;tnotrun:0;tframes:0;tcreated:0;tfree:500000;tsize:500000;circular:0;disconn:0;"
                + "starttime:0;stoptime:0;username:;notes::";
        assertThat(write(OutgoingPacket.packet(trace)))
                .isEqualTo("$T0;tnotrun:0;tframes:0;tcreated:0;tfree:50*!;tsize:50*!;circular:0;disconn:0;"
                        + "starttime:0;stoptime:0;username:;notes::#30");
    }

    @Test
    void compressesAfterEscaping() {
        // Four '*' become four "}\n" pairs: no run of equal bytes, nothing to compress.
        assertThat(write(OutgoingPacket.packet(Payload.bytes(bytes("****")))))
                .isEqualTo(packet("}\n}\n}\n}\n"));
        // A run of ']' right after an escaped '}' is compressed on the escaped bytes.
        assertThat(write(OutgoingPacket.packet(Payload.bytes(bytes("}]]]]")))))
                .isEqualTo(packet("}]*!"));
    }

    @Test
    void canLeaveRunsUncompressed() {
        channel.finish();
        channel = new EmbeddedChannel(new RspEncoder(false));
        assertThat(write(OutgoingPacket.packet("0000"))).isEqualTo(packet("0000"));
    }
}
