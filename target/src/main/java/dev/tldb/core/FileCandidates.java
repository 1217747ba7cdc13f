package dev.tldb.core;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where on this host a file the process had mapped may be, in the order they are tried: the
 * path as the process named it, the same path under each sysroot, the path NT_FILE recorded
 * for its mapping (the kernel's resolved name, e.g. {@code /usr/lib/...} for
 * {@code /lib/...}) and that under each sysroot, then the base names in each search folder.
 */
final class FileCandidates {
    private FileCandidates() {}

    /**
     * @param processPaths paths as the process knew them, best first (link-map name, NT_FILE path)
     * @param relativeBase folder that relative process paths are taken against (the core's folder:
     *                     the kernel writes a core into the process's working directory)
     */
    static List<Path> of(List<String> processPaths, Optional<Path> relativeBase, List<Path> sysroots,
                         List<Path> searchDirs) {
        Set<Path> out = new LinkedHashSet<>();
        for (String p : processPaths) {
            if (p.isEmpty()) {
                continue;
            }
            if (p.startsWith("/")) {
                add(out, p);
                for (Path root : sysroots) {
                    add(out, root + p);
                }
            } else {
                relativeBase.ifPresent(base -> add(out, base + "/" + p));
                for (Path root : sysroots) {
                    add(out, root + "/" + p);
                }
            }
        }
        List<String> baseNames = new ArrayList<>();
        for (String p : processPaths) {
            String base = p.substring(p.lastIndexOf('/') + 1);
            if (!base.isEmpty() && !baseNames.contains(base)) {
                baseNames.add(base);
            }
        }
        for (Path dir : searchDirs) {
            for (String base : baseNames) {
                add(out, dir + "/" + base);
            }
        }
        return List.copyOf(out);
    }

    private static void add(Set<Path> out, String path) {
        try {
            out.add(Path.of(path).normalize());
        } catch (InvalidPathException e) {
            // A name with a NUL or the like cannot be on disk: nothing to try.
        }
    }
}
