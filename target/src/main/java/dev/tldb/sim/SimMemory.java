package dev.tldb.sim;

import dev.tldb.memory.Region;
import dev.tldb.target.MemoryException;

import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulated address space. Two kinds of mappings: <em>segments</em> (the modules' PT_LOAD
 * bytes, zero-filled bss, the heap and stack arenas) and <em>objects</em> laid over them (a
 * thread's TCB and static TLS, a DTV, a dynamic TLS block, a link_map). Every mapping produces its
 * <em>initial</em> bytes on demand from the model, so a thread that nobody looks at costs a few
 * objects, not its bytes. Everything written afterwards, by the simulated libc or by the
 * debugger, lands in one overlay in the order it happened, as in real memory.
 */
final class SimMemory {
    private final TreeMap<Long, Region> segments = new TreeMap<>(Long::compareUnsigned);
    private final TreeMap<Long, Region> objects = new TreeMap<>(Long::compareUnsigned);
    private final ByteOverlay writes = new ByteOverlay();
    private final ByteOrder order;
    private final int pointerSize;

    SimMemory(ByteOrder order, int pointerSize) {
        this.order = order;
        this.pointerSize = pointerSize;
    }

    int pointerSize() {
        return pointerSize;
    }

    ByteOrder order() {
        return order;
    }

    // ---------------------------------------------------------------- mappings

    synchronized void mapSegment(Region r) {
        checkFree(segments, r);
        segments.put(r.start(), r);
    }

    synchronized void unmapSegment(long start) {
        segments.remove(start);
    }

    synchronized void mapObject(Region r) {
        checkFree(objects, r);
        objects.put(r.start(), r);
    }

    synchronized void unmapObject(long start) {
        objects.remove(start);
    }

    /** Maps a heap object whose initial bytes are {@code bytes} (a link_map, a slotinfo chunk, a string). */
    void mapBytes(long start, byte[] bytes, String name) {
        mapObject(new Region(start, bytes.length,
                (off, dst, dstOff, len) -> System.arraycopy(bytes, (int) off, dst, dstOff, len), name));
    }

    /** How many 64-byte chunks of written bytes are kept (what the program and the debugger changed). */
    synchronized int writtenChunks() {
        return writes.chunkCount();
    }

    private static void checkFree(TreeMap<Long, Region> map, Region r) {
        Map.Entry<Long, Region> below = map.floorEntry(r.start());
        Map.Entry<Long, Region> above = map.ceilingEntry(r.start());
        if (below != null && Long.compareUnsigned(below.getValue().end(), r.start()) > 0
                || above != null && Long.compareUnsigned(above.getKey(), r.end()) < 0) {
            // An address handed out twice is a bug in the simulator, not bad input.
            throw new IllegalStateException("simulated mapping " + r.name() + " at 0x" + Long.toHexString(r.start())
                    + " overlaps " + (below != null && below.getValue().contains(r.start()) ? below : above).getValue().name());
        }
    }

    private static Region containing(TreeMap<Long, Region> map, long address) {
        Map.Entry<Long, Region> e = map.floorEntry(address);
        return e != null && e.getValue().contains(address) ? e.getValue() : null;
    }

    // ---------------------------------------------------------------- bytes

    /** Reads up to {@code length} bytes, stopping at the first unmapped address; returns the count. */
    synchronized int read(long address, byte[] buf, int offset, int length) {
        int done = 0;
        while (done < length) {
            long at = address + done;
            int want = length - done;
            Region obj = containing(objects, at);
            int n;
            if (obj != null) {
                n = (int) Math.min(want, obj.end() - at);
                obj.backing().read(at - obj.start(), buf, offset + done, n);
            } else {
                Region seg = containing(segments, at);
                if (seg == null) {
                    break;
                }
                long limit = seg.end();
                Long nextObject = objects.higherKey(at);
                if (nextObject != null && Long.compareUnsigned(nextObject, limit) < 0) {
                    limit = nextObject;
                }
                n = (int) Math.min(want, limit - at);
                seg.backing().read(at - seg.start(), buf, offset + done, n);
            }
            done += n;
        }
        writes.apply(address, buf, offset, done);
        return done;
    }

    synchronized boolean isMapped(long address, long length) {
        long at = address;
        long end = address + length;
        while (Long.compareUnsigned(at, end) < 0) {
            Region r = containing(objects, at);
            if (r == null) {
                r = containing(segments, at);
            }
            if (r == null) {
                return false;
            }
            at = r.end();
        }
        return true;
    }

    /** A write by the program or the debugger: mapped memory only, kept in the overlay. */
    synchronized void write(long address, byte[] data, int offset, int length) {
        if (!isMapped(address, length)) {
            throw new MemoryException(address);
        }
        writes.write(address, data, offset, length);
    }

    // ---------------------------------------------------------------- words

    byte[] readFully(long address, int length) {
        byte[] b = new byte[length];
        if (read(address, b, 0, length) < length) {
            throw new MemoryException(address);
        }
        return b;
    }

    long readWord(long address) {
        return readUnsigned(address, pointerSize);
    }

    long readUnsigned(long address, int size) {
        return Words.get(readFully(address, size), 0, size, order);
    }

    void writeWord(long address, long value) {
        writeUnsigned(address, pointerSize, value);
    }

    void writeUnsigned(long address, int size, long value) {
        byte[] b = new byte[size];
        Words.put(b, 0, size, value, order);
        write(address, b, 0, size);
    }
}
