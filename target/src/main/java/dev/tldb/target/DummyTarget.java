package dev.tldb.target;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Registers;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The bottom of every stack: nothing is there, in gdb's words. */
final class DummyTarget implements Target {
    static final DummyTarget INSTANCE = new DummyTarget();

    private DummyTarget() {}

    @Override
    public Stratum stratum() {
        return Stratum.DUMMY;
    }

    @Override
    public String shortName() {
        return "None";
    }

    @Override
    public String description() {
        return "None";
    }

    @Override
    public Abi abi() {
        throw new NotSupportedException("No executable file specified.");
    }

    @Override
    public int readMemory(long address, byte[] buffer, int offset, int length) {
        return 0;
    }

    @Override
    public void writeMemory(long address, byte[] data, int offset, int length) {
        throw new MemoryException(address);
    }

    @Override
    public List<ThreadInfo> threads() {
        return List.of();
    }

    @Override
    public Registers registers(ThreadInfo thread) {
        throw new NotSupportedException("The program has no registers now.");
    }

    @Override
    public void writeRegisters(ThreadInfo thread, Registers registers) {
        throw new NotSupportedException("The program has no registers now.");
    }

    @Override
    public List<Module> modules() {
        return List.of();
    }

    @Override
    public Optional<byte[]> auxv() {
        return Optional.empty();
    }

    @Override
    public StopInfo stopInfo() {
        throw new NotSupportedException("The program is not being run.");
    }

    @Override
    public Optional<Path> executablePath() {
        return Optional.empty();
    }

    @Override
    public long tlsAddress(ThreadInfo thread, Module module, long offset) {
        throw new TlsException(TdError.TD_NOCAPAB, "Cannot find thread-local variables on this target");
    }
}
