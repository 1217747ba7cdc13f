package dev.tldb.dwarf.expr;

/**
 * DWARF expression opcodes ({@code DW_OP_*}): every DWARF 5 operation plus the GNU and LLVM (WebAssembly)
 * extensions that gcc and clang emit. The constants are the encoded byte; {@link #name(int)} gives the
 * spelling that dumps use.
 */
public final class DwOp {
    private DwOp() {
    }

    public static final int DW_OP_addr = 0x03;
    public static final int DW_OP_deref = 0x06;
    public static final int DW_OP_const1u = 0x08;
    public static final int DW_OP_const1s = 0x09;
    public static final int DW_OP_const2u = 0x0a;
    public static final int DW_OP_const2s = 0x0b;
    public static final int DW_OP_const4u = 0x0c;
    public static final int DW_OP_const4s = 0x0d;
    public static final int DW_OP_const8u = 0x0e;
    public static final int DW_OP_const8s = 0x0f;
    public static final int DW_OP_constu = 0x10;
    public static final int DW_OP_consts = 0x11;
    public static final int DW_OP_dup = 0x12;
    public static final int DW_OP_drop = 0x13;
    public static final int DW_OP_over = 0x14;
    public static final int DW_OP_pick = 0x15;
    public static final int DW_OP_swap = 0x16;
    public static final int DW_OP_rot = 0x17;
    public static final int DW_OP_xderef = 0x18;
    public static final int DW_OP_abs = 0x19;
    public static final int DW_OP_and = 0x1a;
    public static final int DW_OP_div = 0x1b;
    public static final int DW_OP_minus = 0x1c;
    public static final int DW_OP_mod = 0x1d;
    public static final int DW_OP_mul = 0x1e;
    public static final int DW_OP_neg = 0x1f;
    public static final int DW_OP_not = 0x20;
    public static final int DW_OP_or = 0x21;
    public static final int DW_OP_plus = 0x22;
    public static final int DW_OP_plus_uconst = 0x23;
    public static final int DW_OP_shl = 0x24;
    public static final int DW_OP_shr = 0x25;
    public static final int DW_OP_shra = 0x26;
    public static final int DW_OP_xor = 0x27;
    public static final int DW_OP_bra = 0x28;
    public static final int DW_OP_eq = 0x29;
    public static final int DW_OP_ge = 0x2a;
    public static final int DW_OP_gt = 0x2b;
    public static final int DW_OP_le = 0x2c;
    public static final int DW_OP_lt = 0x2d;
    public static final int DW_OP_ne = 0x2e;
    public static final int DW_OP_skip = 0x2f;
    public static final int DW_OP_lit0 = 0x30;
    public static final int DW_OP_lit1 = 0x31;
    public static final int DW_OP_lit2 = 0x32;
    public static final int DW_OP_lit3 = 0x33;
    public static final int DW_OP_lit4 = 0x34;
    public static final int DW_OP_lit5 = 0x35;
    public static final int DW_OP_lit6 = 0x36;
    public static final int DW_OP_lit7 = 0x37;
    public static final int DW_OP_lit8 = 0x38;
    public static final int DW_OP_lit9 = 0x39;
    public static final int DW_OP_lit10 = 0x3a;
    public static final int DW_OP_lit11 = 0x3b;
    public static final int DW_OP_lit12 = 0x3c;
    public static final int DW_OP_lit13 = 0x3d;
    public static final int DW_OP_lit14 = 0x3e;
    public static final int DW_OP_lit15 = 0x3f;
    public static final int DW_OP_lit16 = 0x40;
    public static final int DW_OP_lit17 = 0x41;
    public static final int DW_OP_lit18 = 0x42;
    public static final int DW_OP_lit19 = 0x43;
    public static final int DW_OP_lit20 = 0x44;
    public static final int DW_OP_lit21 = 0x45;
    public static final int DW_OP_lit22 = 0x46;
    public static final int DW_OP_lit23 = 0x47;
    public static final int DW_OP_lit24 = 0x48;
    public static final int DW_OP_lit25 = 0x49;
    public static final int DW_OP_lit26 = 0x4a;
    public static final int DW_OP_lit27 = 0x4b;
    public static final int DW_OP_lit28 = 0x4c;
    public static final int DW_OP_lit29 = 0x4d;
    public static final int DW_OP_lit30 = 0x4e;
    public static final int DW_OP_lit31 = 0x4f;
    public static final int DW_OP_reg0 = 0x50;
    public static final int DW_OP_reg1 = 0x51;
    public static final int DW_OP_reg2 = 0x52;
    public static final int DW_OP_reg3 = 0x53;
    public static final int DW_OP_reg4 = 0x54;
    public static final int DW_OP_reg5 = 0x55;
    public static final int DW_OP_reg6 = 0x56;
    public static final int DW_OP_reg7 = 0x57;
    public static final int DW_OP_reg8 = 0x58;
    public static final int DW_OP_reg9 = 0x59;
    public static final int DW_OP_reg10 = 0x5a;
    public static final int DW_OP_reg11 = 0x5b;
    public static final int DW_OP_reg12 = 0x5c;
    public static final int DW_OP_reg13 = 0x5d;
    public static final int DW_OP_reg14 = 0x5e;
    public static final int DW_OP_reg15 = 0x5f;
    public static final int DW_OP_reg16 = 0x60;
    public static final int DW_OP_reg17 = 0x61;
    public static final int DW_OP_reg18 = 0x62;
    public static final int DW_OP_reg19 = 0x63;
    public static final int DW_OP_reg20 = 0x64;
    public static final int DW_OP_reg21 = 0x65;
    public static final int DW_OP_reg22 = 0x66;
    public static final int DW_OP_reg23 = 0x67;
    public static final int DW_OP_reg24 = 0x68;
    public static final int DW_OP_reg25 = 0x69;
    public static final int DW_OP_reg26 = 0x6a;
    public static final int DW_OP_reg27 = 0x6b;
    public static final int DW_OP_reg28 = 0x6c;
    public static final int DW_OP_reg29 = 0x6d;
    public static final int DW_OP_reg30 = 0x6e;
    public static final int DW_OP_reg31 = 0x6f;
    public static final int DW_OP_breg0 = 0x70;
    public static final int DW_OP_breg1 = 0x71;
    public static final int DW_OP_breg2 = 0x72;
    public static final int DW_OP_breg3 = 0x73;
    public static final int DW_OP_breg4 = 0x74;
    public static final int DW_OP_breg5 = 0x75;
    public static final int DW_OP_breg6 = 0x76;
    public static final int DW_OP_breg7 = 0x77;
    public static final int DW_OP_breg8 = 0x78;
    public static final int DW_OP_breg9 = 0x79;
    public static final int DW_OP_breg10 = 0x7a;
    public static final int DW_OP_breg11 = 0x7b;
    public static final int DW_OP_breg12 = 0x7c;
    public static final int DW_OP_breg13 = 0x7d;
    public static final int DW_OP_breg14 = 0x7e;
    public static final int DW_OP_breg15 = 0x7f;
    public static final int DW_OP_breg16 = 0x80;
    public static final int DW_OP_breg17 = 0x81;
    public static final int DW_OP_breg18 = 0x82;
    public static final int DW_OP_breg19 = 0x83;
    public static final int DW_OP_breg20 = 0x84;
    public static final int DW_OP_breg21 = 0x85;
    public static final int DW_OP_breg22 = 0x86;
    public static final int DW_OP_breg23 = 0x87;
    public static final int DW_OP_breg24 = 0x88;
    public static final int DW_OP_breg25 = 0x89;
    public static final int DW_OP_breg26 = 0x8a;
    public static final int DW_OP_breg27 = 0x8b;
    public static final int DW_OP_breg28 = 0x8c;
    public static final int DW_OP_breg29 = 0x8d;
    public static final int DW_OP_breg30 = 0x8e;
    public static final int DW_OP_breg31 = 0x8f;
    public static final int DW_OP_regx = 0x90;
    public static final int DW_OP_fbreg = 0x91;
    public static final int DW_OP_bregx = 0x92;
    public static final int DW_OP_piece = 0x93;
    public static final int DW_OP_deref_size = 0x94;
    public static final int DW_OP_xderef_size = 0x95;
    public static final int DW_OP_nop = 0x96;
    public static final int DW_OP_push_object_address = 0x97;
    public static final int DW_OP_call2 = 0x98;
    public static final int DW_OP_call4 = 0x99;
    public static final int DW_OP_call_ref = 0x9a;
    public static final int DW_OP_form_tls_address = 0x9b;
    public static final int DW_OP_call_frame_cfa = 0x9c;
    public static final int DW_OP_bit_piece = 0x9d;
    public static final int DW_OP_implicit_value = 0x9e;
    public static final int DW_OP_stack_value = 0x9f;
    public static final int DW_OP_implicit_pointer = 0xa0;
    public static final int DW_OP_addrx = 0xa1;
    public static final int DW_OP_constx = 0xa2;
    public static final int DW_OP_entry_value = 0xa3;
    public static final int DW_OP_const_type = 0xa4;
    public static final int DW_OP_regval_type = 0xa5;
    public static final int DW_OP_deref_type = 0xa6;
    public static final int DW_OP_xderef_type = 0xa7;
    public static final int DW_OP_convert = 0xa8;
    public static final int DW_OP_reinterpret = 0xa9;
    public static final int DW_OP_GNU_push_tls_address = 0xe0;
    public static final int DW_OP_WASM_location = 0xed;
    public static final int DW_OP_GNU_uninit = 0xf0;
    public static final int DW_OP_GNU_encoded_addr = 0xf1;
    public static final int DW_OP_GNU_implicit_pointer = 0xf2;
    public static final int DW_OP_GNU_entry_value = 0xf3;
    public static final int DW_OP_GNU_const_type = 0xf4;
    public static final int DW_OP_GNU_regval_type = 0xf5;
    public static final int DW_OP_GNU_deref_type = 0xf6;
    public static final int DW_OP_GNU_convert = 0xf7;
    public static final int DW_OP_GNU_reinterpret = 0xf9;
    public static final int DW_OP_GNU_parameter_ref = 0xfa;
    public static final int DW_OP_GNU_addr_index = 0xfb;
    public static final int DW_OP_GNU_const_index = 0xfc;
    public static final int DW_OP_GNU_variable_value = 0xfd;

    /** The vendor-extension range; 0xe0 is both lo_user and GNU_push_tls_address. */
    public static final int DW_OP_lo_user = 0xe0;
    public static final int DW_OP_hi_user = 0xff;

    /** Whether {@code opcode} is one this package decodes. */
    public static boolean isKnown(int opcode) {
        return knownName(opcode) != null;
    }

    /** {@code DW_OP_name} for a known opcode, else {@code DW_OP_<unknown 0xNN>}. */
    public static String name(int opcode) {
        String name = knownName(opcode);
        return name != null ? name : String.format("DW_OP_<unknown 0x%02x>", opcode);
    }

    private static String knownName(int opcode) {
        if (opcode >= DW_OP_lit0 && opcode <= DW_OP_lit31) {
            return "DW_OP_lit" + (opcode - DW_OP_lit0);
        }
        if (opcode >= DW_OP_reg0 && opcode <= DW_OP_reg31) {
            return "DW_OP_reg" + (opcode - DW_OP_reg0);
        }
        if (opcode >= DW_OP_breg0 && opcode <= DW_OP_breg31) {
            return "DW_OP_breg" + (opcode - DW_OP_breg0);
        }
        return switch (opcode) {
            case DW_OP_addr -> "DW_OP_addr";
            case DW_OP_deref -> "DW_OP_deref";
            case DW_OP_const1u -> "DW_OP_const1u";
            case DW_OP_const1s -> "DW_OP_const1s";
            case DW_OP_const2u -> "DW_OP_const2u";
            case DW_OP_const2s -> "DW_OP_const2s";
            case DW_OP_const4u -> "DW_OP_const4u";
            case DW_OP_const4s -> "DW_OP_const4s";
            case DW_OP_const8u -> "DW_OP_const8u";
            case DW_OP_const8s -> "DW_OP_const8s";
            case DW_OP_constu -> "DW_OP_constu";
            case DW_OP_consts -> "DW_OP_consts";
            case DW_OP_dup -> "DW_OP_dup";
            case DW_OP_drop -> "DW_OP_drop";
            case DW_OP_over -> "DW_OP_over";
            case DW_OP_pick -> "DW_OP_pick";
            case DW_OP_swap -> "DW_OP_swap";
            case DW_OP_rot -> "DW_OP_rot";
            case DW_OP_xderef -> "DW_OP_xderef";
            case DW_OP_abs -> "DW_OP_abs";
            case DW_OP_and -> "DW_OP_and";
            case DW_OP_div -> "DW_OP_div";
            case DW_OP_minus -> "DW_OP_minus";
            case DW_OP_mod -> "DW_OP_mod";
            case DW_OP_mul -> "DW_OP_mul";
            case DW_OP_neg -> "DW_OP_neg";
            case DW_OP_not -> "DW_OP_not";
            case DW_OP_or -> "DW_OP_or";
            case DW_OP_plus -> "DW_OP_plus";
            case DW_OP_plus_uconst -> "DW_OP_plus_uconst";
            case DW_OP_shl -> "DW_OP_shl";
            case DW_OP_shr -> "DW_OP_shr";
            case DW_OP_shra -> "DW_OP_shra";
            case DW_OP_xor -> "DW_OP_xor";
            case DW_OP_bra -> "DW_OP_bra";
            case DW_OP_eq -> "DW_OP_eq";
            case DW_OP_ge -> "DW_OP_ge";
            case DW_OP_gt -> "DW_OP_gt";
            case DW_OP_le -> "DW_OP_le";
            case DW_OP_lt -> "DW_OP_lt";
            case DW_OP_ne -> "DW_OP_ne";
            case DW_OP_skip -> "DW_OP_skip";
            case DW_OP_regx -> "DW_OP_regx";
            case DW_OP_fbreg -> "DW_OP_fbreg";
            case DW_OP_bregx -> "DW_OP_bregx";
            case DW_OP_piece -> "DW_OP_piece";
            case DW_OP_deref_size -> "DW_OP_deref_size";
            case DW_OP_xderef_size -> "DW_OP_xderef_size";
            case DW_OP_nop -> "DW_OP_nop";
            case DW_OP_push_object_address -> "DW_OP_push_object_address";
            case DW_OP_call2 -> "DW_OP_call2";
            case DW_OP_call4 -> "DW_OP_call4";
            case DW_OP_call_ref -> "DW_OP_call_ref";
            case DW_OP_form_tls_address -> "DW_OP_form_tls_address";
            case DW_OP_call_frame_cfa -> "DW_OP_call_frame_cfa";
            case DW_OP_bit_piece -> "DW_OP_bit_piece";
            case DW_OP_implicit_value -> "DW_OP_implicit_value";
            case DW_OP_stack_value -> "DW_OP_stack_value";
            case DW_OP_implicit_pointer -> "DW_OP_implicit_pointer";
            case DW_OP_addrx -> "DW_OP_addrx";
            case DW_OP_constx -> "DW_OP_constx";
            case DW_OP_entry_value -> "DW_OP_entry_value";
            case DW_OP_const_type -> "DW_OP_const_type";
            case DW_OP_regval_type -> "DW_OP_regval_type";
            case DW_OP_deref_type -> "DW_OP_deref_type";
            case DW_OP_xderef_type -> "DW_OP_xderef_type";
            case DW_OP_convert -> "DW_OP_convert";
            case DW_OP_reinterpret -> "DW_OP_reinterpret";
            case DW_OP_GNU_push_tls_address -> "DW_OP_GNU_push_tls_address";
            case DW_OP_WASM_location -> "DW_OP_WASM_location";
            case DW_OP_GNU_uninit -> "DW_OP_GNU_uninit";
            case DW_OP_GNU_encoded_addr -> "DW_OP_GNU_encoded_addr";
            case DW_OP_GNU_implicit_pointer -> "DW_OP_GNU_implicit_pointer";
            case DW_OP_GNU_entry_value -> "DW_OP_GNU_entry_value";
            case DW_OP_GNU_const_type -> "DW_OP_GNU_const_type";
            case DW_OP_GNU_regval_type -> "DW_OP_GNU_regval_type";
            case DW_OP_GNU_deref_type -> "DW_OP_GNU_deref_type";
            case DW_OP_GNU_convert -> "DW_OP_GNU_convert";
            case DW_OP_GNU_reinterpret -> "DW_OP_GNU_reinterpret";
            case DW_OP_GNU_parameter_ref -> "DW_OP_GNU_parameter_ref";
            case DW_OP_GNU_addr_index -> "DW_OP_GNU_addr_index";
            case DW_OP_GNU_const_index -> "DW_OP_GNU_const_index";
            case DW_OP_GNU_variable_value -> "DW_OP_GNU_variable_value";
            default -> null;
        };
    }
}
