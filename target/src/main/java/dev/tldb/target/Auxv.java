package dev.tldb.target;

import dev.tldb.elf.Elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A process's auxiliary vector: the {@code (type, value)} words the kernel put above the initial
 * stack, which a core keeps in NT_AUXV and a stub sends for {@code qXfer:auxv:read}. The debugger
 * needs AT_ENTRY and AT_PHDR to find where a PIE was loaded, and AT_SYSINFO_EHDR to tell the
 * vDSO from real libraries.
 */
public record Auxv(List<Entry> entries) {

    /** One {@code Elf64_auxv_t} / {@code Elf32_auxv_t}. */
    public record Entry(long type, long value) {}

    public Auxv {
        entries = List.copyOf(entries);
    }

    public static Auxv empty() {
        return new Auxv(List.of());
    }

    /**
     * Decodes raw auxv bytes: pairs of pointer-sized words up to AT_NULL or the end. A trailing
     * partial pair is ignored (a truncated vector still yields the entries it has).
     */
    public static Auxv parse(byte[] raw, int pointerSize, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(order);
        List<Entry> out = new ArrayList<>();
        int pair = 2 * pointerSize;
        for (int at = 0; at + pair <= raw.length; at += pair) {
            long type = pointerSize == 8 ? b.getLong(at) : b.getInt(at) & 0xffff_ffffL;
            long value = pointerSize == 8 ? b.getLong(at + 8) : b.getInt(at + 4) & 0xffff_ffffL;
            if (type == Elf.AT_NULL) {
                break;
            }
            out.add(new Entry(type, value));
        }
        return new Auxv(out);
    }

    /** The value of the first entry of this type. */
    public OptionalLong get(long type) {
        for (Entry e : entries) {
            if (e.type == type) {
                return OptionalLong.of(e.value);
            }
        }
        return OptionalLong.empty();
    }

    public OptionalLong entry() {
        return get(Elf.AT_ENTRY);
    }

    public OptionalLong phdr() {
        return get(Elf.AT_PHDR);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
