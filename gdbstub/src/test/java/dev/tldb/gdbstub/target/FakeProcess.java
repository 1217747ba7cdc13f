package dev.tldb.gdbstub.target;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import dev.tldb.abi.Registers;
import dev.tldb.memory.WriteOverlay;
import dev.tldb.target.MemoryException;
import dev.tldb.target.Module;
import dev.tldb.target.StopInfo;
import dev.tldb.target.Stratum;
import dev.tldb.target.TargetLayer;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A process stratum written by hand, for handler tests on any architecture: threads with
 * registers (every register available and zero unless set), one readable memory window, and TLS
 * answers given per (thread, module).
 */
public final class FakeProcess extends TargetLayer {
    public static final long MEMORY = 0x10000;
    public static final int MEMORY_SIZE = 0x40000;

    private final Abi abi;
    private final List<ThreadInfo> threads = new ArrayList<>();
    private final Map<Integer, Registers> registers = new HashMap<>();
    private final byte[] memory = new byte[MEMORY_SIZE];
    private final WriteOverlay overlay = new WriteOverlay();
    private final List<Module> modules = new ArrayList<>();
    private final Map<String, Long> tls = new HashMap<>();
    private int signal = 5;

    public FakeProcess(Arch arch, int threadCount) {
        this.abi = new Abi(arch, Libc.GLIBC);
        for (int i = 1; i <= threadCount; i++) {
            ThreadInfo t = new ThreadInfo(i, 100, 100 + i - 1);
            threads.add(t);
            Registers r = new Registers(arch.registers(), arch.order());
            for (int j = 0; j < arch.registers().size(); j++) {
                r.setRaw(j, new byte[arch.registers().get(j).byteSize()]);
            }
            registers.put(i, r);
        }
        for (int i = 0; i < memory.length; i++) {
            memory[i] = (byte) (i * 7 + i / 256);
        }
        modules.add(new Module("/bin/fake", 0, 0x1000, 0, OptionalLong.of(1), Optional.empty(), true));
    }

    public FakeProcess signal(int linuxSignal) {
        this.signal = linuxSignal;
        return this;
    }

    public Registers regs(int thread) {
        return registers.get(thread);
    }

    public FakeProcess library(String name, long lm, OptionalLong tlsId) {
        modules.add(new Module(name, 0x7000_0000L + lm, lm, 0x7000_1000L + lm, tlsId, Optional.empty(), false));
        return this;
    }

    /** TLS of {@code module} (by short name) in thread {@code num} is at {@code base} + offset. */
    public FakeProcess tls(int num, String module, long base) {
        tls.put(num + "/" + module, base);
        return this;
    }

    @Override
    public Stratum stratum() {
        return Stratum.PROCESS;
    }

    @Override
    public String shortName() {
        return "fake";
    }

    @Override
    public String description() {
        return "fake " + abi.describe() + " process";
    }

    @Override
    public Abi abi() {
        return abi;
    }

    @Override
    public int readMemory(long address, byte[] buffer, int offset, int length) {
        long rel = address - MEMORY;
        if (rel < 0 || rel >= MEMORY_SIZE) {
            return 0;
        }
        int n = (int) Math.min(length, MEMORY_SIZE - rel);
        System.arraycopy(memory, (int) rel, buffer, offset, n);
        overlay.apply(address, buffer, offset, n);
        return n;
    }

    @Override
    public void writeMemory(long address, byte[] data, int offset, int length) {
        if (readMemory(address, new byte[length], 0, length) < length) {
            throw new MemoryException(address);
        }
        overlay.write(address, data, offset, length);
    }

    @Override
    public List<ThreadInfo> threads() {
        return threads;
    }

    @Override
    public Registers registers(ThreadInfo thread) {
        return registers.get(thread.num()).copy();
    }

    @Override
    public void writeRegisters(ThreadInfo thread, Registers regs) {
        registers.put(thread.num(), regs.copy());
    }

    @Override
    public List<Module> modules() {
        return modules;
    }

    @Override
    public Optional<byte[]> auxv() {
        return Optional.of(new byte[16]);
    }

    @Override
    public StopInfo stopInfo() {
        return new StopInfo(threads.get(0), signal, "fake stop");
    }

    @Override
    public Optional<Path> executablePath() {
        return Optional.empty();
    }

    @Override
    public long tlsAddress(ThreadInfo thread, Module module, long offset) {
        if (module.tlsModuleId().isEmpty()) {
            throw new TlsException(TdError.TD_NOTLS, module.shortName() + " has no TLS");
        }
        Long base = tls.get(thread.num() + "/" + module.shortName());
        if (base == null) {
            throw new TlsException(TdError.TD_NOTALLOC, "not allocated: " + module.shortName() + " in "
                    + thread.describe());
        }
        return base + offset;
    }
}
