package dev.tldb.gdbstub.sim;

import dev.tldb.gdbstub.server.RawRspClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The raw packets a debugger sends, over {@link RawRspClient} (written independently of the
 * server's codec): resumes with their console output, whole qXfer documents, memory words and
 * registers decoded little-endian (every architecture these tests serve is).
 */
final class RspProbe implements AutoCloseable {
    /** A resume's answer: the console text of its {@code O} packets, then the stop reply. */
    record Resumed(String console, String reply) {}

    private final RawRspClient client;

    private RspProbe(RawRspClient client) {
        this.client = client;
    }

    static RspProbe connect(int port) {
        try {
            RawRspClient c = new RawRspClient(new InetSocketAddress("127.0.0.1", port));
            c.handshake();
            return new RspProbe(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String request(String packet) {
        try {
            return client.request(packet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a resume and reads {@code O} packets up to the stop reply. */
    Resumed resume(String packet) {
        try {
            StringBuilder console = new StringBuilder();
            String reply = client.request(packet);
            while (reply.startsWith("O") && !reply.equals("OK")) {
                console.append(new String(hex(reply.substring(1)), StandardCharsets.UTF_8));
                reply = client.readReply();
            }
            return new Resumed(console.toString(), reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole qXfer object, read in chunks as gdb does. */
    byte[] xfer(String object, String annex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            while (true) {
                byte[] chunk = client.binaryReply("qXfer:" + object + ":read:" + annex + ":"
                        + Integer.toHexString(out.size()) + ",1000");
                if (chunk.length == 0 || (chunk[0] != 'm' && chunk[0] != 'l')) {
                    throw new AssertionError("qXfer:" + object + " answered " + new String(chunk, StandardCharsets.ISO_8859_1));
                }
                out.write(chunk, 1, chunk.length - 1);
                if (chunk[0] == 'l') {
                    return out.toByteArray();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String xferText(String object, String annex) {
        return new String(xfer(object, annex), StandardCharsets.UTF_8);
    }

    /** {@code m addr,len}. */
    byte[] memory(long address, int length) {
        String r = request("m" + Long.toHexString(address) + "," + Integer.toHexString(length));
        if (r.startsWith("E") && r.length() == 3) {
            throw new AssertionError("cannot read 0x" + Long.toHexString(address) + ": " + r);
        }
        return hex(r);
    }

    long word(long address) {
        return ByteBuffer.wrap(memory(address, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    int u16(long address) {
        return ByteBuffer.wrap(memory(address, 2)).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
    }

    int i32(long address) {
        return ByteBuffer.wrap(memory(address, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** Register {@code regnum} of the thread {@code Hg} selected, as gdb reads one ({@code p}). */
    long register(int regnum) {
        byte[] b = hex(request("p" + Integer.toHexString(regnum)));
        byte[] eight = new byte[8];
        System.arraycopy(b, 0, eight, 0, Math.min(8, b.length));
        return ByteBuffer.wrap(eight).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The auxv as type to value. */
    Map<Long, Long> auxv() {
        ByteBuffer b = ByteBuffer.wrap(xfer("auxv", "")).order(ByteOrder.LITTLE_ENDIAN);
        Map<Long, Long> out = new LinkedHashMap<>();
        while (b.remaining() >= 16) {
            long type = b.getLong();
            long value = b.getLong();
            if (type == 0) {
                break;
            }
            out.put(type, value);
        }
        return out;
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
