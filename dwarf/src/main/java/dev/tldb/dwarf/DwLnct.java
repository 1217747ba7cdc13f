package dev.tldb.dwarf;

/**
 * Line table entry content types of DWARF 5 directory and file tables ({@code DW_LNCT_*}, section 7.22).
 * Unknown values still print, as {@code DW_LNCT_<0x...>}, so dumps and messages never fail.
 */
public final class DwLnct {
    private DwLnct() {}

    public static final int PATH = 0x1;
    public static final int DIRECTORY_INDEX = 0x2;
    public static final int TIMESTAMP = 0x3;
    public static final int SIZE = 0x4;
    public static final int MD5 = 0x5;
    public static final int LLVM_SOURCE = 0x2001;

    /** The DWARF spelling, e.g. {@code DW_LNCT_path}. */
    public static String name(int value) {
        return switch (value) {
            case 0x1 -> "DW_LNCT_path";
            case 0x2 -> "DW_LNCT_directory_index";
            case 0x3 -> "DW_LNCT_timestamp";
            case 0x4 -> "DW_LNCT_size";
            case 0x5 -> "DW_LNCT_MD5";
            case 0x2001 -> "DW_LNCT_LLVM_source";
            default -> "DW_LNCT_<0x" + Integer.toHexString(value) + ">";
        };
    }
}
