package dev.tldb.dwarf;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An attribute's value as its form encodes it, before anything is looked up: an index into
 * {@code .debug_addr} stays an {@link AddressIndex} until {@link Unit#address} resolves it, a
 * string offset stays a {@link StringRef} until {@link Unit#string} reads it. That keeps decoding
 * free of side tables and lets callers see exactly what the file says.
 */
public sealed interface AttributeValue {

    /** DW_FORM_addr: an address (relocated, for objects). */
    record Address(long address) implements AttributeValue {
        @Override
        public String toString() {
            return "0x" + Long.toHexString(address);
        }
    }

    /** DW_FORM_addrx, addrx1–4, GNU_addr_index: a slot of the unit's {@code .debug_addr} table. */
    record AddressIndex(long index) implements AttributeValue { }

    /** DW_FORM_data1/2/4/8, udata: an unsigned constant (the attribute decides how to read its sign). */
    record UnsignedConstant(long value, int size) implements AttributeValue {
        /** The value sign-extended from its size; {@code size == 0} (uleb) stays as is. */
        public long signExtended() {
            return size <= 0 || size >= 8 ? value : value << (64 - size * 8) >> (64 - size * 8);
        }
    }

    /** DW_FORM_sdata, implicit_const: a signed constant. */
    record SignedConstant(long value) implements AttributeValue { }

    /** DW_FORM_data16 (an MD5, a 128-bit constant). */
    record Data16(byte[] bytes) implements AttributeValue {
        @Override
        public boolean equals(Object o) {
            return o instanceof Data16 d && Arrays.equals(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "data16 " + HexFormat.of().formatHex(bytes);
        }
    }

    /** DW_FORM_string: a string stored in the DIE itself. */
    record InlineString(String value) implements AttributeValue { }

    /** DW_FORM_strp, line_strp, strp_sup, GNU_strp_alt: an offset into a string section. */
    record StringRef(StringTable table, long offset) implements AttributeValue { }

    /** DW_FORM_strx, strx1–4, GNU_str_index: a slot of the unit's string offsets table. */
    record StringIndex(long index) implements AttributeValue { }

    /** DW_FORM_ref1/2/4/8, ref_udata: a DIE in the same unit. */
    record UnitRef(UnitOffset offset) implements AttributeValue { }

    /** DW_FORM_ref_addr: a DIE anywhere in {@code .debug_info} (of this file). */
    record InfoRef(DebugInfoOffset offset) implements AttributeValue { }

    /** DW_FORM_ref_sig8: the type unit with this signature. */
    record SignatureRef(long signature) implements AttributeValue {
        @Override
        public String toString() {
            return "signature 0x" + Long.toHexString(signature);
        }
    }

    /** DW_FORM_GNU_ref_alt, ref_sup4/8: a DIE in the supplementary (dwz) file. */
    record AltRef(long offset) implements AttributeValue { }

    /**
     * DW_FORM_sec_offset (and data4/data8 for the offset attributes of DWARF 2 and 3): an offset
     * into the section the attribute names (line table, location list, range list, base).
     */
    record SectionOffset(long offset) implements AttributeValue {
        @Override
        public String toString() {
            return "sec_offset 0x" + Long.toHexString(offset);
        }
    }

    /** DW_FORM_exprloc: a DWARF expression. */
    record Exprloc(byte[] bytes) implements AttributeValue {
        @Override
        public boolean equals(Object o) {
            return o instanceof Exprloc e && Arrays.equals(bytes, e.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "exprloc " + HexFormat.of().formatHex(bytes);
        }
    }

    /** DW_FORM_block, block1/2/4: uninterpreted bytes (DWARF 2/3 also put expressions here). */
    record Block(byte[] bytes) implements AttributeValue {
        @Override
        public boolean equals(Object o) {
            return o instanceof Block b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "block " + HexFormat.of().formatHex(bytes);
        }
    }

    /** DW_FORM_flag, flag_present. */
    record Flag(boolean value) implements AttributeValue {
        /** Shared instances: a scan reads millions of flags. */
        static final Flag TRUE = new Flag(true);
        static final Flag FALSE = new Flag(false);
    }

    /** DW_FORM_loclistx: a slot of the unit's location list offsets. */
    record LocListIndex(long index) implements AttributeValue { }

    /** DW_FORM_rnglistx: a slot of the unit's range list offsets. */
    record RangeListIndex(long index) implements AttributeValue { }

    /** The string sections a {@link StringRef} can point into. */
    enum StringTable {
        /** {@code .debug_str} (or {@code .debug_str.dwo} in a split unit). */
        STR,
        /** {@code .debug_line_str}. */
        LINE_STR,
        /** {@code .debug_str} of the supplementary (dwz) file. */
        ALT
    }
}
