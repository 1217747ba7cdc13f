package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.packets.xfer.XferRegistry;
import dev.tldb.gdbstub.protocol.Features;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.gdbstub.protocol.PacketReader;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;

import java.util.List;
import java.util.StringJoiner;

/**
 * {@code qSupported[:gdb-features]}: records what gdb offers and answers what we support.
 *
 * <p>Our answer: {@code PacketSize} (hex) first, then the protocol features this layer implements
 * ({@link #PROTOCOL_FEATURES}), one {@code qXfer:<object>:read+} per registered object,
 * {@code error-message+} if gdb offered it, and the target's own items.
 *
 * <p>PacketSize matters for speed: gdb reads memory in {@code m} requests of up to PacketSize/2
 * bytes (each byte is two hex digits), so gdbserver's 0x47ff means 9 KiB per round trip; our
 * default 0x20000 is 64 KiB.
 */
public final class SupportedHandler implements PacketHandler {
    /**
     * Items every session of ours supports. {@code swbreak+}/{@code hwbreak+} promise that stop
     * replies name the breakpoint kind, which the resume handlers must then do.
     */
    public static final List<String> PROTOCOL_FEATURES = List.of(
            "QStartNoAckMode+", "multiprocess+", "vContSupported+", "QThreadEvents+", "swbreak+", "hwbreak+");

    private final XferRegistry xfers;
    private final List<String> extra;

    public SupportedHandler(XferRegistry xfers) {
        this(xfers, List.of());
    }

    /**
     * @param extra items for packets the dispatcher adds beyond the protocol's, e.g.
     *              {@code binary-upload+} when it has an {@code x} handler
     */
    public SupportedHandler(XferRegistry xfers, List<String> extra) {
        this.xfers = xfers;
        this.extra = List.copyOf(extra);
    }

    @Override
    public Reply handle(GdbSession session, Request request) {
        PacketReader args = request.args();
        Features offered = args.consume(':') ? Features.parse(args.restText()) : Features.NONE;
        args.expectEnd();
        session.peerFeatures(offered);
        session.multiprocess(offered.supports("multiprocess"));

        StringJoiner reply = new StringJoiner(";");
        reply.add("PacketSize=" + Hex.number(session.packetSize()));
        PROTOCOL_FEATURES.forEach(reply::add);
        for (String object : xfers.objects()) {
            reply.add("qXfer:" + object + ":read+");
        }
        extra.forEach(reply::add);
        if (offered.supports(PacketDispatcher.ERROR_MESSAGE_FEATURE)) {
            reply.add(PacketDispatcher.ERROR_MESSAGE_FEATURE + "+");
        }
        session.target().features().forEach(reply::add);
        return Reply.text(reply.toString());
    }
}
