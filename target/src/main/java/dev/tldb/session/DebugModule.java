package dev.tldb.session;

import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.index.NameIndex;
import dev.tldb.dwarf.index.cache.IndexCache;
import dev.tldb.dwarf.line.LineTables;
import dev.tldb.dwarf.type.Types;
import dev.tldb.elf.ElfFile;
import dev.tldb.target.Module;

import java.util.Optional;

/**
 * The debug information of one loaded module, opened on first use: its DWARF, name index, types
 * and line tables. A module without DWARF still has its ELF symbols. The name index comes through
 * the session's index cache (a disabled cache builds it as {@code NameIndexes.of} does).
 */
final class DebugModule {
    private final Module module;
    private final IndexCache indexCache;
    private volatile Optional<DwarfInfo> dwarf;
    private volatile NameIndex index;
    private volatile Types types;
    private volatile LineTables lines;

    DebugModule(Module module, IndexCache indexCache) {
        this.module = module;
        this.indexCache = indexCache;
    }

    Module module() {
        return module;
    }

    Optional<ElfFile> elf() {
        return module.elf();
    }

    /** The module's file path as gdb names it in messages ({@code `/tmp/prog'}). */
    String path() {
        return module.elf().flatMap(ElfFile::path).map(p -> p.toAbsolutePath().toString()).orElse(module.name());
    }

    synchronized Optional<DwarfInfo> dwarf() {
        if (dwarf == null) {
            dwarf = module.elf().map(DwarfInfo::of).filter(DwarfInfo::hasDebugInfo);
        }
        return dwarf;
    }

    synchronized Optional<NameIndex> index() {
        if (index == null && dwarf().isPresent()) {
            index = indexCache.index(dwarf().get()).index();
        }
        return Optional.ofNullable(index);
    }

    synchronized Optional<Types> types() {
        if (types == null && dwarf().isPresent()) {
            types = Types.of(dwarf().get());
        }
        return Optional.ofNullable(types);
    }

    synchronized Optional<LineTables> lines() {
        if (lines == null && dwarf().isPresent()) {
            lines = LineTables.of(dwarf().get());
        }
        return Optional.ofNullable(lines);
    }
}
