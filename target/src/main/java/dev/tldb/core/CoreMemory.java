package dev.tldb.core;

import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Segment;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The process memory a core file itself holds: the file bytes of its PT_LOAD segments, as
 * slices of the mapped file (nothing is copied to the heap). Only bytes present in the file are
 * here: the part of a segment beyond {@code p_filesz} (text the kernel did not dump because the
 * file on disk has it, guard pages, {@code MADV_DONTDUMP} memory) and the part cut off by a
 * truncated file are absent, and {@link CoreTarget} asks the file stratum for them.
 */
public final class CoreMemory {
    /** Slices are kept below 1 GiB so that a huge segment of a huge core can still be mapped. */
    private static final long MAX_CHUNK = 1L << 30;

    /** Bytes of the file backing {@code [start, start + size)}. */
    private record Chunk(long start, long size, ByteBuffer bytes, int segment) {
        long end() {
            return start + size;
        }
    }

    private final Chunk[] chunks;
    private final long[] starts;

    private CoreMemory(List<Chunk> list) {
        list.sort(Comparator.comparing(Chunk::start, Long::compareUnsigned));
        // Overlapping segments do not occur in Linux cores; if a corrupt core has them, the
        // earlier one wins where they overlap.
        List<Chunk> clean = new ArrayList<>();
        long end = 0;
        boolean any = false;
        for (Chunk c : list) {
            if (any && Long.compareUnsigned(c.start, end) < 0) {
                long skip = end - c.start;
                if (Long.compareUnsigned(skip, c.size) >= 0) {
                    continue;
                }
                c = new Chunk(end, c.size - skip, c.bytes.slice((int) skip, (int) (c.size - skip)), c.segment);
            }
            clean.add(c);
            end = c.end();
            any = true;
        }
        this.chunks = clean.toArray(new Chunk[0]);
        this.starts = Arrays.stream(chunks).mapToLong(Chunk::start).toArray();
    }

    /**
     * The memory of {@code core}'s PT_LOAD segments, given the bytes each has in the file
     * ({@code available[i]} for the i-th segment in {@code loads}).
     */
    static CoreMemory of(ElfFile core, List<Segment> loads, long[] available) {
        List<Chunk> list = new ArrayList<>();
        for (int i = 0; i < loads.size(); i++) {
            Segment p = loads.get(i);
            long have = available[i];
            for (long done = 0; done < have; done += MAX_CHUNK) {
                long n = Math.min(MAX_CHUNK, have - done);
                list.add(new Chunk(p.vaddr() + done, n, core.fileBytes(p.offset() + done, n), p.index()));
            }
        }
        return new CoreMemory(list);
    }

    /**
     * Copies core bytes from {@code address} on into {@code buffer}; returns how many, stopping
     * where the core holds no byte (0 if it holds none at {@code address}).
     */
    public int read(long address, byte[] buffer, int offset, int length) {
        int done = 0;
        while (done < length) {
            long at = address + done;
            int i = find(at);
            if (i < 0) {
                break;
            }
            Chunk c = chunks[i];
            long inChunk = at - c.start;
            int n = (int) Math.min(length - done, c.size - inChunk);
            c.bytes.get((int) inChunk, buffer, offset + done, n);
            done += n;
        }
        return done;
    }

    /** Whether the core holds the byte at {@code address}. */
    public boolean contains(long address) {
        return find(address) >= 0;
    }

    /** The first address above {@code address} where core bytes start, if any. */
    public OptionalLong nextStart(long address) {
        int lo = 0, hi = starts.length - 1, best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) > 0) {
                best = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return best < 0 ? OptionalLong.empty() : OptionalLong.of(starts[best]);
    }

    private int find(long address) {
        int lo = 0, hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Chunk c = chunks[mid];
            if (Long.compareUnsigned(address, c.start) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(address - c.start, c.size) >= 0) {
                // (compared as an offset: the vsyscall page ends at 2^64, which wraps to 0)
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
