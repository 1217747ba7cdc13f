package dev.tldb.dwarf;

/**
 * The DWARF sections tldb reads, with their names in ordinary files and in split-DWARF
 * {@code .dwo} files (where the same tables carry a {@code .dwo} suffix; {@code .debug_addr},
 * {@code .debug_ranges} and the name indexes never live in a {@code .dwo}).
 */
public enum DwarfSection {
    INFO(".debug_info", true),
    ABBREV(".debug_abbrev", true),
    STR(".debug_str", true),
    LINE_STR(".debug_line_str", false),
    STR_OFFSETS(".debug_str_offsets", true),
    ADDR(".debug_addr", false),
    LOC(".debug_loc", true),
    LOCLISTS(".debug_loclists", true),
    RANGES(".debug_ranges", false),
    RNGLISTS(".debug_rnglists", true),
    LINE(".debug_line", true),
    TYPES(".debug_types", true),
    NAMES(".debug_names", false),
    GDB_INDEX(".gdb_index", false),
    ARANGES(".debug_aranges", false);

    private final String elfName;
    private final boolean inDwo;

    DwarfSection(String elfName, boolean inDwo) {
        this.elfName = elfName;
        this.inDwo = inDwo;
    }

    /** The section's name in an ordinary object, executable or shared library. */
    public String elfName() {
        return elfName;
    }

    /** The name in a {@code .dwo} file, if the section can live there. */
    public String dwoName() {
        return inDwo ? elfName + ".dwo" : elfName;
    }

    public boolean canLiveInDwo() {
        return inDwo;
    }
}
