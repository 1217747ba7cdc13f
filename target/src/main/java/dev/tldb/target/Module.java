package dev.tldb.target;

import dev.tldb.elf.ElfFile;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A loaded module (the executable or a shared library), as the dynamic linker's link map records
 * it: its name ({@code l_name}, or the executable's path), load bias ({@code l_addr}), the address
 * of its {@code link_map} entry ({@code lm}, 0 when there is none, as for static programs), its
 * dynamic section ({@code l_ld}), its TLS module id when it has TLS, and the ELF file when it
 * could be found on this host.
 */
public record Module(
        String name,
        long loadBias,
        long lmAddress,
        long dynamicAddress,
        OptionalLong tlsModuleId,
        Optional<ElfFile> elf,
        boolean isMainProgram) {

    /** The file name without directories, as messages show it. */
    public String shortName() {
        int slash = name.lastIndexOf('/');
        return slash >= 0 ? name.substring(slash + 1) : name;
    }

    public Module withTlsModuleId(long id) {
        return new Module(name, loadBias, lmAddress, dynamicAddress, OptionalLong.of(id), elf, isMainProgram);
    }

    public Module withElf(ElfFile file) {
        return new Module(name, loadBias, lmAddress, dynamicAddress, tlsModuleId, Optional.of(file), isMainProgram);
    }
}
