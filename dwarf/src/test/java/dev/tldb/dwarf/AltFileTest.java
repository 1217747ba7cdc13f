package dev.tldb.dwarf;

import dev.tldb.dwarf.testing.Tools;
import dev.tldb.dwarf.type.Types;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Supplementary-file forms (dwz's DW_FORM_GNU_*_alt, DWARF 5's strp_sup/ref_sup4): followed into
 * the file {@code .gnu_debugaltlink} names, and a clear error without it. dwz is not needed: the
 * test rewrites a binary's abbreviations to use the one-byte sup forms and names a copy of the
 * binary itself as the supplementary file, so every offset still lands on the same string or DIE.
 */
class AltFileTest {
    @TempDir
    Path dir;

    /** Rewrites every DW_AT_name/strp to strp_sup and every DW_AT_type/ref4 to ref_sup4. */
    private static void useSupForms(Path bin) throws IOException {
        byte[] file = Files.readAllBytes(bin);
        try (ElfFile elf = ElfFile.open(bin)) {
            DwarfInfo dwarf = DwarfInfo.of(elf);
            assertThat(dwarf.units()).hasSize(1); // unit-relative refs equal section offsets only in the first unit
            long base = elf.section(".debug_abbrev").orElseThrow().offset();
            var r = dwarf.sections().reader(DwarfSection.ABBREV);
            while (r.hasRemaining() && r.uleb128() != 0) {
                r.uleb128();
                r.u8();
                while (true) {
                    long at = r.uleb128();
                    long formAt = r.position();
                    long form = r.uleb128();
                    if (at == DwAt.NAME && form == DwForm.STRP) {
                        file[(int) (base + formAt)] = (byte) DwForm.STRP_SUP;
                    } else if (at == DwAt.TYPE && form == DwForm.REF4) {
                        file[(int) (base + formAt)] = (byte) DwForm.REF_SUP4;
                    } else if (form == DwForm.IMPLICIT_CONST) {
                        r.sleb128();
                    }
                    if (at == 0 && form == 0) {
                        break;
                    }
                }
            }
        }
        Files.write(bin, file);
    }

    @Test
    void supplementaryFormsNeedTheAltFileAndUseIt() throws IOException {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g");
        Files.copy(bin, dir.resolve("sample.sup"));
        useSupForms(bin);

        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            Die v = dwarf.units().get(0).root().children().stream()
                    .filter(d -> d.tag() == DwTag.VARIABLE && d.has(DwAt.NAME)).findFirst().orElseThrow();
            assertThatThrownBy(v::name).isInstanceOf(DwarfException.class)
                    .hasMessage("sample: DWARF refers to a supplementary (dwz) file (DW_FORM_GNU_ref_alt/strp_alt or "
                            + "ref_sup/strp_sup), but has no .gnu_debugaltlink or .debug_sup naming it; "
                            + "dwz-compressed DWARF needs that file");
        }

        // .gnu_debugaltlink: the file name, NUL, the build-id.
        Path link = dir.resolve("altlink");
        Files.write(link, "sample.sup\0\1\2\3\4".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Path linked = dir.resolve("linked");
        Tools.run(dir, "objcopy", "--add-section", ".gnu_debugaltlink=" + link, bin.toString(), linked.toString());
        try (ElfFile elf = ElfFile.open(linked); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            Die pair = dwarf.units().get(0).root().children().stream()
                    .filter(d -> d.tag() == DwTag.VARIABLE && d.name().filter("g_const_ptr"::equals).isPresent())
                    .findFirst().orElseThrow();
            assertThat(pair.attribute(DwAt.TYPE)).get().isInstanceOf(AttributeValue.AltRef.class);
            Die type = pair.reference(DwAt.TYPE).orElseThrow();
            assertThat(type.unit().dwarf().elf().name()).isEqualTo("sample.sup");
            assertThat(Types.of(dwarf).names().name(Types.of(dwarf).typeOf(pair)))
                    .isEqualTo("const struct pair * const");
        }

        Files.delete(dir.resolve("sample.sup"));
        try (ElfFile elf = ElfFile.open(linked); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            Die v = dwarf.units().get(0).root().children().stream()
                    .filter(d -> d.tag() == DwTag.VARIABLE && d.has(DwAt.NAME)).findFirst().orElseThrow();
            assertThatThrownBy(v::name).isInstanceOf(DwarfException.class)
                    .hasMessageContaining("sample.sup (build-id 01020304) that was not found (tried "
                            + dir.toRealPath().resolve("sample.sup"));
        }
    }
}
