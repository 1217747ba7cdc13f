package dev.tldb.gdbstub.cores;

import dev.tldb.gdbstub.server.RawRspClient;
import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4: "Writes (M, X, G, P) go to an in-memory overlay; the core file is never written."
 * A client writes memory with {@code M} and binary {@code X} and registers with {@code P} and
 * {@code G}, and reads its writes back; another debugger connected at the same time, and one that
 * connects after the writer left, still see the core's values; and the core file has the same
 * bytes (SHA-256), size and modification time afterwards.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WriteOverlayTest {
    @TempDir
    Path dir;

    @Test
    void writesStayInTheWritersSessionAndTheCoreFileIsNeverWritten() throws Exception {
        SampleCore original = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        // A private copy, with an mtime in the past so that any write would show.
        Path core = Files.copy(original.core(), dir.resolve("core"), StandardCopyOption.COPY_ATTRIBUTES);
        FileTime mtime = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));
        Files.setLastModifiedTime(core, mtime);
        byte[] digest = sha256(core);
        long size = Files.size(core);
        SampleCore sample = new SampleCore(original.variant(), original.kind(), core, original.outputFile(),
                original.output(), original.writtenAs());

        String intAt = Long.toHexString(sample.output().main().address("tls_int").orElseThrow());
        String longAt = Long.toHexString(sample.output().main().address("tls_long").orElseThrow());
        // Bytes that must be escaped in X ($ # } *) and a zero.
        byte[] written = {0x24, 0x23, 0x7d, 0x2a, 0x00, 0x11, 0x7e, (byte) 0xff};
        String rax = "8877665544332211";

        String intBefore;
        String longBefore;
        String ripBefore;
        String regsBefore;
        try (ServedCore served = ServedCore.serve(sample)) {
            try (RawRspClient writer = connect(served); RawRspClient other = connect(served)) {
                intBefore = writer.request("m" + intAt + ",4");
                longBefore = writer.request("m" + longAt + ",8");
                ripBefore = writer.request("p10");
                regsBefore = writer.request("g");
                assertThat(intBefore).as("tls_int = %s", sample.output().main().value("tls_int").orElseThrow())
                        .isEqualTo(littleEndian(Long.parseLong(sample.output().main().value("tls_int").orElseThrow()), 4));
                assertThat(regsBefore).hasSizeGreaterThan(17 * 16).doesNotStartWith(rax);

                assertThat(writer.request("M" + intAt + ",4:2a000000")).isEqualTo("OK");
                assertThat(writer.request("X" + longAt + ",8:" + escape(written))).isEqualTo("OK");
                assertThat(writer.request("P10=1122334455667788")).isEqualTo("OK");
                assertThat(writer.request("G" + rax + regsBefore.substring(16))).isEqualTo("OK");

                assertThat(writer.request("m" + intAt + ",4")).as("M read back").isEqualTo("2a000000");
                assertThat(writer.request("m" + longAt + ",8")).as("X read back").isEqualTo(HexFormat.of().formatHex(written));
                assertThat(writer.binaryReply("x" + longAt + ",8")).as("X read back with x")
                        .isEqualTo(concat(new byte[] {'b'}, written));
                assertThat(writer.request("p0")).as("G read back").isEqualTo(rax);
                assertThat(writer.request("p10")).as("G kept the P write").isEqualTo(ripBefore);
                String regsAfter = writer.request("g");
                assertThat(regsAfter.substring(0, 16)).isEqualTo(rax);
                assertThat(regsAfter.substring(16)).isEqualTo(regsBefore.substring(16));
                assertThat(writer.request("P10=1122334455667788")).isEqualTo("OK");
                assertThat(writer.request("p10")).as("P read back").isEqualTo("1122334455667788");

                // The other debugger, connected all along, sees the core.
                assertThat(other.request("m" + intAt + ",4")).isEqualTo(intBefore);
                assertThat(other.request("m" + longAt + ",8")).isEqualTo(longBefore);
                assertThat(other.request("p10")).isEqualTo(ripBefore);
                assertThat(other.request("g")).isEqualTo(regsBefore);
            }
            // A debugger that comes after the writer left: the core's values again.
            try (RawRspClient later = connect(served)) {
                assertThat(later.request("m" + intAt + ",4")).isEqualTo(intBefore);
                assertThat(later.request("m" + longAt + ",8")).isEqualTo(longBefore);
                assertThat(later.request("p10")).isEqualTo(ripBefore);
                assertThat(later.request("p0")).isEqualTo(regsBefore.substring(0, 16));
                assertThat(later.request("g")).isEqualTo(regsBefore);
            }
        }
        assertThat(sha256(core)).as("the core's bytes").isEqualTo(digest);
        assertThat(Files.size(core)).isEqualTo(size);
        assertThat(Files.getLastModifiedTime(core, LinkOption.NOFOLLOW_LINKS)).as("the core's mtime").isEqualTo(mtime);
    }

    private static RawRspClient connect(ServedCore served) throws IOException {
        RawRspClient c = new RawRspClient(new InetSocketAddress("127.0.0.1", served.port));
        c.handshake();
        c.request("?");
        return c;
    }

    /** X's binary data: {@code $ # } *} as {@code }} and the byte XOR 0x20. */
    private static String escape(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : data) {
            if (b == '$' || b == '#' || b == '}' || b == '*') {
                out.write('}');
                out.write(b ^ 0x20);
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String littleEndian(long value, int bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            sb.append(String.format("%02x", (value >>> (8 * i)) & 0xff));
        }
        return sb.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}

