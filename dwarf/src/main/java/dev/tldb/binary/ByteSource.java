package dev.tldb.binary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Random-access bytes of a file: memory-mapped from disk, or in memory (tests, files fetched from a stub). */
public interface ByteSource {
    /** What the bytes are, for messages (usually the file name). */
    String name();

    long size();

    /** Bytes {@code [offset, offset+length)}; a range past the end is a {@link FormatException}. */
    ByteBuffer slice(long offset, long length, ByteOrder order);

    static ByteSource of(String name, byte[] bytes) {
        ByteBuffer all = ByteBuffer.wrap(bytes);
        return new ByteSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public ByteBuffer slice(long offset, long length, ByteOrder order) {
                if (offset < 0 || length < 0 || offset > bytes.length || length > bytes.length - offset) {
                    throw new FormatException(name + ": range 0x" + Long.toHexString(offset) + "+0x"
                            + Long.toHexString(length) + " lies beyond the end of the file (0x"
                            + Integer.toHexString(bytes.length) + " bytes); the file is truncated or corrupt");
                }
                return all.slice((int) offset, (int) length).order(order);
            }
        };
    }
}
