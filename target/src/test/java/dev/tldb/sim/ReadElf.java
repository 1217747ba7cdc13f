package dev.tldb.sim;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Facts about ELF files from binutils' {@code readelf}, parsed here so that tests check the
 * simulator against a tool that is not tldb's own ELF reader.
 */
final class ReadElf {
    /** PT_TLS: where the image sits, how much of it is initialised, the block size and alignment. */
    record Tls(long vaddr, long filesz, long memsz, long align) {}

    private ReadElf() {}

    static Optional<Tls> tls(Path file) {
        String out = SimTestTools.run(file.getParent(), List.of("readelf", "-lW", file.toString()));
        for (String line : out.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 7 && f[0].equals("TLS")) {
                return Optional.of(new Tls(Long.decode(f[2]), Long.decode(f[4]), Long.decode(f[5]),
                        Long.decode(f[f.length - 1])));
            }
        }
        return Optional.empty();
    }

    /** The PT_INTERP path ("Requesting program interpreter: ..."). */
    static String interpreter(Path file) {
        String out = SimTestTools.run(file.getParent(), List.of("readelf", "-lW", file.toString()));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Requesting program interpreter: ([^\\]]+)\\]")
                .matcher(out);
        if (!m.find()) {
            throw new AssertionError("no PT_INTERP in " + file + "\n" + out);
        }
        return m.group(1);
    }

    /** Defined STT_TLS symbols: name to {offset in the block, size}. */
    static Map<String, long[]> tlsSymbols(Path file) {
        String out = SimTestTools.run(file.getParent(), List.of("readelf", "-sW", file.toString()));
        Map<String, long[]> syms = new HashMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            // Num: Value Size Type Bind Vis Ndx Name
            if (f.length >= 8 && f[3].equals("TLS") && !f[6].equals("UND")) {
                String name = f[7].replaceAll("@.*", "");
                syms.putIfAbsent(name, new long[] {Long.parseUnsignedLong(f[1], 16), Long.decode(f[2])});
            }
        }
        return syms;
    }
}
