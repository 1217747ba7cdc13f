package dev.tldb.gdbstub.server;

import dev.tldb.gdbstub.frame.RspEncoder;
import dev.tldb.gdbstub.frame.RspFrameDecoder;
import dev.tldb.gdbstub.packets.PacketDispatcher;
import dev.tldb.gdbstub.packets.StandardPackets;
import dev.tldb.gdbstub.packets.xfer.XferRegistry;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.StubTarget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static dev.tldb.gdbstub.frame.Frames.buf;
import static dev.tldb.gdbstub.frame.Frames.packet;
import static dev.tldb.gdbstub.frame.Frames.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole per-connection pipeline (decoder, encoder, session handler) on an EmbeddedChannel,
 * with handlers run inline so every reply is visible right after the write.
 */
class SessionPipelineTest {
    private final AtomicInteger interrupts = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private EmbeddedChannel channel;

    @BeforeEach
    void open() {
        channel = channel(512);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private EmbeddedChannel channel(int packetSize) {
        PacketDispatcher dispatcher = StandardPackets.builder(XferRegistry.EMPTY)
                .on("qEcho", (s, r) -> Reply.text(r.args().restText()))
                .build();
        StubTarget target = new StubTarget() {
            @Override
            public void interrupt() {
                interrupts.incrementAndGet();
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        ServerContext context = new ServerContext(dispatcher, (id, remote) -> target, packetSize, Runnable::run,
                new AtomicInteger());
        return new EmbeddedChannel(new RspFrameDecoder(packetSize), new RspEncoder(), new SessionChannelHandler(context));
    }

    /** Feeds raw bytes, then returns everything the server wrote since the last call. */
    private String exchange(String wire) {
        channel.writeInbound(buf(wire));
        channel.runPendingTasks();
        StringBuilder sb = new StringBuilder();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            sb.append(text(b));
            b.release();
        }
        return sb.toString();
    }

    @Test
    void acksThenAnswersInAckMode() {
        assertThat(exchange(packet("vMustReplyEmpty"))).isEqualTo("+$#00");
        assertThat(exchange(packet("qEcho:hi"))).isEqualTo("+" + packet(":hi"));
    }

    @Test
    void asksForARetransmissionOnABadChecksum() {
        assertThat(exchange("$qEcho:hi#00")).isEqualTo("-");
        assertThat(exchange(packet("qEcho:hi"))).isEqualTo("+" + packet(":hi"));
    }

    @Test
    void resendsTheLastReplyWhenGdbNacksIt() {
        exchange(packet("qEcho:x"));
        assertThat(exchange("-")).isEqualTo(packet(":x"));
        assertThat(exchange("+")).isEmpty();
    }

    @Test
    void switchesToNoAckModeAndIgnoresGdbsLastAck() {
        assertThat(exchange(packet("QStartNoAckMode"))).isEqualTo("+$OK#9a");
        // gdb acks the OK once more; from then on nothing is acked either way.
        assertThat(exchange("+")).isEmpty();
        assertThat(exchange(packet("qEcho:quiet"))).isEqualTo(packet(":quiet"));
        assertThat(exchange("$qEcho:corrupt#00")).isEmpty();
        assertThat(exchange("-")).isEmpty();
        assertThat(exchange(packet("qEcho:still here"))).isEqualTo(packet(":still here"));
    }

    @Test
    void answersAnOversizePacketWithAnErrorAndKeepsTheConnection() {
        String big = "M1000,100:" + "00".repeat(300);
        assertThat(exchange(packet(big))).isEqualTo("+" + packet("E16"));
        assertThat(channel.isActive()).isTrue();
        assertThat(exchange(packet("qEcho:after"))).isEqualTo("+" + packet(":after"));
    }

    @Test
    void nacksAnOversizePacketWhoseChecksumIsAlsoBad() {
        assertThat(exchange("$" + "x".repeat(600) + "#00")).isEqualTo("-");
    }

    @Test
    void answersUnknownAndMalformedPacketsAndGoesOn() {
        assertThat(exchange(packet("qNoSuchThing"))).isEqualTo("+$#00");
        assertThat(exchange(packet("Hgp1."))).startsWith("+$E.malformed H packet");
        assertThat(exchange(packet("M0,1:}"))).isEqualTo("+" + packet("E16")); // broken escape
        assertThat(exchange(packet("qEcho:ok"))).isEqualTo("+" + packet(":ok"));
    }

    @Test
    void deliversInterruptsToTheTarget() {
        assertThat(exchange("\u0003")).isEmpty();
        assertThat(interrupts).hasValue(1);
    }

    @Test
    void handlesAnExchangeFedOneByteAtATime() {
        String wire = packet("qSupported:multiprocess+") + "+" + packet("QStartNoAckMode") + "+" + packet("qEcho:z");
        StringBuilder out = new StringBuilder();
        for (char c : wire.toCharArray()) {
            out.append(exchange(String.valueOf(c)));
        }
        assertThat(out.toString()).isEqualTo("+" + packet("PacketSize=200;QStartNoAckMode+;multiprocess+;"
                + "vContSupported+;QThreadEvents+;swbreak+;hwbreak+") + "+$OK#9a" + packet(":z"));
    }

    @Test
    void skipsGarbageBetweenPackets() {
        assertThat(exchange("\r\nnoise" + packet("qEcho:1") + "junk")).isEqualTo("+" + packet(":1"));
    }

    @Test
    void closesTheTargetWhenTheConnectionCloses() {
        exchange("$m0,4"); // half a packet
        channel.close();
        channel.runPendingTasks();
        assertThat(closes).hasValue(1);
    }
}
