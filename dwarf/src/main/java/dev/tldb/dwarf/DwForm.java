package dev.tldb.dwarf;

/**
 * Attribute forms ({@code DW_FORM_*}, DWARF 5 section 7.5.6, plus the GNU split-DWARF and dwz forms).
 * Unknown values still print, as {@code DW_FORM_<0x...>}, so dumps and messages never fail.
 */
public final class DwForm {
    private DwForm() {}

    public static final int ADDR = 0x1;
    public static final int BLOCK2 = 0x3;
    public static final int BLOCK4 = 0x4;
    public static final int DATA2 = 0x5;
    public static final int DATA4 = 0x6;
    public static final int DATA8 = 0x7;
    public static final int STRING = 0x8;
    public static final int BLOCK = 0x9;
    public static final int BLOCK1 = 0xa;
    public static final int DATA1 = 0xb;
    public static final int FLAG = 0xc;
    public static final int SDATA = 0xd;
    public static final int STRP = 0xe;
    public static final int UDATA = 0xf;
    public static final int REF_ADDR = 0x10;
    public static final int REF1 = 0x11;
    public static final int REF2 = 0x12;
    public static final int REF4 = 0x13;
    public static final int REF8 = 0x14;
    public static final int REF_UDATA = 0x15;
    public static final int INDIRECT = 0x16;
    public static final int SEC_OFFSET = 0x17;
    public static final int EXPRLOC = 0x18;
    public static final int FLAG_PRESENT = 0x19;
    public static final int STRX = 0x1a;
    public static final int ADDRX = 0x1b;
    public static final int REF_SUP4 = 0x1c;
    public static final int STRP_SUP = 0x1d;
    public static final int DATA16 = 0x1e;
    public static final int LINE_STRP = 0x1f;
    public static final int REF_SIG8 = 0x20;
    public static final int IMPLICIT_CONST = 0x21;
    public static final int LOCLISTX = 0x22;
    public static final int RNGLISTX = 0x23;
    public static final int REF_SUP8 = 0x24;
    public static final int STRX1 = 0x25;
    public static final int STRX2 = 0x26;
    public static final int STRX3 = 0x27;
    public static final int STRX4 = 0x28;
    public static final int ADDRX1 = 0x29;
    public static final int ADDRX2 = 0x2a;
    public static final int ADDRX3 = 0x2b;
    public static final int ADDRX4 = 0x2c;
    public static final int GNU_ADDR_INDEX = 0x1f01;
    public static final int GNU_STR_INDEX = 0x1f02;
    public static final int GNU_REF_ALT = 0x1f20;
    public static final int GNU_STRP_ALT = 0x1f21;

    /** The DWARF spelling, e.g. {@code DW_FORM_addr}. */
    public static String name(int value) {
        return switch (value) {
            case 0x1 -> "DW_FORM_addr";
            case 0x3 -> "DW_FORM_block2";
            case 0x4 -> "DW_FORM_block4";
            case 0x5 -> "DW_FORM_data2";
            case 0x6 -> "DW_FORM_data4";
            case 0x7 -> "DW_FORM_data8";
            case 0x8 -> "DW_FORM_string";
            case 0x9 -> "DW_FORM_block";
            case 0xa -> "DW_FORM_block1";
            case 0xb -> "DW_FORM_data1";
            case 0xc -> "DW_FORM_flag";
            case 0xd -> "DW_FORM_sdata";
            case 0xe -> "DW_FORM_strp";
            case 0xf -> "DW_FORM_udata";
            case 0x10 -> "DW_FORM_ref_addr";
            case 0x11 -> "DW_FORM_ref1";
            case 0x12 -> "DW_FORM_ref2";
            case 0x13 -> "DW_FORM_ref4";
            case 0x14 -> "DW_FORM_ref8";
            case 0x15 -> "DW_FORM_ref_udata";
            case 0x16 -> "DW_FORM_indirect";
            case 0x17 -> "DW_FORM_sec_offset";
            case 0x18 -> "DW_FORM_exprloc";
            case 0x19 -> "DW_FORM_flag_present";
            case 0x1a -> "DW_FORM_strx";
            case 0x1b -> "DW_FORM_addrx";
            case 0x1c -> "DW_FORM_ref_sup4";
            case 0x1d -> "DW_FORM_strp_sup";
            case 0x1e -> "DW_FORM_data16";
            case 0x1f -> "DW_FORM_line_strp";
            case 0x20 -> "DW_FORM_ref_sig8";
            case 0x21 -> "DW_FORM_implicit_const";
            case 0x22 -> "DW_FORM_loclistx";
            case 0x23 -> "DW_FORM_rnglistx";
            case 0x24 -> "DW_FORM_ref_sup8";
            case 0x25 -> "DW_FORM_strx1";
            case 0x26 -> "DW_FORM_strx2";
            case 0x27 -> "DW_FORM_strx3";
            case 0x28 -> "DW_FORM_strx4";
            case 0x29 -> "DW_FORM_addrx1";
            case 0x2a -> "DW_FORM_addrx2";
            case 0x2b -> "DW_FORM_addrx3";
            case 0x2c -> "DW_FORM_addrx4";
            case 0x1f01 -> "DW_FORM_GNU_addr_index";
            case 0x1f02 -> "DW_FORM_GNU_str_index";
            case 0x1f20 -> "DW_FORM_GNU_ref_alt";
            case 0x1f21 -> "DW_FORM_GNU_strp_alt";
            default -> "DW_FORM_<0x" + Integer.toHexString(value) + ">";
        };
    }
}
