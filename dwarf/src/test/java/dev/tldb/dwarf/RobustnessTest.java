package dev.tldb.dwarf;

import dev.tldb.binary.ByteSource;
import dev.tldb.binary.FormatException;
import dev.tldb.dwarf.index.NameIndexes;
import dev.tldb.dwarf.line.LineTables;
import dev.tldb.dwarf.testing.Dies;
import dev.tldb.dwarf.testing.Exercise;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.dwarf.type.Types;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Corrupt input ends in a one-line {@link dev.tldb.error.TldbException} that names the file
 * (and, for malformed bytes, section and offset): never a hang, a stack overflow, an
 * out-of-memory error or an unchecked exception from the JDK.
 */
class RobustnessTest {
    private static final String NAME = "victim";

    @TempDir
    Path dir;

    private byte[] compile(String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("-g", "-O2"));
        args.addAll(List.of(flags));
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", args.toArray(new String[0]));
        return Files.readAllBytes(bin);
    }

    private static Section section(byte[] file, String name) {
        return ElfFile.of(ByteSource.of(NAME, file)).section(name).orElseThrow();
    }

    /** Overwrites a section header's sh_size (ELF64 little-endian files only). */
    private static void setSectionSize(byte[] file, String name, long size) {
        ElfFile elf = ElfFile.of(ByteSource.of(NAME, file));
        Section s = elf.section(name).orElseThrow();
        long at = elf.header().shoff() + (long) s.index() * elf.header().shentsize() + 32;
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong((int) at, size);
    }

    private static void assertOneLineErrors(List<String> errors) {
        for (String e : errors) {
            assertThat(e).as("error message").doesNotContain("\n").contains(NAME);
        }
    }

    private static List<String> runBounded(ExecutorService pool, byte[] input, String what) throws Exception {
        Future<List<String>> f = pool.submit(() -> Exercise.run(NAME, input));
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return fail("no answer after 20 s (a hang?) for " + what);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(what + " escaped as " + e.getCause(), e.getCause());
        }
    }

    @Test
    void theUnmodifiedFileHasNoErrors() throws Exception {
        assertThat(Exercise.run(NAME, compile())).isEmpty();
        assertThat(Exercise.run(NAME, compile("-gdwarf-4"))).isEmpty();
    }

    @Test
    void randomMutationsOfDebugSections() throws Exception {
        byte[] dwarf5 = compile();
        byte[] dwarf4 = compile("-gdwarf-4", "-fdebug-types-section");
        String[] sections = {".debug_info", ".debug_abbrev", ".debug_line", ".debug_str_offsets", ".debug_loclists",
                ".debug_rnglists", ".debug_addr", ".debug_line_str", ".debug_types", ".debug_loc", ".debug_ranges"};
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz");
            t.setDaemon(true);
            return t;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        int runs = 0;
        int withErrors = 0;
        try {
            for (long seed = 1; System.nanoTime() < deadline && runs < 3000; seed++) {
                Random rnd = new Random(seed);
                byte[] base = rnd.nextBoolean() ? dwarf5 : dwarf4;
                String name = sections[rnd.nextInt(sections.length)];
                Section s = ElfFile.of(ByteSource.of(NAME, base)).section(name).orElse(null);
                if (s == null || s.size() == 0) {
                    continue;
                }
                byte[] input = base.clone();
                String what = "seed " + seed + " in " + name;
                int kind = rnd.nextInt(10);
                if (kind == 0) {
                    setSectionSize(input, name, rnd.nextInt((int) s.size()));
                    what += " (truncated)";
                } else if (kind == 1) {
                    int at = (int) (s.offset() + rnd.nextInt((int) Math.max(1, s.size() - 4)));
                    ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN).putInt(at, rnd.nextBoolean() ? -1 : 0x7fffffff);
                    what += " (large value at 0x" + Integer.toHexString(at) + ")";
                } else {
                    int n = 1 + rnd.nextInt(8);
                    for (int i = 0; i < n; i++) {
                        input[(int) (s.offset() + rnd.nextInt((int) s.size()))] = (byte) rnd.nextInt(256);
                    }
                }
                List<String> errors = runBounded(pool, input, what);
                assertOneLineErrors(errors);
                runs++;
                if (!errors.isEmpty()) {
                    withErrors++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs).isGreaterThan(50);
        assertThat(withErrors).as("mutations that were detected").isGreaterThan(runs / 10);
    }

    @Test
    void unitLengthPastTheSection() throws Exception {
        byte[] file = compile();
        Section info = section(file, ".debug_info");
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt((int) info.offset(), 0x7fff0000);
        assertThatThrownBy(() -> DwarfInfo.of(ElfFile.of(ByteSource.of(NAME, file))).units())
                .isInstanceOf(FormatException.class)
                .hasMessage(NAME + ": .debug_info at 0x0: unit length 0x7fff0000 runs past the end of the section ("
                        + (info.size() - 4) + " bytes left)");
    }

    @Test
    void truncatedAbbreviations() throws Exception {
        byte[] file = compile();
        setSectionSize(file, ".debug_abbrev", 20);
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.of(ByteSource.of(NAME, file)));
        assertThatThrownBy(() -> dwarf.units().get(0).root())
                .isInstanceOf(FormatException.class).hasMessageStartingWith(NAME + ": .debug_abbrev at 0x");
    }

    /** The offset readelf shows for the attribute line {@code attr} of the DIE at {@code die}. */
    private int attributeOffset(Path bin, long die, String attr) {
        String out = Tools.run(dir, "readelf", "-wN", "--debug-dump=info", bin.toString());
        boolean inDie = false;
        for (String line : out.lines().toList()) {
            if (line.matches("^ <\\d+><[0-9a-f]+>:.*")) {
                inDie = line.contains("<" + Long.toHexString(die) + ">:");
            } else if (inDie && line.contains(attr)) {
                Matcher m = Pattern.compile("^\\s+<([0-9a-f]+)>").matcher(line);
                assertThat(m.find()).isTrue();
                return Integer.parseInt(m.group(1), 16);
            }
        }
        throw new AssertionError(attr + " of DIE 0x" + Long.toHexString(die) + " not found");
    }

    @Test
    void cyclicTypeAndSpecificationChains() throws Exception {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g");
        byte[] file = Files.readAllBytes(bin);
        long typedefDie;
        long pointerDie;
        long definitionDie;
        long messageDie;
        long typedefedDie;
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            messageDie = Dies.global(dwarf, "g_message").sectionOffset();
            typedefedDie = Dies.global(dwarf, "g_typedefed").sectionOffset();
            typedefDie = Dies.type(dwarf, DwTag.TYPEDEF, "pair_t").sectionOffset();
            pointerDie = Dies.global(dwarf, "g_message").reference(DwAt.TYPE).orElseThrow().sectionOffset();
            definitionDie = Dies.global(dwarf, "tls_declared_first").sectionOffset();
        }
        long infoOffset = section(file, ".debug_info").offset();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        // pair_t's DW_AT_type -> pair_t; g_message's pointer -> itself; the definition's DW_AT_specification -> itself.
        b.putInt((int) (infoOffset + attributeOffset(bin, typedefDie, "DW_AT_type")), (int) typedefDie);
        b.putInt((int) (infoOffset + attributeOffset(bin, pointerDie, "DW_AT_type")), (int) pointerDie);
        b.putInt((int) (infoOffset + attributeOffset(bin, definitionDie, "DW_AT_specification")), (int) definitionDie);

        DwarfInfo dwarf = DwarfInfo.of(ElfFile.of(ByteSource.of(NAME, file)));
        Types types = Types.of(dwarf);
        Unit unit = dwarf.units().get(0);
        Die typedefed = unit.dieAt(typedefedDie);
        assertThatThrownBy(() -> types.sizeOf(types.typeOf(typedefed)))
                .isInstanceOf(FormatException.class).hasMessageContaining("a cycle?").hasMessageContaining(NAME);
        assertThatThrownBy(() -> types.names().ptype(types.typeOf(typedefed)))
                .isInstanceOf(FormatException.class).hasMessageContaining("a cycle?");
        assertThat(types.names().name(types.typeOf(typedefed))).isEqualTo("pair_t"); // whatis needs no chain
        assertThatThrownBy(() -> types.names().name(types.typeOf(unit.dieAt(messageDie))))
                .isInstanceOf(FormatException.class).hasMessageContaining("a cycle?");
        Die definition = unit.dieAt(definitionDie);
        assertThatThrownBy(definition::resolvedName)
                .isInstanceOf(FormatException.class).hasMessageContaining("DW_AT_specification")
                .hasMessageContaining(".debug_info at 0x" + Long.toHexString(definitionDie));
        // The scan reports the broken DIE instead of looping.
        assertThatThrownBy(() -> NameIndexes.scan(dwarf)).isInstanceOf(FormatException.class);
        assertThat(Exercise.run(NAME, file)).isNotEmpty().allMatch(m -> m.contains(NAME));
    }

    @Test
    void absurdLineTableCounts() throws Exception {
        byte[] file = compile();
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.of(ByteSource.of(NAME, file)));
        long headerEnd;
        {
            // Find the v5 file_names_count: just after the file name entry format list.
            var r = dwarf.sections().reader(DwarfSection.LINE);
            r.position(4 + 2 + 2 + 4 + 5);
            int opcodeBase = r.u8();
            r.skip(opcodeBase - 1);
            int dirFormats = r.u8();
            for (int i = 0; i < dirFormats * 2; i++) {
                r.uleb128();
            }
            long dirCount = r.uleb128();
            assertThat(dirCount).isBetween(1L, 127L);
            headerEnd = r.position() - 1; // the one-byte directories_count
        }
        file[(int) (section(file, ".debug_line").offset() + headerEnd)] = 0x7f;
        DwarfInfo corrupt = DwarfInfo.of(ElfFile.of(ByteSource.of(NAME, file)));
        assertThatThrownBy(() -> LineTables.of(corrupt).forUnit(corrupt.units().get(0)))
                .isInstanceOf(FormatException.class).hasMessageStartingWith(NAME + ": .debug_line at 0x");
    }

    @Test
    void deeplyNestedDiesDoNotOverflowTheStack() throws Exception {
        // 20000 variables, then every abbreviation claims children: one chain of nested DIEs.
        StringBuilder src = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            src.append("int v").append(i).append(";\n");
        }
        src.append("int main(void) { return v0; }\n");
        Path bin = Tools.gcc(dir, "deep", src.toString(), "deep", "-g");
        byte[] file = Files.readAllBytes(bin);
        Section abbrev = section(file, ".debug_abbrev");
        DwarfInfo original = DwarfInfo.of(ElfFile.of(ByteSource.of(NAME, file.clone())));
        for (Abbreviation a : List.of(original.units().get(0).abbreviations().get(1).orElseThrow(),
                original.units().get(0).abbreviations().get(2).orElseThrow(),
                original.units().get(0).abbreviations().get(3).orElseThrow())) {
            assertThat(a).isNotNull();
        }
        // Flip every "children" byte: it follows the code and tag ULEB128s of each declaration.
        var r = original.sections().reader(DwarfSection.ABBREV);
        while (r.hasRemaining()) {
            if (r.uleb128() == 0) {
                break;
            }
            r.uleb128();
            file[(int) (abbrev.offset() + r.position())] = 1;
            r.u8();
            while (true) {
                long at = r.uleb128();
                long form = r.uleb128();
                if (form == DwForm.IMPLICIT_CONST) {
                    r.sleb128();
                }
                if (at == 0 && form == 0) {
                    break;
                }
            }
        }
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.of(ByteSource.of(NAME, file)));
        Unit unit = dwarf.units().get(0);
        DieCursor c = unit.cursor();
        int maxDepth = 0;
        long last = 0;
        while (c.next()) {
            maxDepth = Math.max(maxDepth, c.depth());
            last = c.offset();
        }
        assertThat(maxDepth).isGreaterThan(10_000);
        Die deepest = unit.dieAt(last);
        assertThat(deepest.parent()).isPresent();
        assertThat(unit.root().children()).hasSize(1);
        assertThat(unit.root().nextSibling()).isEmpty();
        NameIndexes.scan(dwarf); // unit-level names only: nothing to index below depth 1, but no overflow
        Exercise.run(NAME, file);
    }
}
