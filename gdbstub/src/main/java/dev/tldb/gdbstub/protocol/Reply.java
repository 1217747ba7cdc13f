package dev.tldb.gdbstub.protocol;

import dev.tldb.gdbstub.frame.Payload;

import java.util.Objects;

/**
 * What a packet handler answers. The set is closed so the session can render every case and tests
 * can compare replies by value.
 *
 * <p>Error replies come in gdb's two forms. {@code Enn} (two hex digits) is understood by every
 * gdb for every packet. {@code E.text} is an error too for packets that gdb checks with
 * {@code packet_ok} (qXfer, qGetTLSAddr, Z, vFile, ...), but gdb 13 shows the text only for
 * {@code g}/{@code G}, btrace and stop replies, and it misreads it for {@code m} and
 * {@code qRcmd}, which accept text errors only after the {@code error-message} feature is
 * negotiated (gdb 15+). So an {@link Error} carries both a code and an optional message, and the
 * dispatcher picks the form per packet; see docs/rsp-notes.md.
 */
public sealed interface Reply
        permits Reply.Ok, Reply.Unsupported, Reply.Error, Reply.Text, Reply.Data, Reply.None, Reply.WithConsole {

    /** {@code OK}. */
    record Ok() implements Reply {
    }

    /** The empty reply: "I do not know this packet". gdb then stops sending it. */
    record Unsupported() implements Reply {
    }

    /** Send nothing (packets that have no reply, e.g. {@code k} in all-stop mode). */
    record None() implements Reply {
    }

    /**
     * An error. {@code code} is rendered as two hex digits; {@code message}, if not empty, is
     * rendered as {@code E.message} where the packet allows text errors.
     */
    record Error(int code, String message) implements Reply {
        /** The longest message sent; longer ones are cut so an error always fits a packet. */
        public static final int MAX_MESSAGE = 200;

        public Error {
            if (code < 0 || code > 0xff) {
                throw new IllegalArgumentException("error code must be 0..0xff: " + code);
            }
            message = sanitize(Objects.requireNonNull(message, "message"));
        }

        /** The reply text in the chosen form. */
        public String render(boolean textAllowed) {
            if (textAllowed && !message.isEmpty()) {
                return "E." + message;
            }
            return "E" + Character.forDigit(code >> 4, 16) + Character.forDigit(code & 15, 16);
        }

        /**
         * Keeps messages to printable ASCII without the framing bytes: gdb does not unescape or
         * run-length-expand replies it reads as text, so {@code $ # * }} would show up mangled.
         */
        private static String sanitize(String message) {
            int n = Math.min(message.length(), MAX_MESSAGE);
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                char c = message.charAt(i);
                boolean ok = c >= 0x20 && c < 0x7f && c != '$' && c != '#' && c != '*' && c != '}';
                sb.append(ok ? c : c == '\n' || c == '\t' ? ' ' : '?');
            }
            return sb.toString().strip();
        }
    }

    /**
     * A text reply (stop replies, {@code qSupported} lists, hex numbers). It must not contain
     * {@code $ # * }}: gdb reads text replies without unescaping, so those bytes cannot be sent.
     */
    record Text(String text) implements Reply {
        public Text {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '$' || c == '#' || c == '*' || c == '}' || c > 0xff) {
                    throw new IllegalArgumentException("text reply cannot carry '" + c + "' (index " + i
                            + "): use Reply.data for binary");
                }
            }
        }
    }

    /** Arbitrary bytes (hex dumps, binary chunks); the encoder escapes them on the way out. */
    record Data(Payload payload) implements Reply {
        public Data {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * {@code reply}, preceded by console output that gdb prints as it arrives: one or more
     * {@code O<hex>} packets. gdb accepts them only while it waits for a stop reply (after a
     * resume) or for the answer to {@code qRcmd}; anywhere else an {@code O} packet would be taken
     * as the reply itself. Used to say why a core cannot be resumed.
     */
    record WithConsole(String output, Reply reply) implements Reply {
        public WithConsole {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(reply, "reply");
            if (reply instanceof WithConsole) {
                throw new IllegalArgumentException("nested console output");
            }
        }
    }

    static Reply withConsole(String output, Reply reply) {
        return new WithConsole(output, reply);
    }

    /**
     * The {@code O} packets to send before the reply (empty for all but {@link WithConsole}),
     * each at most {@code packetSize} bytes.
     */
    default java.util.List<Payload> consolePackets(int packetSize) {
        if (!(this instanceof WithConsole c) || c.output().isEmpty()) {
            return java.util.List.of();
        }
        byte[] bytes = c.output().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int perPacket = Math.max(1, (packetSize - 1) / 2);
        java.util.List<Payload> out = new java.util.ArrayList<>();
        for (int at = 0; at < bytes.length; at += perPacket) {
            int n = Math.min(perPacket, bytes.length - at);
            out.add(Payload.builder().ascii("O").hex(bytes, at, n).build());
        }
        return out;
    }

    static Reply ok() {
        return new Ok();
    }

    static Reply unsupported() {
        return new Unsupported();
    }

    static Reply none() {
        return new None();
    }

    static Reply error(int code) {
        return new Error(code, "");
    }

    static Reply error(int code, String message) {
        return new Error(code, message);
    }

    static Reply text(String text) {
        return new Text(text);
    }

    /** The bytes as two hex digits each, as {@code m} and {@code g} reply. */
    static Reply hex(byte[] bytes) {
        return new Data(Payload.builder().hex(bytes).build());
    }

    static Reply hex(byte[] bytes, int offset, int length) {
        return new Data(Payload.builder().hex(bytes, offset, length).build());
    }

    /** {@code prefix} then raw bytes (escaped by the encoder): qXfer {@code m}/{@code l} chunks, vFile data. */
    static Reply binary(String prefix, byte[] bytes, int offset, int length) {
        return new Data(Payload.builder().ascii(prefix).bytes(bytes, offset, length).build());
    }

    static Reply data(Payload payload) {
        return new Data(payload);
    }

    /**
     * The payload to send, or {@code null} for {@link None}.
     *
     * @param textErrors whether an {@link Error} with a message may use the {@code E.text} form
     */
    default Payload toPayload(boolean textErrors) {
        if (this instanceof Ok) {
            return Payload.ascii("OK");
        } else if (this instanceof Unsupported) {
            return Payload.empty();
        } else if (this instanceof None) {
            return null;
        } else if (this instanceof Error e) {
            return Payload.ascii(e.render(textErrors));
        } else if (this instanceof Text t) {
            return Payload.ascii(t.text());
        } else if (this instanceof WithConsole c) {
            return c.reply().toPayload(textErrors);
        } else {
            return ((Data) this).payload();
        }
    }
}
