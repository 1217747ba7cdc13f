package dev.tldb.dwarf.expr;

import dev.tldb.error.TldbException;
import java.util.OptionalInt;

/**
 * A DWARF expression could not be evaluated: stack underflow, division by zero, mismatched types,
 * a bad branch, too many steps, or information the caller could not supply. Once the evaluator has
 * seen it, the message is one line naming the operation and its byte offset in the expression, e.g.
 * {@code DW_OP_div at 0x3: division by zero}.
 */
public final class EvaluationException extends TldbException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /** A problem not yet tied to an operation (raised by {@link Value} or by a callback). */
    public EvaluationException(String what) {
        super(what);
        this.offset = -1;
    }

    private EvaluationException(String message, int offset, Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }

    static EvaluationException at(Operation op, int offset, String what) {
        return new EvaluationException(where(op, offset) + what, offset, null);
    }

    /** This problem, now tied to the operation at {@code offset}. */
    EvaluationException locate(Operation op, int offset) {
        return located() ? this : new EvaluationException(where(op, offset) + getMessage(), offset, this);
    }

    /** Whether the message names an operation. */
    public boolean located() {
        return offset >= 0;
    }

    /** Byte offset of the failing operation in its expression. */
    public OptionalInt offset() {
        return offset >= 0 ? OptionalInt.of(offset) : OptionalInt.empty();
    }

    private static String where(Operation op, int offset) {
        return (op == null ? "expression end" : op.name()) + " at 0x" + Integer.toHexString(offset) + ": ";
    }
}
