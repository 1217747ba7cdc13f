package dev.tldb.sim;

import dev.tldb.memory.Region;

/**
 * Hands out addresses the way the kernel and malloc would: shared libraries and thread stacks
 * come down from the top of the mmap area, small objects (link maps, DTVs, dynamic TLS blocks)
 * come up from the heap after the program. Addresses are never reused, so memory written for a
 * freed object can never show through in a later one.
 */
final class AddressSpace {
    private static final long HEAP_STEP = 1 << 20;

    private final AddressPlan plan;
    private final SimMemory memory;
    private long mmapNext;
    private long heapStart;
    private long heapNext;
    private long heapMapped;

    AddressSpace(AddressPlan plan, SimMemory memory) {
        this.plan = plan;
        this.memory = memory;
        this.mmapNext = plan.mmapTop();
    }

    AddressPlan plan() {
        return plan;
    }

    /** Reserves {@code size} bytes below the previous mapping, aligned (an mmap). */
    synchronized long mmap(long size, long align) {
        long a = Math.max(align, plan.pageSize());
        long start = Words.alignDown(mmapNext - Words.alignUp(size, plan.pageSize()), a);
        mmapNext = start - plan.pageSize(); // a guard page between mappings, as the kernel's gaps
        return start;
    }

    /** Starts the heap (brk) after the program's last byte. */
    synchronized void startHeap(long programEnd) {
        heapStart = heapNext = heapMapped = Words.alignUp(programEnd, plan.pageSize()) + plan.pageSize();
    }

    /**
     * A heap allocation (malloc): 16-byte aligned unless asked for more. The heap arena reads as
     * zeros around the objects, as a real heap's free space reads as something.
     */
    synchronized long malloc(long size, long align) {
        long start = Words.alignUp(heapNext + 16, Math.max(16, align)); // room for malloc's chunk header
        heapNext = start + Math.max(size, 1);
        if (Long.compareUnsigned(heapNext, heapMapped) > 0) {
            long newEnd = Words.alignUp(heapNext, HEAP_STEP);
            memory.unmapSegment(heapStart);
            memory.mapSegment(new Region(heapStart, newEnd - heapStart, Region.zeros(), "[heap]"));
            heapMapped = newEnd;
        }
        return start;
    }
}
