package dev.tldb.dwarf;

/**
 * Range list entry kinds of {@code .debug_rnglists} ({@code DW_RLE_*}, DWARF 5 section 7.25).
 * Unknown values still print, as {@code DW_RLE_<0x...>}, so dumps and messages never fail.
 */
public final class DwRle {
    private DwRle() {}

    public static final int END_OF_LIST = 0x0;
    public static final int BASE_ADDRESSX = 0x1;
    public static final int STARTX_ENDX = 0x2;
    public static final int STARTX_LENGTH = 0x3;
    public static final int OFFSET_PAIR = 0x4;
    public static final int BASE_ADDRESS = 0x5;
    public static final int START_END = 0x6;
    public static final int START_LENGTH = 0x7;

    /** The DWARF spelling, e.g. {@code DW_RLE_end_of_list}. */
    public static String name(int value) {
        return switch (value) {
            case 0x0 -> "DW_RLE_end_of_list";
            case 0x1 -> "DW_RLE_base_addressx";
            case 0x2 -> "DW_RLE_startx_endx";
            case 0x3 -> "DW_RLE_startx_length";
            case 0x4 -> "DW_RLE_offset_pair";
            case 0x5 -> "DW_RLE_base_address";
            case 0x6 -> "DW_RLE_start_end";
            case 0x7 -> "DW_RLE_start_length";
            default -> "DW_RLE_<0x" + Integer.toHexString(value) + ">";
        };
    }
}
