package dev.tldb.elf;

/**
 * One symbol-table entry. For {@link Elf#STT_TLS} symbols in executables and shared objects,
 * {@code value} is the offset in the module's TLS block; in relocatable objects it is the offset in
 * its section.
 */
public record Symbol(int index, String name, long value, long size, int type, int bind, int other, int shndx) {

    public boolean isTls() {
        return type == Elf.STT_TLS;
    }

    public boolean isFunction() {
        return type == Elf.STT_FUNC || type == Elf.STT_GNU_IFUNC;
    }

    public boolean isObject() {
        return type == Elf.STT_OBJECT || type == Elf.STT_COMMON;
    }

    public boolean isDefined() {
        return shndx != Elf.SHN_UNDEF;
    }

    public boolean isLocal() {
        return bind == Elf.STB_LOCAL;
    }

    public boolean contains(long address) {
        return address == value || Long.compareUnsigned(address - value, size) < 0;
    }
}
