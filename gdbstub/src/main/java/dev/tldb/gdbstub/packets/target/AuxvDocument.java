package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.xfer.XferSource;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetStub;

import java.util.Optional;

/**
 * {@code qXfer:auxv:read}: the process's auxiliary vector, raw (a core's NT_AUXV). gdb needs
 * AT_ENTRY and AT_PHDR from it to relocate a PIE, and AT_BASE to find the dynamic linker.
 */
public final class AuxvDocument implements XferSource {
    @Override
    public Optional<byte[]> read(GdbSession session, String annex) {
        if (!annex.isEmpty()) {
            return Optional.empty();
        }
        return TargetStub.of(session).target().auxv();
    }
}
