package dev.tldb.dwarf;

/** Which section a unit lives in: that of the main file, or that of a split-DWARF {@code .dwo}. */
public enum UnitSection {
    INFO(DwarfSection.INFO, false),
    TYPES(DwarfSection.TYPES, false),
    DWO_INFO(DwarfSection.INFO, true),
    DWO_TYPES(DwarfSection.TYPES, true);

    private final DwarfSection section;
    private final boolean dwo;

    UnitSection(DwarfSection section, boolean dwo) {
        this.section = section;
        this.dwo = dwo;
    }

    public DwarfSection section() {
        return section;
    }

    public boolean isDwo() {
        return dwo;
    }

    static UnitSection of(DwarfSection s, boolean dwo) {
        if (s == DwarfSection.TYPES) {
            return dwo ? DWO_TYPES : TYPES;
        }
        return dwo ? DWO_INFO : INFO;
    }
}
