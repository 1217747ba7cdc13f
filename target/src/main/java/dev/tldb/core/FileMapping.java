package dev.tldb.core;

/**
 * One entry of NT_FILE: a file mapped into the process.
 *
 * @param start      first mapped address
 * @param end        end of the mapping (exclusive)
 * @param fileOffset offset in the file of {@code start}, in bytes (the note stores pages)
 * @param path       the file's path in the process's mount namespace
 */
public record FileMapping(long start, long end, long fileOffset, String path) {

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }
}
