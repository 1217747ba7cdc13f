package dev.tldb.cli;

import dev.tldb.testkit.Readelf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The defined STT_TLS symbols of a file, from {@code readelf -sW}: the outside truth for where a
 * TLS variable sits in its module's block ({@code st_value}, in linked files).
 */
final class TlsSymbols {
    /** One symbol: name, st_value, and whether it is file-local (STB_LOCAL, a C {@code static}). */
    record TlsSymbol(String name, long value, boolean local) { }

    private TlsSymbols() {}

    /**
     * Every defined STT_TLS symbol once; names readelf shows with two different values (locals of
     * two objects) are left out, since a name cannot pick between them. Mapping symbols
     * ({@code $d}) are not variables and are left out too.
     */
    static List<TlsSymbol> of(Path file) {
        Map<String, TlsSymbol> byName = new LinkedHashMap<>();
        List<String> ambiguous = new ArrayList<>();
        for (String line : Readelf.readelf("-s", file.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || !f[0].endsWith(":") || !f[3].equals("TLS") || f[6].equals("UND")
                    || f[7].startsWith("$")) {
                continue;
            }
            String name = f[7].contains("@") ? f[7].substring(0, f[7].indexOf('@')) : f[7];
            TlsSymbol s = new TlsSymbol(name, Long.parseUnsignedLong(f[1], 16), f[4].equals("LOCAL"));
            TlsSymbol seen = byName.putIfAbsent(name, s);
            if (seen != null && seen.value() != s.value()) {
                ambiguous.add(name);
            }
        }
        ambiguous.forEach(byName::remove);
        return List.copyOf(byName.values());
    }
}
