package dev.tldb.dwarf.lists;

import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DieCursor;
import dev.tldb.dwarf.DwAt;
import dev.tldb.dwarf.DwTag;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.Unit;
import dev.tldb.dwarf.testing.Dies;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Location and range lists of optimised code against readelf's dumps of the list sections. */
class ListsTest {
    private static final Pattern LOC = Pattern.compile("\\b([0-9a-f]{16}) ([0-9a-f]{16}) \\(DW_OP");
    private static final Pattern RANGE = Pattern.compile("^\\s+[0-9a-f]{8} ([0-9a-f]{16}) ([0-9a-f]{16})\\s*$");

    @TempDir
    Path dir;

    private static String pair(long begin, long end) {
        return Long.toHexString(begin) + "-" + Long.toHexString(end);
    }

    private static List<String> readelf(Path bin, String dump, Pattern p) {
        List<String> out = new ArrayList<>();
        for (String line : Tools.run(bin.getParent(), "readelf", "-wN", "--debug-dump=" + dump, bin.toString())
                .lines().toList()) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                out.add(pair(Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16)));
            }
        }
        return out.stream().sorted().toList();
    }

    /**
     * Every list reached from a DIE, each list once (DIEs share lists): entries of the location
     * lists of variables and parameters, and the ranges of DW_AT_ranges lists.
     */
    private static List<List<String>> ours(Path bin) {
        List<String> locs = new ArrayList<>();
        List<String> ranges = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            for (Unit u0 : dwarf.units()) {
                Unit u = u0.splitUnit().orElse(u0);
                for (Unit unit : u == u0 ? List.of(u) : List.of(u0, u)) {
                    DieCursor c = unit.cursor();
                    while (c.next()) {
                        Die d = c.die();
                        if (d.has(DwAt.LOCATION) && Locations.of(d).orElseThrow() instanceof LocationList l) {
                            assertThat(l.encoding()).isEqualTo(unit.encoding());
                            long off = unit.locationListOffset(d.attribute(DwAt.LOCATION).orElseThrow()).getAsLong();
                            if (seen.add(unit.dwarf() + " loc " + off)) {
                                l.entries().forEach(e -> locs.add(pair(e.range().begin(), e.range().end())));
                            }
                        }
                        if (d.has(DwAt.RANGES)) {
                            long off = unit.rangeListOffset(d.attribute(DwAt.RANGES).orElseThrow()).getAsLong();
                            if (seen.add(unit.dwarf() + " ranges " + off + " " + unit.version())) {
                                Ranges.of(d).forEach(r -> ranges.add(pair(r.begin(), r.end())));
                            }
                        }
                    }
                }
            }
        }
        return List.of(locs.stream().sorted().toList(), ranges.stream().sorted().toList());
    }

    @Test
    void listsMatchReadelf() {
        Path v5 = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "v5", "-g", "-O2", "-gdwarf-5");
        Path v4 = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "v4", "-g", "-O2", "-gdwarf-4");
        List<List<String>> ours5 = ours(v5);
        List<List<String>> ours4 = ours(v4);
        assertThat(ours5.get(0)).hasSizeGreaterThan(3).isEqualTo(readelf(v5, "loc", LOC));
        assertThat(ours4.get(0)).hasSizeGreaterThan(3).isEqualTo(readelf(v4, "loc", LOC));
        // Empty ranges (start == end) are dropped by the reader.
        List<String> ranges4 = readelf(v4, "Ranges", RANGE).stream()
                .filter(p -> !p.split("-")[0].equals(p.split("-")[1])).toList();
        assertThat(ours4.get(1)).hasSizeGreaterThan(1).isEqualTo(ranges4);
        // readelf 2.40 prints only the first list of a DWARF 5 table; the code is the same as in v4.
        assertThat(ours5.get(1)).isEqualTo(ours4.get(1)).containsAll(readelf(v5, "Ranges", RANGE).stream()
                .filter(p -> !p.split("-")[0].equals(p.split("-")[1])).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-5", "-gdwarf-4"})
    void splitListsGiveTheSameRangesAsTheUnsplitBuild(String version) {
        // -gsplit-dwarf does not change code generation: the lists must cover the same addresses.
        Path plain = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "plain", "-g", "-O2", version);
        Path split = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "split", "-g", "-O2", version,
                "-gsplit-dwarf");
        List<List<String>> expected = ours(plain);
        List<List<String>> actual = ours(split);
        assertThat(actual.get(0)).isNotEmpty().isEqualTo(expected.get(0));
        assertThat(actual.get(1)).isEqualTo(expected.get(1));
        assertThat(expected.get(0)).isEqualTo(readelf(plain, "loc", LOC));
    }

    @Test
    void functionRangesAndHighPcAsOffset() {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g", "-O0");
        String out = Tools.run(dir, "gdb", "-nx", "-batch", "-ex", "info line *add", "-ex", "print &add",
                "-ex", "disassemble add", bin.toString());
        Matcher start = Pattern.compile("\\(int \\(\\*\\)\\(int, int\\)\\) (0x[0-9a-f]+) <add>").matcher(out);
        assertThat(start.find()).as(out).isTrue();
        long begin = Long.decode(start.group(1));
        // The last instruction gdb disassembles ends the function.
        List<String> insns = out.lines().filter(l -> l.matches("^\\s+0x[0-9a-f]+ <\\+\\d+>:.*")).toList();
        long lastInsn = Long.decode(insns.get(insns.size() - 1).trim().split("\\s+")[0]);
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            Die add = Dies.global(dwarf, "add");
            List<AddressRange> r = Ranges.of(add);
            assertThat(r).hasSize(1);
            assertThat(r.get(0).begin()).isEqualTo(begin);
            assertThat(r.get(0).contains(lastInsn)).isTrue();
            assertThat(r.get(0).end()).isGreaterThan(lastInsn);
            assertThat(Ranges.contains(add, r.get(0).end())).isFalse();
            assertThat(add.unit().baseAddress()).isLessThanOrEqualTo(begin);
            Optional<LocationDescription> frame = Locations.of(add, DwAt.FRAME_BASE);
            assertThat(frame).get().isInstanceOf(SingleLocation.class);
            assertThat(((SingleLocation) frame.get()).expression()).containsExactly(0x9c); // DW_OP_call_frame_cfa
        }
    }

    @Test
    void locationListLookupByPc() {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g", "-O2");
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            Die add = Dies.global(dwarf, "main");
            Die param = add.children().stream().filter(c -> c.tag() == DwTag.FORMAL_PARAMETER).findFirst()
                    .orElseThrow();
            LocationDescription loc = Locations.of(param).orElseThrow();
            AddressRange fn = Ranges.of(add).get(0);
            if (loc instanceof LocationList list) {
                assertThat(list.at(fn.begin())).isPresent();
                assertThat(list.at(fn.end() + 0x100000)).isEmpty();
            } else {
                assertThat(((SingleLocation) loc).expression()).isNotEmpty();
            }
        }
    }
}
