package dev.tldb.gdbstub.packets.target;

import dev.tldb.abi.RegisterLayout;
import dev.tldb.abi.Registers;
import dev.tldb.gdbstub.packets.PacketHandler;
import dev.tldb.gdbstub.packets.Request;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;
import dev.tldb.target.TargetException;
import dev.tldb.target.ThreadInfo;

import java.util.Optional;

/**
 * {@code p<n>} and {@code P<n>=<value>}: one register of the {@code Hg} thread, {@code n} being
 * its number in our target description (= its index in the layout). An unavailable register
 * reads as {@code x} digits; a number past the layout is an error, as in gdbserver.
 */
public final class RegisterHandler implements PacketHandler {
    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        int regnum = args.hexInt();
        boolean write = request.name().equals("P");
        byte[] value = null;
        if (write) {
            args.expect('=');
            value = args.hexBytes();
        }
        args.expectEnd();
        Optional<ThreadInfo> thread = Threads.general(session);
        if (thread.isEmpty()) {
            return Threads.unknown(session, session.generalThread());
        }
        TargetStub stub = TargetStub.of(session);
        try {
            Registers regs = stub.target().registers(thread.get());
            RegisterLayout layout = regs.layout();
            if (regnum >= layout.size()) {
                return Reply.error(ErrorCodes.INVALID, "no register " + regnum + " (the target description has "
                        + layout.size() + ")");
            }
            int size = layout.get(regnum).byteSize();
            if (!write) {
                return regs.raw(regnum).map(Reply::hex).orElseGet(() -> Reply.text("xx".repeat(size)));
            }
            if (value.length != size) {
                return Reply.error(ErrorCodes.INVALID, layout.get(regnum).name() + " is " + size + " bytes, not "
                        + value.length);
            }
            Registers updated = regs.copy();
            updated.setRaw(regnum, value);
            stub.target().writeRegisters(thread.get(), updated);
            return Reply.ok();
        } catch (TargetException e) {
            return Reply.error(ErrorCodes.IO, e.getMessage());
        }
    }
}
