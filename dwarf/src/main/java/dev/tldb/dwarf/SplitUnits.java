package dev.tldb.dwarf;

import dev.tldb.elf.ElfFile;
import dev.tldb.error.TldbException;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the split unit of a skeleton: DWARF 5 ({@code DW_UT_skeleton} + {@code DW_AT_dwo_name})
 * or GNU DWARF 4 ({@code DW_AT_GNU_dwo_name} + {@code DW_AT_GNU_dwo_id}). The {@code .dwo} is
 * looked for where gdb looks: the name itself if absolute, else under the skeleton's
 * {@code DW_AT_comp_dir}, then in the binary's own folder (by the name, then by its last
 * component). The unit inside must carry the skeleton's DWO id. {@code .dwp} packages are not
 * read; when one sits beside the binary the problem message says so.
 */
final class SplitUnits implements AutoCloseable {
    private final DwarfInfo main;
    private final Map<Long, Found> bySkeleton = new ConcurrentHashMap<>();
    private final Map<Path, Optional<DwarfInfo>> openFiles = new ConcurrentHashMap<>();
    private final List<ElfFile> toClose = new ArrayList<>();

    SplitUnits(DwarfInfo main) {
        this.main = main;
    }

    private record Found(Optional<Unit> unit, String problem) { }

    Optional<Unit> find(Unit skeleton) {
        return lookup(skeleton).unit();
    }

    String problem(Unit skeleton) {
        Found f = lookup(skeleton);
        return f.unit().isPresent() ? "" : f.problem();
    }

    private Found lookup(Unit skeleton) {
        long key = skeleton.header().offset();
        Found f = bySkeleton.get(key);
        if (f == null) {
            f = resolve(skeleton);
            Found raced = bySkeleton.putIfAbsent(key, f);
            if (raced != null) {
                f = raced;
            }
        }
        return f;
    }

    private Found resolve(Unit skeleton) {
        String where = main.elf().name() + ": skeleton unit at 0x" + Long.toHexString(skeleton.header().offset());
        Optional<String> dwoName = skeleton.dwoName();
        if (dwoName.isEmpty()) {
            return new Found(Optional.empty(), where + " names no .dwo file");
        }
        OptionalLong dwoId = skeleton.dwoId();
        Set<Path> candidates = new LinkedHashSet<>();
        Optional<Path> binaryDir = main.elf().path().map(p -> p.toAbsolutePath().getParent());
        try {
            Path name = Path.of(dwoName.get());
            if (name.isAbsolute()) {
                candidates.add(name);
            } else {
                skeleton.compDir().ifPresent(dir -> candidates.add(Path.of(dir).resolve(name)));
                binaryDir.ifPresent(dir -> candidates.add(dir.resolve(name)));
            }
            if (name.getFileName() != null) {
                binaryDir.ifPresent(dir -> candidates.add(dir.resolve(name.getFileName())));
            }
        } catch (InvalidPathException e) {
            return new Found(Optional.empty(), where + ": .dwo name " + dwoName.get() + " is not a valid path");
        }
        List<String> tried = new ArrayList<>();
        for (Path candidate : candidates) {
            tried.add(candidate.toString());
            if (!Files.isRegularFile(candidate)) {
                continue;
            }
            Optional<DwarfInfo> dwo = open(candidate);
            if (dwo.isEmpty()) {
                continue;
            }
            for (Unit u : dwo.get().units()) {
                if (u.isTypeUnit()) {
                    continue;
                }
                OptionalLong id = u.dwoId();
                if (dwoId.isEmpty() || (id.isPresent() && id.getAsLong() == dwoId.getAsLong())) {
                    if (dwoId.isPresent()) {
                        dwo.get().registerSkeleton(dwoId.getAsLong(), skeleton);
                    }
                    return new Found(Optional.of(u), "");
                }
            }
            tried.set(tried.size() - 1, candidate + " (no unit with DWO id 0x"
                    + Long.toHexString(dwoId.orElse(0)) + ")");
        }
        StringBuilder msg = new StringBuilder(where).append(": split DWARF file ").append(dwoName.get())
                .append(" not found (tried ").append(String.join(", ", tried)).append(")");
        main.elf().path().ifPresent(p -> {
            Path dwp = p.resolveSibling(p.getFileName() + ".dwp");
            if (Files.exists(dwp)) {
                msg.append("; ").append(dwp.getFileName())
                        .append(" exists, but tldb does not read .dwp packages yet");
            }
        });
        return new Found(Optional.empty(), msg.toString());
    }

    private Optional<DwarfInfo> open(Path candidate) {
        Path key = candidate.toAbsolutePath().normalize();
        return openFiles.computeIfAbsent(key, k -> {
            try {
                ElfFile elf = ElfFile.open(k);
                synchronized (toClose) {
                    toClose.add(elf);
                }
                return Optional.of(DwarfInfo.ofDwo(elf, main));
            } catch (TldbException e) {
                return Optional.empty(); // not an ELF file: keep looking
            }
        });
    }

    @Override
    public void close() {
        synchronized (toClose) {
            for (ElfFile f : toClose) {
                f.close();
            }
            toClose.clear();
        }
    }
}
