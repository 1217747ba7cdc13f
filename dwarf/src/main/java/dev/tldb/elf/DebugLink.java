package dev.tldb.elf;

/** The {@code .gnu_debuglink} section: the separate debug file's name and its CRC-32. */
public record DebugLink(String fileName, long crc32) {}
