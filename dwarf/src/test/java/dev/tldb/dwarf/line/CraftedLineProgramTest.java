package dev.tldb.dwarf.line;

import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hand-written DWARF 5 line program that uses what gcc does not: MD5 checksums (data16), a
 * relative include directory, every standard opcode (const_add_pc, fixed_advance_pc, negate_stmt,
 * prologue_end, an opcode the reader does not know, skipped by its declared operand count) and an
 * unknown extended opcode. It replaces a real binary's .debug_line; readelf decodes the same bytes
 * as the reference.
 */
class CraftedLineProgramTest {
    private static final Pattern ROW =
            Pattern.compile("^(\\S+)\\s+(\\d+|-)\\s+(0x[0-9a-f]+|0)(?:\\s+\\d+)?\\s*(x)?\\s*$");

    @TempDir
    Path dir;

    private static byte[] program() throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(1); // minimum_instruction_length
        header.write(1); // maximum_operations_per_instruction
        header.write(1); // default_is_stmt
        header.write(-5 & 0xff); // line_base
        header.write(14); // line_range
        header.write(14); // opcode_base: one opcode (13) beyond the standard twelve
        header.writeBytes(new byte[] {0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 2}); // opcode 13 takes 2 LEB128s
        header.write(1); // directory entry formats: path as string
        header.writeBytes(new byte[] {1, 0x08});
        header.write(2);
        header.writeBytes("/src\0inc\0".getBytes(StandardCharsets.US_ASCII));
        header.write(3); // file entry formats: path/string, directory/udata, MD5/data16
        header.writeBytes(new byte[] {1, 0x08, 2, 0x0f, 5, 0x1e});
        header.write(2);
        header.writeBytes("a.c\0".getBytes(StandardCharsets.US_ASCII));
        header.write(0);
        for (int i = 0; i < 16; i++) {
            header.write(0xa0 + i);
        }
        header.writeBytes("b.h\0".getBytes(StandardCharsets.US_ASCII));
        header.write(1);
        for (int i = 0; i < 16; i++) {
            header.write(i);
        }

        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(new byte[] {0, 9, 2, 0, 0x10, 0, 0, 0, 0, 0, 0}); // set_address 0x1000
        p.writeBytes(new byte[] {3, 9}); // advance_line 9 -> 10
        p.write(1); // copy
        p.write(14 + (1 + 5) + 14 * 2); // special: address +2, line +1
        p.write(10); // set_prologue_end
        p.writeBytes(new byte[] {2, 3}); // advance_pc 3
        p.write(1); // copy
        p.write(13); // unknown standard opcode with two operands
        p.writeBytes(new byte[] {(byte) 0x81, 1, 5});
        p.write(8); // const_add_pc: (255 - 14) / 14 = 17
        p.writeBytes(new byte[] {4, 1}); // set_file 1 (b.h)
        p.writeBytes(new byte[] {3, 0x78}); // advance_line -8 -> 3
        p.write(1);
        p.writeBytes(new byte[] {9, 0x10, 0}); // fixed_advance_pc 0x10
        p.write(6); // negate_stmt
        p.writeBytes(new byte[] {5, 7}); // set_column 7
        p.write(1);
        p.writeBytes(new byte[] {0, 3, (byte) 0x99, 1, 2}); // unknown extended opcode, 2 operand bytes
        p.writeBytes(new byte[] {4, 0}); // set_file 0
        p.writeBytes(new byte[] {2, 2}); // advance_pc 2
        p.writeBytes(new byte[] {0, 1, 1}); // end_sequence

        ByteArrayOutputStream unit = new ByteArrayOutputStream();
        unit.writeBytes(new byte[] {5, 0, 8, 0}); // version 5, address size 8, no segment selector
        u32(unit, header.size());
        header.writeTo(unit);
        p.writeTo(unit);
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        u32(section, unit.size());
        unit.writeTo(section);
        return section.toByteArray();
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    @Test
    void everyOpcodeAndMd5() throws IOException {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("plain.c"), "sample", "-g", "-gdwarf-5");
        Path blob = dir.resolve("line.bin");
        Files.write(blob, program());
        Path crafted = dir.resolve("crafted");
        Tools.run(dir, "objcopy", "--update-section", ".debug_line=" + blob, bin.toString(), crafted.toString());

        List<String> expected = new ArrayList<>();
        for (String line : Tools.run(dir, "readelf", "--debug-dump=decodedline", crafted.toString()).lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (m.matches() && !line.startsWith("File name")) {
                expected.add(m.group(1) + " " + m.group(2) + " " + Long.decode(m.group(3)) + (m.group(4) != null ? " x" : ""));
            }
        }
        try (ElfFile elf = ElfFile.open(crafted); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            LineTable t = LineTables.of(dwarf).forUnit(dwarf.units().get(0)).orElseThrow();
            List<String> ours = new ArrayList<>();
            for (LineRow r : t.rows()) {
                ours.add(LineTable.baseName(t.fileName(r.file()).orElseThrow()) + " "
                        + (r.endSequence() ? "-" : Long.toString(r.line())) + " " + r.address()
                        + (r.isStmt() && !r.endSequence() ? " x" : ""));
            }
            assertThat(expected).hasSize(6);
            assertThat(ours).isEqualTo(expected);
            assertThat(t.rows().get(1).prologueEnd()).isFalse();
            assertThat(t.rows().get(2).prologueEnd()).isTrue();
            assertThat(t.rows().get(4).column()).isEqualTo(7);
            assertThat(t.files().get(0).md5()).contains("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
            assertThat(t.files().get(1).md5()).contains("000102030405060708090a0b0c0d0e0f");
            assertThat(t.fileName(1)).contains("/src/inc/b.h");
            assertThat(t.location(0x1017).orElseThrow()).isEqualTo(new SourceLocation("/src/inc/b.h", 3, 0));
            assertThat(t.findRow(0x1028)).isEmpty(); // end of the sequence
        }
    }
}
