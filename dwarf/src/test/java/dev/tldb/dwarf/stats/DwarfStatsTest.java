package dev.tldb.dwarf.stats;

import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.index.NameIndex;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every count of {@code tldb dwarf stats} against the tool that knows it best. */
class DwarfStatsTest {
    @TempDir
    Path dir;

    /** Lines like "12:\tint g_int;" in one section of gdb's info functions / info variables. */
    private static long gdbCount(String out, String header) {
        String section = out.substring(out.indexOf(header));
        int end = section.indexOf("Non-debugging symbols:");
        section = end < 0 ? section : section.substring(0, end);
        return section.lines().filter(l -> l.matches("^\\d+:\\t.*")).count();
    }

    @Test
    void countsMatchReadelfGdbAndObjdump() throws IOException {
        Files.writeString(dir.resolve("sample.c"), Tools.resource("sample.c"));
        Files.writeString(dir.resolve("second.c"), Tools.resource("second.c"));
        Tools.run(dir, "gcc", "-g", "sample.c", "second.c", "-o", "prog");
        Path bin = dir.resolve("prog");
        String gdb = Tools.run(dir, "gdb", "-nx", "-batch", "-ex", "info functions", "-ex", "info variables",
                bin.toString());
        long tlsSymbols = Tools.run(dir, "readelf", "-sW", bin.toString()).lines()
                .filter(l -> l.matches(".*\\sTLS\\s.*") && !l.contains(" UND ")).count();
        long lineRows = Tools.run(dir, "objdump", "--dwarf=decodedline", bin.toString()).lines()
                .filter(l -> l.matches("^\\S+\\.c\\s+(\\d+|-)\\s+(0x[0-9a-f]+|0).*")).count();
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            DwarfStats s = DwarfStats.of(dwarf);
            assertThat(s.compileUnits()).isEqualTo(2);
            assertThat(s.typeUnits()).isZero();
            assertThat(s.dies()).isEqualTo(Tools.readelfDieCount(bin));
            assertThat(s.functions()).isEqualTo(gdbCount(gdb, "All defined functions:")).isEqualTo(4);
            assertThat(s.variables()).isEqualTo(gdbCount(gdb, "All defined variables:"));
            assertThat(s.tlsVariables()).isEqualTo(tlsSymbols).isEqualTo(6);
            assertThat(s.lineRows()).isEqualTo(lineRows);
            assertThat(s.lineTables()).isEqualTo(2);
            assertThat(s.indexSource()).isEqualTo(NameIndex.Source.SCAN);
            assertThat(s.problems()).isEmpty();
            assertThat(s.format()).contains("thread-local").contains("DIEs");
        }
    }

    @Test
    void splitUnitsAreCountedAndMissingOnesReported() throws IOException {
        Files.writeString(dir.resolve("sample.c"), Tools.resource("sample.c"));
        Files.writeString(dir.resolve("second.c"), Tools.resource("second.c"));
        Tools.run(dir, "gcc", "-g", "-gsplit-dwarf", "sample.c", "second.c", "-o", "prog");
        Path bin = dir.resolve("prog");
        long expected = Tools.readelfDieCount(bin) + Tools.readelfDieCount(dir.resolve("prog-sample.dwo"))
                + Tools.readelfDieCount(dir.resolve("prog-second.dwo"));
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            DwarfStats s = DwarfStats.of(dwarf);
            assertThat(s.splitUnits()).isEqualTo(2);
            assertThat(s.dies()).isEqualTo(expected);
            assertThat(s.tlsVariables()).isEqualTo(6);
        }
        Files.delete(dir.resolve("prog-second.dwo"));
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            DwarfStats s = DwarfStats.of(dwarf);
            assertThat(s.missingSplitUnits()).isEqualTo(1);
            assertThat(s.problems()).singleElement().asString().contains("prog-second.dwo");
            assertThat(s.format()).contains("warning:").contains("1 missing");
        }
        // A .dwp package beside the binary is not read, and the message says so.
        Files.writeString(dir.resolve("prog.dwp"), "");
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            assertThat(DwarfStats.of(dwarf).problems()).singleElement().asString()
                    .startsWith("prog: skeleton unit at 0x")
                    .contains("split DWARF file prog-second.dwo not found (tried ")
                    .endsWith("; prog.dwp exists, but tldb does not read .dwp packages yet");
        }
    }
}
