package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.packets.xfer.XferRegistry;

/**
 * The protocol-level packets every tldb server answers, whatever it debugs. Target layers start
 * from {@link #builder} and add (or replace) their own:
 *
 * <pre>{@code
 * XferRegistry xfers = XferRegistry.builder()
 *         .add("features", (session, annex) -> tdesc.document(annex))
 *         .add("threads", threadList::render)
 *         .build();
 * PacketDispatcher dispatcher = StandardPackets.builder(xfers)
 *         .on("m", new MemoryReadHandler())
 *         .on("qGetTLSAddr", new TlsAddressHandler())
 *         .build();
 * }</pre>
 */
public final class StandardPackets {
    private StandardPackets() {
    }

    /** A builder holding the protocol handlers, with qXfer reads served from {@code xfers}. */
    public static PacketDispatcher.Builder builder(XferRegistry xfers) {
        return PacketDispatcher.builder()
                .on("qSupported", new SupportedHandler(xfers))
                .on("vMustReplyEmpty", new MustReplyEmptyHandler())
                .on("QStartNoAckMode", new NoAckModeHandler())
                .on("QNonStop", new NonStopHandler())
                .on("QThreadEvents", new ThreadEventsHandler())
                .on("qTStatus", new TraceStatusHandler())
                .on("!", new ExtendedModeHandler())
                .on("H", new ThreadSelectHandler())
                .on("qXfer", new XferReadHandler(xfers));
    }

    /** Only the protocol handlers, no qXfer objects. */
    public static PacketDispatcher dispatcher() {
        return builder(XferRegistry.EMPTY).build();
    }
}
