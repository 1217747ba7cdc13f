package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.xfer.XferSource;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code qXfer:exec-file:read:<pid>}: the program's path. gdb without a local program opens it
 * as {@code target:<path>} through {@code vFile} (so the path must be one we serve), and gdb with
 * one compares build-ids to warn about a mismatch. The annex is the pid in hex, or empty for the
 * current process.
 */
public final class ExecFileDocument implements XferSource {
    @Override
    public Optional<byte[]> read(GdbSession session, String annex) {
        TargetStub stub = TargetStub.of(session);
        if (!annex.isEmpty()) {
            PacketReader r = PacketReader.of(annex);
            long pid = r.hex();
            r.expectEnd();
            if (pid != stub.pid()) {
                return Optional.empty();
            }
        }
        return stub.executableName().map(n -> n.getBytes(StandardCharsets.UTF_8));
    }
}
