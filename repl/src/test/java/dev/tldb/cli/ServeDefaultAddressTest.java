package dev.tldb.cli;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code tldb serve} without {@code --listen} listens where gdbserver's examples do,
 * {@code 127.0.0.1:1234}, and only on the loopback address (the protocol has no authentication).
 * Port 1234 may be taken on a shared machine: then the first test checks the error instead, and the
 * second test always takes the port itself to check that error.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServeDefaultAddressTest {
    private static final String DEFAULT = "127.0.0.1:1234";

    private record Run(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {}

    private static Run serveWithoutListen() {
        SampleCore sample = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] args = {"serve", "--once", "--no-warm-up", "--core", sample.core().toString(), "--exe",
                sample.variant().executable().toString()};
        return new Run(CompletableFuture.supplyAsync(() -> cmd.execute(args)), out, err);
    }

    /** Whether this process could take 127.0.0.1:1234 right now. */
    private static boolean portFree() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1234));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void withoutListenItListensOnLoopbackPort1234Only() throws Exception {
        if (!portFree()) {
            // Someone else has the port: not a skip, the error must then be the clear one-line message.
            assertTakenPortError(serveWithoutListen());
            return;
        }
        Run run = serveWithoutListen();
        for (int i = 0; i < 600 && !run.exit().isDone() && !run.out().toString().contains("Connect with: "); i++) {
            Thread.sleep(50);
        }
        if (run.exit().isDone() && !portFree()) {
            assertTakenPortError(run); // taken between our probe and the server's bind
            return;
        }
        assertThat(run.out().toString()).as("stderr: %s", run.err())
                .contains(System.lineSeparator() + "Listening on " + DEFAULT + System.lineSeparator())
                .contains("Connect with: gdb -ex 'target remote " + DEFAULT + "'");

        // Not on any other address: another loopback address, and every non-loopback IPv4 one.
        List<InetAddress> others = new ArrayList<>(List.of(InetAddress.getByName("127.0.0.2")));
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    others.add(a);
                }
            }
        }
        for (InetAddress a : others) {
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(a, 1234), 2000);
                }
            }).as("connecting to %s:1234", a.getHostAddress()).isInstanceOf(ConnectException.class);
        }

        // 127.0.0.1:1234 answers the remote protocol; leaving ends the --once server.
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 1234), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("$qSupported#37".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder reply = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '#'; ) {
                reply.append((char) c);
            }
            assertThat(reply.toString()).startsWith("+$PacketSize=");
            out.write('+');
            out.flush();
        }
        assertThat(run.exit().get(30, TimeUnit.SECONDS)).as("exit code after the only debugger left").isZero();
    }

    @Test
    void aTakenPort1234GivesAOneLineErrorNamingTheAddress() throws Exception {
        ServerSocket taken = new ServerSocket();
        try {
            try {
                taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1234));
            } catch (IOException e) {
                // Taken by someone else already: just as good.
            }
            assertThat(portFree()).isFalse();
            assertTakenPortError(serveWithoutListen());
        } finally {
            taken.close();
        }
    }

    private static void assertTakenPortError(Run run) throws Exception {
        assertThat(run.exit().get(60, TimeUnit.SECONDS)).as("stderr: %s", run.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out().toString()).doesNotContain("Listening on");
        assertThat(run.err().toString()).hasLineCount(1).startsWith("tldb: ").contains(DEFAULT)
                .containsIgnoringCase("already in use");
    }
}
