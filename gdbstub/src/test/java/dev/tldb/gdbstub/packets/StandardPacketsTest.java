package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.frame.RspFrame;
import dev.tldb.gdbstub.packets.xfer.XferRegistry;
import dev.tldb.gdbstub.protocol.ThreadId;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.session.StubTarget;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StandardPacketsTest {
    private static final String GDB13_FEATURES = "multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;"
            + "vfork-events+;exec-events+;vContSupported+;QThreadEvents+;no-resumed+;memory-tagging+;xmlRegisters=i386";

    private final AtomicInteger threadReads = new AtomicInteger();
    private final XferRegistry xfers = XferRegistry.builder()
            .add("features", (s, annex) -> annex.equals("target.xml")
                    ? Optional.of("<target><architecture>i386:x86-64</architecture></target>".getBytes(StandardCharsets.US_ASCII))
                    : Optional.empty())
            .add("threads", (s, annex) -> {
                threadReads.incrementAndGet();
                return Optional.of("<threads>\n<thread id=\"p1.1\" core=\"0\"/>\n</threads>\n".getBytes(StandardCharsets.US_ASCII));
            })
            .add("auxv", (s, annex) -> Optional.of(new byte[]{'$', '#', '}', '*', 0, 1}))
            .build();
    private final PacketDispatcher dispatcher = StandardPackets.builder(xfers).build();
    private GdbSession session = new GdbSession(7, 0x20000, null, new StubTarget() {
        @Override
        public List<String> features() {
            return List.of("QPassSignals+");
        }
    });

    private String send(String packet) {
        PacketDispatcher.Outcome o = dispatcher.handle(session, RspFrame.Packet.of(packet));
        return new String(o.payload().toByteArray(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void answersQSupportedAndNegotiatesMultiprocess() {
        String reply = send("qSupported:" + GDB13_FEATURES);
        assertThat(reply).isEqualTo("PacketSize=20000;QStartNoAckMode+;multiprocess+;vContSupported+;"
                + "QThreadEvents+;swbreak+;hwbreak+;qXfer:features:read+;qXfer:threads:read+;qXfer:auxv:read+;QPassSignals+");
        assertThat(session.multiprocess()).isTrue();
        assertThat(session.peerFeatures().value("xmlRegisters")).contains("i386");
        assertThat(session.format(ThreadId.of(1, 2))).isEqualTo("p1.2");
    }

    @Test
    void agreesToErrorMessagesOnlyWhenOffered() {
        assertThat(send("qSupported")).doesNotContain("error-message");
        assertThat(session.multiprocess()).isFalse();
        assertThat(send("qSupported:multiprocess+;error-message+")).endsWith(";error-message+;QPassSignals+");
    }

    @Test
    void repliesEmptyToVMustReplyEmpty() {
        assertThat(send("vMustReplyEmpty")).isEmpty();
    }

    @Test
    void switchesToNoAckMode() {
        assertThat(session.ackMode()).isTrue();
        assertThat(send("QStartNoAckMode")).isEqualTo("OK");
        assertThat(session.ackMode()).isFalse();
    }

    @Test
    void staysInAllStopMode() {
        assertThat(send("QNonStop:0")).isEqualTo("OK");
        assertThat(send("QNonStop:1")).isEqualTo("E.non-stop mode is not supported");
        assertThat(send("QNonStop:2")).isEqualTo("E.unknown non-stop mode: 2");
        assertThat(send("QNonStop")).startsWith("E.malformed QNonStop packet");
    }

    @Test
    void recordsThreadEvents() {
        assertThat(send("QThreadEvents:1")).isEqualTo("OK");
        assertThat(session.threadEvents()).isTrue();
        assertThat(send("QThreadEvents:0")).isEqualTo("OK");
        assertThat(session.threadEvents()).isFalse();
        assertThat(send("QThreadEvents:x")).isEqualTo("E.Unknown thread-events mode requested: x");
    }

    @Test
    void hasNoTracing() {
        assertThat(send("qTStatus")).isEmpty();
    }

    @Test
    void acceptsExtendedMode() {
        assertThat(send("!")).isEqualTo("OK");
        assertThat(session.extendedMode()).isTrue();
    }

    @Test
    void selectsThreads() {
        assertThat(send("Hgp0.0")).isEqualTo("OK");
        assertThat(session.generalThread()).isEqualTo(ThreadId.ANY_THREAD);
        assertThat(send("Hgp1547.154d")).isEqualTo("OK");
        assertThat(session.generalThread()).isEqualTo(ThreadId.of(0x1547, 0x154d));
        assertThat(send("Hc-1")).isEqualTo("OK");
        assertThat(session.continueThread()).isEqualTo(ThreadId.of(0, -1));
        assertThat(send("Hs1")).isEqualTo("OK");
        assertThat(send("Hx1")).isEmpty();
        assertThat(send("Hgp1.")).startsWith("E.malformed H packet");
        assertThat(session.generalThread()).isEqualTo(ThreadId.of(0x1547, 0x154d));
    }

    @Test
    void servesQXferDocumentsInChunks() {
        String doc = "<threads>\n<thread id=\"p1.1\" core=\"0\"/>\n</threads>\n";
        assertThat(send("qXfer:threads:read::0,1000")).isEqualTo("l" + doc);
        assertThat(send("qXfer:threads:read::0,10")).isEqualTo("m" + doc.substring(0, 16));
        assertThat(send("qXfer:threads:read::10,10")).isEqualTo("m" + doc.substring(16, 32));
        assertThat(send("qXfer:threads:read::20,100")).isEqualTo("l" + doc.substring(32));
        assertThat(send("qXfer:threads:read::" + Integer.toHexString(doc.length()) + ",10")).isEqualTo("l");
        assertThat(send("qXfer:threads:read::100,10")).startsWith("E.offset 0x100 is past the end");
    }

    @Test
    void makesTheDocumentOnceForAllChunksOfARead() {
        send("qXfer:threads:read::0,10");
        send("qXfer:threads:read::10,10");
        send("qXfer:threads:read::20,10");
        assertThat(threadReads).hasValue(1);
        send("qXfer:threads:read::0,1000"); // a new read starts at 0: fresh document
        assertThat(threadReads).hasValue(2);
    }

    @Test
    void answersUnknownObjectsAnnexesAndWritesLikeGdbserver() {
        assertThat(send("qXfer:features:read:target.xml:0,1000")).startsWith("l<target>");
        assertThat(send("qXfer:features:read:64bit-core.xml:0,1000")).startsWith("E.no features object named '64bit-core.xml'");
        assertThat(send("qXfer:osdata:read::0,1000")).isEmpty();
        assertThat(send("qXfer:siginfo:write::0:abcd")).isEmpty();
        assertThat(send("qXfer:threads:read::0")).startsWith("E.malformed qXfer packet");
        assertThat(send("qXfer:threads:read::0,0")).startsWith("E.malformed qXfer packet");
    }

    @Test
    void keepsBinaryChunksWithinOnePacketAfterEscaping() {
        // auxv is "$#}*" + two plain bytes: 4 of 6 bytes need escaping.
        session = new GdbSession(8, GdbSession.MIN_PACKET_SIZE, null, new StubTarget() {
        });
        byte[] big = new byte[1000];
        java.util.Arrays.fill(big, (byte) '#');
        XferRegistry r = XferRegistry.builder().add("auxv", (s, a) -> Optional.of(big)).build();
        PacketDispatcher d = StandardPackets.builder(r).build();
        PacketDispatcher.Outcome o = d.handle(session, RspFrame.Packet.of("qXfer:auxv:read::0,3fb"));
        byte[] payload = o.payload().toByteArray();
        assertThat((char) payload[0]).isEqualTo('m');
        int escaped = 1 + 2 * (payload.length - 1);
        assertThat(escaped).isLessThanOrEqualTo(GdbSession.MIN_PACKET_SIZE);
        assertThat(payload.length - 1).isEqualTo((GdbSession.MIN_PACKET_SIZE - 1) / 2);
        assertThat(send("qXfer:auxv:read::0,1000").getBytes(StandardCharsets.ISO_8859_1))
                .startsWith('l', '$', '#', '}', '*', 0, 1);
    }
}
