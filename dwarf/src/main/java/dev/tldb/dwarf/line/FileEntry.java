package dev.tldb.dwarf.line;

import java.util.Optional;

/**
 * One entry of a line table's file table.
 *
 * @param directoryIndex index into the header's directory table
 * @param md5            the DWARF 5 MD5 checksum in hex, when the producer wrote one
 */
public record FileEntry(String path, long directoryIndex, long modificationTime, long size, Optional<String> md5) { }
