package dev.tldb.gdbstub.frame;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast run-length encoder against a byte-at-a-time reference written the way gdbserver's
 * {@code try_rle} reads: same output for random data over small alphabets (many runs of every
 * length, including those whose count would be {@code #} or {@code $}), for long runs, and at
 * the word boundaries of the eight-bytes-at-a-time scan.
 */
class FrameWriterTest {

    /** gdbserver's algorithm, one byte at a time. */
    static byte[] reference(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int j = i + 1;
            while (j < in.length && in[j] == in[i]) {
                j++;
            }
            int remaining = j - i;
            while (remaining > 0) {
                out.write(in[i]);
                remaining--;
                int repeat = Math.min(remaining, 96);
                if (repeat >= 3) {
                    while (repeat + 29 == '$' || repeat + 29 == '#') {
                        repeat--;
                    }
                    out.write('*');
                    out.write(repeat + 29);
                    remaining -= repeat;
                }
            }
            i = j;
        }
        return out.toByteArray();
    }

    private static byte[] compressed(byte[] in) {
        byte[] b = in.clone();
        int n = FrameWriter.compress(b, b.length);
        return Arrays.copyOf(b, n);
    }

    @Test
    void matchesTheReferenceOnRandomDataOverSmallAlphabets() {
        Random r = new Random(42);
        for (int round = 0; round < 3000; round++) {
            int alphabet = 1 + r.nextInt(round % 7 == 0 ? 256 : 4);
            byte[] in = new byte[r.nextInt(300)];
            for (int i = 0; i < in.length; i++) {
                in[i] = (byte) ('0' + r.nextInt(alphabet));
            }
            assertThat(compressed(in)).as("round %d: %s", round, new String(in)).isEqualTo(reference(in));
        }
    }

    @Test
    void checksumsLikeASimpleSumAtEveryLengthAndAcrossLaneFlushes() {
        Random r = new Random(7);
        for (int n : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 1023, 1024, 1025, 8191, 70000}) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            if (n == 70000) {
                Arrays.fill(b, (byte) 0xff); // the largest lane sums
            }
            int sum = 0;
            for (byte x : b) {
                sum += x & 0xff;
            }
            assertThat(FrameWriter.checksum(b, n)).as("length %d", n).isEqualTo(sum & 0xff);
        }
    }

    @Test
    void hexDigitsComeOutHighNibbleFirst() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        io.netty.buffer.ByteBuf out = io.netty.buffer.Unpooled.buffer();
        FrameWriter w = new FrameWriter(512);
        w.hex(all, 0, 256);
        w.finish(out, false);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            expected.append(String.format("%02x", i));
        }
        assertThat(out.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
        out.release();
    }

    @Test
    void matchesTheReferenceForEveryRunLengthAtEveryOffset() {
        for (int len = 1; len <= 200; len++) {
            for (int offset = 0; offset < 10; offset++) {
                byte[] in = new byte[offset + len + 9];
                for (int i = 0; i < in.length; i++) {
                    in[i] = (byte) ('a' + i % 2); // alternating: no runs
                }
                Arrays.fill(in, offset, offset + len, (byte) '0');
                assertThat(compressed(in)).as("run of %d at %d", len, offset).isEqualTo(reference(in));
            }
        }
    }
}
