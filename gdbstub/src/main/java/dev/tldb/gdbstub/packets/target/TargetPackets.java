package dev.tldb.gdbstub.packets.target;

import dev.tldb.abi.Registers;
import dev.tldb.gdbstub.monitor.MonitorHandler;
import dev.tldb.gdbstub.packets.PacketDispatcher;
import dev.tldb.gdbstub.packets.StandardPackets;
import dev.tldb.gdbstub.packets.SupportedHandler;
import dev.tldb.gdbstub.packets.xfer.XferRegistry;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.target.Module;
import dev.tldb.target.ThreadInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * The packets of a server that debugs a {@link dev.tldb.gdbstub.target.TargetStub}: the
 * protocol-level ones of {@link StandardPackets}, the qXfer documents the target backs, and one
 * handler per target-backed packet family. The sessions' targets must be {@code TargetStub}s
 * (see {@link dev.tldb.gdbstub.target.TargetStubFactory}).
 */
public final class TargetPackets {
    /** qSupported items beyond the protocol's: {@code x} binary reads for gdb 16+. */
    public static final String BINARY_UPLOAD = "binary-upload+";

    private TargetPackets() {
    }

    /** The qXfer objects, in the order gdb 13 reads them on connecting. */
    public static XferRegistry xfers() {
        return XferRegistry.builder()
                .add("features", new FeaturesDocument())
                .add("threads", new ThreadsDocument())
                .add("exec-file", new ExecFileDocument())
                .add("auxv", new AuxvDocument())
                .add("libraries-svr4", new LibrariesDocument())
                .build();
    }

    /** A builder with every target-backed handler; add or replace handlers before building. */
    public static PacketDispatcher.Builder builder() {
        MemoryReadHandler hexRead = new MemoryReadHandler(false);
        ResumeHandler resume = new ResumeHandler();
        ProcessQueryHandler process = new ProcessQueryHandler();
        RegistersHandler registers = new RegistersHandler();
        RegisterHandler register = new RegisterHandler();
        ThreadListHandler threadList = new ThreadListHandler();
        BreakpointHandler breakpoints = new BreakpointHandler();
        EndSessionHandler end = new EndSessionHandler();
        HostIoHandler hostIo = new HostIoHandler();
        XferRegistry xfers = xfers();
        return StandardPackets.builder(xfers)
                .on("qSupported", new SupportedHandler(xfers, List.of(BINARY_UPLOAD)))
                .on("?", new StopReasonHandler())
                .on("H", new TargetThreadSelectHandler())
                .on("g", registers)
                .on("G", registers)
                .on("p", register)
                .on("P", register)
                .on("m", hexRead)
                .on("x", new MemoryReadHandler(true))
                .on("M", new MemoryWriteHandler(false))
                .on("X", new MemoryWriteHandler(true))
                .on("qfThreadInfo", threadList)
                .on("qsThreadInfo", threadList)
                .on("qC", new CurrentThreadHandler())
                .on("T", new ThreadAliveHandler())
                .on("qAttached", process)
                .on("qOffsets", process)
                .on("qSymbol", process)
                .on("qGetTLSAddr", new TlsAddressHandler())
                .on("qRcmd", new MonitorHandler())
                .on("vCont", resume)
                .on("c", resume)
                .on("C", resume)
                .on("s", resume)
                .on("S", resume)
                .on("Z", breakpoints)
                .on("z", breakpoints)
                .on("k", end)
                .on("vKill", end)
                .on("D", end)
                .on("vFile:setfs", hostIo)
                .on("vFile:open", hostIo)
                .on("vFile:pread", hostIo)
                .on("vFile:fstat", hostIo)
                .on("vFile:close", hostIo);
    }

    public static PacketDispatcher dispatcher() {
        return builder().build();
    }

    /**
     * What gdb typically asks of a stopped target, as packets for {@link dev.tldb.gdbstub.server.WarmUp}:
     * the stop reason and documents, then per thread the register block, the TLS of the main program
     * and of every library, a few words at the stack pointer, and a 64 KiB read there. Read-only.
     */
    public static List<String> typicalSession(GdbSession session) {
        TargetStub stub = TargetStub.of(session);
        List<String> out = new ArrayList<>(List.of("?", "qXfer:threads:read::0,fff", "qXfer:libraries-svr4:read::0,fff",
                "qXfer:auxv:read::0,fff", "qXfer:exec-file:read::0,fff", "qC", "qAttached", "qfThreadInfo"));
        List<Module> modules = stub.target().modules();
        for (ThreadInfo t : stub.threads()) {
            String id = session.format(stub.idOf(t));
            out.add("T" + id);
            out.add("Hg" + id);
            out.add("g");
            for (Module m : modules) {
                if (m.tlsModuleId().isPresent()) {
                    out.add("qGetTLSAddr:" + id + ",0," + Hex.number(m.isMainProgram() ? 0 : m.lmAddress()));
                }
            }
            try {
                Registers regs = stub.target().registers(t);
                regs.get(stub.target().abi().arch().spRegister()).ifPresent(sp -> {
                    out.add("m" + Hex.number(sp) + ",8");
                    out.add("m" + Hex.number(sp) + ",40");
                    out.add("m" + Hex.number(sp & ~0xfffL) + ",10000");
                });
            } catch (RuntimeException e) {
                // no registers for this thread: its reads are left out
            }
        }
        return out;
    }
}
