package dev.tldb.dwarf.expr;

import java.util.OptionalLong;

/**
 * What {@link Evaluator#evaluate()} and its {@code resumeWith...} methods return: either the finished
 * {@link Complete location}, or a {@link Request} for something only the caller knows. Answer a request
 * with the matching {@code resumeWith...} method.
 */
public sealed interface EvaluationStep {

    /**
     * The evaluation finished.
     *
     * @param uninitialized {@code DW_OP_GNU_uninit} marked the value as not yet initialised
     */
    record Complete(Location location, boolean uninitialized) implements EvaluationStep {
        public Complete(Location location) {
            this(location, false);
        }
    }

    /** Something the evaluator needs from its caller. */
    sealed interface Request extends EvaluationStep {
    }

    /**
     * Read {@code size} bytes at {@code address} (in {@code addressSpace} for the {@code xderef} forms) and
     * answer with {@link Evaluator#resumeWithMemory(long)}, the bytes as an integer in target byte order.
     * {@code type} is what the bytes will be taken as (the generic type for {@code DW_OP_deref}).
     */
    record RequiresMemory(long address, int size, OptionalLong addressSpace, ValueType type) implements Request {
    }

    /**
     * The contents of DWARF register {@code register} ({@link Evaluator#resumeWithRegister(long)}); for
     * {@code DW_OP_regval_type} {@code type} says how the bits will be taken (e.g. F64 for an SSE register).
     */
    record RequiresRegister(int register, ValueType type) implements Request {
    }

    /** The frame base of the current function, from its {@code DW_AT_frame_base}. */
    record RequiresFrameBase() implements Request {
    }

    /**
     * The address of {@code offset} in this thread's TLS block of the module that owns the DWARF
     * ({@code DW_OP_form_tls_address} and {@code DW_OP_GNU_push_tls_address}); answer with
     * {@link Evaluator#resumeWithTls(long)}.
     */
    record RequiresTls(long offset) implements Request {
    }

    /** The canonical frame address of the current frame ({@code DW_OP_call_frame_cfa}). */
    record RequiresCallFrameCfa() implements Request {
    }

    /**
     * The {@code DW_AT_location} expression of this DIE ({@code DW_OP_call2/4/call_ref}); answer with
     * {@link Evaluator#resumeWithAtLocation(Expression)}, an empty expression when it has none.
     */
    record RequiresAtLocation(DieReference die) implements Request {
    }

    /** The value {@code expression} had on entry to the current function ({@code DW_OP_entry_value}). */
    record RequiresEntryValue(Expression expression) implements Request {
    }

    /** The value the caller passed for the parameter DIE at this unit offset ({@code DW_OP_GNU_parameter_ref}). */
    record RequiresParameterRef(long unitOffset) implements Request {
    }

    /** The value of the variable DIE at this {@code .debug_info} offset ({@code DW_OP_GNU_variable_value}). */
    record RequiresVariableValue(long infoOffset) implements Request {
    }

    /** {@code address} ({@code DW_OP_addr}) plus the module's load bias. */
    record RequiresRelocatedAddress(long address) implements Request {
    }

    /**
     * Slot {@code index} of this unit's {@code .debug_addr} contribution: relocated by the load bias for
     * {@code DW_OP_addrx} ({@code relocate}), as stored for {@code DW_OP_constx} (a TLS offset in split DWARF).
     */
    record RequiresIndexedAddress(long index, boolean relocate) implements Request {
    }

    /**
     * The base type DIE at this unit offset; answer with its {@code DW_AT_encoding} and
     * {@code DW_AT_byte_size} ({@link Evaluator#resumeWithBaseType(int, long)}).
     */
    record RequiresBaseType(long unitOffset) implements Request {
    }

    /** The address of the object being described ({@code DW_OP_push_object_address}), when not preset. */
    record RequiresObjectAddress() implements Request {
    }

    /** The value of a WebAssembly local (kind 0, 4), global (1, 3) or operand-stack slot (2). */
    record RequiresWasmLocation(int kind, long index) implements Request {
    }
}
