package dev.tldb.target;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Registers;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a debugger can ask of a program: memory, threads, registers, loaded modules, auxv and the
 * address of a thread-local variable. Implemented by the layers of a {@link TargetStack}; each
 * layer answers what it knows and passes the rest to the layer beneath, like gdb's target strata.
 */
public interface Target {

    Stratum stratum();

    /** Short name, as gdb's {@code info target} shows it: {@code core}, {@code exec}, {@code thread-db}. */
    String shortName();

    /** One line about what this layer is, e.g. {@code Local core dump file: /tmp/core.1234}. */
    String description();

    /** The ABI (architecture and C library) of the program. */
    Abi abi();

    /**
     * Reads up to {@code length} bytes at {@code address}; returns how many were read, stopping at
     * the first unreadable byte (0 if the first one is unreadable). Never throws for unmapped
     * memory: callers decide whether a short read is an error.
     */
    int readMemory(long address, byte[] buffer, int offset, int length);

    /** Writes bytes; cores and files keep writes in an in-memory overlay and never touch the file. */
    void writeMemory(long address, byte[] data, int offset, int length);

    /** Threads in gdb's numbering order. */
    List<ThreadInfo> threads();

    /** A thread's registers (a copy: changing it changes nothing until {@link #writeRegisters}). */
    Registers registers(ThreadInfo thread);

    void writeRegisters(ThreadInfo thread, Registers registers);

    /** Loaded modules, the main program first. */
    List<Module> modules();

    /** The auxiliary vector's raw bytes. */
    Optional<byte[]> auxv();

    /** Why the target is stopped. */
    StopInfo stopInfo();

    /** The program's path on this host, when known. */
    Optional<Path> executablePath();

    /**
     * The address of {@code offset} in {@code thread}'s TLS block of {@code module}: what
     * {@code DW_OP_form_tls_address} asks for. Throws {@link TlsException} with the reason when
     * there is none (not allocated yet, no TLS in the module, ...).
     */
    long tlsAddress(ThreadInfo thread, Module module, long offset);

    /** Optional capabilities a layer may add (inspection of TLS structures, resuming, ...). */
    default <T> Optional<T> capability(Class<T> type) {
        return Optional.empty();
    }

    // ---------------------------------------------------------------- conveniences

    /** Reads exactly {@code length} bytes or throws gdb's "Cannot access memory at address 0x...". */
    default byte[] readFully(long address, int length) {
        byte[] buf = new byte[length];
        int n = readMemory(address, buf, 0, length);
        if (n < length) {
            throw new MemoryException(address + n);
        }
        return buf;
    }

    /** A pointer-sized, target-endian unsigned word. */
    default long readPointer(long address) {
        return readUnsigned(address, abi().pointerSize());
    }

    /** A 1-, 2-, 4- or 8-byte unsigned target-endian integer. */
    default long readUnsigned(long address, int size) {
        byte[] b = readFully(address, size);
        long v = 0;
        boolean little = abi().order() == java.nio.ByteOrder.LITTLE_ENDIAN;
        for (int i = 0; i < size; i++) {
            int byteIndex = little ? size - 1 - i : i;
            v = v << 8 | (b[byteIndex] & 0xff);
        }
        return v;
    }

    /** The thread with this gdb number. */
    default Optional<ThreadInfo> thread(int num) {
        return threads().stream().filter(t -> t.num() == num).findFirst();
    }

    /** The thread with this LWP. */
    default Optional<ThreadInfo> threadByLwp(long lwp) {
        return threads().stream().filter(t -> t.lwp() == lwp).findFirst();
    }
}
