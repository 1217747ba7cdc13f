package dev.tldb.dwarf;

import dev.tldb.dwarf.testing.ReadelfDies;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS relocations of debug sections in relocatable objects of aarch64, riscv64 and 32-bit
 * arm (R_AARCH64_TLS_DTPREL64, R_RISCV_TLS_DTPREL32/64, R_ARM_TLS_LDO32). gcc writes no
 * DW_AT_location for TLS variables on aarch64 and riscv64, so the object is assembled from a
 * generated .s: TLS variables in .tdata and .tbss at non-zero offsets (one local, one with an
 * addend), each with a location {@code DW_OP_const4u/8u <dtprel sym>; DW_OP_GNU_push_tls_address}.
 *
 * <p>Ground truth: {@code readelf -r} of the object (symbol and addend of each relocation) with
 * {@code readelf -s} of the same object linked by the cross {@code ld} (the linker's TLS offset of
 * each symbol, {@code st_value}); and where the linker accepts the relocations in debug sections
 * (arm, riscv64; aarch64 ld rejects R_AARCH64_TLS_DTPREL64 there), the operands the linker wrote,
 * as {@code readelf --debug-dump=info} prints them.
 */
class CrossTlsRelocationTest {
    @TempDir
    Path dir;

    /** A TLS variable's DWARF entry: its name, the symbol its relocation names, the addend, the operand size. */
    private record Var(String name, String symbol, long addend, int size) { }

    private static final List<Var> VARS = List.of(
            new Var("tls_a", "tls_a", 0, 8),
            new Var("tls_b", "tls_b", 0, 8),
            new Var("tls_s", "tls_s", 0, 4), // a local (static) symbol
            new Var("tls_c", "tls_c", 0, 8), // .tbss
            new Var("tls_d", "tls_d", 0, 4),
            // sym+2: aarch64's .reloc gives addend 2; riscv and arm gas put st_value + 2 in the
            // addend (RELA) or the relocated word (REL), and ld adds S again: readelf shows which
            new Var("tls_b_plus", "tls_b", 2, 8));

    /**
     * Writes the assembler source: {@code word(size, sym+addend)} gives the lines for one
     * relocated operand; {@code sectionType} is {@code @} or {@code %} (arm, where {@code @} starts a comment).
     */
    private static String source(int addressSize, char sectionType, BiFunction<Integer, String, String> word,
                                 int forcedSize) {
        StringBuilder s = new StringBuilder();
        s.append("        .text\n        .globl _start\n_start: nop\n");
        s.append("        .section .tdata,\"awT\",").append(sectionType).append("progbits\n        .balign 8\n");
        s.append("        .globl tls_a\ntls_a:  .4byte 1, 0\n        .globl tls_b\ntls_b:  .4byte 2, 0\n");
        s.append("tls_s:  .4byte 3\n");
        s.append("        .section .tbss,\"awT\",").append(sectionType).append("nobits\n        .balign 16\n");
        s.append("        .globl tls_c\ntls_c:  .zero 4\n        .globl tls_d\ntls_d:  .zero 8\n");
        // DWARF 4: compile_unit(name string) > variable(name string, location exprloc)
        s.append("        .section .debug_abbrev,\"\",").append(sectionType).append("progbits\n");
        // one value a line: riscv's .uleb128 takes a single expression
        for (String v : List.of("1", "0x11", "b1", "0x03", "0x08", "0", "0", "2", "0x34", "b0", "0x03", "0x08",
                "0x02", "0x18", "0", "0", "0")) {
            s.append(v.startsWith("b") ? "        .byte " + v.substring(1) : "        .uleb128 " + v).append('\n');
        }
        s.append("        .section .debug_info,\"\",").append(sectionType).append("progbits\n");
        s.append("        .4byte .Lend - .Lstart\n.Lstart:\n        .2byte 4\n        .4byte 0\n");
        s.append("        .byte ").append(addressSize).append("\n        .uleb128 1\n        .asciz \"tls.s\"\n");
        for (Var v : VARS) {
            int size = forcedSize != 0 ? forcedSize : v.size();
            s.append("        .uleb128 2\n        .asciz \"").append(v.name()).append("\"\n");
            s.append("        .uleb128 ").append(size + 2).append("\n");
            s.append("        .byte ").append(size == 8 ? "0x0e" : "0x0c").append("\n"); // DW_OP_const8u / const4u
            s.append(word.apply(size, v.symbol() + (v.addend() != 0 ? "+" + v.addend() : "")));
            s.append("        .byte 0xe0\n"); // DW_OP_GNU_push_tls_address
        }
        s.append("        .byte 0\n.Lend:\n");
        return s.toString();
    }

    private Path assemble(String as, String source) {
        try {
            Files.writeString(dir.resolve("tls.s"), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tools.run(dir, as, "tls.s", "-o", "tls.o");
        return dir.resolve("tls.o");
    }

    /** One relocation of {@code readelf -r}: where, its type name, the symbol and (RELA) addend. */
    private record Reloc(long offset, String type, String symbol, long addend) { }

    private static final Pattern RELOC = Pattern.compile(
            "^([0-9a-f]+)\\s+[0-9a-f]+\\s+(R_\\w+)\\s+[0-9a-f]+\\s+(\\S+)(?:\\s+([+-])\\s+([0-9a-f]+))?\\s*$");

    /** The relocations readelf lists for .debug_info, by offset. */
    private static List<Reloc> debugInfoRelocations(Path obj) {
        List<Reloc> out = new ArrayList<>();
        boolean in = false;
        for (String line : Tools.run(obj.getParent(), "readelf", "-rW", obj.toString()).split("\n")) {
            if (line.startsWith("Relocation section")) {
                in = line.contains(".debug_info'");
                continue;
            }
            Matcher m = RELOC.matcher(line.trim());
            if (in && m.matches()) {
                long addend = m.group(5) == null ? 0 : Long.parseLong(m.group(5), 16) * (m.group(4).equals("-") ? -1 : 1);
                out.add(new Reloc(Long.parseLong(m.group(1), 16), m.group(2), m.group(3), addend));
            }
        }
        out.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        return out;
    }

    /** name -> st_value of every TLS symbol (local ones too) of a linked file, from readelf -s. */
    private static Map<String, Long> linkedTlsSymbols(Path linked) {
        Map<String, Long> out = new TreeMap<>();
        for (String line : Tools.run(linked.getParent(), "readelf", "-sW", linked.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[3].equals("TLS") && !f[6].equals("UND")) {
                out.put(f[7], Long.parseLong(f[1], 16));
            }
        }
        return out;
    }

    /** The DWARF variable names of the object in .debug_info order, as readelf prints them. */
    private static List<String> variableNames(Path obj) {
        return ReadelfDies.of(obj).dies().stream().filter(d -> "DW_TAG_variable".equals(d.tag()))
                .map(d -> d.byName().get("DW_AT_name").value()).toList();
    }

    /** name -> operand of the DW_OP_const4u/8u the linker wrote, from readelf --debug-dump=info of the linked file. */
    private static Map<String, Long> linkedOperands(Path linked) {
        Map<String, Long> out = new LinkedHashMap<>();
        Pattern op = Pattern.compile("\\(DW_OP_const[48]u: (\\d+);");
        String name = null;
        for (String line : Tools.run(linked.getParent(), "readelf", "-wi", linked.toString()).split("\n")) {
            if (line.contains("DW_AT_name")) {
                name = line.substring(line.lastIndexOf(':') + 1).trim();
            }
            Matcher m = op.matcher(line);
            if (line.contains("DW_AT_location") && m.find()) {
                out.put(name, Long.parseUnsignedLong(m.group(1)));
            }
        }
        return out;
    }

    /** A section's bytes as {@code readelf -x} dumps them. */
    private static byte[] hexDump(Path file, String section) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Pattern row = Pattern.compile("^\\s*0x[0-9a-f]+ ((?:[0-9a-f]{2,8} ){1,4})");
        for (String line : Tools.run(file.getParent(), "readelf", "-x", section, file.toString()).split("\n")) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                for (String word : m.group(1).trim().split(" ")) {
                    for (int i = 0; i < word.length(); i += 2) {
                        out.write(Integer.parseInt(word.substring(i, i + 2), 16));
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /** What tldb reads from the object: name -> TLS offset in the location expression, after relocation. */
    private static Map<String, Long> tldbOffsets(Path obj, int machine) {
        try (ElfFile elf = ElfFile.open(obj); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            assertThat(elf.type()).isEqualTo(Elf.ET_REL);
            assertThat(elf.machine()).isEqualTo(machine);
            return TlsLocationTest.dwarfTlsOffsets(dwarf);
        }
    }

    /**
     * Checks tldb's offsets against readelf: each relocation's symbol (st_value in the linked
     * file) plus its addend, for relocations of {@code type} only. Returns the expected map.
     */
    private Map<String, Long> assertMatchesRelocations(Path obj, Path linked, String type, int machine,
                                                       Map<String, Long> inPlaceAddends) {
        List<Reloc> relocs = debugInfoRelocations(obj);
        List<String> names = variableNames(obj);
        assertThat(relocs).as("relocations of .debug_info").hasSize(VARS.size());
        assertThat(names).hasSize(VARS.size());
        Map<String, Long> symbols = linkedTlsSymbols(linked);
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < relocs.size(); i++) {
            Reloc r = relocs.get(i);
            assertThat(r.type()).as(r.toString()).isEqualTo(type);
            assertThat(symbols).as("TLS symbols of the linked file").containsKey(r.symbol());
            long addend = r.addend() + inPlaceAddends.getOrDefault(names.get(i), 0L);
            expected.put(names.get(i), symbols.get(r.symbol()) + addend);
        }
        assertThat(expected.values()).as("the test wants non-zero offsets").filteredOn(v -> v != 0).hasSizeGreaterThan(3);
        assertThat(tldbOffsets(obj, machine)).isEqualTo(expected);
        return expected;
    }

    @Test
    void aarch64TlsDtprel64() {
        Path obj = assemble("aarch64-linux-gnu-as", source(8, '@',
                (size, sym) -> "        .reloc ., R_AARCH64_TLS_DTPREL64, " + sym + "\n        .8byte 0\n", 8));
        // GNU ld rejects R_AARCH64_TLS_DTPREL64 in .debug_info ("dangerous relocation"): link without
        // debug sections (-S) just to learn the TLS offset of each symbol.
        Tools.run(dir, "aarch64-linux-gnu-ld", "-S", "-o", "linked", "tls.o");
        assertMatchesRelocations(obj, dir.resolve("linked"), "R_AARCH64_TLS_DTPREL64", Elf.EM_AARCH64, Map.of());
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 4})
    void riscv64TlsDtprel(int size) {
        Path obj = assemble("riscv64-linux-gnu-as", source(8, '@',
                (s, sym) -> (s == 8 ? "        .dtpreldword " : "        .dtprelword ") + sym + "\n", size));
        Tools.run(dir, "riscv64-linux-gnu-ld", "-o", "linked", "tls.o");
        Path linked = dir.resolve("linked");
        Map<String, Long> want = assertMatchesRelocations(obj, linked, "R_RISCV_TLS_DTPREL" + size * 8,
                Elf.EM_RISCV, Map.of());
        // The riscv linker writes S + A - TLS_DTV_OFFSET (0x800) into debug sections (glibc biases its
        // DTV entries by that much); tldb reports the offset in the block, without the bias.
        Map<String, Long> written = new TreeMap<>();
        linkedOperands(linked).forEach((name, v) -> written.put(name, (size == 8 ? v : (long) (int) (long) v) + 0x800));
        assertThat(written).as("operands the riscv linker wrote, plus 0x800").isEqualTo(want);
    }

    @Test
    void armTlsLdo32() {
        Path obj = assemble("arm-linux-gnueabihf-as", source(4, '%',
                (size, sym) -> "        .word " + sym.replaceFirst("^(\\w+)", "$1(tlsldo)") + "\n", 4));
        Tools.run(dir, "arm-linux-gnueabihf-ld", "-o", "linked", "tls.o");
        Path linked = dir.resolve("linked");
        // SHT_REL: readelf -r shows no addend; it is the word at the relocated place, which
        // readelf -x dumps. (gas writes st_value + 2 there for tls_b(tlsldo)+2; ld adds S to that.)
        byte[] info = hexDump(obj, ".debug_info");
        Map<String, Long> inPlace = new TreeMap<>();
        List<Reloc> relocs = debugInfoRelocations(obj);
        List<String> names = variableNames(obj);
        for (int i = 0; i < relocs.size(); i++) {
            int at = (int) relocs.get(i).offset();
            inPlace.put(names.get(i), java.nio.ByteBuffer.wrap(info, at, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getInt() & 0xffffffffL);
        }
        assertThat(inPlace.get("tls_b_plus")).isNotZero();
        Map<String, Long> want = assertMatchesRelocations(obj, linked, "R_ARM_TLS_LDO32", Elf.EM_ARM, inPlace);
        assertThat(linkedOperands(linked)).as("operands the arm linker wrote").isEqualTo(want);
    }
}
