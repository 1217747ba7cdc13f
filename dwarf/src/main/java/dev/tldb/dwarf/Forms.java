package dev.tldb.dwarf;

import dev.tldb.binary.ByteReader;

/**
 * Reading and skipping attribute values by form. Skipping never decodes: DIE scans over hundreds
 * of megabytes of {@code .debug_info} step over most attributes.
 */
final class Forms {
    /** DW_FORM_indirect may name another indirect form; real producers never nest it. */
    private static final int MAX_INDIRECTION = 4;

    private Forms() {}

    /** The size of a value of this form, or -1 if it depends on the bytes (LEB128, strings, blocks). */
    static int fixedSize(int form, FormSizes s) {
        return switch (form) {
            case DwForm.ADDR -> s.addressSize();
            case DwForm.DATA1, DwForm.REF1, DwForm.FLAG, DwForm.STRX1, DwForm.ADDRX1 -> 1;
            case DwForm.DATA2, DwForm.REF2, DwForm.STRX2, DwForm.ADDRX2 -> 2;
            case DwForm.STRX3, DwForm.ADDRX3 -> 3;
            case DwForm.DATA4, DwForm.REF4, DwForm.STRX4, DwForm.ADDRX4, DwForm.REF_SUP4 -> 4;
            case DwForm.DATA8, DwForm.REF8, DwForm.REF_SIG8, DwForm.REF_SUP8 -> 8;
            case DwForm.DATA16 -> 16;
            case DwForm.STRP, DwForm.LINE_STRP, DwForm.SEC_OFFSET, DwForm.STRP_SUP, DwForm.GNU_REF_ALT,
                    DwForm.GNU_STRP_ALT -> s.offsetSize();
            case DwForm.REF_ADDR -> s.refAddrSize();
            case DwForm.FLAG_PRESENT, DwForm.IMPLICIT_CONST -> 0;
            default -> -1;
        };
    }

    /** Whether tldb knows the form (an abbreviation naming any other form is corrupt or too new). */
    static boolean isKnown(int form) {
        return switch (form) {
            case DwForm.ADDR, DwForm.BLOCK2, DwForm.BLOCK4, DwForm.DATA2, DwForm.DATA4, DwForm.DATA8, DwForm.STRING,
                    DwForm.BLOCK, DwForm.BLOCK1, DwForm.DATA1, DwForm.FLAG, DwForm.SDATA, DwForm.STRP, DwForm.UDATA,
                    DwForm.REF_ADDR, DwForm.REF1, DwForm.REF2, DwForm.REF4, DwForm.REF8, DwForm.REF_UDATA,
                    DwForm.INDIRECT, DwForm.SEC_OFFSET, DwForm.EXPRLOC, DwForm.FLAG_PRESENT, DwForm.STRX, DwForm.ADDRX,
                    DwForm.REF_SUP4, DwForm.STRP_SUP, DwForm.DATA16, DwForm.LINE_STRP, DwForm.REF_SIG8,
                    DwForm.IMPLICIT_CONST, DwForm.LOCLISTX, DwForm.RNGLISTX, DwForm.REF_SUP8, DwForm.STRX1,
                    DwForm.STRX2, DwForm.STRX3, DwForm.STRX4, DwForm.ADDRX1, DwForm.ADDRX2, DwForm.ADDRX3,
                    DwForm.ADDRX4, DwForm.GNU_ADDR_INDEX, DwForm.GNU_STR_INDEX, DwForm.GNU_REF_ALT,
                    DwForm.GNU_STRP_ALT -> true;
            default -> false;
        };
    }

    /** Steps over one value of {@code form}. */
    static void skip(ByteReader r, int form, FormSizes s) {
        for (int depth = 0; depth <= MAX_INDIRECTION; depth++) {
            int fixed = fixedSize(form, s);
            if (fixed >= 0) {
                r.skip(fixed);
                return;
            }
            switch (form) {
                case DwForm.SDATA, DwForm.UDATA, DwForm.REF_UDATA, DwForm.STRX, DwForm.ADDRX, DwForm.LOCLISTX,
                        DwForm.RNGLISTX, DwForm.GNU_ADDR_INDEX, DwForm.GNU_STR_INDEX -> {
                    r.skipLeb128();
                    return;
                }
                case DwForm.STRING -> {
                    r.skipCString();
                    return;
                }
                case DwForm.BLOCK1 -> {
                    r.skip(r.u8());
                    return;
                }
                case DwForm.BLOCK2 -> {
                    r.skip(r.u16());
                    return;
                }
                case DwForm.BLOCK4 -> {
                    r.skip(r.u32());
                    return;
                }
                case DwForm.BLOCK, DwForm.EXPRLOC -> {
                    r.skip(r.uleb128());
                    return;
                }
                case DwForm.INDIRECT -> form = indirectForm(r);
                default -> throw r.error("unknown attribute form " + DwForm.name(form));
            }
        }
        throw r.error("DW_FORM_indirect nested more than " + MAX_INDIRECTION + " deep");
    }

    private static int indirectForm(ByteReader r) {
        long at = r.position();
        long f = r.uleb128();
        if (f == DwForm.IMPLICIT_CONST || f > 0xffff) {
            throw r.error(at, "DW_FORM_indirect names form 0x" + Long.toHexString(f));
        }
        return (int) f;
    }

    /**
     * Reads one value. {@code attr} and the version decide one ambiguity: in DWARF 2 and 3, data4
     * and data8 also encode section offsets (line tables, location and range lists).
     *
     * @return the value; {@code formOut[0]} receives the form after DW_FORM_indirect, if non-null
     */
    static AttributeValue read(ByteReader r, int attr, int form, long implicitConst, FormSizes s, int[] formOut) {
        for (int depth = 0; depth <= MAX_INDIRECTION; depth++) {
            if (formOut != null) {
                formOut[0] = form;
            }
            switch (form) {
                case DwForm.ADDR:
                    return new AttributeValue.Address(r.unsigned(s.addressSize()));
                case DwForm.DATA1:
                    return constant(r.u8(), 1, attr, s);
                case DwForm.DATA2:
                    return constant(r.u16(), 2, attr, s);
                case DwForm.DATA4:
                    return constant(r.u32(), 4, attr, s);
                case DwForm.DATA8:
                    return constant(r.u64(), 8, attr, s);
                case DwForm.DATA16:
                    return new AttributeValue.Data16(r.bytes(16));
                case DwForm.UDATA:
                    return new AttributeValue.UnsignedConstant(r.uleb128(), 0);
                case DwForm.SDATA:
                    return new AttributeValue.SignedConstant(r.sleb128());
                case DwForm.IMPLICIT_CONST:
                    return new AttributeValue.SignedConstant(implicitConst);
                case DwForm.STRING:
                    return new AttributeValue.InlineString(r.cstring());
                case DwForm.STRP:
                    return new AttributeValue.StringRef(AttributeValue.StringTable.STR, r.unsigned(s.offsetSize()));
                case DwForm.LINE_STRP:
                    return new AttributeValue.StringRef(AttributeValue.StringTable.LINE_STR,
                            r.unsigned(s.offsetSize()));
                case DwForm.STRP_SUP, DwForm.GNU_STRP_ALT:
                    return new AttributeValue.StringRef(AttributeValue.StringTable.ALT, r.unsigned(s.offsetSize()));
                case DwForm.STRX, DwForm.GNU_STR_INDEX:
                    return new AttributeValue.StringIndex(r.uleb128());
                case DwForm.STRX1:
                    return new AttributeValue.StringIndex(r.u8());
                case DwForm.STRX2:
                    return new AttributeValue.StringIndex(r.u16());
                case DwForm.STRX3:
                    return new AttributeValue.StringIndex(r.u24());
                case DwForm.STRX4:
                    return new AttributeValue.StringIndex(r.u32());
                case DwForm.ADDRX, DwForm.GNU_ADDR_INDEX:
                    return new AttributeValue.AddressIndex(r.uleb128());
                case DwForm.ADDRX1:
                    return new AttributeValue.AddressIndex(r.u8());
                case DwForm.ADDRX2:
                    return new AttributeValue.AddressIndex(r.u16());
                case DwForm.ADDRX3:
                    return new AttributeValue.AddressIndex(r.u24());
                case DwForm.ADDRX4:
                    return new AttributeValue.AddressIndex(r.u32());
                case DwForm.REF1:
                    return new AttributeValue.UnitRef(new UnitOffset(r.u8()));
                case DwForm.REF2:
                    return new AttributeValue.UnitRef(new UnitOffset(r.u16()));
                case DwForm.REF4:
                    return new AttributeValue.UnitRef(new UnitOffset(r.u32()));
                case DwForm.REF8:
                    return new AttributeValue.UnitRef(new UnitOffset(r.u64()));
                case DwForm.REF_UDATA:
                    return new AttributeValue.UnitRef(new UnitOffset(r.uleb128()));
                case DwForm.REF_ADDR:
                    return new AttributeValue.InfoRef(new DebugInfoOffset(r.unsigned(s.refAddrSize())));
                case DwForm.REF_SIG8:
                    return new AttributeValue.SignatureRef(r.u64());
                case DwForm.GNU_REF_ALT:
                    return new AttributeValue.AltRef(r.unsigned(s.offsetSize()));
                case DwForm.REF_SUP4:
                    return new AttributeValue.AltRef(r.u32());
                case DwForm.REF_SUP8:
                    return new AttributeValue.AltRef(r.u64());
                case DwForm.SEC_OFFSET:
                    return new AttributeValue.SectionOffset(r.unsigned(s.offsetSize()));
                case DwForm.EXPRLOC:
                    return new AttributeValue.Exprloc(block(r, r.uleb128()));
                case DwForm.BLOCK1:
                    return new AttributeValue.Block(block(r, r.u8()));
                case DwForm.BLOCK2:
                    return new AttributeValue.Block(block(r, r.u16()));
                case DwForm.BLOCK4:
                    return new AttributeValue.Block(block(r, r.u32()));
                case DwForm.BLOCK:
                    return new AttributeValue.Block(block(r, r.uleb128()));
                case DwForm.FLAG:
                    return r.u8() != 0 ? AttributeValue.Flag.TRUE : AttributeValue.Flag.FALSE;
                case DwForm.FLAG_PRESENT:
                    return AttributeValue.Flag.TRUE;
                case DwForm.LOCLISTX:
                    return new AttributeValue.LocListIndex(r.uleb128());
                case DwForm.RNGLISTX:
                    return new AttributeValue.RangeListIndex(r.uleb128());
                case DwForm.INDIRECT:
                    form = indirectForm(r);
                    continue;
                default:
                    throw r.error("unknown attribute form " + DwForm.name(form));
            }
        }
        throw r.error("DW_FORM_indirect nested more than " + MAX_INDIRECTION + " deep");
    }

    /**
     * The unit-relative offset a unit reference of {@code form} holds, read without building an
     * {@link AttributeValue} (a scan follows DW_AT_sibling for most DIEs it passes); -1 for other
     * forms, which the caller then reads the general way.
     */
    static long unitRefOffset(ByteReader r, int form) {
        return switch (form) {
            case DwForm.REF1 -> r.u8();
            case DwForm.REF2 -> r.u16();
            case DwForm.REF4 -> r.u32();
            case DwForm.REF8 -> r.u64();
            case DwForm.REF_UDATA -> r.uleb128();
            default -> -1;
        };
    }

    private static byte[] block(ByteReader r, long length) {
        if (length < 0 || length > r.remaining()) {
            throw r.error("block of " + Long.toUnsignedString(length) + " bytes runs past the unit ("
                    + r.remaining() + " bytes left)");
        }
        return r.bytes((int) length);
    }

    private static AttributeValue constant(long v, int size, int attr, FormSizes s) {
        if (s.version() < 4 && (size == 4 || size == 8) && isOffsetClass(attr)) {
            return new AttributeValue.SectionOffset(v);
        }
        return new AttributeValue.UnsignedConstant(v, size);
    }

    /** Attributes whose data4/data8 values are section offsets in DWARF 2 and 3 (lineptr, loclistptr, ...). */
    private static boolean isOffsetClass(int attr) {
        return switch (attr) {
            case DwAt.LOCATION, DwAt.STRING_LENGTH, DwAt.RETURN_ADDR, DwAt.FRAME_BASE, DwAt.SEGMENT,
                    DwAt.STATIC_LINK, DwAt.USE_LOCATION, DwAt.VTABLE_ELEM_LOCATION, DwAt.RANGES, DwAt.STMT_LIST,
                    DwAt.MACRO_INFO, DwAt.GNU_LOCVIEWS -> true;
            default -> false;
        };
    }
}
