package dev.tldb.elf;

import dev.tldb.dwarf.RareFormsTest;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.testkit.Readelf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Big-endian ELF32 (powerpc) and ELF64 (s390x) objects, assembled with the cross binutils: the
 * header, every section and every symbol as {@code readelf -h/-S/-s} print them, the DWARF 5
 * units of {@code forms.s} DIE by DIE as {@code readelf --debug-dump=info} prints them, and a
 * {@code .gnu_debuglink} added by the cross objcopy (its CRC is a big-endian word).
 */
class BigEndianTest {
    @TempDir
    Path dir;

    /** Code, data, TLS, common, weak, local and undefined symbols (no instructions: any target assembles it). */
    private static final String SYMBOLS = """
                    .text
                    .globl entry
                    .type entry, @function
            entry:  .4byte 0, 0
                    .size entry, 8
            local_fn:
                    .4byte 0
                    .data
                    .globl counter
                    .type counter, @object
                    .size counter, 4
                    .4byte 0
            counter:
                    .4byte 42
                    .weak weak_obj
            weak_obj:
                    .4byte 1
                    .4byte undefined_ext
                    .section .tdata,"awT",@progbits
                    .4byte 0, 0
                    .globl tls_var
                    .type tls_var, @object
                    .size tls_var, 4
            tls_var:
                    .4byte 7
                    .comm common_buf, 64, 8
                    .local zero_buf
                    .comm zero_buf, 16, 4
            """;

    private static final Map<String, Integer> SECTION_TYPES = Map.of("NULL", Elf.SHT_NULL, "PROGBITS",
            Elf.SHT_PROGBITS, "SYMTAB", Elf.SHT_SYMTAB, "STRTAB", Elf.SHT_STRTAB, "RELA", Elf.SHT_RELA, "NOBITS",
            Elf.SHT_NOBITS, "REL", Elf.SHT_REL, "GROUP", Elf.SHT_GROUP, "NOTE", Elf.SHT_NOTE);
    private static final Map<String, Integer> SYMBOL_TYPES = Map.of("NOTYPE", Elf.STT_NOTYPE, "OBJECT",
            Elf.STT_OBJECT, "FUNC", Elf.STT_FUNC, "SECTION", Elf.STT_SECTION, "FILE", Elf.STT_FILE, "TLS",
            Elf.STT_TLS, "COMMON", Elf.STT_COMMON);
    private static final Map<String, Integer> BINDS = Map.of("LOCAL", Elf.STB_LOCAL, "GLOBAL", Elf.STB_GLOBAL,
            "WEAK", Elf.STB_WEAK);

    @ParameterizedTest
    @CsvSource({"powerpc-linux-gnu, false, 4, 20", "s390x-linux-gnu, true, 8, 22"})
    void sectionsSymbolsAndDwarfMatchReadelf(String triple, boolean is64, int addressSize, int machine)
            throws IOException {
        String source = dev.tldb.dwarf.testing.Tools.resource("forms.s") + SYMBOLS;
        Files.writeString(dir.resolve("be.s"), source);
        Tools.run(dir, triple + "-as", "--defsym", "BIG_ENDIAN=1", "--defsym", "ADDRESS_SIZE=" + addressSize,
                "be.s", "-o", "be.o");
        Path obj = dir.resolve("be.o");
        assertThat(Readelf.header(obj, "Data")).contains("big endian");

        try (ElfFile elf = ElfFile.open(obj)) {
            assertThat(elf.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
            assertThat(elf.is64()).isEqualTo(is64);
            assertThat(Readelf.header(obj, "Class")).isEqualTo(is64 ? "ELF64" : "ELF32");
            assertThat(elf.machine()).isEqualTo(machine);
            assertThat(elf.type()).isEqualTo(Elf.ET_REL);
            assertThat(sections(elf)).isEqualTo(readelfSections(obj));
            List<String> symbols = symbols(elf);
            assertThat(symbols).isEqualTo(readelfSymbols(obj));
            // "index value size type bind shndx name": STT_TLS/STB_GLOBAL, STB_WEAK, SHN_COMMON
            assertThat(symbols).anyMatch(s -> s.matches("\\d+ 8 4 6 1 \\d+ tls_var"))
                    .anyMatch(s -> s.matches("\\d+ 8 0 0 2 \\d+ weak_obj"))
                    .anyMatch(s -> s.matches("\\d+ 8 64 1 1 65522 common_buf"));
        }
        RareFormsTest.assertDiesMatchReadelf(obj);

        Tools.run(dir, triple + "-objcopy", "--add-gnu-debuglink=be.o", "be.o", "linked.o");
        DebugLinkTest.Link expected = DebugLinkTest.readelfLink(dir.resolve("linked.o"));
        assertThat(expected.crc()).isEqualTo(DebugLinkTest.crc32(obj));
        try (ElfFile elf = ElfFile.open(dir.resolve("linked.o"))) {
            DebugLink link = elf.debugLink().orElseThrow();
            assertThat(new DebugLinkTest.Link(link.fileName(), link.crc32())).isEqualTo(expected);
        }
    }

    /** "[index] name type addr offset size entsize flags-bits link info align" rows of readelf -S. */
    private static List<String> readelfSections(Path obj) {
        Pattern row = Pattern.compile("^\\s*\\[\\s*(\\d+)]\\s+(\\S*)\\s+(\\S+)\\s+([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) "
                + "([0-9a-f]+)\\s+(\\S*)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");
        List<String> out = new ArrayList<>();
        for (String line : Readelf.readelf("-S", obj.toString()).split("\n")) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                int type = SECTION_TYPES.getOrDefault(m.group(3), -1);
                out.add(String.join(" ", m.group(1), m.group(2), String.valueOf(type),
                        hex(m.group(4)), hex(m.group(5)), hex(m.group(6)), hex(m.group(7)), flags(m.group(8)),
                        m.group(9), m.group(10), m.group(11)));
            }
        }
        assertThat(out).as("readelf -S rows").hasSizeGreaterThan(10);
        return out;
    }

    private static List<String> sections(ElfFile elf) {
        List<String> out = new ArrayList<>();
        for (Section s : elf.sections()) {
            out.add(String.join(" ", String.valueOf(s.index()), s.name(), String.valueOf(s.type()),
                    Long.toHexString(s.addr()), Long.toHexString(s.offset()), Long.toHexString(s.size()),
                    Long.toHexString(s.entsize()), Long.toHexString(s.flags() & 0xfff), String.valueOf(s.link()),
                    String.valueOf(s.info()), String.valueOf(s.addralign())));
        }
        return out;
    }

    private static String hex(String h) {
        return Long.toHexString(Long.parseLong(h, 16));
    }

    /** readelf's flag letters as SHF_* bits (those a plain object uses). */
    private static String flags(String letters) {
        long f = 0;
        for (char c : letters.toCharArray()) {
            f |= switch (c) {
                case 'W' -> Elf.SHF_WRITE;
                case 'A' -> Elf.SHF_ALLOC;
                case 'X' -> Elf.SHF_EXECINSTR;
                case 'M' -> 0x10;
                case 'S' -> 0x20;
                case 'I' -> 0x40;
                case 'G' -> Elf.SHF_GROUP;
                case 'T' -> Elf.SHF_TLS;
                default -> throw new AssertionError("flag " + c + " in " + letters);
            };
        }
        return Long.toHexString(f);
    }

    /** "index value size type bind ndx name" rows of readelf -s. */
    private static List<String> readelfSymbols(Path obj) {
        Pattern row = Pattern.compile("^\\s*(\\d+): ([0-9a-f]+)\\s+(\\d+)\\s+(\\w+)\\s+(\\w+)\\s+\\w+\\s+(\\w+)\\s*(.*)$");
        List<String> out = new ArrayList<>();
        for (String line : Readelf.readelf("-s", obj.toString()).split("\n")) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                String ndx = switch (m.group(6)) {
                    case "UND" -> "0";
                    case "ABS" -> String.valueOf(Elf.SHN_ABS);
                    case "COM" -> String.valueOf(Elf.SHN_COMMON);
                    default -> m.group(6);
                };
                out.add(String.join(" ", m.group(1), hex(m.group(2)), m.group(3),
                        String.valueOf(SYMBOL_TYPES.getOrDefault(m.group(4), -1)),
                        String.valueOf(BINDS.getOrDefault(m.group(5), -1)), ndx, m.group(7).trim()));
            }
        }
        assertThat(out).as("readelf -s rows").hasSizeGreaterThan(8);
        return out;
    }

    private static List<String> symbols(ElfFile elf) {
        List<String> out = new ArrayList<>();
        for (Symbol s : elf.symbols()) {
            // readelf names a nameless section symbol after its section
            String name = s.type() == Elf.STT_SECTION && s.name().isEmpty()
                    ? elf.section(s.shndx()).orElseThrow().name() : s.name();
            out.add(String.join(" ", String.valueOf(s.index()), Long.toHexString(s.value()), String.valueOf(s.size()),
                    String.valueOf(s.type()), String.valueOf(s.bind()), String.valueOf(s.shndx()), name));
        }
        return out;
    }
}
