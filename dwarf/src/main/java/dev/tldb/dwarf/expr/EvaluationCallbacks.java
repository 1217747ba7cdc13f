package dev.tldb.dwarf.expr;

import java.util.OptionalLong;

/**
 * Answers for {@link Evaluator#run(EvaluationCallbacks)}, the synchronous way to drive an evaluation.
 * Each method answers one {@link EvaluationStep.Request}; the defaults say the information is not
 * available, so a caller implements only what its context has (a core file has memory and registers,
 * a static dump has neither).
 */
public interface EvaluationCallbacks {

    /** {@code size} bytes at {@code address}, as an integer in target byte order. */
    default long readMemory(long address, int size, OptionalLong addressSpace, ValueType type) {
        throw notAvailable("memory");
    }

    /** The contents of a DWARF register. */
    default long register(int dwarfRegister, ValueType type) {
        throw notAvailable("register " + dwarfRegister);
    }

    default long frameBase() {
        throw notAvailable("the frame base");
    }

    /** This thread's address of {@code offset} in the TLS block of the module owning the DWARF. */
    default long tlsAddress(long offset) {
        throw notAvailable("a thread's TLS block");
    }

    default long callFrameCfa() {
        throw notAvailable("the call frame CFA");
    }

    /** The {@code DW_AT_location} of a DIE, {@link Expression#empty} when it has none. */
    default Expression locationOf(DieReference die) {
        throw notAvailable("the location of the DIE at " + die);
    }

    default Value entryValue(Expression expression) {
        throw notAvailable("the entry value of " + expression);
    }

    default Value parameterRef(long unitOffset) {
        throw notAvailable("the caller's value of parameter <0x" + Long.toHexString(unitOffset) + ">");
    }

    default Value variableValue(long infoOffset) {
        throw notAvailable("the value of variable <0x" + Long.toHexString(infoOffset) + ">");
    }

    /** {@code address} plus the load bias of the module owning the DWARF. */
    default long relocate(long address) {
        throw notAvailable("the module's load address");
    }

    /** Slot {@code index} of the unit's {@code .debug_addr} contribution, relocated if asked. */
    default long indexedAddress(long index, boolean relocate) {
        throw notAvailable(".debug_addr");
    }

    /** The type of the base type DIE at a unit offset, e.g. via {@link ValueType#fromEncoding}. */
    default ValueType baseType(long unitOffset) {
        throw notAvailable("the base type DIE <0x" + Long.toHexString(unitOffset) + ">");
    }

    default long objectAddress() {
        throw notAvailable("the object address");
    }

    default Value wasmLocation(int kind, long index) {
        throw notAvailable("WebAssembly locals and globals");
    }

    /** The error the defaults throw; the evaluator adds the operation and offset. */
    static EvaluationException notAvailable(String what) {
        return new EvaluationException("needs " + what + ", which is not available here");
    }
}
