package dev.tldb.dwarf;

/**
 * Location list entry kinds: DWARF 5 {@code .debug_loclists} ({@code DW_LLE_*}, section 7.7.3), the GNU view pair, and the GNU split-DWARF kinds of {@code .debug_loc.dwo} ({@code DW_LLE_GNU_*}).
 * Unknown values still print, as {@code DW_LLE_<0x...>}, so dumps and messages never fail.
 */
public final class DwLle {
    private DwLle() {}

    public static final int END_OF_LIST = 0x0;
    public static final int BASE_ADDRESSX = 0x1;
    public static final int STARTX_ENDX = 0x2;
    public static final int STARTX_LENGTH = 0x3;
    public static final int OFFSET_PAIR = 0x4;
    public static final int DEFAULT_LOCATION = 0x5;
    public static final int BASE_ADDRESS = 0x6;
    public static final int START_END = 0x7;
    public static final int START_LENGTH = 0x8;
    public static final int GNU_VIEW_PAIR = 0x9;
    public static final int GNU_END_OF_LIST_ENTRY = 0x0;
    public static final int GNU_BASE_ADDRESS_SELECTION_ENTRY = 0x1;
    public static final int GNU_START_END_ENTRY = 0x2;
    public static final int GNU_START_LENGTH_ENTRY = 0x3;

    /** The DWARF spelling, e.g. {@code DW_LLE_end_of_list}. */
    public static String name(int value) {
        return switch (value) {
            case 0x0 -> "DW_LLE_end_of_list";
            case 0x1 -> "DW_LLE_base_addressx";
            case 0x2 -> "DW_LLE_startx_endx";
            case 0x3 -> "DW_LLE_startx_length";
            case 0x4 -> "DW_LLE_offset_pair";
            case 0x5 -> "DW_LLE_default_location";
            case 0x6 -> "DW_LLE_base_address";
            case 0x7 -> "DW_LLE_start_end";
            case 0x8 -> "DW_LLE_start_length";
            case 0x9 -> "DW_LLE_GNU_view_pair";
            default -> "DW_LLE_<0x" + Integer.toHexString(value) + ">";
        };
    }
}
