package dev.tldb.dwarf;

/**
 * Name index attributes of {@code .debug_names} ({@code DW_IDX_*}, DWARF 5 section 7.19, and gdb's).
 * Unknown values still print, as {@code DW_IDX_<0x...>}, so dumps and messages never fail.
 */
public final class DwIdx {
    private DwIdx() {}

    public static final int COMPILE_UNIT = 0x1;
    public static final int TYPE_UNIT = 0x2;
    public static final int DIE_OFFSET = 0x3;
    public static final int PARENT = 0x4;
    public static final int TYPE_HASH = 0x5;
    public static final int GNU_INTERNAL = 0x2000;
    public static final int GNU_EXTERNAL = 0x2001;

    /** The DWARF spelling, e.g. {@code DW_IDX_compile_unit}. */
    public static String name(int value) {
        return switch (value) {
            case 0x1 -> "DW_IDX_compile_unit";
            case 0x2 -> "DW_IDX_type_unit";
            case 0x3 -> "DW_IDX_die_offset";
            case 0x4 -> "DW_IDX_parent";
            case 0x5 -> "DW_IDX_type_hash";
            case 0x2000 -> "DW_IDX_GNU_internal";
            case 0x2001 -> "DW_IDX_GNU_external";
            default -> "DW_IDX_<0x" + Integer.toHexString(value) + ">";
        };
    }
}
