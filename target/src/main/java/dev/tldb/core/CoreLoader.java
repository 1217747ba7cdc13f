package dev.tldb.core;

import dev.tldb.abi.Arch;
import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Segment;
import dev.tldb.error.TldbException;
import dev.tldb.exec.ExecTarget;
import dev.tldb.linkmap.ElfImage;
import dev.tldb.linkmap.MemoryView;
import dev.tldb.linkmap.ProgramImage;
import dev.tldb.target.Auxv;
import dev.tldb.target.MemoryException;
import dev.tldb.target.Module;
import dev.tldb.target.TargetException;
import dev.tldb.target.TargetStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Opens a core into a {@link TargetStack}: finds the program (given, or from what the core
 * records), checks it against the core, maps it and each library of the link map at its load
 * bias in an {@link ExecTarget}, and puts a {@link CoreTarget} on top.
 *
 * <p>A candidate file is taken only if it is an ELF file of the core's architecture that sits
 * where the process had it (a library's PT_DYNAMIC lands on its {@code l_ld}; the program
 * agrees with AT_ENTRY and AT_PHDR) and whose build-id, when the core holds the file's first
 * page (kernel and gcore cores do, as gdb relies on), equals the one in the core. A library
 * that fails is not mapped: its memory would be presented as the process's. An executable
 * given with {@code --exe} is used even when it does not match, with a warning, as gdb does
 * ("core file may not match specified executable file"); one of another architecture is an
 * error.
 */
public final class CoreLoader {
    private CoreLoader() {}

    public static LoadedCore load(CoreOptions options) {
        CoreFile core = CoreFile.open(options.core());
        try {
            return new Assembly(core, options).run();
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
    }

    /** One load: the state shared by its steps. */
    private static final class Assembly {
        private final CoreFile core;
        private final CoreOptions options;
        private final MemoryView coreMemory;
        private final Auxv auxv;
        private final Optional<Path> coreDir;
        private final List<String> warnings = new ArrayList<>();
        private Optional<String> executableMismatch = Optional.empty();

        Assembly(CoreFile core, CoreOptions options) {
            this.core = core;
            this.options = options;
            this.coreMemory = core.memoryView();
            this.auxv = core.auxv();
            this.coreDir = Optional.ofNullable(options.core().toAbsolutePath().getParent());
        }

        LoadedCore run() {
            warnings.addAll(core.warnings());
            Optional<ElfFile> program = options.executable().isPresent()
                    ? Optional.of(givenExecutable(options.executable().get()))
                    : findExecutable();
            TargetStack stack = new TargetStack();
            Optional<ExecTarget> exec = program.map(p -> new ExecTarget(p, ProgramImage.of(p, auxv).bias(),
                    Optional.empty()));
            exec.ifPresent(stack::push);
            CoreTarget target = new CoreTarget(core);
            stack.push(target);
            if (program.isEmpty()) {
                // With the file, its problems were checked above; without it, the headers in memory speak.
                warnings.addAll(target.programImage().problems());
            }
            warnings.addAll(target.linkMap().problems());
            List<Module> modules = target.modules();
            for (Module m : modules.subList(1, modules.size())) {
                if (exec.isEmpty()) {
                    warnings.add("shared libraries are not loaded: without the program file there is no file "
                            + "stratum to map them in (pass --exe)");
                    break;
                }
                findLibrary(m).ifPresent(elf -> exec.get().map(elf, m.loadBias()));
            }
            return new LoadedCore(stack, target, exec, warnings, executableMismatch);
        }

        // ------------------------------------------------------------ the program

        private ElfFile givenExecutable(Path path) {
            if (!Files.isRegularFile(path)) {
                throw new TargetException(path + ": no such file (the executable given for core "
                        + core.displayName() + ")");
            }
            ElfFile elf;
            try {
                elf = ElfFile.open(path);
            } catch (TldbException e) {
                throw new TargetException(path + ": not an executable: " + e.getMessage(), e);
            }
            Optional<String> archProblem = archMismatch(elf);
            if (archProblem.isPresent()) {
                elf.close();
                throw new TargetException(core.displayName() + ": core dump of " + core.arch().gdbName()
                        + ", but " + path + " is " + archProblem.get() + ": not the program that dumped this core");
            }
            if (elf.type() != Elf.ET_EXEC && elf.type() != Elf.ET_DYN) {
                elf.close();
                throw new TargetException(path + ": not an executable: it is an ELF " + Elf.typeName(elf.type()));
            }
            List<String> mismatch = executableMismatch(elf);
            if (!mismatch.isEmpty()) {
                executableMismatch = Optional.of(String.join("; ", mismatch));
                warnings.add(path + " may not match core " + core.displayName() + ": " + executableMismatch.get());
            }
            return elf;
        }

        private Optional<ElfFile> findExecutable() {
            List<Path> candidates = FileCandidates.of(core.executableHints(), coreDir, options.sysroots(),
                    options.searchDirs());
            List<FileCheck.Rejected> rejected = new ArrayList<>();
            for (Path p : candidates) {
                FileCheck c = checkExecutable(p);
                if (c instanceof FileCheck.Accepted a) {
                    return Optional.of(a.elf());
                }
                rejected.add((FileCheck.Rejected) c);
            }
            warnings.add("executable of core " + core.displayName() + " not found ("
                    + (rejected.isEmpty() ? "the core records no path for it"
                            : "tried " + rejected.stream().map(FileCheck::describe).collect(Collectors.joining(", ")))
                    + "); code and read-only data the core omits are unavailable, and so are shared libraries"
                    + " (pass --exe)");
            return Optional.empty();
        }

        private FileCheck checkExecutable(Path p) {
            Optional<ElfFile> opened = openCandidate(p);
            if (opened.isEmpty()) {
                return new FileCheck.Rejected(p, Files.exists(p) ? "not an ELF file" : "not found");
            }
            ElfFile elf = opened.get();
            Optional<String> reason = archMismatch(elf);
            if (reason.isEmpty() && elf.type() != Elf.ET_EXEC && elf.type() != Elf.ET_DYN) {
                reason = Optional.of("an ELF " + Elf.typeName(elf.type()));
            }
            if (reason.isEmpty()) {
                List<String> mismatch = executableMismatch(elf);
                if (!mismatch.isEmpty()) {
                    reason = Optional.of(mismatch.get(0));
                }
            }
            if (reason.isPresent()) {
                elf.close();
                return new FileCheck.Rejected(p, reason.get());
            }
            return new FileCheck.Accepted(p, elf);
        }

        /**
         * Why {@code program} is not what the process ran, if the core can tell: its entry point
         * or program headers are not where the auxv says, the program headers in the core's
         * memory differ from the file's, or the build-ids differ.
         */
        private List<String> executableMismatch(ElfFile program) {
            ProgramImage image = ProgramImage.of(program, auxv);
            List<String> out = new ArrayList<>(image.problems());
            if (!out.isEmpty()) {
                return out;
            }
            var phdr = auxv.phdr();
            var phnum = auxv.get(Elf.AT_PHNUM);
            if (phdr.isPresent() && phnum.isPresent() && phnum.getAsLong() == program.header().phnum()) {
                int size = program.header().phnum() * program.header().phentsize();
                byte[] inCore = coreMemory.readable(phdr.getAsLong(), size);
                if (inCore.length == size) {
                    byte[] inFile = new byte[size];
                    program.fileBytes(program.header().phoff(), size).get(inFile);
                    if (!Arrays.equals(inCore, inFile)) {
                        out.add("its program headers differ from those the process had at AT_PHDR 0x"
                                + Long.toHexString(phdr.getAsLong()));
                        return out;
                    }
                }
            } else if (phnum.isPresent() && phnum.getAsLong() != program.header().phnum()) {
                out.add("it has " + program.header().phnum() + " program headers, the process had "
                        + phnum.getAsLong() + " (AT_PHNUM)");
                return out;
            }
            buildIdMismatch(program, image.bias()).ifPresent(out::add);
            return out;
        }

        // ------------------------------------------------------------ libraries

        private Optional<ElfFile> findLibrary(Module m) {
            List<String> names = new ArrayList<>();
            names.add(m.name());
            core.mappingAt(m.dynamicAddress()).or(() -> core.mappingAt(m.loadBias()))
                    .ifPresent(f -> names.add(f.path()));
            List<Path> candidates = FileCandidates.of(names, Optional.empty(), options.sysroots(),
                    options.searchDirs());
            List<FileCheck.Rejected> rejected = new ArrayList<>();
            for (Path p : candidates) {
                FileCheck c = checkLibrary(p, m);
                if (c instanceof FileCheck.Accepted a) {
                    return Optional.of(a.elf());
                }
                rejected.add((FileCheck.Rejected) c);
            }
            boolean anyExists = rejected.stream().anyMatch(r -> !r.reason().equals("not found"));
            warnings.add(m.shortName() + ": " + (anyExists ? "no matching file for" : "not found:") + " shared library "
                    + m.name() + " loaded at 0x" + Long.toHexString(m.loadBias()) + " (tried "
                    + rejected.stream().map(FileCheck::describe).collect(Collectors.joining(", "))
                    + "); its code and symbols are unavailable");
            return Optional.empty();
        }

        private FileCheck checkLibrary(Path p, Module m) {
            Optional<ElfFile> opened = openCandidate(p);
            if (opened.isEmpty()) {
                return new FileCheck.Rejected(p, Files.exists(p) ? "not an ELF file" : "not found");
            }
            ElfFile elf = opened.get();
            Optional<String> reason = archMismatch(elf);
            if (reason.isEmpty() && elf.type() != Elf.ET_DYN) {
                reason = Optional.of("an ELF " + Elf.typeName(elf.type()) + ", not a shared object");
            }
            if (reason.isEmpty()) {
                Optional<Segment> dyn = elf.segments(Elf.PT_DYNAMIC).stream().findFirst();
                if (dyn.isPresent() && m.dynamicAddress() != 0 && dyn.get().vaddr() + m.loadBias() != m.dynamicAddress()) {
                    reason = Optional.of("its dynamic section would be at 0x"
                            + Long.toHexString(dyn.get().vaddr() + m.loadBias()) + ", the process had it at 0x"
                            + Long.toHexString(m.dynamicAddress()));
                }
            }
            if (reason.isEmpty()) {
                reason = buildIdMismatch(elf, m.loadBias());
            }
            if (reason.isPresent()) {
                elf.close();
                return new FileCheck.Rejected(p, reason.get());
            }
            return new FileCheck.Accepted(p, elf);
        }

        // ------------------------------------------------------------ checks shared by both

        private Optional<ElfFile> openCandidate(Path p) {
            if (!Files.isRegularFile(p)) {
                return Optional.empty();
            }
            try {
                return Optional.of(ElfFile.open(p));
            } catch (TldbException e) {
                return Optional.empty();
            }
        }

        /** What {@code elf} is instead, when it is not of the core's architecture. */
        private Optional<String> archMismatch(ElfFile elf) {
            Optional<Arch> arch = Arch.of(elf);
            if (arch.isPresent() && arch.get() == core.arch()) {
                return Optional.empty();
            }
            return Optional.of(arch.map(Arch::gdbName).orElse(Elf.machineName(elf.machine()) + " ELF"
                    + (elf.is64() ? "64" : "32")));
        }

        /**
         * The file's build-id against the one in the core's own memory image of the file's first
         * page (read without falling through to the file itself); empty when they agree or the
         * core cannot tell (no header page, no build-id on either side).
         */
        private Optional<String> buildIdMismatch(ElfFile elf, long bias) {
            Optional<byte[]> inFile = elf.buildId();
            if (inFile.isEmpty()) {
                return Optional.empty();
            }
            Optional<byte[]> inCore;
            try {
                long header = bias + elf.linkBase();
                for (Segment p : elf.segments(Elf.PT_LOAD)) {
                    if (p.offset() == 0) {
                        header = bias + p.vaddr();
                        break;
                    }
                }
                inCore = ElfImage.read(coreMemory, header).flatMap(img -> img.buildId(coreMemory))
                        .or(() -> ElfImage.buildIdOf(coreMemory, elf.segments(), bias));
            } catch (MemoryException e) {
                return Optional.empty();
            }
            if (inCore.isEmpty() || Arrays.equals(inCore.get(), inFile.get())) {
                return Optional.empty();
            }
            return Optional.of("build-id " + hex(inFile.get()) + ", the core has " + hex(inCore.get()));
        }
    }

    private static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }
}
