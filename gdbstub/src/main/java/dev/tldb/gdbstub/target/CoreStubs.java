package dev.tldb.gdbstub.target;

import dev.tldb.core.CoreFile;
import dev.tldb.core.CoreTarget;
import dev.tldb.core.FileMapping;
import dev.tldb.elf.Elf;
import dev.tldb.elf.Segment;
import dev.tldb.core.LoadedCore;
import dev.tldb.gdbstub.files.ServedFiles;
import dev.tldb.target.TargetStack;
import dev.tldb.threaddb.ThreadDbLayer;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Serving an opened core: every connection gets its own target stack over the same mapped files
 * (the program and libraries of the file stratum, the core file), with its own process layer,
 * whose overlay takes that debugger's writes, and its own thread layer on top, which answers
 * {@code qGetTLSAddr}. Opening a stack costs a link-map walk, not a re-read of the core.
 */
public final class CoreStubs {
    private CoreStubs() {
    }

    /** Stubs over {@code loaded}; the loader's warnings become {@code monitor info} notes. */
    public static TargetStubFactory factory(LoadedCore loaded) {
        CoreFile core = loaded.core().coreFile();
        byte[] maps = procMaps(core).getBytes(StandardCharsets.UTF_8);
        ServedFiles files = ServedFiles.of(loaded.stack())
                .withGenerated("/proc/" + core.pid() + "/maps", maps)
                .withGenerated("/proc/" + core.pid() + "/task/" + core.pid() + "/maps", maps);
        return TargetStubFactory.of(id -> TargetStub.builder(stack(loaded))
                .files(files)
                .notes(loaded.warnings())
                .build());
    }

    /**
     * {@code /proc/<pid>/maps} as the process had it, rebuilt from the core: one line per PT_LOAD
     * segment with its permissions, and the file and offset NT_FILE records for it ({@code [vdso]}
     * for the auxv's AT_SYSINFO_EHDR). gdb reads this file through {@code vFile} on connecting, to
     * find the vDSO (it warns "unable to open /proc file" without it), and for
     * {@code info proc mappings}. Device and inode are not in a core: 00:00 0.
     */
    public static String procMaps(CoreFile core) {
        OptionalLong vdso = core.auxv().get(Elf.AT_SYSINFO_EHDR);
        StringBuilder sb = new StringBuilder();
        for (Segment p : core.elf().segments()) {
            if (!p.isLoad() || p.memsz() == 0) {
                continue;
            }
            long start = p.vaddr();
            long end = start + p.memsz();
            String name = "";
            long offset = 0;
            Optional<FileMapping> m = core.mappingAt(start);
            if (m.isPresent()) {
                name = m.get().path();
                offset = m.get().fileOffset() + (start - m.get().start());
            } else if (vdso.isPresent() && vdso.getAsLong() == start) {
                name = "[vdso]";
            }
            String perms = "" + ((p.flags() & Elf.PF_R) != 0 ? 'r' : '-') + ((p.flags() & Elf.PF_W) != 0 ? 'w' : '-')
                    + ((p.flags() & Elf.PF_X) != 0 ? 'x' : '-') + 'p';
            String line = String.format("%08x-%08x %s %08x 00:00 0", start, end, perms, offset);
            sb.append(name.isEmpty() ? line : String.format("%-73s%s", line, name)).append('\n');
        }
        return sb.toString();
    }

    /** A fresh stack: the shared file stratum, a private core layer, a thread layer. */
    public static TargetStack stack(LoadedCore loaded) {
        TargetStack stack = new TargetStack();
        loaded.exec().ifPresent(stack::push);
        stack.push(new CoreTarget(loaded.core().coreFile()));
        stack.push(new ThreadDbLayer());
        return stack;
    }
}
