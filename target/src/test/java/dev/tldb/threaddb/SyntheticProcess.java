package dev.tldb.threaddb;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Registers;
import dev.tldb.memory.Region;
import dev.tldb.memory.RegionMap;
import dev.tldb.target.Module;
import dev.tldb.target.StopInfo;
import dev.tldb.target.Stratum;
import dev.tldb.target.TargetLayer;
import dev.tldb.target.ThreadInfo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A process stratum over hand-written memory, for tests of the thread layer on any architecture. */
final class SyntheticProcess extends TargetLayer {
    private final Abi abi;
    private final RegionMap memory = new RegionMap();
    private final List<ThreadInfo> threads = new ArrayList<>();
    private final Map<Long, Registers> registers = new HashMap<>();
    private final List<Module> modules = new ArrayList<>();

    SyntheticProcess(Abi abi) {
        this.abi = abi;
    }

    /** Maps {@code size} bytes of zeroed, writable memory at {@code start} and returns a writer over them. */
    ByteBuffer map(long start, int size) {
        byte[] bytes = new byte[size];
        memory.add(new Region(start, size, (off, dst, dstOff, len) -> System.arraycopy(bytes, (int) off, dst, dstOff, len),
                "synthetic"));
        return ByteBuffer.wrap(bytes).order(abi.order());
    }

    void putPointer(ByteBuffer region, long regionStart, long address, long value) {
        int at = (int) (address - regionStart);
        if (abi.pointerSize() == 8) {
            region.putLong(at, value);
        } else {
            region.putInt(at, (int) value);
        }
    }

    ThreadInfo addThread(long lwp, Map<String, Long> regs) {
        ThreadInfo t = new ThreadInfo(threads.size() + 1, 100, lwp);
        threads.add(t);
        Registers r = new Registers(abi.arch().registers(), abi.order());
        regs.forEach(r::set);
        registers.put(lwp, r);
        return t;
    }

    void addModule(Module m) {
        modules.add(m);
    }

    @Override
    public Stratum stratum() {
        return Stratum.PROCESS;
    }

    @Override
    public String shortName() {
        return "synthetic";
    }

    @Override
    public String description() {
        return "synthetic process";
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
    public List<ThreadInfo> threads() {
        return List.copyOf(threads);
    }

    @Override
    public Registers registers(ThreadInfo thread) {
        Registers r = registers.get(thread.lwp());
        if (r == null) {
            // As CoreTarget says it: the process has no such thread.
            throw new dev.tldb.target.TargetException("Unknown thread " + thread.num() + " (LWP " + thread.lwp()
                    + ") in the synthetic process");
        }
        return r.copy();
    }

    @Override
    public List<Module> modules() {
        return List.copyOf(modules);
    }

    @Override
    public StopInfo stopInfo() {
        return new StopInfo(threads.get(0), 5, "synthetic");
    }

    @Override
    public Optional<java.nio.file.Path> executablePath() {
        return Optional.empty();
    }
}
