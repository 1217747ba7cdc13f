package dev.tldb.gdbstub.cores;

import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.server.RawRspClient;
import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.ThreadReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The target-backed packets over a raw socket against a served core, without gdb: exact replies,
 * bad input, writes that stay in the session, files that are not served, stalled neighbours.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TargetPacketsOverSocketTest {
    private static SampleCore sample;
    private static ServedCore served;
    private static byte[] coreDigest;

    @BeforeAll
    static void serve() throws Exception {
        sample = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        coreDigest = digest();
        served = ServedCore.serve(sample);
    }

    @AfterAll
    static void stop() throws Exception {
        if (served != null) {
            served.close();
        }
        if (sample != null) {
            assertThat(digest()).as("the core file is never written").isEqualTo(coreDigest);
        }
    }

    private static byte[] digest() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(sample.core()));
    }

    private static RawRspClient connect() throws IOException {
        RawRspClient c = new RawRspClient(new InetSocketAddress("127.0.0.1", served.port));
        c.handshake();
        return c;
    }

    private static long pid() {
        return sample.output().main().lwp();
    }

    private static String mainThread() {
        return "p" + Long.toHexString(pid()) + "." + Long.toHexString(pid());
    }

    @Test
    void stopReplyNamesTheSignalAndTheCrashingThreadWithExpeditedRegisters() throws Exception {
        try (RawRspClient c = connect()) {
            String stop = c.request("?");
            // SIGILL (4) from __builtin_trap on x86-64; rbp (6), rsp (7), rip (0x10) expedited.
            assertThat(stop).startsWith("T04").containsPattern("06:[0-9a-f]{16};07:[0-9a-f]{16};10:[0-9a-f]{16};")
                    .endsWith("thread:" + mainThread() + ";");
            assertThat(c.request("qC")).isEqualTo("QC" + mainThread());
            assertThat(c.request("qAttached:" + Long.toHexString(pid()))).isEqualTo("1");
            assertThat(c.request("qfThreadInfo")).startsWith("m" + mainThread() + ",").hasSize(1
                    + 5 * mainThread().length() + 4);
            assertThat(c.request("qsThreadInfo")).isEqualTo("l");
            assertThat(c.request("T" + mainThread())).isEqualTo("OK");
            assertThat(c.request("Tp" + Long.toHexString(pid()) + ".1")).startsWith("E");
            assertThat(c.request("Hgp" + Long.toHexString(pid()) + ".1")).isEqualTo("E.unknown thread p"
                    + Long.toHexString(pid()) + ".1");
            assertThat(c.request("Hc-1")).isEqualTo("OK");
            assertThat(c.request("qOffsets")).isEmpty();
            assertThat(c.request("qSymbol::")).isEqualTo("OK");
            assertThat(c.request("vCont?")).isEqualTo("vCont;c;C;s;S;t");
        }
    }

    @Test
    void malformedAndUnknownPacketsGetAnErrorOrEmptyReplyAndTheSessionGoesOn() throws Exception {
        try (RawRspClient c = connect()) {
            String stop = c.request("?");
            List<String> bad = List.of("qNoSuchThing", "m", "mzz,4", "m1000", "m1000,", "m1000,zz", "g junk",
                    "Hgpzz", "Hx1", "p", "p9999", "Pzz=00", "P10=0011", "X1000,4:ab", "M1000,2:abcd00",
                    "qGetTLSAddr:", "qGetTLSAddr:p1.1,zz,0", "qGetTLSAddr:p1.1,0,0", "vFile:open:zz",
                    "vFile:pread:99,10,0", "vFile:close:99", "vFile:fstat:x", "Z9,0,1", "Zx", "vCont;q",
                    "vCont", "qXfer:features:read:nonesuch.xml:0,100", "qXfer:auxv:read:x:0,10",
                    "qXfer:exec-file:read:1:0,10", "qRcmd,zz", "qRcmd," + Hex.encodeText("frobnicate"),
                    "D;zz", "vKill", "C", "Sx", "c zz", "qC junk", "Tzz", "x1,", "T");
            for (String packet : bad) {
                String reply = c.request(packet);
                assertThat(reply).as(packet).satisfiesAnyOf(
                        r -> assertThat(r).isEmpty(),
                        r -> assertThat(r).startsWith("E"),
                        r -> assertThat(r).startsWith("F-1,"),
                        r -> assertThat(Hex.decodeText(r)).startsWith("tldb: unknown monitor command"));
                assertThat(c.request("?")).as("after %s", packet).isEqualTo(stop);
            }
        }
    }

    @Test
    void tlsFailuresSayWhy() throws Exception {
        ThreadReport odd = sample.output().thread(1); // never touched the plugin
        try (RawRspClient c = connect()) {
            assertThat(c.request("qGetTLSAddr:p" + Long.toHexString(pid()) + ".1,0,0"))
                    .isEqualTo("E.unknown thread p" + Long.toHexString(pid()) + ".1");
            assertThat(c.request("qGetTLSAddr:" + mainThread() + ",0,1234"))
                    .isEqualTo("E.no module with link_map at 0x1234");
            // lm 0 is the executable: tls_int of main is at the address the program printed.
            String main = c.request("qGetTLSAddr:" + mainThread() + ",0,0");
            assertThat(Long.parseUnsignedLong(main, 16)).isEqualTo(sample.output().main().address("tls_int")
                    .orElseThrow());
            String monitor = Hex.decodeText(c.request("qRcmd," + Hex.encodeText("modules")));
            String pluginLm = monitor.lines().filter(l -> l.endsWith("libplugin.so")).findFirst().orElseThrow()
                    .split("\\s+")[0].substring(2);
            String oddThread = "p" + Long.toHexString(pid()) + "." + Long.toHexString(odd.lwp());
            String reply = c.request("qGetTLSAddr:" + oddThread + ",0," + pluginLm);
            assertThat(reply).startsWith("E.not allocated yet for libplugin.so in thread ")
                    .endsWith("(LWP " + odd.lwp() + ")");
            String why = Hex.decodeText(c.request("qRcmd," + Hex.encodeText("tls-error")));
            assertThat(why).contains(reply.substring(2)).contains("TD_NOTALLOC");
        }
    }

    @Test
    void binaryAndHexReadsAgreeAndWritesStayInTheSession() throws Exception {
        long address = sample.output().main().address("tls_int").orElseThrow();
        String at = Long.toHexString(address);
        try (RawRspClient a = connect(); RawRspClient b = connect()) {
            String hex = a.request("m" + at + ",40");
            assertThat(hex).hasSize(0x80);
            byte[] binary = a.binaryReply("x" + at + ",40");
            assertThat((char) binary[0]).isEqualTo('b');
            assertThat(Hex.encode(java.util.Arrays.copyOfRange(binary, 1, binary.length))).isEqualTo(hex);
            assertThat(a.request("x" + at + ",0")).isEqualTo("b");
            assertThat(a.request("m0,8")).isEqualTo("E0e");

            assertThat(a.request("M" + at + ",4:2a000000")).isEqualTo("OK");
            assertThat(a.request("m" + at + ",4")).isEqualTo("2a000000");
            assertThat(a.request("X" + at + ",0:")).isEqualTo("OK"); // gdb's probe
            assertThat(b.request("m" + at + ",4")).as("another debugger's view").isEqualTo(hex.substring(0, 8));
            assertThat(a.request("M0,1:00")).startsWith("E");

            String rip = a.request("p10");
            assertThat(a.request("P10=1122334455667788")).isEqualTo("OK");
            assertThat(a.request("p10")).isEqualTo("1122334455667788");
            assertThat(b.request("p10")).isEqualTo(rip);
            String regs = a.request("g");
            assertThat(regs.substring(16 * 16, 17 * 16)).isEqualTo("1122334455667788");
            assertThat(a.request("G" + regs.replace("1122334455667788", rip))).isEqualTo("OK");
            assertThat(a.request("p10")).isEqualTo(rip);
        }
    }

    @Test
    void onlyTheTargetsOwnFilesAreServedReadOnly() throws Exception {
        String exe = sample.variant().executable().toString();
        try (RawRspClient c = connect()) {
            assertThat(c.request("vFile:setfs:0")).isEqualTo("F0");
            assertThat(c.request("vFile:open:" + Hex.encodeText("/etc/passwd") + ",0,0")).isEqualTo("F-1,2");
            assertThat(c.request("vFile:open:" + Hex.encodeText(exe + "/../../../../etc/passwd") + ",0,0"))
                    .isEqualTo("F-1,2");
            assertThat(c.request("vFile:open:" + Hex.encodeText(exe) + ",1,1c0")).isEqualTo("F-1,1e");
            assertThat(c.request("vFile:open:" + Hex.encodeText(exe) + ",241,1c0")).isEqualTo("F-1,1e");
            String fd = c.request("vFile:open:" + Hex.encodeText(exe) + ",0,0");
            assertThat(fd).matches("F[0-9a-f]+");
            fd = fd.substring(1);
            byte[] head = c.binaryReply("vFile:pread:" + fd + ",4,0");
            assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("F4;\u007fELF");
            byte[] stat = c.binaryReply("vFile:fstat:" + fd);
            assertThat(new String(stat, 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("F40;");
            long size = java.nio.ByteBuffer.wrap(stat, 4 + 28, 8).getLong(); // st_size, big-endian
            assertThat(size).isEqualTo(Files.size(sample.variant().executable()));
            byte[] past = c.binaryReply("vFile:pread:" + fd + ",10," + Long.toHexString(size));
            assertThat(new String(past, StandardCharsets.ISO_8859_1)).isEqualTo("F0;");
            assertThat(c.request("vFile:close:" + fd)).isEqualTo("F0");
            assertThat(c.request("vFile:close:" + fd)).isEqualTo("F-1,9");
            String maps = "/proc/" + pid() + "/task/" + pid() + "/maps";
            String mfd = c.request("vFile:open:" + Hex.encodeText(maps) + ",0,0").substring(1);
            String text = new String(c.binaryReply("vFile:pread:" + mfd + ",4000,0"), StandardCharsets.ISO_8859_1);
            assertThat(text).contains("[vdso]").contains(exe);
        }
    }

    @Test
    void aCoreCannotRunAndSaysSoInItsStopReply() throws Exception {
        try (RawRspClient c = connect()) {
            assertThat(c.request("Z0,1000,1")).isEqualTo("OK");
            String console = c.request("vCont;c:" + "p" + Long.toHexString(pid()) + ".-1");
            assertThat(console).startsWith("O");
            assertThat(Hex.decodeText(console.substring(1))).contains("core dump").contains("cannot run");
            assertThat(c.readReply()).startsWith("T00").endsWith("thread:" + mainThread() + ";");
            assertThat(c.request("z0,1000,1")).isEqualTo("OK");
            assertThat(c.request("s")).startsWith("O");
            assertThat(c.readReply()).startsWith("T00");
        }
    }

    @Test
    void aStalledOrVanishedClientDoesNotBlockOthers() throws Exception {
        try (Socket stalled = new Socket("127.0.0.1", served.port); Socket gone = new Socket("127.0.0.1", served.port)) {
            OutputStream s = stalled.getOutputStream();
            s.write("$qSupported:multiprocess+;swbr".getBytes(StandardCharsets.ISO_8859_1));
            s.flush();
            gone.getOutputStream().write("$m1000,4#".getBytes(StandardCharsets.ISO_8859_1));
            gone.close();
            try (RawRspClient c = connect()) {
                assertThat(c.request("?")).startsWith("T04");
                assertThat(c.request("m" + Long.toHexString(sample.output().main().address("tls_int").orElseThrow())
                        + ",4")).hasSize(8);
            }
        }
    }
}
