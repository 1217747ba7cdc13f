package dev.tldb.dwarf.expr;

/**
 * A DIE named by an operand: {@code DW_OP_call2}/{@code call4} give an offset inside the current unit,
 * {@code DW_OP_call_ref} an offset in {@code .debug_info}. The evaluator cannot resolve either; it
 * hands the reference to its caller.
 */
public sealed interface DieReference {

    long offset();

    /** Offset from the start of the current unit's header. */
    record InUnit(long offset) implements DieReference {
        @Override
        public String toString() {
            return "unit+0x" + Long.toHexString(offset);
        }
    }

    /** Offset from the start of {@code .debug_info}. */
    record InSection(long offset) implements DieReference {
        @Override
        public String toString() {
            return ".debug_info+0x" + Long.toHexString(offset);
        }
    }
}
