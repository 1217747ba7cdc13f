package dev.tldb.gdbstub.target;

import dev.tldb.abi.Arch;
import dev.tldb.gdbstub.frame.RspFrame;
import dev.tldb.gdbstub.packets.PacketDispatcher;
import dev.tldb.gdbstub.packets.target.TargetPackets;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.protocol.ThreadId;
import dev.tldb.gdbstub.server.GdbServer;
import dev.tldb.gdbstub.server.RawRspClient;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.target.Resumable;
import dev.tldb.target.StopInfo;
import dev.tldb.target.TargetStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The target-backed handlers against a hand-made process: the shapes gdb relies on, and the seam a
 * runnable target (the simulated process) plugs into.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TargetHandlersTest {
    private static final PacketDispatcher DISPATCHER = TargetPackets.dispatcher();

    private static GdbSession session(TargetStub stub) {
        GdbSession s = new GdbSession(1, 0x20000, new InetSocketAddress("127.0.0.1", 1), stub);
        DISPATCHER.handle(s, RspFrame.Packet.of("qSupported:multiprocess+;swbreak+"));
        return s;
    }

    private static String ask(GdbSession s, String packet) {
        var outcome = DISPATCHER.handle(s, RspFrame.Packet.of(packet));
        return outcome.payload() == null ? null : new String(outcome.payload().toByteArray(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void unavailableRegistersTravelAsXs() {
        FakeProcess p = new FakeProcess(Arch.AARCH64, 1);
        int tpidr = Arch.AARCH64.registers().indexOf("tpidr").orElseThrow();
        p.regs(1).markUnavailable(tpidr);
        GdbSession s = session(TargetStub.builder(new TargetStack().push(p)).build());
        String g = ask(s, "g");
        assertThat(g).hasSize(2 * Arch.AARCH64.registers().totalBytes()).endsWith("x".repeat(16));
        assertThat(ask(s, "p" + Integer.toHexString(tpidr))).isEqualTo("x".repeat(16));
        assertThat(ask(s, "p0")).isEqualTo("0".repeat(16));
        assertThat(ask(s, "p" + Integer.toHexString(Arch.AARCH64.registers().size()))).startsWith("E.no register");
    }

    @Test
    void libraryListCarriesMainLmEachLmAndLmid() {
        FakeProcess p = new FakeProcess(Arch.X86_64, 1)
                .library("/lib/libfoo.so", 0x5000, OptionalLong.of(2))
                .library("/lib/a&b.so", 0x6000, OptionalLong.empty());
        GdbSession s = session(TargetStub.builder(new TargetStack().push(p)).build());
        String doc = ask(s, "qXfer:libraries-svr4:read::0,1000");
        assertThat(doc).isEqualTo("l<library-list-svr4 version=\"1.0\" main-lm=\"0x1000\">"
                + "<library name=\"/lib/libfoo.so\" lm=\"0x5000\" l_addr=\"0x70005000\" l_ld=\"0x70006000\" lmid=\"0x0\"/>"
                + "<library name=\"/lib/a&amp;b.so\" lm=\"0x6000\" l_addr=\"0x70006000\" l_ld=\"0x70007000\" lmid=\"0x0\"/>"
                + "</library-list-svr4>");
        assertThat(ask(s, "qXfer:threads:read::0,1000")).isEqualTo(
                "l<?xml version=\"1.0\"?>\n<threads>\n<thread id=\"p64.64\" core=\"0\"/>\n</threads>\n");
    }

    @Test
    void tlsAddressesComeFromTheStackAndFailuresNameModuleAndThread() {
        FakeProcess p = new FakeProcess(Arch.X86_64, 2)
                .library("/lib/libfoo.so", 0x5000, OptionalLong.of(2))
                .library("/lib/libnotls.so", 0x6000, OptionalLong.empty())
                .tls(1, "fake", 0x7000_0000L).tls(2, "fake", 0x7100_0000L).tls(1, "libfoo.so", 0x7200_0000L);
        GdbSession s = session(TargetStub.builder(new TargetStack().push(p)).build());
        assertThat(ask(s, "qGetTLSAddr:p64.64,10,0")).isEqualTo("70000010");
        assertThat(ask(s, "qGetTLSAddr:p64.65,10,1000")).isEqualTo("71000010");
        assertThat(ask(s, "qGetTLSAddr:p64.64,8,5000")).isEqualTo("72000008");
        assertThat(ask(s, "qGetTLSAddr:p64.65,8,5000")).isEqualTo("E.not allocated yet for libfoo.so in thread 2 (LWP 101)");
        assertThat(ask(s, "qGetTLSAddr:p64.65,8,6000")).isEqualTo("E.no TLS in module libnotls.so");
        assertThat(ask(s, "qGetTLSAddr:p64.99,8,6000")).isEqualTo("E.unknown thread p64.99");
        assertThat(ask(s, "qGetTLSAddr:p64.0,8,6000")).isEqualTo("E.unknown thread p64.0");
        String all = Hex.decodeText(ask(s, "qRcmd," + Hex.encodeText("tls-error all")));
        assertThat(all).containsSubsequence("unknown thread p64.0", "unknown thread p64.99", "no TLS in module",
                "not allocated yet for libfoo.so");
        assertThat(Hex.decodeText(ask(s, "qRcmd," + Hex.encodeText("help")))).contains("monitor tls-error");
        assertThat(Hex.decodeText(ask(s, "qRcmd,"))).contains("monitor tls-error");
    }

    /** A runnable target: records what it was asked and answers from a script. */
    private static class ScriptedExecution implements Execution {
        final List<List<Action>> resumes = new ArrayList<>();
        final List<Set<Breakpoint>> breakpoints = new ArrayList<>();
        final List<Outcome> script = new ArrayList<>();
        final CountDownLatch running = new CountDownLatch(1);

        @Override
        public Outcome resume(List<Action> actions, Set<Breakpoint> bps, Interrupt interrupt) {
            resumes.add(actions);
            breakpoints.add(bps);
            Outcome next = script.remove(0);
            if (next == null) { // run until Ctrl-C
                CountDownLatch stopped = new CountDownLatch(1);
                interrupt.onInterrupt(stopped::countDown);
                running.countDown();
                try {
                    stopped.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }
            return next;
        }
    }

    @Test
    void aRunnableTargetResumesWithTheInsertedBreakpointsAndReportsStopsAndExits() {
        FakeProcess p = new FakeProcess(Arch.X86_64, 2);
        ScriptedExecution exec = new ScriptedExecution();
        exec.script.add(new Execution.Outcome.Stopped(new StopInfo(p.threads().get(1), 5, "breakpoint"), "swbreak"));
        exec.script.add(new Execution.Outcome.Exited(3));
        GdbSession s = session(TargetStub.builder(new TargetStack().push(p)).execution(exec).build());
        assertThat(ask(s, "Z0,401000,1")).isEqualTo("OK");
        assertThat(ask(s, "vCont;s:p64.65;c:p64.-1")).startsWith("T05swbreak:;06:").endsWith("thread:p64.65;");
        assertThat(exec.resumes.get(0)).containsExactly(
                new Execution.Action(Execution.Kind.STEP, 0, ThreadId.of(0x64, 0x65)),
                new Execution.Action(Execution.Kind.CONTINUE, 0, ThreadId.of(0x64, -1)));
        assertThat(exec.breakpoints.get(0)).containsExactly(new Execution.Breakpoint(0, 0x401000, 1));
        assertThat(ask(s, "qC")).as("the stopped thread becomes current").isEqualTo("QCp64.65");
        assertThat(ask(s, "C0b")).isEqualTo("W03;process:64");
        assertThat(exec.resumes.get(1)).containsExactly(
                new Execution.Action(Execution.Kind.CONTINUE, 0x0b, ThreadId.ALL_THREADS));
    }

    @Test
    void aResumableTargetRunsToItsNextStopThenExits() {
        FakeProcess p = new FakeProcess(Arch.X86_64, 2);
        List<Resumable.StopEvent> events = new ArrayList<>(List.of(
                new Resumable.StopEvent.Stopped(new StopInfo(p.threads().get(1), 5, "stop here")),
                new Resumable.StopEvent.Exited(0)));
        Resumable sim = () -> events.remove(0);
        GdbSession s = session(TargetStub.builder(new TargetStack().push(p)).execution(Execution.of(sim)).build());
        assertThat(ask(s, "vCont;c")).startsWith("T05").endsWith("thread:p64.65;");
        assertThat(ask(s, "c")).isEqualTo("W00;process:64");
    }

    @Test
    void ctrlCReachesARunningTarget() throws Exception {
        FakeProcess p = new FakeProcess(Arch.X86_64, 1);
        ScriptedExecution exec = new ScriptedExecution() {
            @Override
            public Outcome resume(List<Action> actions, Set<Breakpoint> bps, Interrupt interrupt) {
                super.resume(actions, bps, interrupt);
                return new Outcome.Stopped(new StopInfo(p.threads().get(0), 2, "interrupted"), "");
            }
        };
        exec.script.add(null);
        TargetStack stack = new TargetStack().push(p);
        try (GdbServer server = GdbServer.builder().port(0).dispatcher(DISPATCHER)
                .targets(TargetStubFactory.of(id -> TargetStub.builder(stack).execution(exec).build())).build();
             RawRspClient c = new RawRspClient(server.start())) {
            c.handshake();
            c.sendRaw(RawRspClient.frame("vCont;c"));
            assertThat(exec.running.await(10, TimeUnit.SECONDS)).isTrue();
            c.sendRaw("\u0003");
            assertThat(c.readReply()).startsWith("T02").endsWith("thread:p64.64;");
        }
    }
}
