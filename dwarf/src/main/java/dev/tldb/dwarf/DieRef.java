package dev.tldb.dwarf;

/**
 * A DIE's address that stays meaningful outside of the objects that found it (in a name index, in
 * a cache on disk): the section, the unit, the DIE's offset in that section.
 *
 * <p>For {@link UnitSection#INFO} and {@link UnitSection#TYPES}, {@code unit} is the offset of the
 * unit that contains the DIE. For the {@code DWO_*} sections, {@code unit} is the offset of the
 * <em>skeleton</em> unit in the main file's {@code .debug_info} (which names the {@code .dwo}), and
 * {@code die} is an offset in that {@code .dwo}'s section.
 */
public record DieRef(UnitSection section, long unit, long die) {
    // Written out rather than generated: a record's generated equals/hashCode are bootstrapped
    // through method handles on first use, which costs a short-lived command measurable time.
    @Override
    public boolean equals(Object o) {
        return o instanceof DieRef r && r.section == section && r.unit == unit && r.die == die;
    }

    @Override
    public int hashCode() {
        return (section.ordinal() * 31 + Long.hashCode(unit)) * 31 + Long.hashCode(die);
    }

    @Override
    public String toString() {
        return section.name().toLowerCase(java.util.Locale.ROOT) + ":0x" + Long.toHexString(die)
                + (section.isDwo() ? " (skeleton 0x" + Long.toHexString(unit) + ")" : "");
    }
}
