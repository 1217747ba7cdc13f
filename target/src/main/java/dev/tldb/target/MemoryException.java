package dev.tldb.target;

/** Memory that cannot be read or written: gdb's "Cannot access memory at address 0x...". */
public final class MemoryException extends TargetException {
    private static final long serialVersionUID = 1L;
    private final long address;

    public MemoryException(long address) {
        this(address, "Cannot access memory at address 0x" + Long.toHexString(address));
    }

    public MemoryException(long address, String message) {
        super(message);
        this.address = address;
    }

    public long address() {
        return address;
    }
}
