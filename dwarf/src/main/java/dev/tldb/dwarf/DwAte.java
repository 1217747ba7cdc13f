package dev.tldb.dwarf;

/**
 * Base type encodings ({@code DW_ATE_*}, DWARF 5 section 7.8).
 * Unknown values still print, as {@code DW_ATE_<0x...>}, so dumps and messages never fail.
 */
public final class DwAte {
    private DwAte() {}

    public static final int ADDRESS = 0x1;
    public static final int BOOLEAN = 0x2;
    public static final int COMPLEX_FLOAT = 0x3;
    public static final int FLOAT = 0x4;
    public static final int SIGNED = 0x5;
    public static final int SIGNED_CHAR = 0x6;
    public static final int UNSIGNED = 0x7;
    public static final int UNSIGNED_CHAR = 0x8;
    public static final int IMAGINARY_FLOAT = 0x9;
    public static final int PACKED_DECIMAL = 0xa;
    public static final int NUMERIC_STRING = 0xb;
    public static final int EDITED = 0xc;
    public static final int SIGNED_FIXED = 0xd;
    public static final int UNSIGNED_FIXED = 0xe;
    public static final int DECIMAL_FLOAT = 0xf;
    public static final int UTF = 0x10;
    public static final int UCS = 0x11;
    public static final int ASCII = 0x12;
    public static final int LO_USER = 0x80;
    public static final int HI_USER = 0xff;

    /** The DWARF spelling, e.g. {@code DW_ATE_address}. */
    public static String name(int value) {
        return switch (value) {
            case 0x1 -> "DW_ATE_address";
            case 0x2 -> "DW_ATE_boolean";
            case 0x3 -> "DW_ATE_complex_float";
            case 0x4 -> "DW_ATE_float";
            case 0x5 -> "DW_ATE_signed";
            case 0x6 -> "DW_ATE_signed_char";
            case 0x7 -> "DW_ATE_unsigned";
            case 0x8 -> "DW_ATE_unsigned_char";
            case 0x9 -> "DW_ATE_imaginary_float";
            case 0xa -> "DW_ATE_packed_decimal";
            case 0xb -> "DW_ATE_numeric_string";
            case 0xc -> "DW_ATE_edited";
            case 0xd -> "DW_ATE_signed_fixed";
            case 0xe -> "DW_ATE_unsigned_fixed";
            case 0xf -> "DW_ATE_decimal_float";
            case 0x10 -> "DW_ATE_UTF";
            case 0x11 -> "DW_ATE_UCS";
            case 0x12 -> "DW_ATE_ASCII";
            case 0x80 -> "DW_ATE_lo_user";
            case 0xff -> "DW_ATE_hi_user";
            default -> "DW_ATE_<0x" + Integer.toHexString(value) + ">";
        };
    }
}
