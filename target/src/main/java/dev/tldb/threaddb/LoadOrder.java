package dev.tldb.threaddb;

import dev.tldb.target.Module;

import java.util.List;
import java.util.OptionalLong;

/**
 * TLS module ids by load order: the n-th module that has a PT_TLS segment, in link-map order, gets
 * id n. This is musl's numbering, and glibc's for modules loaded at start-up; it is the fallback
 * when glibc's {@code l_tls_modid} cannot be read.
 */
final class LoadOrder {
    private LoadOrder() {}

    static OptionalLong moduleId(Module module, List<Module> all) {
        long id = 0;
        for (Module m : all) {
            if (m.elf().isEmpty()) {
                continue;
            }
            if (m.elf().get().tlsSegment().isPresent()) {
                id++;
            }
            if (m.equals(module)) {
                return m.elf().get().tlsSegment().isPresent() ? OptionalLong.of(id) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
