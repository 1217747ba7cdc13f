package dev.tldb.target;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Registers;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Base of every layer: each request goes to the layer beneath unless a subclass answers it. The
 * {@link TargetStack} links the layers when they are pushed.
 */
public abstract class TargetLayer implements Target {
    private Target beneath = DummyTarget.INSTANCE;

    /** The next layer down (the dummy target at the bottom). */
    protected final Target beneath() {
        return beneath;
    }

    final void linkBeneath(Target layer) {
        this.beneath = layer;
    }

    @Override
    public Abi abi() {
        return beneath.abi();
    }

    @Override
    public int readMemory(long address, byte[] buffer, int offset, int length) {
        return beneath.readMemory(address, buffer, offset, length);
    }

    @Override
    public void writeMemory(long address, byte[] data, int offset, int length) {
        beneath.writeMemory(address, data, offset, length);
    }

    @Override
    public List<ThreadInfo> threads() {
        return beneath.threads();
    }

    @Override
    public Registers registers(ThreadInfo thread) {
        return beneath.registers(thread);
    }

    @Override
    public void writeRegisters(ThreadInfo thread, Registers registers) {
        beneath.writeRegisters(thread, registers);
    }

    @Override
    public List<Module> modules() {
        return beneath.modules();
    }

    @Override
    public Optional<byte[]> auxv() {
        return beneath.auxv();
    }

    @Override
    public StopInfo stopInfo() {
        return beneath.stopInfo();
    }

    @Override
    public Optional<Path> executablePath() {
        return beneath.executablePath();
    }

    @Override
    public long tlsAddress(ThreadInfo thread, Module module, long offset) {
        return beneath.tlsAddress(thread, module, offset);
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        if (type.isInstance(this)) {
            return Optional.of(type.cast(this));
        }
        return beneath.capability(type);
    }
}
