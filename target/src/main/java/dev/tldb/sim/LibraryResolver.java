package dev.tldb.sim;

import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import dev.tldb.binary.FormatException;
import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the files the dynamic linker would open, on this host: a library named in DT_NEEDED or
 * given to dlopen is looked up in the requester's RUNPATH/RPATH (with {@code $ORIGIN}), the
 * scenario's library paths, then the C library's directories for the program's architecture
 * (the host's for x86-64, the cross sysroots {@code /usr/aarch64-linux-gnu} and
 * {@code /usr/riscv64-linux-gnu} otherwise). A file of another architecture is skipped, as
 * ld.so skips it, so an aarch64 program never picks up the host's x86-64 libc.
 */
final class LibraryResolver {
    private final Arch arch;
    private final List<Path> userDirs;
    private final List<Path> sysroots;
    private final Map<Path, ElfFile> opened = new LinkedHashMap<>();

    LibraryResolver(Arch arch, Libc libc, List<Path> userDirs, List<Path> extraSysroots) {
        this.arch = arch;
        this.userDirs = List.copyOf(userDirs);
        List<Path> roots = new ArrayList<>(extraSysroots);
        roots.addAll(defaultSysroots(arch, libc));
        this.sysroots = List.copyOf(roots);
    }

    /** Where each architecture's C library lives on a Debian host with the cross packages installed. */
    static List<Path> defaultSysroots(Arch arch, Libc libc) {
        if (libc == Libc.MUSL) {
            return switch (arch) {
                case X86_64 -> List.of(Path.of("/usr/lib/x86_64-linux-musl"), Path.of("/lib/x86_64-linux-musl"),
                        Path.of("/usr/lib/musl"), Path.of("/"));
                default -> List.of(Path.of("/usr/" + gnuTriplet(arch).replace("-gnu", "-musl")));
            };
        }
        return switch (arch) {
            case X86_64 -> List.of(Path.of("/"));
            default -> List.of(Path.of("/usr/" + gnuTriplet(arch)));
        };
    }

    private static String gnuTriplet(Arch arch) {
        return switch (arch) {
            case X86_64 -> "x86_64-linux-gnu";
            case AARCH64 -> "aarch64-linux-gnu";
            case RISCV64 -> "riscv64-linux-gnu";
            case I386 -> "i386-linux-gnu";
            case PPC64LE -> "powerpc64le-linux-gnu";
            case S390X -> "s390x-linux-gnu";
        };
    }

    /** The library directories under each sysroot, most specific first. */
    private List<Path> systemDirs() {
        List<Path> out = new ArrayList<>();
        for (Path root : sysroots) {
            for (String d : List.of("lib/" + gnuTriplet(arch), "usr/lib/" + gnuTriplet(arch), "lib64", "lib", "usr/lib")) {
                out.add(root.resolve(d));
            }
            out.add(root);
        }
        return out;
    }

    /** The directories searched for a library needed by {@code requester}, in order. */
    List<Path> searchDirs(Optional<ElfFile> requester, Optional<Path> requesterPath) {
        List<Path> dirs = new ArrayList<>();
        if (requester.isPresent()) {
            for (var e : requester.get().dynamic()) {
                if (e.tag() == Elf.DT_RUNPATH || e.tag() == Elf.DT_RPATH) {
                    for (String entry : runpath(requester.get(), e.tag())) {
                        String origin = requesterPath.map(p -> p.toAbsolutePath().getParent().toString()).orElse(".");
                        dirs.add(Path.of(entry.replace("$ORIGIN", origin).replace("${ORIGIN}", origin)));
                    }
                }
            }
        }
        dirs.addAll(userDirs);
        dirs.addAll(systemDirs());
        return dirs;
    }

    private static List<String> runpath(ElfFile elf, long tag) {
        // ElfFile resolves DT_NEEDED and DT_SONAME strings; RUNPATH strings are read the same way.
        var strtab = elf.section(".dynstr");
        if (strtab.isEmpty()) {
            return List.of();
        }
        var bytes = elf.rawContents(strtab.get());
        List<String> out = new ArrayList<>();
        for (var e : elf.dynamic()) {
            if (e.tag() == tag && e.value() >= 0 && e.value() < bytes.limit()) {
                StringBuilder sb = new StringBuilder();
                for (int i = (int) e.value(); i < bytes.limit() && bytes.get(i) != 0; i++) {
                    sb.append((char) (bytes.get(i) & 0xff));
                }
                for (String part : sb.toString().split(":")) {
                    if (!part.isEmpty()) {
                        out.add(part);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The file for {@code name}: a name with a slash is a path (tried under each sysroot first, as
     * qemu's {@code -L} and gdb's {@code sysroot} do for PT_INTERP); a bare name is searched.
     */
    Optional<Located> find(String name, Optional<ElfFile> requester, Optional<Path> requesterPath) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            if (p.isAbsolute()) {
                for (Path root : sysroots) {
                    Optional<Located> f = accept(root.resolve(name.substring(1)));
                    if (f.isPresent()) {
                        return f;
                    }
                }
            }
            Optional<Located> direct = accept(p);
            if (direct.isPresent()) {
                return direct;
            }
            name = p.getFileName().toString();
        }
        for (Path dir : searchDirs(requester, requesterPath)) {
            Optional<Located> f = accept(dir.resolve(name));
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    /** A file found: where, and its ELF. */
    record Located(Path path, ElfFile elf) {}

    /** Opens a file if it is an ELF shared object or executable of the program's architecture. */
    Optional<Located> accept(Path p) {
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        Path key = p.toAbsolutePath().normalize();
        ElfFile elf = opened.get(key);
        if (elf == null) {
            try {
                elf = ElfFile.open(p);
            } catch (FormatException e) {
                return Optional.empty(); // a linker script such as libc.so, or not ELF at all
            }
            if (Arch.of(elf).orElse(null) != arch) {
                elf.close();
                return Optional.empty();
            }
            opened.put(key, elf);
        }
        return Optional.of(new Located(p, elf));
    }

    /** Every directory a library was searched in, for the "cannot find" message. */
    String describeSearch(Optional<ElfFile> requester, Optional<Path> requesterPath) {
        List<String> shown = new ArrayList<>();
        for (Path d : searchDirs(requester, requesterPath)) {
            if (Files.isDirectory(d) && !shown.contains(d.toString())) {
                shown.add(d.toString());
            }
        }
        return String.join(":", shown);
    }
}
