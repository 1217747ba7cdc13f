package dev.tldb.threaddb;

import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Symbol;
import dev.tldb.target.Module;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks symbols up across a process's modules, the way libthread_db's {@code ps_pglobal_lookup}
 * does, and reads constant data ({@code _thread_db_*} descriptors) from the module files on this
 * host: cores usually omit read-only pages, and those bytes never change at run time.
 */
final class ProcessSymbols {

    /** A symbol's runtime address and the module it was found in. */
    record Found(Module module, Symbol symbol, long address) {}

    private final List<Module> modules;
    /**
     * Answers by name: every TLS request asks for the slotinfo list head by name, and a miss
     * scans every symbol of every module (thousands in libc). The module list is fixed for the
     * life of this object, and so are the files' symbols.
     */
    private final Map<String, Optional<Found>> cache = new ConcurrentHashMap<>();

    ProcessSymbols(List<Module> modules) {
        this.modules = List.copyOf(modules);
    }

    Optional<Found> lookup(String name) {
        return cache.computeIfAbsent(name, this::find);
    }

    private Optional<Found> find(String name) {
        for (Module m : modules) {
            if (m.elf().isEmpty()) {
                continue;
            }
            Optional<Symbol> s = m.elf().get().symbol(name);
            if (s.isPresent()) {
                return Optional.of(new Found(m, s.get(), m.loadBias() + s.get().value()));
            }
        }
        return Optional.empty();
    }

    /** {@code _thread_db_NAME}, read from its module's file. */
    Optional<Descriptor> descriptor(String name) {
        return lookup("_thread_db_" + name).flatMap(f -> {
            ByteBuffer b = fileBytes(f, 12);
            if (b == null) {
                return Optional.empty();
            }
            return Optional.of(new Descriptor(b.getInt(0), b.getInt(4), b.getInt(8)));
        });
    }

    /** A 32-bit constant {@code _thread_db_NAME} ({@code _thread_db_sizeof_*}, {@code _thread_db_const_thread_area}). */
    Optional<Integer> constant(String name) {
        return lookup("_thread_db_" + name).flatMap(f -> {
            ByteBuffer b = fileBytes(f, 4);
            return b == null ? Optional.empty() : Optional.of(b.getInt(0));
        });
    }

    private static ByteBuffer fileBytes(Found f, int size) {
        ElfFile elf = f.module().elf().orElseThrow();
        Optional<Long> off = elf.fileOffsetOf(f.symbol().value());
        if (off.isEmpty() || off.get() + size > elf.fileSize()) {
            return null;
        }
        return elf.fileBytes(off.get(), size);
    }
}
