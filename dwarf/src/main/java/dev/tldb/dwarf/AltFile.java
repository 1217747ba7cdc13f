package dev.tldb.dwarf;

import dev.tldb.binary.ByteReader;
import dev.tldb.elf.ElfFile;
import dev.tldb.error.TldbException;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The dwz supplementary file named by {@code .gnu_debugaltlink} (a path and a build-id), which
 * holds the DIEs and strings that {@code DW_FORM_GNU_ref_alt} / {@code DW_FORM_GNU_strp_alt}
 * point to. Looked for at the path (relative paths from the binary's folder), then under
 * {@code /usr/lib/debug/.build-id/}. When it cannot be found, using an alt form is a clear error.
 */
final class AltFile implements AutoCloseable {
    private final ElfFile elf;
    private final DwarfInfo dwarf;
    private final String problem;

    private AltFile(ElfFile elf, DwarfInfo dwarf, String problem) {
        this.elf = elf;
        this.dwarf = dwarf;
        this.problem = problem;
    }

    DwarfInfo dwarf() {
        if (dwarf == null) {
            throw new DwarfException(problem);
        }
        return dwarf;
    }

    static AltFile locate(DwarfInfo owner) {
        ElfFile main = owner.elf();
        String what = main.name() + ": DWARF refers to a supplementary (dwz) file";
        Optional<dev.tldb.elf.Section> link = main.section(".gnu_debugaltlink");
        Optional<dev.tldb.elf.Section> sup = main.section(".debug_sup");
        String name;
        String buildId = "";
        if (link.isPresent()) {
            ByteReader r = new ByteReader(main.rawContents(link.get()), main.name() + ": .gnu_debugaltlink", 0);
            name = r.cstring();
            buildId = r.hasRemaining() ? HexFormat.of().formatHex(r.bytes(r.remaining())) : "";
        } else if (sup.isPresent()) {
            // DWARF 5 section 7.3.6: version, is_supplementary, file name, checksum.
            ByteReader r = new ByteReader(main.contents(sup.get()), main.name() + ": .debug_sup", 0);
            r.u16();
            r.u8();
            name = r.cstring();
        } else {
            return new AltFile(null, null, what + " (DW_FORM_GNU_ref_alt/strp_alt or ref_sup/strp_sup), but has no "
                    + ".gnu_debugaltlink or .debug_sup naming it; dwz-compressed DWARF needs that file");
        }
        List<Path> candidates = new ArrayList<>();
        try {
            Path p = Path.of(name);
            if (p.isAbsolute()) {
                candidates.add(p);
            } else {
                main.path().map(x -> x.toAbsolutePath().getParent()).ifPresent(d -> candidates.add(d.resolve(p)));
            }
        } catch (InvalidPathException e) {
            // fall through to the build-id path
        }
        if (buildId.length() > 2) {
            candidates.add(Path.of("/usr/lib/debug/.build-id", buildId.substring(0, 2), buildId.substring(2) + ".debug"));
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                try {
                    ElfFile alt = ElfFile.open(c);
                    return new AltFile(alt, DwarfInfo.of(alt), "");
                } catch (TldbException e) {
                    // not an ELF file: try the next one
                }
            }
        }
        return new AltFile(null, null, what + " " + name + (buildId.isEmpty() ? "" : " (build-id " + buildId + ")")
                + " that was not found (tried "
                + String.join(", ", candidates.stream().map(Path::toString).toList()) + ")");
    }

    @Override
    public void close() {
        if (elf != null) {
            elf.close();
        }
    }
}
