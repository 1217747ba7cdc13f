package dev.tldb.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Optional;

/**
 * One thread's register values, in target byte order, laid out per a {@link RegisterLayout}.
 * Registers the target cannot supply (a core without floating-point notes, say) are marked
 * unavailable, which the remote protocol sends as {@code xx} and gdb shows as
 * {@code <unavailable>}. Mutable: writes from gdb ({@code G}, {@code P}) land in a copy.
 */
public final class Registers {
    private final RegisterLayout layout;
    private final ByteOrder order;
    private final byte[] bytes;
    private final BitSet available;

    public Registers(RegisterLayout layout, ByteOrder order) {
        this.layout = layout;
        this.order = order;
        this.bytes = new byte[layout.totalBytes()];
        this.available = new BitSet(layout.size());
    }

    private Registers(Registers other) {
        this.layout = other.layout;
        this.order = other.order;
        this.bytes = other.bytes.clone();
        this.available = (BitSet) other.available.clone();
    }

    public Registers copy() {
        return new Registers(this);
    }

    public RegisterLayout layout() {
        return layout;
    }

    public ByteOrder order() {
        return order;
    }

    public boolean isAvailable(int index) {
        return available.get(index);
    }

    /** The register's raw bytes in target order, or empty when unavailable. */
    public Optional<byte[]> raw(int index) {
        if (!available.get(index)) {
            return Optional.empty();
        }
        int off = layout.offset(index);
        return Optional.of(Arrays.copyOfRange(bytes, off, off + layout.get(index).byteSize()));
    }

    public void setRaw(int index, byte[] value) {
        int size = layout.get(index).byteSize();
        if (value.length != size) {
            throw new IllegalArgumentException(layout.get(index).name() + " is " + size + " bytes, not " + value.length);
        }
        System.arraycopy(value, 0, bytes, layout.offset(index), size);
        available.set(index);
    }

    /** Sets an integer register of up to 8 bytes. */
    public void set(int index, long value) {
        int size = layout.get(index).byteSize();
        ByteBuffer b = ByteBuffer.wrap(bytes, layout.offset(index), size).order(order);
        switch (size) {
            case 1 -> b.put((byte) value);
            case 2 -> b.putShort((short) value);
            case 4 -> b.putInt((int) value);
            case 8 -> b.putLong(value);
            default -> {
                byte[] wide = new byte[size];
                ByteBuffer w = ByteBuffer.wrap(wide).order(order);
                if (order == ByteOrder.LITTLE_ENDIAN) {
                    w.putLong(0, value);
                } else {
                    w.putLong(size - 8, value);
                }
                System.arraycopy(wide, 0, bytes, layout.offset(index), size);
            }
        }
        available.set(index);
    }

    public void set(String name, long value) {
        set(layout.indexOf(name).orElseThrow(() -> new IllegalArgumentException("no register " + name)), value);
    }

    /** An integer register of up to 8 bytes (wider ones: the low 8 bytes), or empty when unavailable. */
    public Optional<Long> get(int index) {
        if (!available.get(index)) {
            return Optional.empty();
        }
        int size = layout.get(index).byteSize();
        ByteBuffer b = ByteBuffer.wrap(bytes, layout.offset(index), size).order(order);
        return Optional.of(switch (size) {
            case 1 -> b.get() & 0xffL;
            case 2 -> b.getShort() & 0xffffL;
            case 4 -> b.getInt() & 0xffff_ffffL;
            case 8 -> b.getLong();
            default -> order == ByteOrder.LITTLE_ENDIAN ? b.getLong(layout.offset(index))
                    : b.getLong(layout.offset(index) + size - 8);
        });
    }

    public Optional<Long> get(String name) {
        return layout.indexOf(name).flatMap(this::get);
    }

    public Optional<Long> getDwarf(int dwarfNumber) {
        return layout.indexOfDwarf(dwarfNumber).flatMap(this::get);
    }

    /** The whole block as the {@code g} packet carries it. */
    public byte[] block() {
        return bytes.clone();
    }

    public BitSet availability() {
        return (BitSet) available.clone();
    }

    public void markUnavailable(int index) {
        available.clear(index);
    }
}
