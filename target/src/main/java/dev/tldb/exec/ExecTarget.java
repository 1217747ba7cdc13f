package dev.tldb.exec;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import dev.tldb.abi.LibcDetector;
import dev.tldb.elf.ElfFile;
import dev.tldb.memory.ElfRegions;
import dev.tldb.memory.Region;
import dev.tldb.memory.RegionMap;
import dev.tldb.target.MemoryException;
import dev.tldb.target.Module;
import dev.tldb.target.Stratum;
import dev.tldb.target.TargetException;
import dev.tldb.target.TargetLayer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The file stratum (gdb's "exec" target): the bytes of the program and its libraries as mapped at
 * their load addresses. It answers reads of code and read-only data, which core files usually
 * omit, and supplies the ABI of the program. It never writes: its files are read-only.
 */
public final class ExecTarget extends TargetLayer {

    /** An ELF file mapped with a load bias (0 for a non-PIE executable). */
    public record MappedFile(ElfFile elf, long bias) {}

    private final ElfFile program;
    private final Abi abi;
    private final List<MappedFile> files = new CopyOnWriteArrayList<>();
    private final RegionMap memory = new RegionMap();

    /**
     * @param program the main program at load bias {@code bias}
     * @param libc    the C library when the caller knows it; otherwise detected from the program
     */
    public ExecTarget(ElfFile program, long bias, Optional<Libc> libc) {
        this.program = program;
        Arch arch = Arch.of(program).orElseThrow(() -> new TargetException(program.name()
                + ": unsupported architecture " + dev.tldb.elf.Elf.machineName(program.machine())
                + " (tldb knows x86-64, i386, aarch64, riscv64, ppc64le and s390x)"));
        this.abi = new Abi(arch, libc.or(() -> LibcDetector.detect(program)).orElse(Libc.GLIBC));
        map(program, bias);
    }

    /** Maps another file (a shared library) at {@code bias}. */
    public void map(ElfFile elf, long bias) {
        files.add(new MappedFile(elf, bias));
        for (Region r : ElfRegions.of(elf, bias, elf.name())) {
            memory.add(r);
        }
    }

    public ElfFile program() {
        return program;
    }

    public List<MappedFile> files() {
        return List.copyOf(files);
    }

    /** The mapping of a file by its path or name, if mapped. */
    public Optional<MappedFile> file(String nameOrPath) {
        for (MappedFile f : files) {
            if (f.elf().name().equals(nameOrPath) || f.elf().path().map(Path::toString).orElse("").equals(nameOrPath)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public Stratum stratum() {
        return Stratum.FILE;
    }

    @Override
    public String shortName() {
        return "exec";
    }

    @Override
    public String description() {
        return "Local exec file: `" + program.path().map(Path::toString).orElse(program.name()) + "', file type "
                + (program.is64() ? "elf64-" : "elf32-") + abi.arch().gdbName();
    }

    @Override
    public Abi abi() {
        return abi;
    }

    @Override
    public int readMemory(long address, byte[] buffer, int offset, int length) {
        return memory.read(address, buffer, offset, length);
    }

    @Override
    public void writeMemory(long address, byte[] data, int offset, int length) {
        throw new MemoryException(address, "Cannot access memory at address 0x" + Long.toHexString(address)
                + " (the program's files are read-only)");
    }

    @Override
    public List<Module> modules() {
        List<Module> out = new ArrayList<>();
        for (MappedFile f : files) {
            boolean main = f.elf() == program;
            OptionalLong modid = main && f.elf().tlsSegment().isPresent() ? OptionalLong.of(1) : OptionalLong.empty();
            out.add(new Module(f.elf().path().map(Path::toString).orElse(f.elf().name()), f.bias(), 0, 0, modid,
                    Optional.of(f.elf()), main));
        }
        return out;
    }

    @Override
    public Optional<Path> executablePath() {
        return program.path();
    }
}
