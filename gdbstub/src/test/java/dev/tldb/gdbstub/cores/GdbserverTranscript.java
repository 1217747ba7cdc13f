package dev.tldb.gdbstub.cores;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The captured gdb 13 / gdbserver 13 transcript
 * ({@code src/test/resources/transcripts/gdb13-gdbserver13-x86_64-tls.txt}, docs/rsp-notes.md
 * section 1) as request/reply pairs: {@code -> $packet#cs} is what gdb sent, the next
 * {@code <- payload} what gdbserver answered. Exchanges the capture elided ({@code   ...} lines)
 * are dropped with the reply that follows them, and so are the raw wire lines at the end.
 */
record GdbserverTranscript(List<Exchange> exchanges) {
    static final String RESOURCE = "/transcripts/gdb13-gdbserver13-x86_64-tls.txt";

    /** One request of gdb's and gdbserver's reply; {@code cut} when the capture cut the line. */
    record Exchange(int line, String request, String reply, boolean cut) {}

    /** How the capture marks a line it cut ("lines longer than 600 characters are cut"). */
    private static final java.util.regex.Pattern CUT = java.util.regex.Pattern.compile(" \\.\\.\\.\\[\\d+ more chars elided\\]$");

    static GdbserverTranscript load() {
        try (InputStream in = GdbserverTranscript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GdbserverTranscript parse(String text) {
        List<Exchange> out = new ArrayList<>();
        String pending = null;
        int pendingLine = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.startsWith("-> $")) {
                int hash = l.lastIndexOf('#');
                if (hash < 0 || hash + 3 != l.length()) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": no #cs: " + l);
                }
                String payload = l.substring(4, hash);
                int sum = 0;
                for (char c : payload.toCharArray()) {
                    sum += c;
                }
                if (Integer.parseInt(l.substring(hash + 1), 16) != (sum & 0xff)) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": bad checksum: " + l);
                }
                pending = payload;
                pendingLine = i + 1;
            } else if (l.startsWith("<-")) {
                String reply = l.length() > 3 ? l.substring(3) : "";
                java.util.regex.Matcher cut = CUT.matcher(reply);
                boolean isCut = cut.find();
                if (isCut) {
                    reply = reply.substring(0, cut.start());
                }
                if (pending != null) {
                    out.add(new Exchange(pendingLine, pending, reply, isCut));
                }
                pending = null;
            } else if (l.startsWith("   ...")) {
                pending = null; // an elided exchange: the next reply is not the pending request's
            }
        }
        return new GdbserverTranscript(List.copyOf(out));
    }
}
