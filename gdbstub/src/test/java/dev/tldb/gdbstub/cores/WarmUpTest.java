package dev.tldb.gdbstub.cores;

import dev.tldb.gdbstub.frame.RspFrame;
import dev.tldb.gdbstub.packets.PacketDispatcher;
import dev.tldb.gdbstub.packets.target.TargetPackets;
import dev.tldb.gdbstub.server.WarmUp;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.CoreStubs;
import dev.tldb.gdbstub.target.TargetStubFactory;
import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up practice session: what it asks, that it answers, that it stops when told. */
class WarmUpTest {
    @Test
    void practisesATypicalSessionOnAServedCore() {
        SampleCore sample = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        try (ServedCore served = ServedCore.serve(sample)) {
            TargetStubFactory targets = CoreStubs.factory(served.loaded);
            PacketDispatcher dispatcher = TargetPackets.dispatcher();
            GdbSession s = new GdbSession(9, 0x20000, new InetSocketAddress(0), targets.open(9, null));
            dispatcher.handle(s, RspFrame.Packet.of("qSupported:multiprocess+"));
            List<String> session = TargetPackets.typicalSession(s);
            assertThat(session).filteredOn(p -> p.startsWith("qGetTLSAddr:")).hasSize(5 * 4); // 5 threads, 4 TLS modules
            for (String p : session) {
                String reply = new String(dispatcher.handle(s, RspFrame.Packet.of(p)).payload().toByteArray(),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
                if (!p.startsWith("qGetTLSAddr:")) { // odd threads never touched the plugin: E. is right
                    assertThat(reply).as(p).doesNotStartWith("E");
                }
            }
            int done = WarmUp.run(dispatcher, targets, 0x20000, TargetPackets::typicalSession, 300, Duration.ofSeconds(30));
            assertThat(done).isBetween(300, 300 + session.size());
        }
    }
}
