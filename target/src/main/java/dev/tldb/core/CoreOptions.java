package dev.tldb.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to open: a core, optionally the executable that produced it ({@code --exe}), target
 * roots to look for the process's files under ({@code --sysroot}: a cross core's
 * {@code /lib/libc.so.6} is at {@code <sysroot>/lib/libc.so.6} here), and folders to search
 * by file name ({@code --search-dir}, like gdb's {@code solib-search-path}).
 */
public record CoreOptions(Path core, Optional<Path> executable, List<Path> sysroots, List<Path> searchDirs) {

    public CoreOptions {
        sysroots = List.copyOf(sysroots);
        searchDirs = List.copyOf(searchDirs);
    }

    public static CoreOptions of(Path core) {
        return new CoreOptions(core, Optional.empty(), List.of(), List.of());
    }

    public CoreOptions withExecutable(Path exe) {
        return new CoreOptions(core, Optional.of(exe), sysroots, searchDirs);
    }

    public CoreOptions withSysroot(Path sysroot) {
        List<Path> s = new ArrayList<>(sysroots);
        s.add(sysroot);
        return new CoreOptions(core, executable, s, searchDirs);
    }

    public CoreOptions withSearchDir(Path dir) {
        List<Path> s = new ArrayList<>(searchDirs);
        s.add(dir);
        return new CoreOptions(core, executable, sysroots, s);
    }
}
