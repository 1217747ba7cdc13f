package dev.tldb.repl.commands;

import dev.tldb.core.LinuxSignals;
import dev.tldb.error.TldbException;
import dev.tldb.repl.Debugger;
import dev.tldb.target.Module;
import dev.tldb.target.Resumable;
import dev.tldb.target.Resumable.StopEvent;
import dev.tldb.target.StopInfo;
import dev.tldb.target.TargetStack;
import dev.tldb.target.ThreadInfo;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Running: {@code continue} on a target that can be resumed (a simulated process runs its scenario). */
final class RunCommands {
    private RunCommands() {}

    @Command(name = "continue", aliases = {"c", "fg"}, description = {"Resume the program until its next stop.",
            "A simulated process runs its scenario to the next stop line: new threads, exited threads and loaded or "
                    + "unloaded libraries are reported as gdb reports them."})
    static final class Continue extends ReplCommand {
        Continue(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            TargetStack stack = dbg.stack();
            Resumable r = stack.capability(Resumable.class)
                    .orElseThrow(() -> new TldbException("The program is not being run."));
            // Descriptions of the threads as they were, so exited ones can still be named.
            Map<Long, String> before = new LinkedHashMap<>();
            for (ThreadInfo t : stack.threads()) {
                before.put(t.lwp(), dbg.targetIdShort(t));
            }
            Set<String> libsBefore = stack.modules().stream().map(Module::name).collect(Collectors.toSet());
            long pid = stack.threads().isEmpty() ? 0 : stack.threads().get(0).pid();
            out().println("Continuing.");
            StopEvent e = r.resume();
            if (e instanceof StopEvent.Exited x) {
                report(stack, before, libsBefore);
                out().println("[Inferior 1 (process " + pid + ") exited "
                        + (x.status() == 0 ? "normally]" : "with code " + String.format("%02o", x.status()) + "]"));
                dbg.closeTarget();
                return 0;
            }
            report(stack, before, libsBefore);
            StopInfo stop = ((StopEvent.Stopped) e).stop();
            ThreadInfo t = stack.threadByLwp(stop.thread().lwp()).orElse(stop.thread());
            dbg.select(t);
            out().println();
            out().println("Thread " + t.num() + t.name().map(n -> " \"" + n + "\"").orElse("") + " stopped at `"
                    + stop.reason() + "' (" + LinuxSignals.name(stop.signal()) + ", "
                    + LinuxSignals.description(stop.signal()) + ").");
            out().println("#0  " + dbg.frame(t));
            return 0;
        }

        private void report(TargetStack stack, Map<Long, String> before, Set<String> libsBefore) {
            List<ThreadInfo> now = stack.threads();
            Set<Long> nowLwps = now.stream().map(ThreadInfo::lwp).collect(Collectors.toSet());
            for (Module m : stack.modules()) {
                if (!libsBefore.contains(m.name())) {
                    out().println("[Loaded " + InfoCommands.path(m) + "]");
                }
            }
            Set<String> libsNow = stack.modules().stream().map(Module::name).collect(Collectors.toSet());
            for (String name : libsBefore) {
                if (!libsNow.contains(name)) {
                    out().println("[Unloaded " + name + "]");
                }
            }
            for (ThreadInfo t : now) {
                if (!before.containsKey(t.lwp())) {
                    out().println("[New " + dbg.targetIdShort(t) + "]");
                }
            }
            before.forEach((lwp, id) -> {
                if (!nowLwps.contains(lwp)) {
                    out().println("[" + id + " exited]");
                }
            });
        }
    }
}
