package dev.tldb.dwarf.expr;

import dev.tldb.binary.ByteReader;
import dev.tldb.binary.FormatException;
import dev.tldb.dwarf.Encoding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A decoded DWARF expression: its operations in order, each with its byte offset and size. Branches
 * ({@code DW_OP_skip}, {@code DW_OP_bra}) name byte offsets, so the offsets are kept, and
 * {@link #indexAt(int)} maps a branch target back to an operation.
 *
 * <p>The whole expression is decoded up front so that a malformed one fails once, with a
 * {@link FormatException} naming the offending byte, before anything is evaluated.
 */
public final class Expression {

    /** An operation at {@code offset} in the expression, {@code size} bytes long with its operands. */
    public record Op(int offset, int size, Operation operation) {
        public int end() {
            return offset + size;
        }
    }

    private final byte[] bytes;
    private final ByteOrder order;
    private final Encoding encoding;
    private final List<Op> ops;

    Expression(byte[] bytes, ByteOrder order, Encoding encoding, List<Op> ops) {
        this.bytes = bytes;
        this.order = order;
        this.encoding = encoding;
        this.ops = List.copyOf(ops);
    }

    /** Decodes {@code bytes} (a {@code DW_FORM_exprloc} block, a location-list entry, ...). */
    public static Expression decode(byte[] bytes, ByteOrder order, Encoding encoding) {
        return decode(ByteBuffer.wrap(bytes).order(order), encoding);
    }

    /** Decodes the bytes between the buffer's position and limit, in the buffer's byte order. */
    public static Expression decode(ByteBuffer buffer, Encoding encoding) {
        ByteBuffer slice = buffer.slice().order(buffer.order());
        return decode(new ByteReader(slice, "DWARF expression"), slice.limit(), encoding);
    }

    /**
     * Decodes the next {@code length} bytes of {@code reader} and moves past them. Errors name the
     * reader's source and offsets (for example {@code .debug_info at 0x1f2}), plus the byte inside the
     * expression.
     */
    public static Expression decode(ByteReader reader, int length, Encoding encoding) {
        Objects.requireNonNull(encoding, "encoding");
        long base = reader.sourceOffset();
        ByteBuffer slice = reader.slice(length);
        return OperationDecoder.decode(slice, reader.source(), base, base, encoding, 0);
    }

    /** An expression with no operations: the object is optimized out. */
    public static Expression empty(Encoding encoding) {
        return new Expression(new byte[0], ByteOrder.LITTLE_ENDIAN, encoding, List.of());
    }

    public List<Op> ops() {
        return ops;
    }

    public Op op(int index) {
        return ops.get(index);
    }

    /** Number of operations. */
    public int size() {
        return ops.size();
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** Length in bytes. */
    public int length() {
        return bytes.length;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public ByteOrder byteOrder() {
        return order;
    }

    public Encoding encoding() {
        return encoding;
    }

    /** Index of the operation starting at {@code byteOffset}, or -1 if none starts there. */
    public int indexAt(int byteOffset) {
        int lo = 0;
        int hi = ops.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int at = ops.get(mid).offset();
            if (at == byteOffset) {
                return mid;
            }
            if (at < byteOffset) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /**
     * The operations as readelf prints them between parentheses, e.g.
     * {@code DW_OP_const8u: 0; DW_OP_form_tls_address}.
     *
     * @param unitOffset   offset of the unit in {@code .debug_info}: readelf shows unit-relative DIE
     *                     operands (call2/4, base types) as section offsets
     * @param registerName DWARF register number to name (e.g. 7 to {@code rsp}), or null when unknown
     */
    public String toReadelfString(long unitOffset, IntFunction<String> registerName) {
        return ExpressionFormat.readelf(this, unitOffset, registerName);
    }

    /** The llvm-dwarfdump-like rendering, operations separated by "; ": {@code DW_OP_const8u 0x10; DW_OP_form_tls_address}. */
    @Override
    public String toString() {
        return ExpressionFormat.dwarfdump(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Expression other && Arrays.equals(bytes, other.bytes) && order.equals(other.order)
                && encoding.equals(other.encoding);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + encoding.hashCode();
    }
}
