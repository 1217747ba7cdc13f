package dev.tldb.gdbstub.sim;

import dev.tldb.testkit.Readelf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What binutils' readelf says about a program or library, for ground truth that does not go
 * through tldb's own ELF reader: its PT_TLS segment, its TLS symbols and the bytes of a
 * variable's initialisation image (what a thread sees on its first access).
 */
final class ElfFacts {
    /** PT_TLS: where the image is in the file, how much is initialised, the block size. */
    record TlsSegment(long fileOffset, long fileSize, long memSize) {}

    /** A defined STT_TLS symbol: its offset in the module's block, and its size. */
    record TlsSymbol(long offset, int size) {}

    private ElfFacts() {
    }

    static Optional<TlsSegment> tlsSegment(Path file) {
        for (String line : Readelf.readelf("-l", file.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            // Type Offset VirtAddr PhysAddr FileSiz MemSiz Flg Align
            if (f.length >= 7 && f[0].equals("TLS")) {
                return Optional.of(new TlsSegment(Long.decode(f[1]), Long.decode(f[4]), Long.decode(f[5])));
            }
        }
        return Optional.empty();
    }

    /** Defined TLS symbols by name (version suffixes dropped). */
    static Map<String, TlsSymbol> tlsSymbols(Path file) {
        Map<String, TlsSymbol> out = new LinkedHashMap<>();
        for (String line : Readelf.readelf("-s", file.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            // Num: Value Size Type Bind Vis Ndx Name
            if (f.length >= 8 && f[3].equals("TLS") && !f[6].equals("UND")) {
                out.putIfAbsent(f[7].replaceAll("@.*", ""),
                        new TlsSymbol(Long.parseUnsignedLong(f[1], 16), Integer.decode(f[2])));
            }
        }
        return out;
    }

    /** The bytes {@code symbol} starts with in every thread: from .tdata, zeros past it (.tbss). */
    static byte[] initImage(Path file, String symbol) {
        TlsSegment seg = tlsSegment(file).orElseThrow(() -> new AssertionError(file + " has no PT_TLS"));
        TlsSymbol sym = tlsSymbols(file).get(symbol);
        if (sym == null) {
            throw new AssertionError(file + " defines no TLS symbol " + symbol);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] image = new byte[sym.size()];
        for (int i = 0; i < image.length; i++) {
            long at = sym.offset() + i;
            image[i] = at < seg.fileSize() ? bytes[(int) (seg.fileOffset() + at)] : 0;
        }
        return image;
    }
}
