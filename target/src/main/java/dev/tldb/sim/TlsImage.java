package dev.tldb.sim;

import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Segment;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A module's PT_TLS as the dynamic linker records it in its link_map ({@code l_tls_blocksize},
 * {@code l_tls_align}, {@code l_tls_firstbyte_offset}, {@code l_tls_initimage(_size)}): the block
 * size ({@code p_memsz}), alignment, the offset of the first byte modulo the alignment (glibc's
 * {@code dl-load.c}: {@code p_vaddr & (p_align - 1)}), and the {@code .tdata} bytes.
 */
record TlsImage(long blockSize, long align, long firstByte, long imageSize, ByteBuffer image, long vaddr) {

    static Optional<TlsImage> of(ElfFile elf) {
        Optional<Segment> tls = elf.tlsSegment();
        if (tls.isEmpty() || tls.get().memsz() == 0) {
            return Optional.empty();
        }
        Segment p = tls.get();
        long align = Math.max(1, p.align());
        return Optional.of(new TlsImage(p.memsz(), align, p.vaddr() & (align - 1), Math.min(p.filesz(), p.memsz()),
                elf.contents(p), p.vaddr()));
    }

    /**
     * Fills {@code dst} with the block's initial bytes {@code [offset, offset+length)}: the
     * {@code .tdata} image, then zeros ({@code .tbss}), as {@code __mempcpy} + {@code memset} do.
     */
    void initialBytes(long offset, byte[] dst, int dstOff, int length) {
        java.util.Arrays.fill(dst, dstOff, dstOff + length, (byte) 0);
        long from = Math.max(0, offset);
        long to = Math.min(imageSize, offset + length);
        if (from < to) {
            image.get((int) from, dst, dstOff + (int) (from - offset), (int) (to - from));
        }
    }
}
