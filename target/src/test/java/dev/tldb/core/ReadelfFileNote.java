package dev.tldb.core;

import dev.tldb.testkit.Exec;
import dev.tldb.testkit.ExecResult;
import dev.tldb.testkit.Readelf;
import dev.tldb.testkit.Tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NT_FILE as {@code readelf -n} decodes it. Debian's binutils 2.40 readelf prints "Cannot
 * decode 64-bit note in 32-bit build" for it (its BFD is built without 64-bit support for
 * this host triplet's default target), so then {@code llvm-readelf -n}, which prints the same
 * table, is the witness.
 */
final class ReadelfFileNote {
    private static final Pattern PAGE_SIZE = Pattern.compile("^\\s*Page size: (\\d+)\\s*$");
    private static final Pattern RANGE = Pattern.compile("^\\s*(0x[0-9a-f]+)\\s+(0x[0-9a-f]+)\\s+(0x[0-9a-f]+)\\s*$");

    private ReadelfFileNote() {}

    static List<FileMapping> mappings(Path core) {
        String out = Readelf.readelf("-n", core.toString());
        if (!out.contains("Page size:")) {
            Tools.require("llvm-readelf", "apt-get install llvm");
            ExecResult r = Exec.run(List.of("llvm-readelf", "-n", core.toString()), Path.of("/"),
                    Duration.ofSeconds(120));
            if (r.exitCode() != 0) {
                throw new AssertionError(r.describe());
            }
            out = r.stdout();
        }
        List<FileMapping> list = new ArrayList<>();
        String[] lines = out.split("\n");
        long pageSize = -1;
        for (int i = 0; i < lines.length; i++) {
            Matcher p = PAGE_SIZE.matcher(lines[i]);
            if (p.matches()) {
                pageSize = Long.parseLong(p.group(1));
                continue;
            }
            Matcher m = RANGE.matcher(lines[i]);
            if (pageSize > 0 && m.matches() && i + 1 < lines.length) {
                list.add(new FileMapping(hex(m.group(1)), hex(m.group(2)), hex(m.group(3)) * pageSize,
                        lines[i + 1].strip()));
                i++;
            }
        }
        if (pageSize <= 0) {
            throw new AssertionError("no NT_FILE table in readelf -n of " + core + ":\n" + out);
        }
        return list;
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s.substring(2), 16);
    }
}
