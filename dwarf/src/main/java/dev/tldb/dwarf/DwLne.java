package dev.tldb.dwarf;

/**
 * Extended line-number opcodes ({@code DW_LNE_*}, DWARF 5 section 7.22).
 * Unknown values still print, as {@code DW_LNE_<0x...>}, so dumps and messages never fail.
 */
public final class DwLne {
    private DwLne() {}

    public static final int END_SEQUENCE = 0x1;
    public static final int SET_ADDRESS = 0x2;
    public static final int DEFINE_FILE = 0x3;
    public static final int SET_DISCRIMINATOR = 0x4;
    public static final int HP_NEGATE_IS_UV_UPDATE = 0x11;
    public static final int HP_PUSH_CONTEXT = 0x12;
    public static final int HP_POP_CONTEXT = 0x13;
    public static final int HP_SET_FILE_LINE_COLUMN = 0x14;
    public static final int HP_SET_ROUTINE_NAME = 0x15;
    public static final int HP_SET_SEQUENCE = 0x16;
    public static final int HP_NEGATE_POST_SEMANTICS = 0x17;
    public static final int HP_NEGATE_FUNCTION_EXIT = 0x18;
    public static final int HP_NEGATE_FRONT_END_LOGICAL = 0x19;
    public static final int HP_DEFINE_PROC = 0x20;
    public static final int LO_USER = 0x80;
    public static final int HI_USER = 0xff;

    /** The DWARF spelling, e.g. {@code DW_LNE_end_sequence}. */
    public static String name(int value) {
        return switch (value) {
            case 0x1 -> "DW_LNE_end_sequence";
            case 0x2 -> "DW_LNE_set_address";
            case 0x3 -> "DW_LNE_define_file";
            case 0x4 -> "DW_LNE_set_discriminator";
            case 0x11 -> "DW_LNE_HP_negate_is_UV_update";
            case 0x12 -> "DW_LNE_HP_push_context";
            case 0x13 -> "DW_LNE_HP_pop_context";
            case 0x14 -> "DW_LNE_HP_set_file_line_column";
            case 0x15 -> "DW_LNE_HP_set_routine_name";
            case 0x16 -> "DW_LNE_HP_set_sequence";
            case 0x17 -> "DW_LNE_HP_negate_post_semantics";
            case 0x18 -> "DW_LNE_HP_negate_function_exit";
            case 0x19 -> "DW_LNE_HP_negate_front_end_logical";
            case 0x20 -> "DW_LNE_HP_define_proc";
            case 0x80 -> "DW_LNE_lo_user";
            case 0xff -> "DW_LNE_hi_user";
            default -> "DW_LNE_<0x" + Integer.toHexString(value) + ">";
        };
    }
}
