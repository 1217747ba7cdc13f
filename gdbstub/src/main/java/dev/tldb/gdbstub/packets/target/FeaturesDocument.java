package dev.tldb.gdbstub.packets.target;

import dev.tldb.gdbstub.packets.xfer.XferSource;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.target.TargetDescription;
import dev.tldb.gdbstub.target.TargetStub;

import java.util.Optional;

/**
 * {@code qXfer:features:read:target.xml}: the target description of the target's architecture
 * ({@link TargetDescription}). We generate one self-contained document, so no other annex
 * (gdb's {@code xi:include} files) exists.
 */
public final class FeaturesDocument implements XferSource {
    @Override
    public Optional<byte[]> read(GdbSession session, String annex) {
        if (!annex.equals("target.xml")) {
            return Optional.empty();
        }
        return Optional.of(TargetDescription.xml(TargetStub.of(session).target().abi().arch()));
    }
}
