package dev.tldb.sim;

import dev.tldb.abi.Arch;
import dev.tldb.abi.TlsVariant;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Symbol;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Where glibc keeps the fields the simulator writes, and the sizes behind its TLS arithmetic. Field
 * offsets come from the {@code _thread_db_*} descriptors of the C library in use ({@code
 * uint32_t[3] = {bits, nelem, offset}}, nptl_db/db_info.c), read from libc.so.6 or a static
 * program, so the simulation writes a {@code struct pthread}, {@code link_map}, {@code
 * rtld_global} and slotinfo list exactly where that libc's own libthread_db would look. Without
 * them, the values of glibc 2.36 (Debian 12) for the architecture are used.
 *
 * <p>The sizes that are not described ({@code TLS_TCB_SIZE}, {@code TLS_PRE_TCB_SIZE},
 * {@code TCB_ALIGNMENT}, {@code NO_TLS_OFFSET}) come from {@code sysdeps/<arch>/nptl/tls.h}, with
 * {@code TLS_PRE_TCB_SIZE} cross-checked against the thread-register bias the descriptors give.
 */
record GlibcLayout(
        String source,
        boolean fromDescriptors,
        TlsVariant variant,
        int pointerSize,
        int sizeofPthread,
        /** {@code pd = tp + pdBias} ({@code DB_THREAD_SELF}). */
        long pdBias,
        int tlsTcbSize,
        int tlsInitTcbSize,
        int tlsPreTcbSize,
        int tcbAlignment,
        long noTlsOffset,
        long forcedDynamicTlsOffset,
        int pthreadDtvp,
        int pthreadTid,
        int pthreadTidSize,
        int pthreadList,
        int listNext,
        int listPrev,
        int linkMapModid,
        int linkMapTlsOffset,
        int rtldSlotinfoList,
        int rtldStackUsed,
        int rtldStackUser,
        int slotListLen,
        int slotListNext,
        int slotListSlotinfo,
        int slotinfoSize,
        int slotGen,
        int slotMap,
        int dtvEntrySize) {

    /** glibc's default static TLS surplus with default tunables (elf/dl-tls.c: the historic 1664). */
    static final long STATIC_TLS_SURPLUS = 1664;
    /** {@code TLS_SLOTINFO_SURPLUS} and {@code DTV_SURPLUS} (sysdeps/generic/ldsodefs.h). */
    static final int TLS_SLOTINFO_SURPLUS = 62, DTV_SURPLUS = 14;
    /** Length of a static program's {@code _dl_static_dtv} array (csu/libc-tls.c: 2 + 62). */
    static final int STATIC_DTV_ELEMENTS = 64;

    /** Bytes to reserve for a {@code link_map}: past its last TLS field (the real one is ~1.2 KiB). */
    int linkMapSize() {
        return Math.max(linkMapModid, linkMapTlsOffset) + 64;
    }

    int rtldGlobalSize() {
        return Math.max(rtldSlotinfoList, Math.max(rtldStackUsed, rtldStackUser)) + 64;
    }

    /** Reads the layout from the descriptors found in {@code libc} (libc.so.6 or a static program). */
    static GlibcLayout of(Arch arch, Optional<ElfFile> libc) {
        GlibcLayout d = defaults(arch);
        if (libc.isEmpty()) {
            return d;
        }
        ElfFile f = libc.get();
        Reader r = new Reader(f);
        Optional<int[]> dtvp = r.desc("pthread_dtvp");
        if (dtvp.isEmpty()) {
            return d;
        }
        int sizeofPthread = r.constant("sizeof_pthread").orElse(d.sizeofPthread);
        long pdBias = d.pdBias;
        Optional<int[]> reg = r.desc(arch.pointerSize() == 8 ? "register64" : "register32");
        Optional<Integer> area = r.constant("const_thread_area");
        if (reg.isPresent()) {
            pdBias = reg.get()[1]; // REGISTER(bits, size, regofs, bias): the bias sits in nelem
        } else if (area.isPresent() && arch == Arch.AARCH64) {
            pdBias = -(long) area.get(); // CONST_THREAD_AREA(64, sizeof (struct pthread)): tpidr - value
        } else if (area.isPresent()) {
            pdBias = 0; // x86-64: CONST_THREAD_AREA(64, FS), the thread area is fs_base itself
        }
        int pre = d.variant == TlsVariant.I ? (int) -pdBias : 0;
        int[] tid = r.desc("pthread_tid").orElse(new int[] {32, 1, d.pthreadTid});
        int[] dtv = r.desc("dtv_dtv").orElse(new int[] {8 * d.dtvEntrySize, 0, 0});
        return new GlibcLayout(f.name() + "'s _thread_db_* descriptors", true, d.variant, d.pointerSize,
                sizeofPthread, pdBias,
                arch == Arch.X86_64 ? sizeofPthread : d.tlsTcbSize,
                arch == Arch.X86_64 ? sizeofPthread : d.tlsInitTcbSize,
                pre, d.tcbAlignment, d.noTlsOffset, d.forcedDynamicTlsOffset,
                dtvp.get()[2], tid[2], tid[0] / 8,
                r.offset("pthread_list", d.pthreadList), r.offset("list_t_next", d.listNext),
                r.offset("list_t_prev", d.listPrev),
                r.offset("link_map_l_tls_modid", d.linkMapModid), r.offset("link_map_l_tls_offset", d.linkMapTlsOffset),
                r.offset("rtld_global__dl_tls_dtv_slotinfo_list", d.rtldSlotinfoList),
                r.offset("rtld_global__dl_stack_used", d.rtldStackUsed),
                r.offset("rtld_global__dl_stack_user", d.rtldStackUser),
                r.offset("dtv_slotinfo_list_len", d.slotListLen), r.offset("dtv_slotinfo_list_next", d.slotListNext),
                r.offset("dtv_slotinfo_list_slotinfo", d.slotListSlotinfo),
                r.constant("sizeof_dtv_slotinfo").orElse(d.slotinfoSize),
                r.offset("dtv_slotinfo_gen", d.slotGen), r.offset("dtv_slotinfo_map", d.slotMap),
                dtv[0] / 8);
    }

    /** glibc 2.36's values, as its own descriptors on Debian 12 give them. */
    static GlibcLayout defaults(Arch arch) {
        return switch (arch) {
            case X86_64 -> new GlibcLayout("glibc 2.36 x86-64 defaults (no libc.so.6 found)", false, TlsVariant.II, 8,
                    2368, 0, 2368, 2368, 0, 64, 0, -1, 8, 720, 4, 704, 0, 8, 1152, 1144, 4208, 4264, 4280,
                    0, 8, 16, 16, 0, 8, 16);
            case AARCH64 -> new GlibcLayout("glibc 2.36 aarch64 defaults (no libc.so.6 found)", false, TlsVariant.I, 8,
                    1856, -1856, 16, 16, 1856, 32, 0, -1, 1856, 208, 4, 192, 0, 8, 1184, 1176, 4384, 4440, 4456,
                    0, 8, 16, 16, 0, 8, 16);
            // riscv: the TCB (tcbhead_t) lies just below the TP, so TLS_TCB_SIZE is 0; l_tls_offset 0 is valid there,
            // so NO_TLS_OFFSET is -1 and FORCED_DYNAMIC_TLS_OFFSET -2 (sysdeps/riscv/nptl/tls.h, include/link.h).
            case RISCV64 -> new GlibcLayout("glibc 2.36 riscv64 defaults (no libc.so.6 found)", false, TlsVariant.I, 8,
                    1856, -1888, 0, 0, 1888, 32, -1, -2, 1872, 208, 4, 192, 0, 8, 1120, 1112, 4168, 4224, 4240,
                    0, 8, 16, 16, 0, 8, 16);
            default -> throw new IllegalArgumentException(arch.gdbName());
        };
    }

    /** Reads {@code _thread_db_*} symbols' bytes from the file. */
    private static final class Reader {
        private final ElfFile elf;

        Reader(ElfFile elf) {
            this.elf = elf;
        }

        Optional<int[]> desc(String name) {
            return bytes(name, 12).map(b -> new int[] {b.getInt(0), b.getInt(4), b.getInt(8)});
        }

        Optional<Integer> constant(String name) {
            return bytes(name, 4).map(b -> b.getInt(0));
        }

        int offset(String name, int fallback) {
            return desc(name).map(d -> d[2]).orElse(fallback);
        }

        private Optional<ByteBuffer> bytes(String name, int size) {
            Optional<Symbol> s = elf.symbol("_thread_db_" + name);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            Optional<Long> off = elf.fileOffsetOf(s.get().value());
            if (off.isEmpty() || off.get() + size > elf.fileSize()) {
                return Optional.empty();
            }
            return Optional.of(elf.fileBytes(off.get(), size));
        }
    }
}
