package dev.tldb.threaddb;

import dev.tldb.abi.Abi;
import dev.tldb.target.MemoryException;
import dev.tldb.target.TdError;
import dev.tldb.target.Target;

/**
 * libthread_db's {@code ps_pdread}: reads words of the process through the layer beneath the thread
 * layer; an unreadable address becomes TD_ERR naming what was being read, as libthread_db reports
 * PS_ERR as TD_ERR.
 */
final class ProcessMemory {
    private final Target process;
    private final Abi abi;

    ProcessMemory(Target process, Abi abi) {
        this.process = process;
        this.abi = abi;
    }

    long pointer(long address, String what) {
        return unsigned(address, abi.pointerSize(), what);
    }

    long unsigned(long address, int size, String what) {
        try {
            return process.readUnsigned(address, size);
        } catch (MemoryException e) {
            throw new TdException(TdError.TD_ERR, "cannot read " + what + " at 0x" + Long.toHexString(address));
        }
    }

    /** A field described by a descriptor, sign-extended when it is narrower than 64 bits and signed. */
    long field(long structAddress, Descriptor d, String what) {
        int size = Math.max(1, d.elementSize());
        return unsigned(structAddress + d.offset(), Math.min(size, 8), what);
    }

    /** A pointer-sized value read as signed (ptrdiff_t fields such as {@code l_tls_offset}). */
    long signedPointer(long address, String what) {
        long v = pointer(address, what);
        return abi.pointerSize() == 4 ? (int) v : v;
    }
}
