package dev.tldb.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Address ranges and what backs them, looked up by binary search. Regions added later win where
 * they overlap earlier ones (a core's memory shadows the program file's bytes).
 */
public final class RegionMap {
    private final List<Region> regions = new ArrayList<>();
    private Region[] sorted = new Region[0];

    public synchronized void add(Region r) {
        if (r.size() <= 0) {
            return;
        }
        // Carve the new region out of the ones it overlaps, then insert it.
        List<Region> next = new ArrayList<>();
        for (Region old : regions) {
            if (Long.compareUnsigned(old.end(), r.start()) <= 0 || Long.compareUnsigned(old.start(), r.end()) >= 0) {
                next.add(old);
                continue;
            }
            if (Long.compareUnsigned(old.start(), r.start()) < 0) {
                next.add(new Region(old.start(), r.start() - old.start(), old.backing(), old.name()));
            }
            if (Long.compareUnsigned(old.end(), r.end()) > 0) {
                long skip = r.end() - old.start();
                Region.Backing b = old.backing();
                next.add(new Region(r.end(), old.end() - r.end(),
                        (off, dst, dstOff, len) -> b.read(off + skip, dst, dstOff, len), old.name()));
            }
        }
        next.add(r);
        next.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        regions.clear();
        regions.addAll(next);
        sorted = regions.toArray(new Region[0]);
    }

    public synchronized List<Region> regions() {
        return Collections.unmodifiableList(new ArrayList<>(regions));
    }

    /** The region containing {@code address}. */
    public Optional<Region> find(long address) {
        Region[] s;
        synchronized (this) {
            s = sorted;
        }
        int lo = 0, hi = s.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Region r = s[mid];
            if (Long.compareUnsigned(address, r.start()) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(address, r.end()) >= 0) {
                lo = mid + 1;
            } else {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads as many bytes as contiguous regions supply, from {@code address} on; returns the
     * count, stopping at the first address no region covers.
     */
    public int read(long address, byte[] buf, int offset, int length) {
        int done = 0;
        while (done < length) {
            long at = address + done;
            Optional<Region> r = find(at);
            if (r.isEmpty()) {
                break;
            }
            Region region = r.get();
            long inRegion = at - region.start();
            int n = (int) Math.min(length - done, region.size() - inRegion);
            region.backing().read(inRegion, buf, offset + done, n);
            done += n;
        }
        return done;
    }
}
