package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.protocol.ThreadId;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.session.SessionKey;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.gdbstub.target.TlsFailure;
import dev.tldb.target.Module;
import dev.tldb.target.TargetException;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@code qGetTLSAddr:<thread-id>,<offset>,<lm>}: the address of {@code offset} in the thread's
 * TLS block of the module whose {@code link_map} is at {@code lm}, resolved through the target
 * stack (the thread stratum's simulated libthread_db). {@code lm == 0} means the executable,
 * module 1: gdb sends it for static programs, which have no link map (and gdbserver does the
 * same).
 *
 * <p>Success is the bare hex address. A failure is {@code E.<reason>}, naming the library and the
 * thread ("not allocated yet for libplugin.so in thread 3 (LWP 4242)", "no TLS in module
 * liblinked.so", "unknown thread p1f.2a"). gdb 13 counts it as an error and then shows only its
 * own fixed text, so every failure is also remembered for {@code monitor tls-error}
 * ({@link #failures}); {@code set debug remote 1} and newer clients see the reason directly.
 */
public final class TlsAddressHandler implements PacketHandler {
    /** The last failures of a connection, newest first. */
    public static final SessionKey<Deque<TlsFailure>> FAILURES = new SessionKey<>("qGetTLSAddr failures", ArrayDeque::new);
    private static final int KEEP = 16;

    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        args.expect(':');
        ThreadId id = args.threadId();
        args.expect(',');
        long offset = args.hex();
        args.expect(',');
        long lm = args.hex();
        args.expectEnd();

        TargetStub stub = TargetStub.of(session);
        Optional<ThreadInfo> thread = stub.resolveSpecific(id);
        if (thread.isEmpty()) {
            return fail(session, request, "unknown thread " + session.format(id),
                    "gdb asked for TLS of thread " + session.format(id) + ", which the target does not have",
                    TdError.TD_NOTHR);
        }
        ThreadInfo t = thread.get();
        Optional<Module> module;
        try {
            module = module(stub, lm);
        } catch (TargetException e) {
            return fail(session, request, "cannot list the modules: " + e.getMessage(), e.getMessage(), TdError.TD_ERR);
        }
        if (module.isEmpty()) {
            String what = lm == 0 ? "no executable module" : "no module with link_map at 0x" + Hex.number(lm);
            return fail(session, request, what, what + " (asked for " + t.describe() + ")", TdError.TD_NOAPLIC);
        }
        Module m = module.get();
        try {
            long address = stub.target().tlsAddress(t, m, offset);
            return Reply.text(Hex.number(address));
        } catch (TlsException e) {
            return fail(session, request, reason(e.error(), m, t), e.getMessage(), e.error());
        } catch (TargetException e) {
            return fail(session, request, "cannot find TLS of " + m.shortName() + " in " + t.describe() + ": "
                    + e.getMessage(), e.getMessage(), TdError.TD_ERR);
        }
    }

    /** The module with this link map address; for 0 the main program. */
    private static Optional<Module> module(TargetStub stub, long lm) {
        List<Module> modules = stub.target().modules();
        if (lm == 0) {
            return modules.stream().filter(Module::isMainProgram).findFirst();
        }
        return modules.stream().filter(m -> m.lmAddress() == lm).findFirst();
    }

    /** The short reason sent to gdb: what is wrong, for which module, in which thread. */
    static String reason(TdError error, Module m, ThreadInfo t) {
        String module = m.shortName().isEmpty() ? "the executable" : m.shortName();
        return switch (error) {
            case TD_NOTALLOC -> "not allocated yet for " + module + " in " + t.describe();
            case TD_NOTLS -> "no TLS in module " + module;
            case TD_NOTHR -> "unknown thread: " + t.describe();
            default -> error.meaning() + " (" + error.name() + ") for " + module + " in " + t.describe();
        };
    }

    private static Reply fail(GdbSession session, Request request, String reason, String detail, TdError error) {
        Deque<TlsFailure> failures = session.state(FAILURES);
        failures.addFirst(new TlsFailure(request.text(), reason, detail, error, Instant.now()));
        while (failures.size() > KEEP) {
            failures.removeLast();
        }
        return Reply.error(ErrorCodes.GENERIC, reason);
    }
}
