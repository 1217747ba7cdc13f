package dev.tldb.dwarf.index;

import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DwTag;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.UnitSection;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index against the ELF symbol table (which names are TLS, global, functions) and the three
 * index sources against each other: gdb writes {@code .debug_names} and {@code .gdb_index} with
 * its own indexer, so agreeing with them checks both the parsers and the scan's choices.
 */
class NameIndexTest {
    private static final Set<EntryKind> SYMBOL_KINDS = EnumSet.of(EntryKind.VARIABLE, EntryKind.FUNCTION,
            EntryKind.ENUMERATOR);

    @TempDir
    Path dir;

    private Path twoUnits(String... flags) throws IOException {
        Files.writeString(dir.resolve("sample.c"), Tools.resource("sample.c"));
        Files.writeString(dir.resolve("second.c"), Tools.resource("second.c"));
        List<String> cmd = new java.util.ArrayList<>(List.of("gcc", "-g"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("sample.c", "second.c", "-o", "prog"));
        Tools.run(dir, cmd.toArray(new String[0]));
        return dir.resolve("prog");
    }

    /** name -> "GLOBAL"/"LOCAL" for defined symbols of one type ("TLS", "OBJECT", "FUNC"), from readelf. */
    private static Map<String, String> symbols(Path file, String type) {
        Map<String, String> out = new TreeMap<>();
        for (String line : Tools.run(file.getParent(), "readelf", "-sW", file.toString()).lines().toList()) {
            String[] f = line.trim().split("\\s+");
            // Skip mapping symbols ($d, $x) and linker-made ones (_TLS_MODULE_BASE_): not variables.
            if (f.length >= 8 && f[3].equals(type) && !f[6].equals("UND") && !f[7].contains(".")
                    && !f[7].startsWith("$") && !f[7].equals("_TLS_MODULE_BASE_")) {
                out.merge(f[7], f[4], (a, b) -> a.equals(b) ? a : a + "," + b);
            }
        }
        return out;
    }

    private static Set<String> keys(List<IndexEntry> entries, Set<EntryKind> kinds) {
        return entries.stream().filter(e -> kinds.contains(e.kind()))
                .map(e -> e.name() + " " + e.kind() + " " + e.die() + (e.tls() ? " tls" : "")
                        + (e.external() ? " extern" : ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void scanAgreesWithTheSymbolTable() throws IOException {
        Path bin = twoUnits("-O0");
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            NameIndex index = NameIndexes.of(dwarf);
            assertThat(index.source()).isEqualTo(NameIndex.Source.SCAN);
            assertThat(index.problems()).isEmpty();
            List<IndexEntry> all = index.entries();

            Map<String, String> tls = symbols(bin, "TLS");
            assertThat(all.stream().filter(IndexEntry::tls).map(IndexEntry::name).collect(Collectors.toSet()))
                    .isEqualTo(tls.keySet());
            for (IndexEntry e : all) {
                String bind = e.kind() == EntryKind.FUNCTION ? symbols(bin, "FUNC").get(e.name())
                        : e.tls() ? tls.get(e.name()) : e.kind() == EntryKind.VARIABLE
                        ? symbols(bin, "OBJECT").get(e.name()) : null;
                if (bind != null && !bind.contains(",")) {
                    assertThat(e.external()).as(e.name() + " is " + bind).isEqualTo(bind.equals("GLOBAL"));
                }
            }
            // The same static name in two units: both found, each in its own unit.
            List<IndexEntry> statics = index.lookup("s_file_static");
            assertThat(statics).hasSize(2);
            assertThat(statics).extracting(e -> e.die().unit()).doesNotHaveDuplicates();
            // A one-off lookup scans for that name only, and finds the same entries.
            for (String name : List.of("s_file_static", "tls_second", "main", "SECOND_A", "pair_t", "nothing")) {
                assertThat(NameIndexes.lookup(DwarfInfo.of(elf), name)).as(name).isEqualTo(index.lookup(name));
            }
            // Function-local statics are not global names (gdb does not index them either).
            assertThat(index.lookup("calls")).isEmpty();
            assertThat(index.lookup("SECOND_B")).singleElement()
                    .satisfies(e -> assertThat(e.kind()).isEqualTo(EntryKind.ENUMERATOR));
            Die d = dwarf.die(index.lookup("tls_declared_first").get(0).die());
            assertThat(d.tag()).isEqualTo(DwTag.VARIABLE);
            assertThat(d.resolvedName()).contains("tls_declared_first");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-dwarf-5", "gdb_index"})
    void gdbWrittenIndexesAgreeWithTheScan(String kind) throws IOException {
        Path bin = twoUnits("-O1", kind.equals("-dwarf-5") ? "-gdwarf-5" : "-gdwarf-4");
        if (kind.equals("-dwarf-5")) {
            Tools.run(dir, "gdb-add-index", "-dwarf-5", bin.toString());
        } else {
            Tools.run(dir, "gdb-add-index", bin.toString());
        }
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            NameIndex index = NameIndexes.of(dwarf);
            assertThat(index.source()).isEqualTo(kind.equals("-dwarf-5") ? NameIndex.Source.DEBUG_NAMES
                    : NameIndex.Source.GDB_INDEX);
            NameIndex scan = NameIndexes.scan(dwarf);
            List<IndexEntry> fromIndex = index.entries();
            assertThat(index.problems()).isEmpty();
            assertThat(keys(fromIndex, SYMBOL_KINDS)).isEqualTo(keys(scan.entries(), SYMBOL_KINDS));
            // gdb spells some base types its own way ("unsigned long"); every type it names is one we found.
            assertThat(keys(scan.entries(), EnumSet.of(EntryKind.TYPE)))
                    .containsAll(keys(fromIndex, EnumSet.of(EntryKind.TYPE)));
            for (String name : List.of("tls_counter", "s_file_static", "second_function", "main", "BLUE")) {
                assertThat(index.lookup(name)).as(name).isEqualTo(scan.lookup(name)).isNotEmpty();
            }
            assertThat(index.lookup("no_such_name")).isEmpty();
            if (index instanceof DebugNamesIndex dn) {
                assertThat(dn.verifyHashes()).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aarch64-linux-gnu-gcc", "riscv64-linux-gnu-gcc"})
    void tlsWithoutLocationFallsBackToTheSymbol(String compiler) {
        Path bin = Tools.compile(dir, compiler, "sample", Tools.resource("sample.c"), "sample", "-g");
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            NameIndex index = NameIndexes.of(dwarf);
            Die d = dwarf.die(index.lookup("tls_counter").get(0).die());
            assertThat(d.has(dev.tldb.dwarf.DwAt.LOCATION)).as("gcc writes no location here").isFalse();
            assertThat(index.entries().stream().filter(IndexEntry::tls).map(IndexEntry::name)
                    .collect(Collectors.toSet())).isEqualTo(symbols(bin, "TLS").keySet());
        }
    }

    @Test
    void splitDwarfEntriesPointIntoTheDwo() throws IOException {
        Path bin = twoUnits("-gsplit-dwarf");
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            NameIndex index = NameIndexes.of(dwarf);
            assertThat(index.problems()).isEmpty();
            IndexEntry e = index.lookup("tls_second").get(0);
            assertThat(e.die().section()).isEqualTo(UnitSection.DWO_INFO);
            assertThat(e.tls()).isTrue();
            assertThat(dwarf.die(e.die()).name()).contains("tls_second");
            assertThat(index.entries().stream().filter(IndexEntry::tls).map(IndexEntry::name)
                    .collect(Collectors.toSet())).isEqualTo(symbols(bin, "TLS").keySet());
        }
        // Without the .dwo files the scan reports them missing instead of failing.
        Files.delete(dir.resolve("prog-sample.dwo"));
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            NameIndex index = NameIndexes.of(dwarf);
            assertThat(index.problems()).singleElement().asString().contains("prog-sample.dwo").contains("not found");
            assertThat(index.lookup("tls_second")).hasSize(1);
            assertThat(index.lookup("tls_counter")).isEmpty();
        }
    }

    @Test
    void compactFormRoundTrips() throws IOException {
        Path bin = twoUnits();
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            CompactIndex compact = NameIndexes.compactScan(dwarf);
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            compact.writeTo(buf, "build-id-1");
            byte[] bytes = buf.toByteArray();
            CompactIndex back = CompactIndex.readFrom(new java.io.ByteArrayInputStream(bytes), "build-id-1");
            assertThat(back.entries()).isEqualTo(compact.entries()).hasSizeGreaterThan(40);
            assertThat(NameIndexes.fromCompact(back).lookup("tls_counter"))
                    .isEqualTo(NameIndexes.scan(dwarf).lookup("tls_counter"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    CompactIndex.readFrom(new java.io.ByteArrayInputStream(bytes), "other"))
                    .isInstanceOf(dev.tldb.binary.FormatException.class).hasMessageContaining("other");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> CompactIndex.readFrom(
                    new java.io.ByteArrayInputStream(java.util.Arrays.copyOf(bytes, bytes.length / 2)), "build-id-1"))
                    .isInstanceOf(dev.tldb.binary.FormatException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void cplusplusNamesAreQualifiedLikeGdbs() throws IOException {
        Tools.require("g++");
        Files.writeString(dir.resolve("spaces.cc"), Tools.resource("spaces.cc"));
        Tools.run(dir, "g++", "-g", "spaces.cc", "-o", "spaces");
        Path bin = dir.resolve("spaces");
        Tools.run(dir, "gdb-add-index", bin.toString());
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            NameIndex gdb = NameIndexes.of(dwarf);
            assertThat(gdb.source()).isEqualTo(NameIndex.Source.GDB_INDEX);
            Set<EntryKind> kinds = EnumSet.of(EntryKind.VARIABLE, EntryKind.FUNCTION, EntryKind.NAMESPACE);
            NameIndex scan = NameIndexes.scan(dwarf);
            assertThat(keys(scan.entries(), kinds)).isEqualTo(keys(gdb.entries(), kinds))
                    .anyMatch(k -> k.startsWith("outer::inner::depth "))
                    .anyMatch(k -> k.startsWith("(anonymous namespace)::hidden "));
            assertThat(scan.lookup("outer::per_thread")).singleElement().satisfies(e -> assertThat(e.tls()).isTrue());
        }
    }

    @Test
    void debugNamesWithDieOffsetsPointStraightAtTheDies() throws IOException {
        Path bin = twoUnits("-gdwarf-5");
        // A producer-style table (DIE offsets, several CUs), built from readelf's view of the DIEs.
        List<DebugNamesWriter.Name> names = DebugNamesWriter.namesFromReadelf(bin);
        assertThat(names).hasSizeGreaterThan(20);
        Path withIndex = DebugNamesWriter.addTo(bin, names, dir);
        try (ElfFile elf = ElfFile.open(withIndex); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            NameIndex index = NameIndexes.of(dwarf);
            assertThat(index.source()).isEqualTo(NameIndex.Source.DEBUG_NAMES);
            for (DebugNamesWriter.Name n : names) {
                List<IndexEntry> found = index.lookup(n.name());
                assertThat(found).as(n.name()).extracting(e -> e.die().die()).contains(n.dieOffset());
            }
            NameIndex scan = NameIndexes.scan(dwarf);
            Set<String> expected = keys(scan.entries(), SYMBOL_KINDS);
            assertThat(keys(index.entries(), SYMBOL_KINDS)).isSubsetOf(expected);
            assertThat(((DebugNamesIndex) index).verifyHashes()).isEmpty();
        }
    }
}
