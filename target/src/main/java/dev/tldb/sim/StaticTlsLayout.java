package dev.tldb.sim;

import dev.tldb.abi.TlsVariant;

import java.util.List;

/**
 * glibc's {@code _dl_determine_tlsoffset} (elf/dl-tls.c): the static TLS offsets
 * ({@code l_tls_offset}) of the modules loaded at start-up, in slotinfo order, and the resulting
 * {@code dl_tls_static_used}, {@code dl_tls_static_size} and {@code dl_tls_static_align}.
 * Variant II counts offsets down from the thread pointer and reuses the padding a large alignment
 * leaves below a block ({@code freetop}/{@code freebottom}); variant I counts up from the end of
 * the TCB.
 */
record StaticTlsLayout(long[] offsets, long used, long size, long align) {

    static StaticTlsLayout determine(List<TlsImage> blocks, TlsVariant variant, long tcbSize, long tcbAlignment,
                                     long surplus) {
        long[] offsets = new long[blocks.size()];
        long maxAlign = tcbAlignment;
        long freetop = 0, freebottom = 0;
        if (variant == TlsVariant.II) {
            long offset = 0;
            for (int cnt = 0; cnt < blocks.size(); cnt++) {
                TlsImage b = blocks.get(cnt);
                long firstbyte = -b.firstByte() & (b.align() - 1);
                maxAlign = Math.max(maxAlign, b.align());
                if (freebottom - freetop >= b.blockSize()) {
                    long off = roundup(freetop + b.blockSize() - firstbyte, b.align()) + firstbyte;
                    if (off <= freebottom) {
                        freetop = off;
                        offsets[cnt] = off;
                        continue;
                    }
                }
                long off = roundup(offset + b.blockSize() - firstbyte, b.align()) + firstbyte;
                if (off > offset + b.blockSize() + (freebottom - freetop)) {
                    freetop = offset;
                    freebottom = off - b.blockSize();
                }
                offset = off;
                offsets[cnt] = off;
            }
            long size = roundup(offset + surplus, maxAlign) + tcbSize;
            return new StaticTlsLayout(offsets, offset, size, maxAlign);
        }
        long offset = tcbSize;
        for (int cnt = 0; cnt < blocks.size(); cnt++) {
            TlsImage b = blocks.get(cnt);
            long firstbyte = -b.firstByte() & (b.align() - 1);
            maxAlign = Math.max(maxAlign, b.align());
            if (b.blockSize() <= freetop - freebottom) {
                long off = roundup(freebottom, b.align());
                if (off - freebottom < firstbyte) {
                    off += b.align();
                }
                if (off + b.blockSize() - firstbyte <= freetop) {
                    offsets[cnt] = off - firstbyte;
                    freebottom = off + b.blockSize() - firstbyte;
                    continue;
                }
            }
            long off = roundup(offset, b.align());
            if (off - offset < firstbyte) {
                off += b.align();
            }
            offsets[cnt] = off - firstbyte;
            if (off - firstbyte - offset > freetop - freebottom) {
                freebottom = offset;
                freetop = off - firstbyte;
            }
            offset = off + b.blockSize() - firstbyte;
        }
        long size = roundup(offset + surplus, tcbAlignment);
        return new StaticTlsLayout(offsets, offset, size, maxAlign);
    }

    /** glibc's {@code roundup} (sys/param.h), for any positive alignment. */
    static long roundup(long x, long y) {
        return y <= 1 ? x : Long.divideUnsigned(x + y - 1, y) * y;
    }
}
