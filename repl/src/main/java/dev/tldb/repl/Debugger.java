package dev.tldb.repl;

import dev.tldb.abi.Registers;
import dev.tldb.cli.OpenTarget;
import dev.tldb.error.TldbException;
import dev.tldb.session.Session;
import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.UnallocatedTls;
import dev.tldb.threaddb.ThreadHandle;
import dev.tldb.threaddb.TlsInspector;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of one debugging session, shared by the REPL and batch scripts: the open target and
 * its {@link Session} (value history, lookups), the selected thread, where {@code x} goes on,
 * and the settings. One per front end; nothing here is global.
 */
public final class Debugger implements AutoCloseable {
    private final Console console;
    private final Map<String, String> environment;
    private final Targets targets;
    private final Deque<String> lines = new ArrayDeque<>();
    private final Deque<String> locations = new ArrayDeque<>();
    private int expectsPassed;
    private int expectsFailed;
    private OpenTarget target;
    private Session session;
    private int currentThread;
    private Optional<Path> programFile = Optional.empty();
    private UnallocatedTls unallocated = UnallocatedTls.ERROR;
    private Examine lastExamine;
    private java.util.function.Consumer<Session> debugInfoLoader = s -> { };
    private boolean quitRequested;
    private Integer exitCode;

    /** Where {@code x} left off: the next address and the format it used. */
    public record Examine(long next, char format, char size) {}

    public Debugger(Console console, Map<String, String> environment, Targets targets) {
        this.console = console;
        this.environment = Map.copyOf(environment);
        this.targets = targets;
    }

    public Console console() {
        return console;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Targets targets() {
        return targets;
    }

    // ---------------------------------------------------------------- the target

    /** Replaces the open target (closing the old one) and selects the thread that stopped. */
    public void open(OpenTarget t) {
        closeTarget();
        target = t;
        session = new Session(t.stack());
        session.setUnallocatedPolicy(unallocated);
        currentThread = 0;
        List<ThreadInfo> threads = t.stack().threads();
        if (!threads.isEmpty()) {
            int stopped;
            try {
                stopped = t.stack().stopInfo().thread().num();
            } catch (TldbException e) {
                stopped = threads.get(0).num();
            }
            int s = stopped;
            currentThread = threads.stream().anyMatch(x -> x.num() == s) ? stopped : threads.get(0).num();
        }
        lastExamine = null;
        for (String w : t.warnings()) {
            console.err().println("warning: " + w);
        }
        debugInfoLoader.accept(session);
    }

    /**
     * What to do with a newly opened target's debug information: the REPL reads it at once
     * behind a progress bar (so that the first command is quick and a slow load is visible);
     * batch runs leave it to the first lookup.
     */
    public void setDebugInfoLoader(java.util.function.Consumer<Session> loader) {
        debugInfoLoader = loader;
    }

    public boolean hasTarget() {
        return target != null;
    }

    public Optional<OpenTarget> target() {
        return Optional.ofNullable(target);
    }

    /** The target stack, or the one-line error gdb users know. */
    public TargetStack stack() {
        if (target == null) {
            throw new TldbException("No target. Open one with file, core, sim or target remote (`sim demo' for the "
                    + "built-in demo).");
        }
        return target.stack();
    }

    public Session session() {
        stack();
        return session;
    }

    /** Closes the target (after {@code detach}, or before opening another). */
    public void closeTarget() {
        if (target != null) {
            target.close();
            target = null;
            session = null;
            currentThread = 0;
            lastExamine = null;
        }
    }

    /** The program named by {@code file}, used by {@code target remote} and {@code core}. */
    public Optional<Path> programFile() {
        return programFile;
    }

    public void setProgramFile(Optional<Path> p) {
        programFile = p;
    }

    // ---------------------------------------------------------------- threads

    /** The selected thread, or gdb's "No threads." when the target has none. */
    public ThreadInfo thread() {
        List<ThreadInfo> all = stack().threads();
        if (all.isEmpty()) {
            throw new TldbException("No threads.");
        }
        return all.stream().filter(t -> t.num() == currentThread).findFirst().orElseGet(() -> {
            currentThread = all.get(0).num();
            return all.get(0);
        });
    }

    /** The selected thread when the target has threads; empty for a program file alone. */
    public Optional<ThreadInfo> threadIfAny() {
        return stack().threads().isEmpty() ? Optional.empty() : Optional.of(thread());
    }

    /** Thread {@code num}, or gdb's "Unknown thread N.". */
    public ThreadInfo thread(int num) {
        return stack().thread(num).orElseThrow(() -> new TldbException("Unknown thread " + num + "."));
    }

    public void select(ThreadInfo t) {
        currentThread = t.num();
    }

    /** gdb's Target Id column: {@code Thread 0x7ffff7d8a740 (LWP 819) "name"} (or {@code LWP 819} without a descriptor). */
    public String targetId(ThreadInfo t) {
        long descriptor = 0;
        Optional<TlsInspector> inspector = stack().capability(TlsInspector.class);
        if (inspector.isPresent()) {
            try {
                ThreadHandle h = inspector.get().handle(t);
                descriptor = h.descriptor();
            } catch (TldbException e) {
                descriptor = 0;
            }
        }
        String id = descriptor != 0 ? "Thread 0x" + Long.toHexString(descriptor) + " (LWP " + t.lwp() + ")"
                : "LWP " + t.lwp();
        return id + t.name().map(n -> " \"" + n + "\"").orElse("");
    }

    /** gdb's short form in messages: {@code Thread 0x7ffff7d8a740 (LWP 819)}, no name. */
    public String targetIdShort(ThreadInfo t) {
        String id = targetId(t);
        return t.name().map(n -> id.substring(0, id.length() - n.length() - 3)).orElse(id);
    }

    /**
     * Where a thread is, as gdb's frame line gives it (without arguments: tldb does not unwind):
     * {@code 0x00005555555551a9 in main () at demo/demo.c:120}, or {@code ... from LIBRARY}.
     */
    public String frame(ThreadInfo t) {
        TargetStack s = stack();
        Optional<Long> pc;
        try {
            Registers regs = s.registers(t);
            pc = regs.get(s.abi().arch().pcRegister());
        } catch (TldbException e) {
            pc = Optional.empty();
        }
        if (pc.isEmpty()) {
            return "<unavailable>";
        }
        long p = pc.get();
        StringBuilder b = new StringBuilder(address(p));
        Optional<String> sym = session.symbolize(p);
        b.append(" in ").append(sym.map(x -> x.contains("+") ? x.substring(0, x.indexOf('+')) : x).orElse("??"))
                .append(" ()");
        Optional<dev.tldb.dwarf.line.SourceLocation> loc = session.sourceLocation(p);
        if (loc.isPresent()) {
            b.append(" at ").append(loc.get().file()).append(':').append(loc.get().line());
        } else {
            moduleAt(p).filter(m -> !m.isMainProgram()).ifPresent(m -> b.append(" from ").append(m.name()));
        }
        return b.toString();
    }

    /** The loaded module whose file has a section holding {@code address}. */
    public Optional<Module> moduleAt(long address) {
        for (Module m : stack().modules()) {
            if (m.elf().isPresent() && m.elf().get().sectionContaining(address - m.loadBias()).isPresent()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** An address padded to the pointer width, as gdb's frame lines show code addresses. */
    public String address(long a) {
        int digits = 2 * stack().abi().pointerSize();
        String hex = Long.toHexString(a);
        return "0x" + "0".repeat(Math.max(0, digits - hex.length())) + hex;
    }

    // ---------------------------------------------------------------- settings and state

    public UnallocatedTls unallocatedPolicy() {
        return unallocated;
    }

    public void setUnallocatedPolicy(UnallocatedTls p) {
        unallocated = p;
        if (session != null) {
            session.setUnallocatedPolicy(p);
        }
    }

    public Optional<Examine> lastExamine() {
        return Optional.ofNullable(lastExamine);
    }

    public void setLastExamine(Examine e) {
        lastExamine = e;
    }

    /** The line being executed (innermost first), for commands that need its exact text ({@code expect}). */
    public Optional<String> currentLine() {
        return Optional.ofNullable(lines.peek());
    }

    void pushLine(String line) {
        lines.push(line);
    }

    void popLine() {
        lines.pop();
    }

    /** The script position being executed ({@code file:line}), when running a script. */
    public Optional<String> location() {
        return Optional.ofNullable(locations.peek());
    }

    public void pushLocation(String where) {
        locations.push(where);
    }

    public void popLocation() {
        locations.pop();
    }

    /** Counts an {@code expect} outcome, for the summary a batch run prints. */
    public void countExpect(boolean passed) {
        if (passed) {
            expectsPassed++;
        } else {
            expectsFailed++;
        }
    }

    public int expectsPassed() {
        return expectsPassed;
    }

    public int expectsFailed() {
        return expectsFailed;
    }

    public void requestQuit() {
        quitRequested = true;
    }

    public boolean quitRequested() {
        return quitRequested;
    }

    /** An exit code asked for with {@code quit N}. */
    public Optional<Integer> exitCode() {
        return Optional.ofNullable(exitCode);
    }

    public void setExitCode(int code) {
        exitCode = code;
    }

    @Override
    public void close() {
        closeTarget();
    }
}
