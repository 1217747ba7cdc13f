# Hand-written DWARF 5 using the forms gcc never emits: strx1-4, addrx1-4, data16, indirect,
# implicit_const, and a partial unit imported (DW_TAG_imported_unit) and referenced through
# DW_FORM_ref_addr. Offsets are label differences, so the assembler resolves them (no relocations).
# Assembles for any byte order and address size: --defsym BIG_ENDIAN=1 for big-endian targets
# (the 3-byte strx3/addrx3 values), --defsym ADDRESS_SIZE=4 for 32-bit ones.
        .ifndef ADDRESS_SIZE
        .set ADDRESS_SIZE, 8
        .endif
        .macro u24 v
        .ifdef BIG_ENDIAN
        .byte (\v >> 16) & 0xff, (\v >> 8) & 0xff, \v & 0xff
        .else
        .byte \v & 0xff, (\v >> 8) & 0xff, (\v >> 16) & 0xff
        .endif
        .endm
        .macro address v
        .if ADDRESS_SIZE == 8
        .8byte \v
        .else
        .4byte \v
        .endif
        .endm
        .section .debug_abbrev,"",@progbits
.Labbrev:
        .uleb128 1                      # compile_unit, children
        .uleb128 0x11
        .byte 1
        .uleb128 0x72, 0x17             # str_offsets_base, sec_offset
        .uleb128 0x73, 0x17             # addr_base, sec_offset
        .uleb128 0x25, 0x25             # producer, strx1
        .uleb128 0x03, 0x26             # name, strx2
        .uleb128 0x1b, 0x27             # comp_dir, strx3
        .uleb128 0x11, 0x29             # low_pc, addrx1
        .uleb128 0x12, 0x07             # high_pc, data8
        .uleb128 0, 0
        .uleb128 2                      # subprogram, no children
        .uleb128 0x2e
        .byte 0
        .uleb128 0x03, 0x28             # name, strx4
        .uleb128 0x3a, 0x21             # decl_file, implicit_const 3
        .sleb128 3
        .uleb128 0x3b, 0x16             # decl_line, indirect
        .uleb128 0x39, 0x21             # decl_column, implicit_const -5
        .sleb128 -5
        .uleb128 0x11, 0x2a             # low_pc, addrx2
        .uleb128 0x12, 0x06             # high_pc, data4
        .uleb128 0x52, 0x2b             # entry_pc, addrx3
        .uleb128 0, 0
        .uleb128 3                      # variable, no children
        .uleb128 0x34
        .byte 0
        .uleb128 0x03, 0x16             # name, indirect
        .uleb128 0x49, 0x10             # type, ref_addr
        .uleb128 0x1c, 0x1e             # const_value, data16
        .uleb128 0, 0
        .uleb128 4                      # imported_unit
        .uleb128 0x3d
        .byte 0
        .uleb128 0x18, 0x10             # import, ref_addr
        .uleb128 0, 0
        .uleb128 5                      # label
        .uleb128 0x0a
        .byte 0
        .uleb128 0x03, 0x1a             # name, strx
        .uleb128 0x11, 0x2c             # low_pc, addrx4
        .uleb128 0, 0
        .uleb128 6                      # partial_unit, children
        .uleb128 0x3c
        .byte 1
        .uleb128 0x72, 0x17             # str_offsets_base, sec_offset
        .uleb128 0x03, 0x25             # name, strx1
        .uleb128 0, 0
        .uleb128 7                      # base_type
        .uleb128 0x24
        .byte 0
        .uleb128 0x03, 0x26             # name, strx2
        .uleb128 0x3e, 0x0b             # encoding, data1
        .uleb128 0x0b, 0x0b             # byte_size, data1
        .uleb128 0, 0
        .uleb128 0

        .section .debug_info,"",@progbits
.Linfo:
        .4byte .Lcu1_end - .Lcu1_start
.Lcu1_start:
        .2byte 5
        .byte 0x01                      # DW_UT_compile
        .byte ADDRESS_SIZE
        .4byte 0                        # abbrev offset
        .uleb128 1
        .4byte .Lstroff_base - .Lstroff
        .4byte .Laddr_base - .Laddr
        .byte 0                         # producer: str slot 0
        .2byte 1                        # name: str slot 1
        u24 2                           # comp_dir: str slot 2 (strx3)
        .byte 0                         # low_pc: addr slot 0
        .8byte 0x100
        .uleb128 2
        .4byte 3                        # name: str slot 3 (strx4)
        .uleb128 0x05                   # decl_line: indirect -> data2
        .2byte 0x1234
        .2byte 1                        # low_pc: addr slot 1
        .4byte 0x40
        u24 2                           # entry_pc: addr slot 2 (addrx3)
        .uleb128 3
        .uleb128 0x1a                   # name: indirect -> strx
        .uleb128 4
        .4byte .Lbase_type - .Linfo     # type: ref_addr into the partial unit
        .byte 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10
        .uleb128 4
        .4byte .Lpu_die - .Linfo        # import: the partial unit's DIE
        .uleb128 5
        .uleb128 5                      # name: str slot 5 (strx)
        .4byte 3                        # low_pc: addr slot 3 (addrx4)
        .byte 0
.Lcu1_end:
        .4byte .Lcu2_end - .Lcu2_start
.Lcu2_start:
        .2byte 5
        .byte 0x03                      # DW_UT_partial
        .byte ADDRESS_SIZE
        .4byte 0
.Lpu_die:
        .uleb128 6
        .4byte .Lstroff_base2 - .Lstroff
        .byte 0                         # name: slot 0 of the second table
.Lbase_type:
        .uleb128 7
        .2byte 1                        # name: slot 1 of the second table
        .byte 0x07                      # DW_ATE_unsigned
        .byte 16
        .byte 0
.Lcu2_end:

        .section .debug_str_offsets,"",@progbits
.Lstroff:
        .4byte .Lstroff_end - .Lstroff_start
.Lstroff_start:
        .2byte 5
        .2byte 0
.Lstroff_base:
        .4byte .Ls_producer - .Lstr
        .4byte .Ls_name - .Lstr
        .4byte .Ls_dir - .Lstr
        .4byte .Ls_func - .Lstr
        .4byte .Ls_var - .Lstr
        .4byte .Ls_label - .Lstr
.Lstroff_end:
        .4byte .Lstroff2_end - .Lstroff2_start
.Lstroff2_start:
        .2byte 5
        .2byte 0
.Lstroff_base2:
        .4byte .Ls_pu - .Lstr
        .4byte .Ls_u128 - .Lstr
.Lstroff2_end:

        .section .debug_addr,"",@progbits
.Laddr:
        .4byte .Laddr_end - .Laddr_start
.Laddr_start:
        .2byte 5
        .byte ADDRESS_SIZE
        .byte 0
.Laddr_base:
        address 0x401000
        address 0x401100
        address 0x401108
        address 0x401120
.Laddr_end:

        .section .debug_str,"MS",@progbits,1
.Lstr:
.Ls_producer:   .asciz "hand-written forms.s"
.Ls_name:       .asciz "forms.c"
.Ls_dir:        .asciz "/tmp/forms"
.Ls_func:       .asciz "form_function"
.Ls_var:        .asciz "form_constant"
.Ls_label:      .asciz "form_label"
.Ls_pu:         .asciz "shared_types"
.Ls_u128:       .asciz "unsigned __int128"
