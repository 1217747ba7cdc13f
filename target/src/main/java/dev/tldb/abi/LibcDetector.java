package dev.tldb.abi;

import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Segment;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Tells glibc from musl by looking at a program: the dynamic linker it asks for (PT_INTERP), or,
 * for static programs, the symbols each libc leaves behind (gdb 17 recognises static musl by
 * {@code main_tls} and {@code builtin_tls}; glibc has {@code __nptl_version},
 * {@code _thread_db_*} and {@code __libc_setup_tls}).
 */
public final class LibcDetector {
    private LibcDetector() {}

    public static Optional<Libc> detect(ElfFile program) {
        for (Segment p : program.segments(Elf.PT_INTERP)) {
            byte[] raw = new byte[(int) Math.min(p.filesz(), 4096)];
            program.contents(p).get(0, raw);
            String interp = new String(raw, StandardCharsets.UTF_8);
            if (interp.contains("ld-musl")) {
                return Optional.of(Libc.MUSL);
            }
            if (interp.contains("ld-linux") || interp.contains("ld64.so") || interp.contains("ld.so")) {
                return Optional.of(Libc.GLIBC);
            }
        }
        boolean glibc = false, musl = false;
        for (var s : program.symbols()) {
            String n = s.name();
            if (n.equals("__nptl_version") || n.equals("__libc_setup_tls") || n.startsWith("_thread_db_")
                    || n.equals("_dl_tls_static_size") || n.equals("__libc_start_main_impl")) {
                glibc = true;
            } else if (n.equals("main_tls") || n.equals("builtin_tls") || n.equals("__init_tp")
                    || n.equals("__copy_tls")) {
                musl = true;
            }
        }
        if (musl && !glibc) {
            return Optional.of(Libc.MUSL);
        }
        if (glibc) {
            return Optional.of(Libc.GLIBC);
        }
        return Optional.empty();
    }
}
