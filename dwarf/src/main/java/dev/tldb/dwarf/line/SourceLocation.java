package dev.tldb.dwarf.line;

/** A source position: the file (with its directory, as far as the line table says) and line. */
public record SourceLocation(String file, long line, long column) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
