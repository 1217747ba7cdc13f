package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.packets.xfer.XferRegistry;
import dev.tldb.gdbstub.packets.xfer.XferSlicer;
import dev.tldb.gdbstub.packets.xfer.XferSource;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;
import dev.tldb.gdbstub.session.SessionKey;

import java.util.Arrays;
import java.util.Optional;

/**
 * {@code qXfer:<object>:read:<annex>:<offset>,<length>} for every object in an
 * {@link XferRegistry}. Registered under {@code qXfer}, so a specific handler registered under,
 * say, {@code qXfer:siginfo:write} still takes precedence.
 *
 * <p>gdb reads an object in chunks at increasing offsets. The document is produced once, at
 * offset 0 (or when gdb switches object or annex), and kept in the session until then, so a
 * thread list or library list cannot change between two chunks of one read.
 *
 * <p>Unknown objects and writes get the empty reply (gdbserver's answer for "not supported");
 * an unknown annex of a known object is an error, as in gdbserver.
 */
public final class XferReadHandler implements PacketHandler {
    private static final SessionKey<Cache> CACHE = new SessionKey<>("qXfer document", Cache::new);

    private final XferRegistry registry;

    public XferReadHandler(XferRegistry registry) {
        this.registry = registry;
    }

    /** The last document read, per session. */
    private static final class Cache {
        String object;
        String annex;
        byte[] document;
    }

    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        args.expect(':');
        String object = args.textUntil(':');
        args.expect(':');
        String op = args.textUntil(':');
        Optional<XferSource> source = registry.source(object);
        if (source.isEmpty() || !op.equals("read")) {
            return Reply.unsupported();
        }
        args.expect(':');
        // The annex runs to the last ':' (annexes are file or pid names; they have no ':' today).
        String tail = args.restText();
        int colon = tail.lastIndexOf(':');
        if (colon < 0) {
            throw PacketReader.of(request.text()).error("expected ':' after the annex");
        }
        String annex = tail.substring(0, colon);
        PacketReader range = PacketReader.of(tail.substring(colon + 1));
        long offset = range.hex();
        range.expect(',');
        long length = range.hex();
        range.expectEnd();
        if (length == 0) {
            throw range.error("zero-length read");
        }

        Cache cache = session.state(CACHE);
        if (offset == 0 || cache.document == null || !object.equals(cache.object) || !annex.equals(cache.annex)) {
            Optional<byte[]> doc = source.get().read(session, annex);
            if (doc.isEmpty()) {
                cache.document = null;
                return Reply.error(ErrorCodes.NOT_FOUND, "no " + object + " object named '" + annex + "'");
            }
            cache.object = object;
            cache.annex = annex;
            cache.document = doc.get();
        }
        return XferSlicer.slice(cache.document, offset, length, session.packetSize());
    }

    @Override
    public String toString() {
        return "qXfer read of " + Arrays.toString(registry.objects().toArray());
    }
}
