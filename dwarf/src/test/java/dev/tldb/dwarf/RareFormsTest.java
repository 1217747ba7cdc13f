package dev.tldb.dwarf;

import dev.tldb.dwarf.testing.ReadelfDies;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forms no compiler sample uses (strx1–4, addrx1–4, data16, indirect, implicit_const) and a
 * DWARF 5 partial unit, imported with DW_TAG_imported_unit and referenced with DW_FORM_ref_addr,
 * read from hand-written assembler ({@code forms.s}) that GNU as turns into an object. Every DIE
 * and every attribute tldb decodes is compared with what {@code readelf --debug-dump=info} prints
 * for the same file.
 */
public class RareFormsTest {
    @TempDir
    Path dir;

    /** Assembles the {@code forms.s} resource with {@code assembler} into {@code dir/name}. */
    public static Path assembleForms(Path dir, String assembler, String name, String... flags) {
        try {
            Files.writeString(dir.resolve("forms.s"), Tools.resource("forms.s"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(assembler));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("forms.s", "-o", name));
        Tools.run(dir, cmd.toArray(new String[0]));
        return dir.resolve(name);
    }

    /**
     * Compares every DIE of {@code file} (tag, attribute names in order, forms behind
     * DW_FORM_indirect, string and address indexes, values) with readelf's dump of it. Returns the
     * forms tldb saw, so a caller can check that the file used the ones it meant to test.
     */
    public static Set<String> assertDiesMatchReadelf(Path file) {
        List<ReadelfDies.Dwarf> expected = ReadelfDies.of(file).dies();
        Set<String> forms = new TreeSet<>();
        List<Long> seen = new ArrayList<>();
        try (ElfFile elf = ElfFile.open(file); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            for (Unit u : dwarf.units()) {
                DieCursor c = u.cursor();
                while (c.next()) {
                    Die d = c.die();
                    int i = seen.size();
                    seen.add(d.sectionOffset());
                    assertThat(i).as("readelf has fewer DIEs than tldb").isLessThan(expected.size());
                    ReadelfDies.Dwarf want = expected.get(i);
                    String where = "DIE at 0x" + Long.toHexString(d.sectionOffset());
                    assertThat(d.sectionOffset()).as("offset of DIE #" + i).isEqualTo(want.offset());
                    assertThat(c.depth()).as(where + " depth").isEqualTo(want.depth());
                    assertThat(DwTag.name(d.tag())).as(where + " tag").isEqualTo(want.tag());
                    List<Attribute> attrs = d.attributes();
                    assertThat(attrs.stream().map(a -> DwAt.name(a.name())).toList()).as(where + " attributes")
                            .isEqualTo(want.attributes().stream().map(ReadelfDies.Value::attribute).toList());
                    for (int k = 0; k < attrs.size(); k++) {
                        Attribute a = attrs.get(k);
                        forms.add(DwForm.name(d.abbreviation().form(k)));
                        forms.add(DwForm.name(a.form()));
                        assertValue(u, a, want.attributes().get(k), where + " " + DwAt.name(a.name()));
                    }
                }
            }
        }
        assertThat(seen).as("DIE offsets").containsExactlyElementsOf(
                expected.stream().map(ReadelfDies.Dwarf::offset).toList());
        return forms;
    }

    private static void assertValue(Unit u, Attribute a, ReadelfDies.Value want, String what) {
        want.form().ifPresent(f -> assertThat(DwForm.name(a.form())).as(what + " form behind DW_FORM_indirect")
                .isEqualTo(f));
        AttributeValue v = a.value();
        if (v instanceof AttributeValue.StringIndex s) {
            assertThat(want.index()).as(what + " string index").contains(s.index());
            assertThat(u.string(v)).as(what).contains(want.value());
        } else if (v instanceof AttributeValue.StringRef || v instanceof AttributeValue.InlineString) {
            assertThat(u.string(v)).as(what).contains(want.value());
        } else if (v instanceof AttributeValue.AddressIndex x) {
            assertThat(want.index()).as(what + " address index").contains(x.index());
            assertThat(u.address(v).map(BigInteger::valueOf)).as(what).contains(want.number());
        } else if (v instanceof AttributeValue.Address x) {
            assertThat(BigInteger.valueOf(x.address())).as(what).isEqualTo(want.number());
        } else if (v instanceof AttributeValue.UnitRef || v instanceof AttributeValue.InfoRef) {
            assertThat(u.referencedDie(v).orElseThrow().sectionOffset()).as(what)
                    .isEqualTo(want.number().longValueExact());
        } else if (v instanceof AttributeValue.SignedConstant s) {
            assertThat(BigInteger.valueOf(s.value())).as(what).isEqualTo(want.number());
        } else if (v instanceof AttributeValue.UnsignedConstant s) {
            assertThat(new BigInteger(Long.toUnsignedString(s.value()))).as(what).isEqualTo(want.number());
        } else if (v instanceof AttributeValue.SectionOffset s) {
            assertThat(BigInteger.valueOf(s.offset())).as(what).isEqualTo(want.number());
        } else if (v instanceof AttributeValue.Data16 b) {
            // readelf prints the 16 bytes as one number in the file's byte order.
            byte[] big = b.bytes().clone();
            if (u.dwarf().elf().order() == java.nio.ByteOrder.LITTLE_ENDIAN) {
                for (int i = 0; i < 8; i++) {
                    byte t = big[i];
                    big[i] = big[15 - i];
                    big[15 - i] = t;
                }
            }
            assertThat(new BigInteger(1, big)).as(what).isEqualTo(want.number());
        } else if (v instanceof AttributeValue.Flag f) {
            assertThat(f.value() ? "1" : "0").as(what).isEqualTo(want.value());
        } else {
            throw new AssertionError(what + ": no comparison with readelf for " + v);
        }
    }

    @Test
    void everyRareFormDecodesAsReadelfDecodesIt() {
        Path obj = assembleForms(dir, "as", "forms.o");
        Set<String> forms = assertDiesMatchReadelf(obj);
        assertThat(forms).contains("DW_FORM_strx", "DW_FORM_strx1", "DW_FORM_strx2", "DW_FORM_strx3", "DW_FORM_strx4",
                "DW_FORM_addrx1", "DW_FORM_addrx2", "DW_FORM_addrx3", "DW_FORM_addrx4", "DW_FORM_data16",
                "DW_FORM_indirect", "DW_FORM_implicit_const", "DW_FORM_ref_addr");
    }

    @Test
    void namesAddressesConstantsAndThePartialUnitAgreeWithReadelf() {
        Path obj = assembleForms(dir, "as", "forms.o");
        Map<String, ReadelfDies.Dwarf> byName = new java.util.HashMap<>();
        List<ReadelfDies.Dwarf> readelf = ReadelfDies.of(obj).dies();
        for (ReadelfDies.Dwarf d : readelf) {
            Optional.ofNullable(d.byName().get("DW_AT_name")).ifPresent(n -> byName.put(n.value(), d));
        }
        try (ElfFile elf = ElfFile.open(obj); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            assertThat(dwarf.units()).hasSize(2);
            Unit cu = dwarf.units().get(0);
            Unit pu = dwarf.units().get(1);
            assertThat(pu.header().unitType()).isEqualTo(DwUt.PARTIAL);
            assertThat(pu.root().tag()).isEqualTo(DwTag.PARTIAL_UNIT);
            assertThat(pu.root().name()).contains(byName.get("shared_types").byName().get("DW_AT_name").value());
            assertThat(cu.name()).contains("forms.c");
            assertThat(cu.compDir()).contains(readelf.get(0).byName().get("DW_AT_comp_dir").value());
            assertThat(cu.root().address(DwAt.LOW_PC)).contains(
                    readelf.get(0).byName().get("DW_AT_low_pc").number().longValueExact());

            Die function = child(cu, "form_function");
            Map<String, ReadelfDies.Value> f = byName.get("form_function").byName();
            assertThat(function.constant(DwAt.DECL_FILE)).hasValue(f.get("DW_AT_decl_file").number().longValue());
            assertThat(function.signedConstant(DwAt.DECL_COLUMN)).hasValue(
                    f.get("DW_AT_decl_column").number().longValue()).hasValue(-5);
            assertThat(function.constant(DwAt.DECL_LINE)).hasValue(f.get("DW_AT_decl_line").number().longValue());
            assertThat(function.address(DwAt.LOW_PC)).contains(f.get("DW_AT_low_pc").number().longValueExact());
            assertThat(function.address(DwAt.ENTRY_PC)).contains(f.get("DW_AT_entry_pc").number().longValueExact());

            Die label = child(cu, "form_label");
            assertThat(label.address(DwAt.LOW_PC)).contains(
                    byName.get("form_label").byName().get("DW_AT_low_pc").number().longValueExact());

            // DW_FORM_ref_addr from the compile unit into the partial unit, and the import.
            Die variable = child(cu, "form_constant");
            Die type = variable.reference(DwAt.TYPE).orElseThrow();
            assertThat(type.unit()).isSameAs(pu);
            assertThat(type.sectionOffset()).isEqualTo(byName.get("unsigned __int128").offset());
            assertThat(type.name()).contains("unsigned __int128");
            Die imported = cu.root().children().stream().filter(d -> d.tag() == DwTag.IMPORTED_UNIT)
                    .findFirst().orElseThrow();
            Die target = imported.reference(DwAt.IMPORT).orElseThrow();
            assertThat(target.tag()).isEqualTo(DwTag.PARTIAL_UNIT);
            assertThat(target).isEqualTo(pu.root());
        }
    }

    private static Die child(Unit u, String name) {
        return u.root().children().stream().filter(d -> d.name().filter(name::equals).isPresent()).findFirst()
                .orElseThrow(() -> new AssertionError("no DIE named " + name));
    }
}
