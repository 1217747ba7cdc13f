package dev.tldb.threaddb;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Libc;
import dev.tldb.target.Module;
import dev.tldb.target.Stratum;
import dev.tldb.target.StubTls;
import dev.tldb.target.TdError;
import dev.tldb.target.TargetException;
import dev.tldb.target.TargetLayer;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The thread stratum (gdb's {@code linux-thread-db}): answers {@link #tlsAddress} with a simulated
 * libthread_db reading memory through the process layer beneath, and adds TLS module ids to the
 * module list.
 */
public final class ThreadDbLayer extends TargetLayer implements TlsInspector {
    private volatile ThreadDb db;

    @Override
    public Stratum stratum() {
        return Stratum.THREAD;
    }

    @Override
    public String shortName() {
        return "thread-db";
    }

    @Override
    public String description() {
        return "Simulated libthread_db: " + threadDb().describe();
    }

    private ThreadDb threadDb() {
        ThreadDb d = db;
        if (d == null) {
            synchronized (this) {
                if (db == null) {
                    Abi abi = beneath().abi();
                    db = abi.libc() == Libc.MUSL ? new MuslThreadDb(beneath(), abi) : new GlibcThreadDb(beneath(), abi);
                }
                d = db;
            }
        }
        return d;
    }

    @Override
    public List<Module> modules() {
        List<Module> all = beneath().modules();
        List<Module> out = new ArrayList<>(all.size());
        for (Module m : all) {
            if (m.tlsModuleId().isPresent()) {
                out.add(m);
                continue;
            }
            OptionalLong id;
            try {
                id = threadDb().moduleId(m, all);
            } catch (TdException e) {
                id = OptionalLong.empty();
            }
            out.add(id.isPresent() ? m.withTlsModuleId(id.getAsLong()) : m);
        }
        return out;
    }

    @Override
    public long tlsAddress(ThreadInfo thread, Module module, long offset) {
        // A remote stub that resolves TLS itself (qGetTLSAddr) knows its process best; when it
        // cannot, the walk below still can, and says why when it fails too.
        OptionalLong fromStub = beneath().capability(StubTls.class)
                .map(s -> s.stubTlsAddress(thread, module, offset)).orElse(OptionalLong.empty());
        if (fromStub.isPresent()) {
            return fromStub.getAsLong();
        }
        List<Module> all = beneath().modules();
        try {
            OptionalLong id = module.tlsModuleId().isPresent() ? module.tlsModuleId() : threadDb().moduleId(module, all);
            if (id.isEmpty()) {
                throw new TlsException(TdError.TD_NOTLS, "Cannot find thread-local storage for " + thread.describe()
                        + ": `" + module.shortName() + "' has no thread-local storage");
            }
            ThreadHandle h = mapLwp(thread);
            return threadDb().tlsBase(h, id.getAsLong(), all) + offset;
        } catch (TdException e) {
            throw new TlsException(e.error(), message(thread, module, e));
        }
    }

    /**
     * {@code td_ta_map_lwp2thr}, which answers TD_NOTHR for an LWP the process does not have: the
     * layer beneath refuses the registers of an unknown thread, which is not the caller's TLS error.
     */
    private ThreadHandle mapLwp(ThreadInfo thread) {
        try {
            return threadDb().mapLwp(thread);
        } catch (TdException e) {
            throw e;
        } catch (TargetException e) {
            if (beneath().threads().stream().noneMatch(t -> t.lwp() == thread.lwp())) {
                throw new TdException(TdError.TD_NOTHR, "the process has no LWP " + thread.lwp());
            }
            throw e;
        }
    }

    private static String message(ThreadInfo thread, Module module, TdException e) {
        String what = module.isMainProgram() ? "executable file `" + module.shortName() + "'"
                : "shared library `" + module.shortName() + "'";
        if (e.error() == TdError.TD_NOTALLOC) {
            return "The inferior has not yet allocated storage for thread-local variables in the " + what + " for "
                    + thread.describe() + " (the thread has not used its TLS yet)";
        }
        return "Cannot find thread-local storage for " + thread.describe() + ", " + what + ": " + e.getMessage()
                + " (" + e.error().name() + ")";
    }

    // ---------------------------------------------------------------- TlsInspector

    @Override
    public String threadDbDescription() {
        return threadDb().describe();
    }

    @Override
    public List<String> threadDbWarnings() {
        return threadDb().warnings();
    }

    @Override
    public ThreadHandle handle(ThreadInfo thread) {
        try {
            return mapLwp(thread);
        } catch (TdException e) {
            throw new TlsException(e.error(), "Cannot find the thread descriptor of " + thread.describe() + ": "
                    + e.getMessage());
        }
    }

    @Override
    public long dtvAddress(ThreadInfo thread) {
        ThreadHandle h = handle(thread);
        long at = beneath().abi().dtvPointerAddress(h.threadPointer());
        return beneath().readPointer(at);
    }

    @Override
    public TlsLayout layout(ThreadInfo thread) {
        try {
            return threadDb().layout(thread, mapLwp(thread), modules());
        } catch (TdException e) {
            throw new TlsException(e.error(), "Cannot read the TLS layout of " + thread.describe() + ": " + e.getMessage());
        }
    }
}
