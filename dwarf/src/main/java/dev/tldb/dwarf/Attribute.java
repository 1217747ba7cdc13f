package dev.tldb.dwarf;

/** One attribute of a DIE: its name ({@link DwAt}), its form ({@link DwForm}) and its decoded value. */
public record Attribute(int name, int form, AttributeValue value) {
    @Override
    public String toString() {
        return DwAt.name(name) + " (" + DwForm.name(form) + ") " + value;
    }
}
