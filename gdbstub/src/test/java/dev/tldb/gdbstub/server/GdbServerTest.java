package dev.tldb.gdbstub.server;

import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.StandardPackets;
import dev.tldb.gdbstub.packets.xfer.XferRegistry;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.StubTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The server over real loopback sockets, with a raw client that speaks the protocol by hand. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GdbServerTest {
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private GdbServer server;

    /** A target whose only behaviour is being interruptible and closable. */
    private final class TestTarget implements StubTarget {
        final CompletableFuture<Void> interrupted = new CompletableFuture<>();

        TestTarget() {
            opened.incrementAndGet();
        }

        @Override
        public void interrupt() {
            interrupted.complete(null);
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private GdbServer.Builder serverBuilder() {
        return GdbServer.builder()
                .dispatcher(StandardPackets.builder(XferRegistry.EMPTY)
                        .on("qEcho", (s, r) -> Reply.text(r.args().restText()))
                        // Stands in for a resume (vCont;c): blocks until gdb's Ctrl-C reaches the target.
                        .on("qSlow", PacketHandler.blocking((s, r) -> {
                            try {
                                ((TestTarget) s.target()).interrupted.get(20, TimeUnit.SECONDS);
                                return Reply.text("T02thread:p1.1;");
                            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                                return Reply.error(ErrorCodes.GENERIC, "not interrupted: " + e);
                            }
                        }))
                        .build())
                .targets((id, remote) -> new TestTarget());
    }

    private InetSocketAddress start(GdbServer.Builder builder) {
        server = builder.build();
        return server.start();
    }

    private RawRspClient connect(InetSocketAddress address) throws IOException {
        RawRspClient c = new RawRspClient(address);
        cleanup.add(c);
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void listensOnLoopbackOnAnEphemeralPortAndHandshakes() throws IOException {
        InetSocketAddress address = start(serverBuilder());
        assertThat(address.getAddress().isLoopbackAddress()).isTrue();
        assertThat(address.getPort()).isPositive().isEqualTo(server.port());
        try (RawRspClient c = connect(address)) {
            assertThat(c.handshake()).startsWith("PacketSize=20000;QStartNoAckMode+;multiprocess+");
            assertThat(c.request("qEcho:hello")).isEqualTo(":hello");
        }
    }

    @Test
    void servesSeveralClientsAtOnce() throws Exception {
        InetSocketAddress address = start(serverBuilder());
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int client = i;
                results.add(clients.submit(() -> {
                    try (RawRspClient c = new RawRspClient(address)) {
                        c.handshake();
                        for (int n = 0; n < 50; n++) {
                            String echo = c.request("qEcho:" + client + "/" + n);
                            if (!echo.equals(":" + client + "/" + n)) {
                                throw new AssertionError("client " + client + " got " + echo);
                            }
                        }
                        return 50;
                    }
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(50);
            }
        } finally {
            clients.shutdownNow();
        }
        eventually("all sessions closed", () -> server.activeSessions() == 0 && closed.get() == 6);
        assertThat(opened).hasValue(6);
    }

    @Test
    void aClientStalledMidPacketDoesNotHoldUpOthers() throws Exception {
        InetSocketAddress address = start(serverBuilder());
        RawRspClient stalled = connect(address);
        String wire = RawRspClient.frame("qEcho:stalled");
        stalled.sendRaw(wire.substring(0, 7));

        RawRspClient busy = connect(address);
        busy.handshake();
        for (int n = 0; n < 200; n++) {
            assertThat(busy.request("qEcho:" + n)).isEqualTo(":" + n);
        }
        stalled.sendRaw(wire.substring(7));
        assertThat(stalled.readReply()).isEqualTo(":stalled");
    }

    @Test
    void aBlockedHandlerDoesNotHoldUpOthersAndCtrlCStillReachesIt() throws Exception {
        InetSocketAddress address = start(serverBuilder());
        RawRspClient running = connect(address);
        running.handshake();
        running.sendRaw(RawRspClient.frame("qSlow")); // handler now waits for the interrupt

        RawRspClient other = connect(address);
        other.handshake();
        for (int n = 0; n < 100; n++) {
            assertThat(other.request("qEcho:" + n)).isEqualTo(":" + n);
        }
        running.sendRaw("\u0003");
        assertThat(running.readReply()).isEqualTo("T02thread:p1.1;");
        assertThat(running.request("qEcho:after")).isEqualTo(":after");
    }

    @Test
    void aClientThatDisconnectsMidPacketIsCleanedUp() throws Exception {
        InetSocketAddress address = start(serverBuilder());
        RawRspClient leaving = connect(address);
        leaving.handshake();
        leaving.sendRaw("$m7fffffffe810,");
        leaving.close();
        eventually("the session is gone", () -> server.activeSessions() == 0 && closed.get() == 1);

        try (RawRspClient next = connect(address)) {
            next.handshake();
            assertThat(next.request("qEcho:fine")).isEqualTo(":fine");
        }
    }

    @Test
    void answersAFloodOfPipelinedPacketsInOrder() throws Exception {
        InetSocketAddress address = start(serverBuilder());
        RawRspClient c = connect(address);
        c.handshake();
        StringBuilder burst = new StringBuilder();
        for (int n = 0; n < 2000; n++) {
            burst.append(RawRspClient.frame("qEcho:" + n));
        }
        c.sendRaw(burst.toString());
        for (int n = 0; n < 2000; n++) {
            assertThat(c.readReply()).isEqualTo(":" + n);
        }
    }

    @Test
    void survivesAnOversizePacket() throws Exception {
        InetSocketAddress address = start(serverBuilder().packetSize(1024));
        RawRspClient c = connect(address);
        c.handshake();
        assertThat(c.request("X1000,800:" + "a".repeat(4000))).isEqualTo("E16");
        assertThat(c.request("qEcho:ok")).isEqualTo(":ok");
    }

    @Test
    void onceStopsListeningAfterTheFirstClientAndEndsWhenItLeaves() throws Exception {
        InetSocketAddress address = start(serverBuilder().once(true));
        RawRspClient first = connect(address);
        first.handshake();
        boolean secondRefused;
        try (RawRspClient second = new RawRspClient(address)) {
            secondRefused = second.closedByServer(5000);
        } catch (ConnectException e) {
            secondRefused = true;
        }
        assertThat(secondRefused).isTrue();
        assertThat(first.request("qEcho:still")).isEqualTo(":still");
        first.close();
        assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(closed).hasValue(1);
    }

    @Test
    void refusesConnectionsBeyondTheLimit() throws Exception {
        InetSocketAddress address = start(serverBuilder().maxSessions(2));
        connect(address).handshake();
        connect(address).handshake();
        RawRspClient third = connect(address);
        assertThat(third.closedByServer(5000)).isTrue();
        assertThat(opened).hasValue(2);
    }

    @Test
    void closeDisconnectsClientsAndClosesTheirTargets() throws Exception {
        InetSocketAddress address = start(serverBuilder());
        RawRspClient a = connect(address);
        RawRspClient b = connect(address);
        a.handshake();
        b.handshake();
        server.close();
        assertThat(server.terminated()).isDone();
        assertThat(a.closedByServer(5000)).isTrue();
        assertThat(b.closedByServer(5000)).isTrue();
        assertThat(closed).hasValue(2);
        server.close(); // idempotent
    }
}
