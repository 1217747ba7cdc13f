package dev.tldb.dwarf;

/**
 * Unit types in DWARF 5 unit headers ({@code DW_UT_*}, section 7.5.1).
 * Unknown values still print, as {@code DW_UT_<0x...>}, so dumps and messages never fail.
 */
public final class DwUt {
    private DwUt() {}

    public static final int COMPILE = 0x1;
    public static final int TYPE = 0x2;
    public static final int PARTIAL = 0x3;
    public static final int SKELETON = 0x4;
    public static final int SPLIT_COMPILE = 0x5;
    public static final int SPLIT_TYPE = 0x6;
    public static final int LO_USER = 0x80;
    public static final int HI_USER = 0xff;

    /** The DWARF spelling, e.g. {@code DW_UT_compile}. */
    public static String name(int value) {
        return switch (value) {
            case 0x1 -> "DW_UT_compile";
            case 0x2 -> "DW_UT_type";
            case 0x3 -> "DW_UT_partial";
            case 0x4 -> "DW_UT_skeleton";
            case 0x5 -> "DW_UT_split_compile";
            case 0x6 -> "DW_UT_split_type";
            case 0x80 -> "DW_UT_lo_user";
            case 0xff -> "DW_UT_hi_user";
            default -> "DW_UT_<0x" + Integer.toHexString(value) + ">";
        };
    }
}
