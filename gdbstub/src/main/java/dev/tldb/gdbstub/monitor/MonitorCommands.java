package dev.tldb.gdbstub.monitor;

import dev.tldb.gdbstub.packets.target.TlsAddressHandler;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.gdbstub.target.TlsFailure;
import dev.tldb.target.Module;
import dev.tldb.target.Target;
import dev.tldb.target.TargetException;
import dev.tldb.target.TargetLayer;
import dev.tldb.target.TargetStack;
import dev.tldb.target.ThreadInfo;
import dev.tldb.threaddb.ThreadHandle;
import dev.tldb.threaddb.TlsInspector;
import dev.tldb.threaddb.TlsLayout;

import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The {@code monitor} commands: small reports about the target and its TLS that gdb 13 has no
 * way to ask for. Every command is read-only.
 */
final class MonitorCommands {
    static final String HELP = """
            tldb monitor commands:
              monitor help              this list
              monitor tls-error [all]   why the last TLS lookup failed (gdb 13 only says "Remote target
                                        failed to process qGetTLSAddr request"); "all": the last 16
              monitor threads           threads with their LWP, thread pointer and DTV
              monitor tls-layout [N]    thread N's DTV and every module's TLS block (default: the
                                        selected thread; "all" for every thread)
              monitor modules           loaded modules: link_map address, load bias, TLS module id
              monitor info              what is being debugged, and notes from loading it
            """;

    private MonitorCommands() {
    }

    static String run(GdbSession session, String line) {
        String[] words = line.isEmpty() ? new String[] {"help"} : line.split("\\s+");
        TargetStub stub = TargetStub.of(session);
        return switch (words[0]) {
            case "help" -> HELP;
            case "tls-error", "why-tls" -> tlsError(session, words.length > 1 && words[1].equals("all"));
            case "threads" -> threads(stub);
            case "tls-layout" -> tlsLayout(session, stub, words.length > 1 ? words[1] : "");
            case "modules" -> modules(stub.target());
            case "info" -> info(stub);
            default -> "tldb: unknown monitor command '" + words[0] + "'; try: monitor help\n";
        };
    }

    private static String tlsError(GdbSession session, boolean all) {
        Deque<TlsFailure> failures = session.state(TlsAddressHandler.FAILURES);
        if (failures.isEmpty()) {
            return "No TLS lookup has failed in this session.\n";
        }
        StringBuilder sb = new StringBuilder();
        for (TlsFailure f : all ? List.copyOf(failures) : List.of(failures.peekFirst())) {
            sb.append("TLS lookup failed: ").append(f.reason()).append('\n')
                    .append("  why:     ").append(f.detail()).append('\n')
                    .append("  code:    ").append(f.error().name()).append(" (").append(f.error().meaning()).append(")\n")
                    .append("  request: ").append(f.request()).append('\n');
        }
        return sb.toString();
    }

    private static String threads(TargetStub stub) {
        Optional<TlsInspector> tls = stub.target().capability(TlsInspector.class);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-4s %-10s %-18s %-18s%n", "Id", "LWP", "thread pointer", "DTV"));
        for (ThreadInfo t : stub.threads()) {
            String tp = "?";
            String dtv = "?";
            if (tls.isPresent()) {
                try {
                    ThreadHandle h = tls.get().handle(t);
                    tp = "0x" + Hex.number(h.threadPointer());
                    dtv = "0x" + Hex.number(tls.get().dtvAddress(t));
                } catch (TargetException e) {
                    dtv = "(" + e.getMessage() + ")";
                }
            }
            sb.append(String.format("%-4d %-10d %-18s %s%n", t.num(), t.lwp(), tp, dtv));
        }
        return sb.toString();
    }

    private static String tlsLayout(GdbSession session, TargetStub stub, String which) {
        Optional<TlsInspector> tls = stub.target().capability(TlsInspector.class);
        if (tls.isEmpty()) {
            return "tldb: this target has no thread layer to inspect TLS with\n";
        }
        List<ThreadInfo> threads;
        if (which.equals("all")) {
            threads = stub.threads();
        } else if (which.isEmpty()) {
            threads = List.of(stub.resolve(session.generalThread()).orElse(stub.defaultThread()));
        } else {
            int num;
            try {
                num = Integer.parseInt(which);
            } catch (NumberFormatException e) {
                return "tldb: tls-layout takes a thread number or \"all\", not '" + which + "'\n";
            }
            Optional<ThreadInfo> t = stub.target().thread(num);
            if (t.isEmpty()) {
                return "tldb: no thread " + num + "\n";
            }
            threads = List.of(t.get());
        }
        StringBuilder sb = new StringBuilder();
        for (ThreadInfo t : threads) {
            try {
                sb.append(render(tls.get().layout(t)));
            } catch (TargetException e) {
                sb.append("Thread ").append(t.num()).append(" (LWP ").append(t.lwp()).append("): ")
                        .append(e.getMessage()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String render(TlsLayout l) {
        StringBuilder sb = new StringBuilder();
        ThreadInfo t = l.thread();
        sb.append("Thread ").append(t.num()).append(" (LWP ").append(t.lwp()).append("): thread pointer 0x")
                .append(Hex.number(l.threadPointer())).append(", DTV at 0x").append(Hex.number(l.dtvAddress()));
        l.generation().ifPresent(g -> sb.append(", generation ").append(g));
        l.dtvLength().ifPresent(n -> sb.append(", ").append(n).append(" slots"));
        sb.append('\n');
        for (TlsLayout.ModuleBlock b : l.blocks()) {
            sb.append(String.format("  module %-3d %-28s %-7s %6d bytes  %s%s%n", b.moduleId(), b.module(),
                    b.staticTls() ? "static" : "dynamic", b.size(),
                    b.address().isPresent() ? "block at 0x" + Hex.number(b.address().getAsLong()) : "not allocated",
                    b.state().isEmpty() ? "" : " (" + b.state() + ")"));
        }
        return sb.toString();
    }

    private static String modules(Target target) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-18s %-18s %-6s %s%n", "link_map", "load bias", "TLS id", "name"));
        for (Module m : target.modules()) {
            sb.append(String.format("%-18s %-18s %-6s %s%s%n",
                    m.lmAddress() == 0 ? "-" : "0x" + Hex.number(m.lmAddress()),
                    "0x" + Hex.number(m.loadBias()),
                    m.tlsModuleId().isPresent() ? Long.toString(m.tlsModuleId().getAsLong()) : "-",
                    m.name().isEmpty() ? "(main program)" : m.name(),
                    m.elf().isPresent() ? "" : "  [no file on this host]"));
        }
        return sb.toString();
    }

    private static String info(TargetStub stub) {
        StringBuilder sb = new StringBuilder();
        Target target = stub.target();
        if (target instanceof TargetStack stack) {
            sb.append("Target stack (top first):\n");
            for (TargetLayer layer : stack.layers()) {
                sb.append("  ").append(layer.shortName()).append(": ").append(layer.description()).append('\n');
            }
        } else {
            sb.append("Debugging: ").append(target.description()).append('\n');
        }
        sb.append("ABI: ").append(target.abi().describe()).append('\n');
        sb.append("Threads: ").append(stub.threads().size()).append('\n');
        sb.append(stub.execution().isPresent() ? "The target can run.\n" : "The target cannot run (a core dump).\n");
        for (String note : stub.notes()) {
            sb.append("note: ").append(note).append('\n');
        }
        return sb.toString();
    }
}
