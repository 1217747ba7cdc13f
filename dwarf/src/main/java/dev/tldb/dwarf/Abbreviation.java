package dev.tldb.dwarf;

/**
 * One abbreviation declaration: the tag, whether DIEs using it have children, and their attribute
 * names and forms. Offsets of attributes that follow only fixed-size forms are computed once, so
 * reading {@code DW_AT_name} of a DIE usually needs no walk over the attributes before it.
 */
public final class Abbreviation {
    private final long code;
    private final int tag;
    private final boolean hasChildren;
    private final int[] names;
    private final int[] forms;
    private final long[] implicitConsts;
    private final int fixedSize;
    private final int[] fixedOffsets;

    Abbreviation(long code, int tag, boolean hasChildren, int[] names, int[] forms, long[] implicitConsts,
            FormSizes sizes) {
        this.code = code;
        this.tag = tag;
        this.hasChildren = hasChildren;
        this.names = names;
        this.forms = forms;
        this.implicitConsts = implicitConsts;
        this.fixedOffsets = new int[names.length];
        int offset = 0;
        for (int i = 0; i < names.length; i++) {
            fixedOffsets[i] = offset;
            if (offset >= 0) {
                int size = Forms.fixedSize(forms[i], sizes);
                offset = size < 0 ? -1 : offset + size;
            }
        }
        this.fixedSize = offset;
    }

    public long code() {
        return code;
    }

    public int tag() {
        return tag;
    }

    public boolean hasChildren() {
        return hasChildren;
    }

    public int attributeCount() {
        return names.length;
    }

    public int name(int i) {
        return names[i];
    }

    public int form(int i) {
        return forms[i];
    }

    long implicitConst(int i) {
        return implicitConsts == null ? 0 : implicitConsts[i];
    }

    /** The index of attribute {@code at}, or -1. */
    public int indexOf(int at) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == at) {
                return i;
            }
        }
        return -1;
    }

    /** Size of all attribute values together, or -1 when a form has a variable size. */
    int fixedSize() {
        return fixedSize;
    }

    /** Offset of attribute {@code i} from the first attribute, or -1 when a variable-size value precedes it. */
    int fixedOffset(int i) {
        return fixedOffsets[i];
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(code).append(' ').append(DwTag.name(tag))
                .append(hasChildren ? " [children]" : " [no children]");
        for (int i = 0; i < names.length; i++) {
            b.append(' ').append(DwAt.name(names[i])).append('/').append(DwForm.name(forms[i]));
        }
        return b.toString();
    }
}
