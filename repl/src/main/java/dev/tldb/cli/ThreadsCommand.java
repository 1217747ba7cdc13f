package dev.tldb.cli;

import dev.tldb.abi.Registers;
import dev.tldb.error.TldbException;
import dev.tldb.session.Session;
import dev.tldb.target.ThreadInfo;
import dev.tldb.threaddb.ThreadHandle;
import dev.tldb.threaddb.TlsInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tldb threads}: every thread with its LWP, thread pointer, DTV and where it stopped. */
@Command(name = "threads", mixinStandardHelpOptions = true,
        description = "List the threads of a core: gdb's thread number, LWP, thread pointer, DTV address and frame.",
        footer = {"", "Exit status: 0 when every thread's thread pointer and DTV were found, 1 when one was not "
                + "(its row says why), 2 on a usage error."})
public final class ThreadsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    IndexCacheOptions indexCache;

    @Option(names = "--json", description = "One JSON object per thread.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (OpenTarget t = target.open()) {
            TargetOptions.printWarnings(t, spec.commandLine().getErr());
            if (t.stack().threads().isEmpty()) {
                throw new TldbException("no threads: the target is a file, not a process (give --core)");
            }
            Session session = new Session(t.stack(), indexCache.cache(spec));
            Optional<TlsInspector> inspector = t.stack().capability(TlsInspector.class);
            long current = t.stack().stopInfo().thread().lwp();
            boolean failed = false;
            if (!json) {
                out.printf("  %-4s %-8s %-18s %-18s %s%n", "Id", "LWP", "TP", "DTV", "Frame");
            }
            for (ThreadInfo th : t.stack().threads()) {
                String tp = "?", dtv = "?";
                String problem = null;
                if (inspector.isPresent()) {
                    try {
                        ThreadHandle h = inspector.get().handle(th);
                        tp = hex(h.threadPointer());
                        dtv = hex(inspector.get().dtvAddress(th));
                    } catch (TldbException e) {
                        problem = e.getMessage();
                        failed = true;
                    }
                }
                Registers regs = t.stack().registers(th);
                Optional<Long> pc = regs.get(t.stack().abi().arch().pcRegister());
                String frame = pc.map(p -> frame(session, p)).orElse("<pc unavailable>");
                boolean isCurrent = th.lwp() == current;
                if (json) {
                    Json o = Json.object().put("thread", th.num()).put("lwp", th.lwp()).put("current", isCurrent)
                            .put("tp", tp).put("dtv", dtv);
                    pc.ifPresent(p -> o.put("pc", hex(p)));
                    o.put("frame", frame);
                    if (problem != null) {
                        o.put("error", problem);
                    }
                    out.println(o);
                } else {
                    out.printf("%s %-4d %-8d %-18s %-18s %s%n", isCurrent ? "*" : " ", th.num(), th.lwp(), tp, dtv, frame);
                    if (problem != null) {
                        out.println("       (" + problem + ")");
                    }
                }
            }
            out.flush();
            TargetOptions.printThreadDbWarnings(t, spec.commandLine().getErr());
            return failed ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    private static String frame(Session session, long pc) {
        StringBuilder b = new StringBuilder(hex(pc));
        session.symbolize(pc).ifPresent(s -> b.append(" in ").append(s.contains("+") ? s.substring(0, s.indexOf('+')) : s)
                .append(" ()"));
        session.sourceLocation(pc).ifPresent(l -> b.append(" at ").append(l.file()).append(':').append(l.line()));
        return b.toString();
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
