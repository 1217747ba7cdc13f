package dev.tldb.dwarf;

/**
 * Source languages ({@code DW_LANG_*}, DWARF 5 section 7.12 and later registrations).
 * Unknown values still print, as {@code DW_LANG_<0x...>}, so dumps and messages never fail.
 */
public final class DwLang {
    private DwLang() {}

    public static final int C89 = 0x1;
    public static final int C = 0x2;
    public static final int ADA83 = 0x3;
    public static final int C_PLUS_PLUS = 0x4;
    public static final int COBOL74 = 0x5;
    public static final int COBOL85 = 0x6;
    public static final int FORTRAN77 = 0x7;
    public static final int FORTRAN90 = 0x8;
    public static final int PASCAL83 = 0x9;
    public static final int MODULA2 = 0xa;
    public static final int JAVA = 0xb;
    public static final int C99 = 0xc;
    public static final int ADA95 = 0xd;
    public static final int FORTRAN95 = 0xe;
    public static final int PLI = 0xf;
    public static final int OBJC = 0x10;
    public static final int OBJC_PLUS_PLUS = 0x11;
    public static final int UPC = 0x12;
    public static final int D = 0x13;
    public static final int PYTHON = 0x14;
    public static final int OPENCL = 0x15;
    public static final int GO = 0x16;
    public static final int MODULA3 = 0x17;
    public static final int HASKELL = 0x18;
    public static final int C_PLUS_PLUS_03 = 0x19;
    public static final int C_PLUS_PLUS_11 = 0x1a;
    public static final int OCAML = 0x1b;
    public static final int RUST = 0x1c;
    public static final int C11 = 0x1d;
    public static final int SWIFT = 0x1e;
    public static final int JULIA = 0x1f;
    public static final int DYLAN = 0x20;
    public static final int C_PLUS_PLUS_14 = 0x21;
    public static final int FORTRAN03 = 0x22;
    public static final int FORTRAN08 = 0x23;
    public static final int RENDERSCRIPT = 0x24;
    public static final int BLISS = 0x25;
    public static final int KOTLIN = 0x26;
    public static final int ZIG = 0x27;
    public static final int CRYSTAL = 0x28;
    public static final int C_PLUS_PLUS_17 = 0x2a;
    public static final int C_PLUS_PLUS_20 = 0x2b;
    public static final int C17 = 0x2c;
    public static final int FORTRAN18 = 0x2d;
    public static final int ADA2005 = 0x2e;
    public static final int ADA2012 = 0x2f;
    public static final int HIP = 0x30;
    public static final int ASSEMBLY = 0x31;
    public static final int MIPS_ASSEMBLER = 0x8001;
    public static final int GOOGLE_RENDERSCRIPT = 0x8e57;
    public static final int BORLAND_DELPHI = 0xb000;

    /** The DWARF spelling, e.g. {@code DW_LANG_C89}. */
    public static String name(int value) {
        return switch (value) {
            case 0x1 -> "DW_LANG_C89";
            case 0x2 -> "DW_LANG_C";
            case 0x3 -> "DW_LANG_Ada83";
            case 0x4 -> "DW_LANG_C_plus_plus";
            case 0x5 -> "DW_LANG_Cobol74";
            case 0x6 -> "DW_LANG_Cobol85";
            case 0x7 -> "DW_LANG_Fortran77";
            case 0x8 -> "DW_LANG_Fortran90";
            case 0x9 -> "DW_LANG_Pascal83";
            case 0xa -> "DW_LANG_Modula2";
            case 0xb -> "DW_LANG_Java";
            case 0xc -> "DW_LANG_C99";
            case 0xd -> "DW_LANG_Ada95";
            case 0xe -> "DW_LANG_Fortran95";
            case 0xf -> "DW_LANG_PLI";
            case 0x10 -> "DW_LANG_ObjC";
            case 0x11 -> "DW_LANG_ObjC_plus_plus";
            case 0x12 -> "DW_LANG_UPC";
            case 0x13 -> "DW_LANG_D";
            case 0x14 -> "DW_LANG_Python";
            case 0x15 -> "DW_LANG_OpenCL";
            case 0x16 -> "DW_LANG_Go";
            case 0x17 -> "DW_LANG_Modula3";
            case 0x18 -> "DW_LANG_Haskell";
            case 0x19 -> "DW_LANG_C_plus_plus_03";
            case 0x1a -> "DW_LANG_C_plus_plus_11";
            case 0x1b -> "DW_LANG_OCaml";
            case 0x1c -> "DW_LANG_Rust";
            case 0x1d -> "DW_LANG_C11";
            case 0x1e -> "DW_LANG_Swift";
            case 0x1f -> "DW_LANG_Julia";
            case 0x20 -> "DW_LANG_Dylan";
            case 0x21 -> "DW_LANG_C_plus_plus_14";
            case 0x22 -> "DW_LANG_Fortran03";
            case 0x23 -> "DW_LANG_Fortran08";
            case 0x24 -> "DW_LANG_RenderScript";
            case 0x25 -> "DW_LANG_BLISS";
            case 0x26 -> "DW_LANG_Kotlin";
            case 0x27 -> "DW_LANG_Zig";
            case 0x28 -> "DW_LANG_Crystal";
            case 0x2a -> "DW_LANG_C_plus_plus_17";
            case 0x2b -> "DW_LANG_C_plus_plus_20";
            case 0x2c -> "DW_LANG_C17";
            case 0x2d -> "DW_LANG_Fortran18";
            case 0x2e -> "DW_LANG_Ada2005";
            case 0x2f -> "DW_LANG_Ada2012";
            case 0x30 -> "DW_LANG_HIP";
            case 0x31 -> "DW_LANG_Assembly";
            case 0x8001 -> "DW_LANG_Mips_Assembler";
            case 0x8e57 -> "DW_LANG_GOOGLE_RenderScript";
            case 0xb000 -> "DW_LANG_BORLAND_Delphi";
            default -> "DW_LANG_<0x" + Integer.toHexString(value) + ">";
        };
    }

    /**
     * The default lower bound of array subscripts (DWARF 5 table 7.17): 0 for the C family and most
     * modern languages, 1 for Fortran, Ada, Pascal, Cobol, PL/I and Modula.
     */
    public static int defaultLowerBound(int language) {
        return switch (language) {
            case ADA83, COBOL74, COBOL85, FORTRAN77, FORTRAN90, PASCAL83, MODULA2, ADA95, FORTRAN95, PLI, FORTRAN03,
                    FORTRAN08, FORTRAN18, ADA2005, ADA2012, MODULA3, JULIA -> 1;
            default -> 0;
        };
    }

    /** C, Objective C and C++ (whose type names gdb spells the C way). */
    public static boolean isCFamily(int language) {
        return switch (language) {
            case C89, C, C99, C11, C17, OBJC, C_PLUS_PLUS, C_PLUS_PLUS_03, C_PLUS_PLUS_11, C_PLUS_PLUS_14, C_PLUS_PLUS_17,
                    C_PLUS_PLUS_20, OBJC_PLUS_PLUS, UPC -> true;
            default -> false;
        };
    }

    public static boolean isCPlusPlus(int language) {
        return switch (language) {
            case C_PLUS_PLUS, C_PLUS_PLUS_03, C_PLUS_PLUS_11, C_PLUS_PLUS_14, C_PLUS_PLUS_17, C_PLUS_PLUS_20,
                    OBJC_PLUS_PLUS -> true;
            default -> false;
        };
    }
}
