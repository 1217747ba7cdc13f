package dev.tldb.linkmap;

import dev.tldb.target.MemoryException;
import dev.tldb.target.Target;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Typed reads (pointers, 16/32-bit words, C strings) over some memory: a target's, or only the
 * bytes a core file itself holds (to compare a file on disk with what the process had mapped,
 * the reads must not fall through to that same file). Short reads become gdb's
 * "Cannot access memory at address 0x..." ({@link MemoryException}).
 */
public final class MemoryView {

    /** The {@link Target#readMemory} contract: returns how many bytes were read, stopping at the first unreadable one. */
    @FunctionalInterface
    public interface Reader {
        int read(long address, byte[] buffer, int offset, int length);
    }

    private final Reader reader;
    private final int pointerSize;
    private final ByteOrder order;

    public MemoryView(Reader reader, int pointerSize, ByteOrder order) {
        if (pointerSize != 4 && pointerSize != 8) {
            throw new IllegalArgumentException("pointer size " + pointerSize);
        }
        this.reader = reader;
        this.pointerSize = pointerSize;
        this.order = order;
    }

    /** The memory of a target, in its ABI's pointer size and byte order. */
    public static MemoryView of(Target target) {
        return new MemoryView(target::readMemory, target.abi().pointerSize(), target.abi().order());
    }

    public int pointerSize() {
        return pointerSize;
    }

    public ByteOrder order() {
        return order;
    }

    /** Exactly {@code length} bytes, or a {@link MemoryException} naming the first unreadable address. */
    public byte[] bytes(long address, int length) {
        byte[] out = new byte[length];
        int n = reader.read(address, out, 0, length);
        if (n < length) {
            throw new MemoryException(address + n);
        }
        return out;
    }

    /** As many of {@code length} bytes as are readable from {@code address} on. */
    public byte[] readable(long address, int length) {
        byte[] out = new byte[length];
        int n = reader.read(address, out, 0, length);
        return n == length ? out : java.util.Arrays.copyOf(out, Math.max(n, 0));
    }

    public boolean isReadable(long address, int length) {
        return reader.read(address, new byte[length], 0, length) == length;
    }

    public long pointer(long address) {
        return word(address, pointerSize);
    }

    public long u32(long address) {
        return word(address, 4);
    }

    public int u16(long address) {
        return (int) word(address, 2);
    }

    /** An unsigned 1-, 2-, 4- or 8-byte word in target byte order. */
    public long word(long address, int size) {
        ByteBuffer b = ByteBuffer.wrap(bytes(address, size)).order(order);
        return switch (size) {
            case 1 -> b.get() & 0xffL;
            case 2 -> b.getShort() & 0xffffL;
            case 4 -> b.getInt() & 0xffff_ffffL;
            case 8 -> b.getLong();
            default -> throw new IllegalArgumentException("word size " + size);
        };
    }

    /**
     * The NUL-terminated string at {@code address}, read in small chunks so that a string ending
     * just before unmapped memory is still found. Empty when a byte before the NUL is unreadable
     * or there is no NUL within {@code max} bytes: a partial name is never returned as a name.
     */
    public Optional<String> cstring(long address, int max) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[64];
        long at = address;
        while (out.size() < max) {
            int want = (int) Math.min(chunk.length, max - out.size());
            int n = reader.read(at, chunk, 0, want);
            for (int i = 0; i < n; i++) {
                if (chunk[i] == 0) {
                    out.write(chunk, 0, i);
                    return Optional.of(out.toString(StandardCharsets.UTF_8));
                }
            }
            if (n < want) {
                return Optional.empty();
            }
            out.write(chunk, 0, n);
            at += n;
        }
        return Optional.empty();
    }
}
