package dev.tldb.dwarf.expr;

/**
 * The type of a DWARF stack entry: the generic type (address-sized integer of unspecified sign, DWARF 5
 * section 2.5.1) or one of the base types an expression can name ({@code DW_OP_const_type},
 * {@code DW_OP_convert}, ...).
 */
public enum ValueType {
    GENERIC(0, Kind.GENERIC),
    I8(1, Kind.SIGNED), U8(1, Kind.UNSIGNED),
    I16(2, Kind.SIGNED), U16(2, Kind.UNSIGNED),
    I32(4, Kind.SIGNED), U32(4, Kind.UNSIGNED),
    I64(8, Kind.SIGNED), U64(8, Kind.UNSIGNED),
    F32(4, Kind.FLOAT), F64(8, Kind.FLOAT);

    /** DW_ATE_* values of the base types we can compute with. */
    public static final int DW_ATE_address = 0x1;
    public static final int DW_ATE_boolean = 0x2;
    public static final int DW_ATE_float = 0x4;
    public static final int DW_ATE_signed = 0x5;
    public static final int DW_ATE_signed_char = 0x6;
    public static final int DW_ATE_unsigned = 0x7;
    public static final int DW_ATE_unsigned_char = 0x8;
    public static final int DW_ATE_UTF = 0x10;

    enum Kind { GENERIC, SIGNED, UNSIGNED, FLOAT }

    private final int size;
    private final Kind kind;

    ValueType(int size, Kind kind) {
        this.size = size;
        this.kind = kind;
    }

    /**
     * The type of a {@code DW_TAG_base_type} with this {@code DW_AT_encoding} and {@code DW_AT_byte_size}.
     *
     * @throws EvaluationException for encodings the evaluator cannot compute with (complex, decimal,
     *                             fixed-point, 16-byte integers, long double)
     */
    public static ValueType fromEncoding(int encoding, long byteSize) {
        ValueType t = switch (encoding) {
            case DW_ATE_signed, DW_ATE_signed_char -> switch ((int) byteSize) {
                case 1 -> I8;
                case 2 -> I16;
                case 4 -> I32;
                case 8 -> I64;
                default -> null;
            };
            case DW_ATE_unsigned, DW_ATE_unsigned_char, DW_ATE_boolean, DW_ATE_address, DW_ATE_UTF ->
                switch ((int) byteSize) {
                    case 1 -> U8;
                    case 2 -> U16;
                    case 4 -> U32;
                    case 8 -> U64;
                    default -> null;
                };
            case DW_ATE_float -> byteSize == 4 ? F32 : byteSize == 8 ? F64 : null;
            default -> null;
        };
        if (t == null || byteSize != (int) byteSize) {
            throw new EvaluationException(String.format(
                    "unsupported base type (DW_AT_encoding 0x%x, DW_AT_byte_size %d)", encoding, byteSize));
        }
        return t;
    }

    /** Size in bytes; the generic type's is the address size. */
    public int size(int addressSize) {
        return this == GENERIC ? addressSize : size;
    }

    public boolean isGeneric() {
        return kind == Kind.GENERIC;
    }

    /** Integral: the generic type and the integer base types. */
    public boolean isIntegral() {
        return kind != Kind.FLOAT;
    }

    public boolean isSigned() {
        return kind == Kind.SIGNED;
    }

    public boolean isUnsigned() {
        return kind == Kind.UNSIGNED;
    }

    public boolean isFloat() {
        return kind == Kind.FLOAT;
    }
}
