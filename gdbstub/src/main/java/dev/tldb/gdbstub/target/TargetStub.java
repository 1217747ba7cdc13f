package dev.tldb.gdbstub.target;

import dev.tldb.gdbstub.files.OpenFiles;
import dev.tldb.gdbstub.files.ServedFiles;
import dev.tldb.gdbstub.protocol.ThreadId;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.session.StubTarget;
import dev.tldb.target.Module;
import dev.tldb.target.StopInfo;
import dev.tldb.target.Target;
import dev.tldb.target.TargetException;
import dev.tldb.target.ThreadInfo;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection's view of a {@link Target} (normally a {@link dev.tldb.target.TargetStack} with
 * process and thread strata): the bridge between protocol thread-ids and the target's threads,
 * the files gdb may fetch, and what the target can do beyond being inspected.
 *
 * <p>Each connection gets its own instance, and normally its own stack over shared files (see
 * {@link TargetStubFactory}): writes from gdb ({@code M}, {@code X}, {@code G}, {@code P}) land in
 * that stack's process layer and so stay private to the debugger that made them.
 *
 * <p>Thread-ids: a thread is {@code p<pid>.<lwp>}, the form gdbserver uses, so gdb shows
 * "Thread <pid>.<lwp>" and the LWP is visible in {@code info threads}.
 */
public final class TargetStub implements StubTarget {
    private final Target target;
    private final Optional<Execution> execution;
    private final ServedFiles files;
    private final OpenFiles openFiles;
    private final List<String> notes;
    private final AtomicReference<Execution.Interrupt> running = new AtomicReference<>();
    private final Runnable onClose;

    private TargetStub(Builder b) {
        this.target = b.target;
        this.execution = b.execution;
        this.files = b.files != null ? b.files : ServedFiles.of(target);
        this.openFiles = new OpenFiles(files);
        this.notes = List.copyOf(b.notes);
        this.onClose = b.onClose;
    }

    public static Builder builder(Target target) {
        return new Builder(target);
    }

    /** The target behind {@code session}; handlers registered by {@link dev.tldb.gdbstub.packets.target.TargetPackets} rely on it. */
    public static TargetStub of(GdbSession session) {
        if (session.target() instanceof TargetStub t) {
            return t;
        }
        throw new IllegalStateException(session + " has no target to debug (" + session.target().getClass().getName()
                + " is not a TargetStub)");
    }

    public Target target() {
        return target;
    }

    /** How the target runs, when it can (a simulated process); empty for a core file. */
    public Optional<Execution> execution() {
        return execution;
    }

    /** The files gdb may read through {@code vFile} (the program and its libraries). */
    public ServedFiles files() {
        return files;
    }

    /** This connection's open {@code vFile} descriptors. */
    public OpenFiles openFiles() {
        return openFiles;
    }

    /** Lines about how the target was set up (loader warnings), for {@code monitor info}. */
    public List<String> notes() {
        return notes;
    }

    // ---------------------------------------------------------------- threads

    public List<ThreadInfo> threads() {
        return target.threads();
    }

    /** The protocol id of a thread: {@code pPID.LWP}. */
    public ThreadId idOf(ThreadInfo thread) {
        return ThreadId.of(thread.pid(), thread.lwp());
    }

    /** The process id gdb sees (that of the first thread). */
    public long pid() {
        List<ThreadInfo> all = threads();
        return all.isEmpty() ? 0 : all.get(0).pid();
    }

    /** Why the target is stopped; the thread named there is the one gdb selects on connecting. */
    public StopInfo stopInfo() {
        return target.stopInfo();
    }

    /** The thread that stopped, or else the first. */
    public ThreadInfo defaultThread() {
        try {
            return stopInfo().thread();
        } catch (TargetException e) {
            List<ThreadInfo> all = threads();
            if (all.isEmpty()) {
                throw new TargetException("the target has no threads");
            }
            return all.get(0);
        }
    }

    /**
     * The thread an id names: a specific {@code pPID.TID} or bare {@code TID} (TID = LWP); "any"
     * ({@code 0}) and "all" ({@code -1}) pick {@link #defaultThread()}, as gdbserver picks its
     * current thread. Empty when no thread matches.
     */
    public Optional<ThreadInfo> resolve(ThreadId id) {
        if (id.tid() == ThreadId.ANY || id.tid() == ThreadId.ALL) {
            if (id.pid() > 0 && id.pid() != pid()) {
                return Optional.empty();
            }
            return Optional.of(defaultThread());
        }
        for (ThreadInfo t : threads()) {
            if (t.lwp() == id.tid() && (id.pid() == ThreadId.ANY || id.pid() == ThreadId.ALL || id.pid() == t.pid())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The thread a specific id names (no wildcards); empty otherwise. */
    public Optional<ThreadInfo> resolveSpecific(ThreadId id) {
        if (id.tid() == ThreadId.ANY || id.tid() == ThreadId.ALL) {
            return Optional.empty();
        }
        return resolve(id);
    }

    // ---------------------------------------------------------------- modules

    /** The main program's module, if the target knows one. */
    public Optional<Module> mainModule() {
        return target.modules().stream().filter(Module::isMainProgram).findFirst();
    }

    /** The program's path as the process knew it (what {@code qXfer:exec-file} answers). */
    public Optional<String> executableName() {
        return mainModule().map(Module::name).filter(n -> !n.isEmpty())
                .or(() -> target.executablePath().map(Path::toString));
    }

    // ---------------------------------------------------------------- StubTarget

    /**
     * Records the interrupt handle of a resume in progress, so that a Ctrl-C from the network
     * thread reaches it. Returns the previous one (normally none).
     */
    public Execution.Interrupt beginResume(Execution.Interrupt interrupt) {
        return running.getAndSet(Objects.requireNonNull(interrupt, "interrupt"));
    }

    public void endResume() {
        running.set(null);
    }

    @Override
    public void interrupt() {
        Execution.Interrupt i = running.get();
        if (i != null) {
            i.interrupt();
        }
    }

    @Override
    public List<String> features() {
        return List.of();
    }

    @Override
    public void close() {
        openFiles.closeAll();
        onClose.run();
    }

    @Override
    public String toString() {
        return "TargetStub[" + target.description() + "]";
    }

    /** Settings of a {@link TargetStub}. */
    public static final class Builder {
        private final Target target;
        private Optional<Execution> execution = Optional.empty();
        private ServedFiles files;
        private List<String> notes = List.of();
        private Runnable onClose = () -> { };

        private Builder(Target target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        /** Lets {@code continue} and {@code step} run the target (a simulated process). */
        public Builder execution(Execution execution) {
            this.execution = Optional.of(execution);
            return this;
        }

        /** The files gdb may fetch; by default the target's program and modules ({@link ServedFiles#of}). */
        public Builder files(ServedFiles files) {
            this.files = Objects.requireNonNull(files, "files");
            return this;
        }

        public Builder notes(List<String> notes) {
            this.notes = List.copyOf(notes);
            return this;
        }

        /** Runs when the connection closes (after the last packet was handled). */
        public Builder onClose(Runnable onClose) {
            this.onClose = Objects.requireNonNull(onClose, "onClose");
            return this;
        }

        public TargetStub build() {
            return new TargetStub(this);
        }
    }
}
