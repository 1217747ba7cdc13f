package dev.tldb.abi;

/**
 * One register as a gdb target description declares it: name, size, type
 * ({@code int}, {@code code_ptr}, {@code data_ptr}, {@code i387_ext}, {@code vec128},
 * {@code ieee_double}, ...), group, the feature it belongs to (e.g.
 * {@code org.gnu.gdb.i386.core}), and its DWARF register number (-1 when it has none).
 */
public record RegisterDef(String name, int bitSize, String type, String group, String feature, int dwarfNumber) {

    public int byteSize() {
        return (bitSize + 7) / 8;
    }
}
