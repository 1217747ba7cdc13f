package dev.tldb.target;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Registers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The layers of a debugging session, one per {@link Stratum}, highest first. Every request goes to
 * the top layer and falls through: a thread layer answers TLS questions by reading memory through
 * the process layer, which falls back to the file layer for what a core file omits.
 */
public final class TargetStack implements Target {
    private final List<TargetLayer> layers = new ArrayList<>();

    /** Pushes a layer, replacing any layer of the same stratum, and relinks the stack. */
    public synchronized TargetStack push(TargetLayer layer) {
        layers.removeIf(l -> l.stratum() == layer.stratum());
        layers.add(layer);
        layers.sort(Comparator.comparing(Target::stratum).reversed());
        relink();
        return this;
    }

    /** Removes the layer of this stratum, if any. */
    public synchronized void unpush(Stratum stratum) {
        layers.removeIf(l -> l.stratum() == stratum);
        relink();
    }

    private void relink() {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).linkBeneath(i + 1 < layers.size() ? layers.get(i + 1) : DummyTarget.INSTANCE);
        }
    }

    public synchronized List<TargetLayer> layers() {
        return List.copyOf(layers);
    }

    public synchronized Optional<TargetLayer> layer(Stratum stratum) {
        return layers.stream().filter(l -> l.stratum() == stratum).findFirst();
    }

    public synchronized boolean isEmpty() {
        return layers.isEmpty();
    }

    private synchronized Target top() {
        return layers.isEmpty() ? DummyTarget.INSTANCE : layers.get(0);
    }

    @Override
    public Stratum stratum() {
        return top().stratum();
    }

    @Override
    public String shortName() {
        return top().shortName();
    }

    @Override
    public String description() {
        return top().description();
    }

    @Override
    public Abi abi() {
        return top().abi();
    }

    @Override
    public int readMemory(long address, byte[] buffer, int offset, int length) {
        return top().readMemory(address, buffer, offset, length);
    }

    @Override
    public void writeMemory(long address, byte[] data, int offset, int length) {
        top().writeMemory(address, data, offset, length);
    }

    @Override
    public List<ThreadInfo> threads() {
        return top().threads();
    }

    @Override
    public Registers registers(ThreadInfo thread) {
        return top().registers(thread);
    }

    @Override
    public void writeRegisters(ThreadInfo thread, Registers registers) {
        top().writeRegisters(thread, registers);
    }

    @Override
    public List<Module> modules() {
        return top().modules();
    }

    @Override
    public Optional<byte[]> auxv() {
        return top().auxv();
    }

    @Override
    public StopInfo stopInfo() {
        return top().stopInfo();
    }

    @Override
    public Optional<Path> executablePath() {
        return top().executablePath();
    }

    @Override
    public long tlsAddress(ThreadInfo thread, Module module, long offset) {
        return top().tlsAddress(thread, module, offset);
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        return top().capability(type);
    }
}
