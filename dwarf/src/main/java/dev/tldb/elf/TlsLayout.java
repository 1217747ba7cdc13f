package dev.tldb.elf;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each TLS section of a relocatable object would sit in the module's TLS block if the
 * object were linked alone: {@code .tdata} sections first, then {@code .tbss}, each at its
 * alignment, as the linker's default script places them. A TLS symbol's {@code st_value} in a
 * {@code .o} is relative to its own section; adding the section's place gives the offset the
 * linked program would have (for a program whose TLS all comes from this object).
 */
final class TlsLayout {
    private final Map<Integer, Long> sectionOffsets;

    private TlsLayout(Map<Integer, Long> sectionOffsets) {
        this.sectionOffsets = sectionOffsets;
    }

    static TlsLayout of(ElfFile file) {
        Map<Integer, Long> out = new HashMap<>();
        long offset = 0;
        for (boolean nobits : new boolean[] {false, true}) {
            for (Section s : file.sections()) {
                if (s.isTls() && s.isNobits() == nobits) {
                    long align = Math.max(1, s.addralign());
                    offset = (offset + align - 1) / align * align;
                    out.put(s.index(), offset);
                    offset += s.size();
                }
            }
        }
        return new TlsLayout(out);
    }

    /** The place of section {@code index} in the block, if it is a TLS section. */
    Long sectionOffset(int index) {
        return sectionOffsets.get(index);
    }
}
