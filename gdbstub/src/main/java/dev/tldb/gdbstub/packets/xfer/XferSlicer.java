package dev.tldb.gdbstub.packets.xfer;

import dev.tldb.gdbstub.protocol.ErrorCodes;
import dev.tldb.gdbstub.protocol.Reply;

/**
 * Cuts one read chunk out of a document, as gdbserver's {@code handle_qxfer} does: {@code m} and
 * data when more follows, {@code l} and the last data (possibly none) at the end.
 *
 * <p>The chunk is also cut so that it fits one packet after escaping: gdb asks for
 * {@code PacketSize - 5} bytes "since we don't know how much will need to be escaped; the target
 * is free to respond with slightly less data", and it errors out if a chunk decodes to more than
 * it asked for.
 */
public final class XferSlicer {
    private XferSlicer() {
    }

    /**
     * @param document   the whole object
     * @param offset     where gdb wants to read from
     * @param length     how much gdb asked for (at least 1)
     * @param maxPayload the largest payload we may send ({@code m}/{@code l} included)
     */
    public static Reply slice(byte[] document, long offset, long length, int maxPayload) {
        if (offset > document.length) {
            // gdbserver: offset beyond the object is an error, exactly at the end is "l".
            return Reply.error(ErrorCodes.INVALID, "offset 0x" + Long.toHexString(offset)
                    + " is past the end of the object (0x" + Integer.toHexString(document.length) + " bytes)");
        }
        int start = (int) offset;
        int wanted = (int) Math.min(length, document.length - start);
        int budget = maxPayload - 1;
        int n = 0;
        for (int cost = 0; n < wanted; n++) {
            int b = document[start + n];
            cost += b == '$' || b == '#' || b == '}' || b == '*' ? 2 : 1;
            if (cost > budget) {
                break;
            }
        }
        boolean last = start + n == document.length;
        return Reply.binary(last ? "l" : "m", document, start, n);
    }
}
