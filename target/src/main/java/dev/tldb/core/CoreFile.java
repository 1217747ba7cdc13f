package dev.tldb.core;

import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import dev.tldb.binary.FormatException;
import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Note;
import dev.tldb.elf.Segment;
import dev.tldb.error.TldbException;
import dev.tldb.linkmap.MemoryView;
import dev.tldb.target.Auxv;
import dev.tldb.target.TargetException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An ELF core dump ({@code ET_CORE}), opened read-only and memory-mapped: its threads with their
 * registers, the process's NT_PRPSINFO, NT_AUXV, NT_FILE and NT_SIGINFO, and the memory its
 * PT_LOAD segments hold. Written by the Linux kernel, by gdb's {@code gcore} or by qemu-user;
 * ELF64 of every architecture {@link Arch} knows, and ELF32 for i386.
 *
 * <p>Errors are one line naming the file (a {@link TargetException}): not an ELF file, not a
 * core, an unsupported architecture, notes past the end of the file (a truncated core whose
 * notes are cut off has lost its threads). Memory cut off by truncation is a warning: that
 * memory is then unavailable, and everything else is still right.
 */
public final class CoreFile implements AutoCloseable {
    private final ElfFile elf;
    private final String displayName;
    private final Arch arch;
    private final CoreMemory memory;
    private final CoreNotes.Decoded notes;
    private final List<String> warnings;
    private final Auxv auxv;

    private CoreFile(ElfFile elf, String displayName) {
        this.elf = elf;
        this.displayName = displayName;
        if (elf.type() != Elf.ET_CORE) {
            throw new TargetException(displayName + ": not a core dump: it is an ELF " + Elf.typeName(elf.type()));
        }
        this.arch = Arch.of(elf).orElseThrow(() -> new TargetException(displayName
                + ": core dump of an unsupported architecture (" + Elf.machineName(elf.machine()) + ", ELF"
                + (elf.is64() ? "64" : "32") + "); tldb reads x86-64, i386, aarch64, riscv64, ppc64le and s390x"));
        List<String> warn = new ArrayList<>();
        this.memory = mapMemory(warn);
        this.notes = decodeNotes();
        warn.addAll(notes.warnings());
        if (notes.threads().isEmpty()) {
            warn.add(displayName + ": no NT_PRSTATUS note: the core holds no thread registers");
        }
        this.warnings = List.copyOf(warn);
        this.auxv = notes.auxv().map(b -> Auxv.parse(b, arch.pointerSize(), arch.order())).orElse(Auxv.empty());
    }

    /** Opens {@code path} read-only. Never writes to it. */
    public static CoreFile open(Path path) {
        ElfFile elf;
        try {
            elf = ElfFile.open(path);
        } catch (FormatException e) {
            throw explain(path.toString(), path.getFileName() == null ? "" : path.getFileName().toString(), e);
        } catch (TldbException e) {
            throw new TargetException(e.getMessage(), e);
        }
        try {
            return new CoreFile(elf, path.toString());
        } catch (RuntimeException e) {
            elf.close();
            throw e instanceof FormatException f ? explain(path.toString(), elf.name(), f) : e;
        }
    }

    /** A core already opened as an {@link ElfFile} (tests build cores in memory). */
    public static CoreFile of(ElfFile elf) {
        try {
            return new CoreFile(elf, elf.path().map(Path::toString).orElse(elf.name()));
        } catch (FormatException e) {
            throw explain(elf.name(), elf.name(), e);
        }
    }

    /**
     * A one-line error for a file that could not be read as a core: "not a core dump" when it is
     * not ELF at all, "truncated or corrupt" when ELF structures run past the end of the file.
     */
    private static TargetException explain(String display, String shortName, FormatException e) {
        String detail = e.getMessage();
        if (detail.startsWith(shortName + ": ")) {
            detail = detail.substring(shortName.length() + 2);
        }
        boolean notElf = detail.startsWith("not an ELF file") || detail.startsWith("unknown ELF");
        boolean truncated = detail.contains("beyond the end of the file") || detail.contains("truncated");
        String what = notElf ? "not a core dump" : truncated ? "truncated core dump" : "corrupt core dump";
        return new TargetException(display + ": " + what + ": " + detail, e);
    }

    private CoreMemory mapMemory(List<String> warn) {
        List<Segment> loads = elf.segments(Elf.PT_LOAD);
        long size = elf.fileSize();
        long[] available = new long[loads.size()];
        int cut = 0;
        long missingBytes = 0;
        long firstMissing = -1;
        for (int i = 0; i < loads.size(); i++) {
            Segment p = loads.get(i);
            long inFile = Long.compareUnsigned(p.filesz(), p.memsz()) > 0 ? p.memsz() : p.filesz();
            long have = p.offset() < 0 || p.offset() >= size ? 0 : Math.min(inFile, size - p.offset());
            if (inFile < 0) {
                have = 0;
            }
            available[i] = Math.max(have, 0);
            if (have < inFile) {
                cut++;
                missingBytes += inFile - have;
                if (firstMissing == -1) {
                    firstMissing = p.vaddr() + have;
                }
            }
        }
        if (cut > 0) {
            // gdb reads such a core too ("warning: Can't read data for section ..."), with holes.
            warn.add(displayName + ": core dump truncated at 0x" + Long.toHexString(size) + " bytes: " + cut
                    + " memory segment" + (cut == 1 ? " is" : "s are") + " missing 0x" + Long.toHexString(missingBytes)
                    + " bytes (from address 0x" + Long.toHexString(firstMissing) + "); that memory is unavailable");
        }
        return CoreMemory.of(elf, loads, available);
    }

    private CoreNotes.Decoded decodeNotes() {
        long size = elf.fileSize();
        for (Segment p : elf.segments(Elf.PT_NOTE)) {
            if (p.offset() < 0 || p.filesz() < 0 || p.offset() > size || p.filesz() > size - p.offset()) {
                throw new TargetException(displayName + ": truncated core dump: its notes (segment " + p.index()
                        + " at file offset 0x" + Long.toHexString(p.offset()) + ", 0x" + Long.toHexString(p.filesz())
                        + " bytes) end past the end of the file (0x" + Long.toHexString(size)
                        + " bytes): threads and registers are lost");
            }
        }
        List<Note> all;
        try {
            all = elf.notes();
        } catch (FormatException e) {
            throw new TargetException(displayName + ": corrupt core dump: " + e.getMessage(), e);
        }
        return new CoreNotes(displayName, arch).decode(all);
    }

    // ---------------------------------------------------------------- accessors

    /** The path or name the core was opened as, for messages. */
    public String displayName() {
        return displayName;
    }

    public Optional<Path> path() {
        return elf.path();
    }

    public ElfFile elf() {
        return elf;
    }

    public Arch arch() {
        return arch;
    }

    /** Threads in NT_PRSTATUS order, which is gdb's thread numbering (see {@link CoreThread#number()}). */
    public List<CoreThread> threads() {
        return notes.threads();
    }

    public Optional<PrPsInfo> processInfo() {
        return notes.processInfo();
    }

    /** The process id: NT_PRPSINFO's, else the first thread's LWP. */
    public long pid() {
        return notes.processInfo().map(PrPsInfo::pid)
                .or(() -> notes.threads().stream().findFirst().map(CoreThread::lwp)).orElse(0L);
    }

    /** NT_AUXV's raw bytes. */
    public Optional<byte[]> auxvBytes() {
        return notes.auxv().map(byte[]::clone);
    }

    /** NT_AUXV decoded (empty when the core has none). */
    public Auxv auxv() {
        return auxv;
    }

    /** NT_FILE entries in note order (empty when the core has none: qemu-user's cores). */
    public List<FileMapping> fileMappings() {
        return notes.files();
    }

    /** NT_FILE's page size (0 without NT_FILE). */
    public long fileMappingPageSize() {
        return notes.filePageSize();
    }

    /** The NT_SIGINFO of the signal that killed the process (the first thread's in gcore cores). */
    public Optional<SigInfo> signalInfo() {
        return notes.processSignal();
    }

    /** Every note's name in file order ({@code NT_PRSTATUS}, {@code NT_FPREGSET}, ...): what the core holds. */
    public List<String> noteNames() {
        return notes.noteNames();
    }

    /** The memory the core file holds (not what it leaves to the program files). */
    public CoreMemory memory() {
        return memory;
    }

    /** The core's own memory as a typed view; reads never fall through to program files. */
    public MemoryView memoryView() {
        return new MemoryView(memory::read, arch.pointerSize(), arch.order());
    }

    /** One line per problem met while opening (truncated memory, short notes). */
    public List<String> warnings() {
        return warnings;
    }

    /** The NT_FILE mapping that contains {@code address}. */
    public Optional<FileMapping> mappingAt(long address) {
        return notes.files().stream().filter(m -> m.contains(address)).findFirst();
    }

    /**
     * Where the process's executable was, as the core records it, best first: the NT_FILE
     * mapping holding its program headers (AT_PHDR) or entry point, the AT_EXECFN string, the
     * first word of NT_PRPSINFO's arguments, NT_PRPSINFO's file name. Paths are the process's
     * (possibly relative to its working directory, possibly cut short by the kernel).
     */
    public List<String> executableHints() {
        Set<String> out = new LinkedHashSet<>();
        for (OptionalLong at : List.of(auxv.phdr(), auxv.entry())) {
            if (at.isPresent()) {
                mappingAt(at.getAsLong()).ifPresent(m -> out.add(m.path()));
            }
        }
        OptionalLong execfn = auxv.get(Elf.AT_EXECFN);
        if (execfn.isPresent()) {
            memoryView().cstring(execfn.getAsLong(), 4096).filter(s -> !s.isEmpty()).ifPresent(out::add);
        }
        notes.processInfo().ifPresent(ps -> {
            String first = ps.arguments().split(" ", 2)[0];
            if (!first.isEmpty()) {
                out.add(first);
            }
            if (!ps.fileName().isEmpty()) {
                out.add(ps.fileName());
            }
        });
        return List.copyOf(out);
    }

    /**
     * The C library as far as the core alone can tell (musl when its dynamic linker or libc is
     * mapped); the program file is the better witness and wins when it is known.
     */
    public Optional<Libc> libcHint() {
        for (FileMapping m : notes.files()) {
            String name = m.path().substring(m.path().lastIndexOf('/') + 1);
            if (name.startsWith("ld-musl") || name.startsWith("libc.musl")) {
                return Optional.of(Libc.MUSL);
            }
            if (name.startsWith("ld-linux") || name.startsWith("libc.so.6") || name.startsWith("ld64.so")) {
                return Optional.of(Libc.GLIBC);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        elf.close();
    }

    @Override
    public String toString() {
        return displayName + " (" + arch.gdbName() + " core, " + threads().size() + " threads)";
    }
}
