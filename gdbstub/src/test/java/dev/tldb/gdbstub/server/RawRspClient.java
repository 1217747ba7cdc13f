package dev.tldb.gdbstub.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately simple blocking RSP client for socket tests, written independently of the
 * server's codec (a shared bug would otherwise cancel out): it frames, checksums, and on the
 * reading side verifies checksums, expands runs and skips acks.
 */
public final class RawRspClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean noAck;

    public RawRspClient(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public static String frame(String payload) {
        int sum = 0;
        for (byte b : payload.getBytes(StandardCharsets.ISO_8859_1)) {
            sum += b & 0xff;
        }
        return "$" + payload + "#" + String.format("%02x", sum & 0xff);
    }

    /** Writes raw bytes as they are. */
    public void sendRaw(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends a packet and returns the reply payload; in ack mode also checks for the '+'. */
    public String request(String payload) throws IOException {
        sendRaw(frame(payload));
        return readReply();
    }

    /** The handshake gdb 13 starts with; leaves the connection in no-ack mode. */
    public String handshake() throws IOException {
        String supported = request("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+;QThreadEvents+");
        if (!request("vMustReplyEmpty").isEmpty()) {
            throw new IOException("vMustReplyEmpty did not get the empty reply");
        }
        if (!request("QStartNoAckMode").equals("OK")) {
            throw new IOException("QStartNoAckMode refused");
        }
        sendRaw("+"); // gdb acks the OK, then stops acking
        noAck = true;
        return supported;
    }

    /** Reads the next packet, skipping acks; acks it when in ack mode. */
    public String readReply() throws IOException {
        int c;
        while ((c = read()) != '$') {
            if (c != '+') {
                throw new IOException("unexpected byte before a reply: " + c);
            }
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int sum = 0;
        while ((c = read()) != '#') {
            raw.write(c);
            sum += c;
        }
        int cs = Integer.parseInt("" + (char) read() + (char) read(), 16);
        if (cs != (sum & 0xff)) {
            throw new IOException("bad checksum from server");
        }
        if (!noAck) {
            sendRaw("+");
        }
        return expandRuns(raw.toByteArray());
    }

    /** A reply with binary data ({@code x}, {@code vFile:pread}): runs expanded, {@code }} escapes undone. */
    public byte[] binaryReply(String request) throws IOException {
        String text = request(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.write(c == '}' ? text.charAt(++i) ^ 0x20 : c);
        }
        return out.toByteArray();
    }

    private static String expandRuns(byte[] raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '*') {
                char prev = sb.charAt(sb.length() - 1);
                int n = (raw[++i] & 0xff) - 29;
                sb.append(String.valueOf(prev).repeat(n));
            } else {
                sb.append((char) (raw[i] & 0xff));
            }
        }
        return sb.toString();
    }

    private int read() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new EOFException("server closed the connection");
        }
        return c;
    }

    /** Whether the server has closed its side (EOF within {@code millis}). */
    public boolean closedByServer(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
