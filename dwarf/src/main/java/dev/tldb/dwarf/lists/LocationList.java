package dev.tldb.dwarf.lists;

import dev.tldb.dwarf.Encoding;

import java.util.List;
import java.util.Optional;

/**
 * A location list: entries with absolute address ranges (base addresses already applied), and the
 * DWARF 5 default location (DW_LLE_default_location) if the list has one.
 */
public record LocationList(Encoding encoding, List<LocationListEntry> entries, Optional<byte[]> defaultLocation)
        implements LocationDescription {
    public LocationList {
        entries = List.copyOf(entries);
    }

    /** The expression that holds at {@code pc}: the first entry whose range contains it, else the default. */
    public Optional<byte[]> at(long pc) {
        for (LocationListEntry e : entries) {
            if (e.range().contains(pc)) {
                return Optional.of(e.expression());
            }
        }
        return defaultLocation.map(byte[]::clone);
    }
}
