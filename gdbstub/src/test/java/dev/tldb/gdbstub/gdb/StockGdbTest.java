package dev.tldb.gdbstub.gdb;

import dev.tldb.gdbstub.packets.ErrorStyle;
import dev.tldb.gdbstub.server.GdbServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stock gdb (13 on the project's machines) connects over TCP in batch mode to our server with
 * the fake x86-64 target, and its own debug log tells us what it made of our replies.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StockGdbTest {
    @TempDir
    Path work;
    private GdbServer server;

    @BeforeEach
    void needsGdb() {
        GdbRunner.requireGdb();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String start(ErrorStyle memoryErrors) {
        server = GdbServer.builder().dispatcher(FakeX86Target.dispatcher(memoryErrors)).build();
        return "target remote 127.0.0.1:" + server.start().getPort();
    }

    /** The reply gdb logged right after it sent {@code request} (matched at the start of the packet). */
    private static String replyTo(GdbRunner.Result r, String request) {
        List<String> packets = r.packets();
        for (int i = 0; i < packets.size() - 1; i++) {
            if (packets.get(i).contains("Sending packet: $" + request)) {
                String reply = packets.get(i + 1);
                assertThat(reply).as("reply to %s", request).contains("Packet received:");
                return reply.substring(reply.indexOf("Packet received:") + "Packet received:".length()).strip();
            }
        }
        throw new AssertionError("gdb never sent " + request + "; packets:\n" + String.join("\n", packets));
    }

    private static void assertNoProtocolTrouble(GdbRunner.Result r) {
        assertThat(r.log()).doesNotContain("Bad checksum", "Remote communication error", "Invalid remote reply",
                "Saw new packet start", "Timeout in", "Invalid run length", "conflicting enabled responses");
    }

    @Test
    void completesTheHandshakeAndReadsThreadsRegistersAndMemory() throws Exception {
        String target = start(ErrorStyle.CODE_UNLESS_NEGOTIATED);
        GdbRunner.Result r = GdbRunner.run(work, null, target, "info threads", "x/4gx $sp",
                "x/2gx 0xdead0000", "detach");

        assertThat(replyTo(r, "qSupported:")).startsWith("PacketSize=20000;QStartNoAckMode+;multiprocess+;")
                .contains("qXfer:features:read+", "qXfer:threads:read+");
        assertThat(replyTo(r, "vMustReplyEmpty#")).isEmpty();
        assertThat(replyTo(r, "QStartNoAckMode#")).isEqualTo("OK");
        assertThat(replyTo(r, "Hgp0.0#")).isEqualTo("OK");
        assertThat(replyTo(r, "qXfer:features:read:target.xml:0,")).startsWith("l<?xml");
        assertThat(replyTo(r, "qTStatus#")).isEmpty();
        assertThat(replyTo(r, "?#")).isEqualTo("T05thread:p1.1;");
        assertThat(replyTo(r, "qXfer:threads:read::0,")).contains("<thread id=\"p1.1\"");
        assertThat(replyTo(r, "g#")).isEqualTo("0".repeat(2 * FakeX86Target.registerBytes()));
        assertThat(r.log()).contains("Packet qTStatus (trace-status) is NOT supported");

        assertThat(r.stdout()).contains("Thread 1.1 \"fake\"")
                .contains("0x0:\t0x0000000000000000\t0x0000000000000000")
                .contains("[Inferior 1 (process 1) detached]");
        // Enn on a memory read is what gdb 13 understands as "cannot access".
        assertThat(replyTo(r, "mdead0000,")).isEqualTo("E0e");
        assertThat(r.log()).contains("Cannot access memory at address 0xdead0000");
        assertNoProtocolTrouble(r);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void readsMemoryInRequestsOfHalfThePacketSize() throws Exception {
        String target = start(ErrorStyle.CODE_UNLESS_NEGOTIATED);
        Path dump = work.resolve("dump.bin");
        GdbRunner.Result r = GdbRunner.run(work, null, target,
                "dump binary memory " + dump + " 0x100000 0x140000", "detach");
        // PacketSize=0x20000 lets gdb ask for 64 KiB per m packet (gdbserver's 0x47ff: 9 KiB);
        // 128 Ki hex digits of zeros travel run-length encoded as about 4 KiB.
        assertThat(r.packets()).anyMatch(l -> l.contains("Sending packet: $m100000,10000#"))
                .anyMatch(l -> l.contains("Sending packet: $m130000,10000#"));
        assertThat(Files.readAllBytes(dump)).hasSize(0x40000).containsOnly(0);
        assertNoProtocolTrouble(r);
    }

    @Test
    void gdb13MisreadsTextErrorsOnMemoryReads() throws Exception {
        String target = start(ErrorStyle.TEXT);
        GdbRunner.Result r = GdbRunner.run(work, null, target, "x/2gx 0xdead0000", "detach");
        assertThat(replyTo(r, "mdead0000,")).isEqualTo("E.Cannot access memory at 0xdead0000");
        if (!r.log().contains("error-message+")) {
            // No error-message feature (gdb before 15): the reply is decoded as hex and the user
            // sees "Invalid hex digit 46" ('.'), which is why m handlers use CODE_UNLESS_NEGOTIATED.
            assertThat(r.log().lines().filter(l -> !l.contains("[remote]")))
                    .contains("Invalid hex digit 46")
                    .noneMatch(l -> l.contains("Cannot access memory"));
        }
    }

    @Test
    void gdb13ShowsOnlyAGenericMessageForAFailedTlsLookup() throws Exception {
        Path gcc = GdbRunner.requireTool("gcc", "gcc");
        Files.writeString(work.resolve("tls.c"), "__thread int tls_counter = 7;\nint main(void) { return tls_counter; }\n");
        Process cc = new ProcessBuilder(gcc.toString(), "-g", "-O0", "-o", "tls", "tls.c")
                .directory(work.toFile()).redirectErrorStream(true).start();
        assertThat(cc.waitFor()).as("gcc: %s", new String(cc.getInputStream().readAllBytes())).isZero();
        int major = GdbRunner.majorVersion();
        Assumptions.assumeTrue(major < 17, "gdb " + major + " computes TLS itself and sends no qGetTLSAddr");

        String target = start(ErrorStyle.CODE_UNLESS_NEGOTIATED);
        GdbRunner.Result r = GdbRunner.run(work, "tls", target, "print tls_counter", "detach");
        // No main-lm from the stub, so lm is 0 for the executable; offset 0 is tls_counter's.
        assertThat(replyTo(r, "qGetTLSAddr:p1.1,0,0#")).isEqualTo("E." + FakeX86Target.TLS_ERROR);
        // The E.text reply counts as an error, but gdb 13 replaces it with a fixed message.
        assertThat(r.log()).contains("Cannot find thread-local storage for Thread 1.1, executable file ")
                .contains("Remote target failed to process qGetTLSAddr request");
        assertThat(r.log().lines().filter(l -> !l.contains("[remote]")))
                .noneMatch(l -> l.contains("not allocated yet"));
        assertNoProtocolTrouble(r);
    }
}
