package dev.tldb.gdbstub.packets;

import dev.tldb.gdbstub.frame.Payload;
import dev.tldb.gdbstub.frame.RspFrame;
import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.MalformedPacketException;
import dev.tldb.gdbstub.protocol.Reply;
import dev.tldb.gdbstub.session.GdbSession;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Routes a packet to the handler registered under the longest matching name, and turns what the
 * handler did (reply, malformed input, crash) into the bytes to send.
 *
 * <p>Matching: a name matches a packet that starts with it and continues with one of
 * {@code : ; , ?} or ends there; a single-character name ({@code m}, {@code H}, {@code ?})
 * matches whatever follows, because one-letter packets put their arguments right after the
 * letter. So {@code qC} does not catch {@code qCRC:...}, and {@code qXfer:features:read} wins
 * over {@code qXfer} for a features read while {@code qXfer} still sees the others.
 *
 * <p>Unknown packets get the empty reply, which gdb takes as "unsupported" and stops sending.
 * A handler's {@link MalformedPacketException} becomes {@code E16} (or {@code E.why} where text is
 * allowed); any other exception becomes {@code E01} and is logged: one bad packet never ends the
 * session.
 *
 * <p>Immutable and shared by all sessions of a server.
 */
public final class PacketDispatcher {
    private static final System.Logger LOG = System.getLogger(PacketDispatcher.class.getName());
    /** gdb's name for the feature that lets {@code m} and {@code qRcmd} replies be {@code E.text}. */
    public static final String ERROR_MESSAGE_FEATURE = "error-message";

    private final Map<String, PacketHandler> handlers;
    private final int longestName;

    private PacketDispatcher(Map<String, PacketHandler> handlers) {
        this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
        this.longestName = handlers.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The registered names, in registration order. */
    public Set<String> names() {
        return handlers.keySet();
    }

    /** A registered name and its handler. */
    public record Match(String name, PacketHandler handler) {
    }

    /**
     * What handling one packet produced.
     *
     * @param name    the matched name, or empty if no handler matched
     * @param reply   the reply value
     * @param payload the bytes to send, or {@code null} when nothing is sent ({@link Reply.None})
     */
    public record Outcome(Optional<String> name, Reply reply, Payload payload) {
    }

    /** The handler for {@code packet}, by longest matching name. */
    public Optional<Match> lookup(RspFrame.Packet packet) {
        byte[] b = packet.payload();
        for (int len = Math.min(b.length, longestName); len >= 1; len--) {
            if (len == b.length || len == 1 || isNameEnd(b[len])) {
                String name = new String(b, 0, len, StandardCharsets.ISO_8859_1);
                PacketHandler h = handlers.get(name);
                if (h != null) {
                    return Optional.of(new Match(name, h));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the handler for {@code packet} may block (unknown packets do not). */
    public boolean mayBlock(RspFrame.Packet packet) {
        return lookup(packet).map(m -> m.handler().mayBlock()).orElse(false);
    }

    private static boolean isNameEnd(byte b) {
        return b == ':' || b == ';' || b == ',' || b == '?';
    }

    /** Handles a well-formed packet (checksum already verified by the caller). */
    public Outcome handle(GdbSession session, RspFrame.Packet packet) {
        Optional<Match> match = lookup(packet);
        if (match.isEmpty()) {
            return new Outcome(Optional.empty(), Reply.unsupported(), Payload.empty());
        }
        Match m = match.get();
        Reply reply;
        try {
            reply = Objects.requireNonNull(m.handler().handle(session, new Request(m.name(), packet)),
                    () -> "handler for " + m.name() + " returned null");
        } catch (MalformedPacketException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> session + ": malformed packet: " + e.getMessage());
            reply = Reply.error(ErrorCodes.INVALID, "malformed " + m.name() + " packet: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, session + ": handler for " + m.name() + " failed on " + packet, e);
            reply = Reply.error(ErrorCodes.GENERIC, m.name() + " failed: " + e);
        }
        boolean textErrors = m.handler().errorStyle() == ErrorStyle.TEXT
                || session.peerFeatures().supports(ERROR_MESSAGE_FEATURE);
        return new Outcome(Optional.of(m.name()), reply, reply.toPayload(textErrors));
    }

    /**
     * The reply to a packet the decoder had to drop (oversize, broken escape). Always the
     * {@code Enn} form: which packet it was is not known for sure, and every gdb reads {@code Enn}
     * as an error.
     */
    public Payload rejected(RspFrame.Rejected frame) {
        return Reply.error(ErrorCodes.INVALID).toPayload(false);
    }

    /** Collects handlers; a later registration under the same name replaces the earlier one. */
    public static final class Builder {
        private final Map<String, PacketHandler> handlers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Registers {@code handler} for packets named {@code name}.
         *
         * @throws IllegalArgumentException if the name is empty or contains a byte that ends names
         */
        public Builder on(String name, PacketHandler handler) {
            Objects.requireNonNull(handler, "handler");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty packet name");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < 0x21 || c > 0x7e || c == '$' || c == '#' || c == '}' || c == '*'
                        || (i == name.length() - 1 && name.length() > 1 && isNameEnd((byte) c))) {
                    throw new IllegalArgumentException("bad packet name: " + name);
                }
            }
            handlers.put(name, handler);
            return this;
        }

        /** Removes a registration, e.g. to make a standard packet unsupported again. */
        public Builder remove(String name) {
            handlers.remove(name);
            return this;
        }

        public PacketDispatcher build() {
            return new PacketDispatcher(handlers);
        }
    }
}
