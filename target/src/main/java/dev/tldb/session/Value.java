package dev.tldb.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A value: its type, its bytes in target byte order, and where it lives when it is an lvalue in
 * memory ({@code &value} works only then). A value that has no address in this thread (the
 * initial TLS image of a block the thread never allocated) carries a note saying so.
 */
public record Value(CType type, byte[] bytes, ByteOrder order, OptionalLong address, Optional<String> note) {

    public Value {
        bytes = bytes.clone();
    }

    public static Value inMemory(CType type, byte[] bytes, ByteOrder order, long address) {
        return new Value(type, bytes, order, OptionalLong.of(address), Optional.empty());
    }

    public static Value ofLong(CType type, long v, ByteOrder order) {
        int size = (int) type.size().orElse(8);
        byte[] b = new byte[size];
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        switch (size) {
            case 1 -> buf.put(0, (byte) v);
            case 2 -> buf.putShort(0, (short) v);
            case 4 -> buf.putInt(0, (int) v);
            default -> buf.putLong(0, v);
        }
        return new Value(type, b, order, OptionalLong.empty(), Optional.empty());
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public Value withNote(String n) {
        return new Value(type, bytes, order, address, Optional.of(n));
    }

    /** The first {@code size} bytes as an integer, sign-extended when {@code signed}. */
    public long asLong(boolean signed) {
        return Bytes.integer(bytes, 0, Math.min(bytes.length, 8), order, signed);
    }

    /** An integer of this value's type, sign-extended by its signedness. */
    public long asLong() {
        return asLong(type.isSigned());
    }

    /** Bytes {@code [offset, offset+length)} (a member or an element). */
    public byte[] slice(long offset, long length) {
        return Arrays.copyOfRange(bytes, (int) offset, (int) (offset + length));
    }
}
