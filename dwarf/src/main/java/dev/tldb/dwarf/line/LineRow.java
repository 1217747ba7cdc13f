package dev.tldb.dwarf.line;

/**
 * One row of the line-number matrix: the state-machine registers when a row was appended.
 * {@code file} indexes the header's file table (from 1 in DWARF 2–4, from 0 in DWARF 5).
 */
public record LineRow(
        long address,
        int opIndex,
        long file,
        long line,
        long column,
        boolean isStmt,
        boolean basicBlock,
        boolean endSequence,
        boolean prologueEnd,
        boolean epilogueBegin,
        long isa,
        long discriminator) {

    @Override
    public String toString() {
        return "0x" + Long.toHexString(address) + (endSequence ? " end_sequence" : " file " + file + " line " + line
                + " col " + column + (isStmt ? " stmt" : ""));
    }
}
