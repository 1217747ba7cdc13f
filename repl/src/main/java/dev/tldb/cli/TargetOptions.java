package dev.tldb.cli;

import dev.tldb.core.CoreLoader;
import dev.tldb.core.CoreOptions;
import dev.tldb.core.LoadedCore;
import dev.tldb.elf.ElfFile;
import dev.tldb.error.TldbException;
import dev.tldb.exec.ExecTarget;
import dev.tldb.target.TargetStack;
import dev.tldb.threaddb.ThreadDbLayer;
import dev.tldb.threaddb.TlsInspector;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The options that say what to debug: a program file, or a core with its program and where its libraries are. */
public final class TargetOptions {

    @Option(names = "--core", paramLabel = "CORE", description = "A core dump (kernel, gdb's gcore or qemu-user).")
    Path core;

    @Option(names = {"--exe", "--file"}, paramLabel = "EXE",
            description = "The program. With --core: the program that dumped it (default: found from the paths "
                    + "the core records); one the core shows to be another program is refused. "
                    + "Alone: debug information of the file, no process.")
    Path exe;

    @Option(names = "--sysroot", paramLabel = "DIR",
            description = "Look for the process's files under DIR, like gdb's sysroot (e.g. /usr/aarch64-linux-gnu); "
                    + "repeatable.")
    List<Path> sysroots = new ArrayList<>();

    @Option(names = "--search-dir", paramLabel = "DIR",
            description = "Also look for libraries by file name in DIR; repeatable.")
    List<Path> searchDirs = new ArrayList<>();

    public boolean given() {
        return core != null || exe != null;
    }

    /** Opens the target: a core under a thread layer, or the program file alone. */
    public OpenTarget open() {
        List<String> folderWarnings = new ArrayList<>();
        for (Path d : sysroots) {
            if (!Files.isDirectory(d)) {
                folderWarnings.add("--sysroot " + d + ": no such directory");
            }
        }
        for (Path d : searchDirs) {
            if (!Files.isDirectory(d)) {
                folderWarnings.add("--search-dir " + d + ": no such directory");
            }
        }
        OpenTarget t = openTarget();
        if (folderWarnings.isEmpty()) {
            return t;
        }
        folderWarnings.addAll(t.warnings());
        return new OpenTarget(t.stack(), folderWarnings, t.description(), t.resources());
    }

    private OpenTarget openTarget() {
        if (core != null) {
            CoreOptions o = CoreOptions.of(core);
            if (exe != null) {
                o = o.withExecutable(exe);
            }
            for (Path s : sysroots) {
                o = o.withSysroot(s);
            }
            for (Path d : searchDirs) {
                o = o.withSearchDir(d);
            }
            LoadedCore loaded = CoreLoader.load(o);
            if (loaded.executableMismatch().isPresent()) {
                // gdb warns and goes on; then every TLS offset, type and address comes from another
                // program and the values look right while they are not. Refuse instead.
                loaded.close();
                throw new TldbException(exe + " is not the program that dumped core " + core + ": "
                        + loaded.executableMismatch().get() + "; its symbols would give wrong values"
                        + " (give the program that dumped the core, or leave out --exe to use the one the core names)");
            }
            TargetStack stack = loaded.stack().push(new ThreadDbLayer());
            return new OpenTarget(stack, loaded.warnings(), "core " + core, loaded);
        }
        if (exe != null) {
            ElfFile elf = ElfFile.open(exe);
            TargetStack stack = new TargetStack().push(new ExecTarget(elf, 0, Optional.empty()));
            return new OpenTarget(stack, List.of(), "file " + exe, elf);
        }
        throw new TldbException("no target: give --core CORE or --file PROGRAM");
    }

    static void printWarnings(OpenTarget t, PrintWriter err) {
        for (String w : t.warnings()) {
            err.println("warning: " + w);
        }
        err.flush();
    }

    /**
     * What the thread layer found out while answering (e.g. glibc's layout descriptors missing, so
     * no DTV generation checks): known only after the first TLS request, so printed after the values.
     */
    static void printThreadDbWarnings(OpenTarget t, PrintWriter err) {
        t.stack().capability(TlsInspector.class).ifPresent(i -> i.threadDbWarnings().forEach(w -> err.println("warning: " + w)));
        err.flush();
    }
}
