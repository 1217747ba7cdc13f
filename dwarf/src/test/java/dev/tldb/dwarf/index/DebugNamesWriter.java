package dev.tldb.dwarf.index;

import dev.tldb.dwarf.DwForm;
import dev.tldb.dwarf.DwIdx;
import dev.tldb.dwarf.DwTag;
import dev.tldb.dwarf.testing.Tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a producer-style {@code .debug_names} (with DW_IDX_die_offset, as LLVM emits; gdb's own
 * tables lack it) for a binary, from the DIEs readelf prints, and adds it with objcopy. This
 * exercises the DIE-offset path of the reader without depending on clang.
 */
final class DebugNamesWriter {
    private static final Pattern UNIT = Pattern.compile("^\\s+Compilation Unit @ offset (0x[0-9a-f]+|0):");
    private static final Pattern DIE = Pattern.compile("^ <(\\d+)><([0-9a-f]+)>: Abbrev Number: \\d+ \\((DW_TAG_\\w+)\\)");
    private static final Pattern NAME =
            Pattern.compile("DW_AT_name\\s*: \\(indirect string, offset: (0x[0-9a-f]+)\\): (.*)$");

    private DebugNamesWriter() {}

    record Name(String name, long strOffset, int tag, int cu, long cuOffset, long dieOffset) { }

    /** Unit-level variables and functions with .debug_str names, as readelf shows them. */
    static List<Name> namesFromReadelf(Path bin) {
        String out = Tools.run(bin.getParent(), "readelf", "-wN", "--debug-dump=info", bin.toString());
        List<Name> names = new ArrayList<>();
        int cu = -1;
        long cuOffset = 0;
        String[] die = null;
        boolean declaration = false;
        Name pending = null;
        for (String line : out.lines().toList()) {
            Matcher m = UNIT.matcher(line);
            if (m.find()) {
                cu++;
                cuOffset = Long.decode(m.group(1));
                continue;
            }
            m = DIE.matcher(line);
            if (m.find()) {
                if (pending != null && !declaration) {
                    names.add(pending);
                }
                pending = null;
                declaration = false;
                die = new String[] {m.group(1), m.group(2), m.group(3)};
                continue;
            }
            if (line.contains("DW_AT_declaration")) {
                declaration = true;
            }
            m = NAME.matcher(line);
            if (m.find() && die != null && die[0].equals("1")
                    && (die[2].equals("DW_TAG_variable") || die[2].equals("DW_TAG_subprogram"))) {
                int tag = die[2].equals("DW_TAG_variable") ? DwTag.VARIABLE : DwTag.SUBPROGRAM;
                pending = new Name(m.group(2).trim(), Long.decode(m.group(1)), tag, cu, cuOffset,
                        Long.parseLong(die[1], 16));
            }
        }
        if (pending != null && !declaration) {
            names.add(pending);
        }
        return names;
    }

    /** A copy of {@code bin} with a .debug_names built from {@code names}. */
    static Path addTo(Path bin, List<Name> names, Path dir) throws IOException {
        Map<String, List<Name>> byName = new LinkedHashMap<>();
        List<Long> cus = new ArrayList<>();
        for (Name n : names) {
            byName.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(n);
            while (cus.size() <= n.cu()) {
                cus.add(-1L);
            }
            cus.set(n.cu(), n.cuOffset());
        }
        List<String> unique = new ArrayList<>(byName.keySet());
        int buckets = Math.max(1, unique.size() / 2);
        unique.sort(Comparator.comparingLong(s -> Integer.toUnsignedLong(hash(s)) % buckets));

        ByteArrayOutputStream abbrevs = new ByteArrayOutputStream();
        for (int tag : new int[] {DwTag.VARIABLE, DwTag.SUBPROGRAM}) {
            uleb(abbrevs, tag); // the code is the tag, for simplicity
            uleb(abbrevs, tag);
            uleb(abbrevs, DwIdx.COMPILE_UNIT);
            uleb(abbrevs, DwForm.DATA1);
            uleb(abbrevs, DwIdx.DIE_OFFSET);
            uleb(abbrevs, DwForm.REF4);
            uleb(abbrevs, 0);
            uleb(abbrevs, 0);
        }
        uleb(abbrevs, 0);

        ByteArrayOutputStream pool = new ByteArrayOutputStream();
        long[] entryOffsets = new long[unique.size()];
        for (int i = 0; i < unique.size(); i++) {
            entryOffsets[i] = pool.size();
            for (Name n : byName.get(unique.get(i))) {
                uleb(pool, n.tag());
                pool.write(n.cu());
                u32(pool, n.dieOffset() - n.cuOffset());
            }
            pool.write(0);
        }

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, 5);
        u16(body, 0);
        u32(body, cus.size());
        u32(body, 0);
        u32(body, 0);
        u32(body, buckets);
        u32(body, unique.size());
        u32(body, abbrevs.size());
        u32(body, 4);
        body.write("TEST".getBytes(StandardCharsets.US_ASCII));
        for (long cu : cus) {
            u32(body, cu);
        }
        int[] first = new int[buckets];
        for (int i = unique.size() - 1; i >= 0; i--) {
            first[(int) (Integer.toUnsignedLong(hash(unique.get(i))) % buckets)] = i + 1;
        }
        for (int f : first) {
            u32(body, f);
        }
        for (String s : unique) {
            u32(body, Integer.toUnsignedLong(hash(s)));
        }
        for (String s : unique) {
            u32(body, byName.get(s).get(0).strOffset());
        }
        for (long e : entryOffsets) {
            u32(body, e);
        }
        abbrevs.writeTo(body);
        pool.writeTo(body);

        ByteArrayOutputStream section = new ByteArrayOutputStream();
        u32(section, body.size());
        body.writeTo(section);
        Path blob = dir.resolve("debug_names.bin");
        Files.write(blob, section.toByteArray());
        Path out = dir.resolve(bin.getFileName() + "-names");
        Tools.run(dir, "objcopy", "--add-section", ".debug_names=" + blob, bin.toString(), out.toString());
        return out;
    }

    private static int hash(String s) {
        return DebugNamesIndex.djbHash(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void uleb(ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    }
}
