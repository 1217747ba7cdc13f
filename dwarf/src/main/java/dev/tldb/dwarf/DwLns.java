package dev.tldb.dwarf;

/**
 * Standard line-number opcodes ({@code DW_LNS_*}, DWARF 5 section 7.22).
 * Unknown values still print, as {@code DW_LNS_<0x...>}, so dumps and messages never fail.
 */
public final class DwLns {
    private DwLns() {}

    public static final int COPY = 0x1;
    public static final int ADVANCE_PC = 0x2;
    public static final int ADVANCE_LINE = 0x3;
    public static final int SET_FILE = 0x4;
    public static final int SET_COLUMN = 0x5;
    public static final int NEGATE_STMT = 0x6;
    public static final int SET_BASIC_BLOCK = 0x7;
    public static final int CONST_ADD_PC = 0x8;
    public static final int FIXED_ADVANCE_PC = 0x9;
    public static final int SET_PROLOGUE_END = 0xa;
    public static final int SET_EPILOGUE_BEGIN = 0xb;
    public static final int SET_ISA = 0xc;

    /** The DWARF spelling, e.g. {@code DW_LNS_copy}. */
    public static String name(int value) {
        return switch (value) {
            case 0x1 -> "DW_LNS_copy";
            case 0x2 -> "DW_LNS_advance_pc";
            case 0x3 -> "DW_LNS_advance_line";
            case 0x4 -> "DW_LNS_set_file";
            case 0x5 -> "DW_LNS_set_column";
            case 0x6 -> "DW_LNS_negate_stmt";
            case 0x7 -> "DW_LNS_set_basic_block";
            case 0x8 -> "DW_LNS_const_add_pc";
            case 0x9 -> "DW_LNS_fixed_advance_pc";
            case 0xa -> "DW_LNS_set_prologue_end";
            case 0xb -> "DW_LNS_set_epilogue_begin";
            case 0xc -> "DW_LNS_set_isa";
            default -> "DW_LNS_<0x" + Integer.toHexString(value) + ">";
        };
    }
}
