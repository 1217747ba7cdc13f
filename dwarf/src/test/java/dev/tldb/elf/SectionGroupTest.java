package dev.tldb.elf;

import dev.tldb.dwarf.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SHT_GROUP sections ({@link ElfFile#groups()}) as {@code readelf -g} lists them: the group
 * section's index, its signature symbol, whether it is a COMDAT group, and its members (index and
 * name), on C++ objects (templates, inline functions, vtables), a {@code -fdebug-types-section}
 * object (one group per type unit) and an assembled object with a plain, non-COMDAT group.
 */
class SectionGroupTest {
    @TempDir
    Path dir;

    /** A group as both sides describe it: members are "index name". */
    record Group(int index, String signature, boolean comdat, List<String> members) { }

    private static final Pattern HEADER = Pattern.compile(
            "^(COMDAT )?group section \\[\\s*(\\d+)] `[^']*' \\[(.*)] contains (\\d+) sections:$");
    private static final Pattern MEMBER = Pattern.compile("^\\s*\\[\\s*(\\d+)]\\s+(\\S+)\\s*$");

    static List<Group> readelfGroups(Path obj) {
        List<Group> out = new ArrayList<>();
        List<String> members = null;
        for (String line : Tools.run(obj.getParent(), "readelf", "-gW", obj.toString()).split("\n")) {
            Matcher h = HEADER.matcher(line.trim());
            if (h.matches()) {
                members = new ArrayList<>();
                out.add(new Group(Integer.parseInt(h.group(2)), h.group(3), h.group(1) != null, members));
                continue;
            }
            Matcher m = MEMBER.matcher(line);
            if (members != null && m.matches()) {
                members.add(Integer.parseInt(m.group(1)) + " " + m.group(2));
            }
        }
        return out;
    }

    static List<Group> tldbGroups(Path obj) {
        try (ElfFile elf = ElfFile.open(obj)) {
            List<Group> out = new ArrayList<>();
            for (SectionGroup g : elf.groups()) {
                assertThat(g.section().type()).isEqualTo(Elf.SHT_GROUP);
                List<String> members = new ArrayList<>();
                for (int i : g.members()) {
                    Section s = elf.section(i).orElseThrow();
                    assertThat(s.inGroup()).as(s.name() + " has SHF_GROUP").isTrue();
                    members.add(i + " " + s.name());
                }
                out.add(new Group(g.section().index(), g.signature(), g.comdat(), members));
            }
            // COMDAT groups repeat section names: sections(name) must see every copy.
            assertThat(elf.sections(".group")).hasSize(out.size());
            return out;
        }
    }

    private void assertSame(Path obj, int atLeast) {
        List<Group> expected = readelfGroups(obj);
        assertThat(expected).as("groups readelf lists in " + obj.getFileName()).hasSizeGreaterThanOrEqualTo(atLeast);
        assertThat(tldbGroups(obj)).isEqualTo(expected);
    }

    @Test
    void cxxComdatGroups() throws IOException {
        Files.writeString(dir.resolve("groups.cc"), """
                template <typename T> T twice(T x) { return x + x; }
                inline int answer() { static int n = 42; return n; }
                struct Shape { virtual ~Shape() {} virtual int sides() { return 0; } };
                struct Square : Shape { int sides() override { return 4; } };
                int use() { Square s; Shape *p = &s; return twice(3) + (int) twice(2.0) + answer() + p->sides(); }
                """);
        Tools.run(dir, "g++", "-g", "-c", "groups.cc", "-o", "groups.o");
        assertSame(dir.resolve("groups.o"), 5);
        assertThat(readelfGroups(dir.resolve("groups.o"))).anyMatch(g -> g.members().size() > 1);
    }

    @Test
    void debugTypesSectionGroups() throws IOException {
        Files.writeString(dir.resolve("types.c"), """
                struct point { int x, y; };
                struct line { struct point a, b; };
                struct line l;
                """);
        Tools.run(dir, "gcc", "-gdwarf-4", "-fdebug-types-section", "-c", "types.c", "-o", "types.o");
        assertSame(dir.resolve("types.o"), 2);
        assertThat(readelfGroups(dir.resolve("types.o"))).allMatch(g -> g.members().stream()
                .anyMatch(m -> m.endsWith(" .debug_types")));
    }

    @Test
    void plainAndComdatGroupsFromTheAssembler() throws IOException {
        Files.writeString(dir.resolve("groups.s"), """
                        .section .text.plain,"axG",@progbits,plain_group
                        .globl plain_group
                plain_group: ret
                        .section .data.plain,"awG",@progbits,plain_group
                        .long 1
                        .section .text.once,"axG",@progbits,once_group,comdat
                        .globl once_group
                once_group: ret
                """);
        Tools.run(dir, "as", "groups.s", "-o", "groups.o");
        List<Group> expected = readelfGroups(dir.resolve("groups.o"));
        assertThat(expected).extracting(Group::comdat).containsExactly(false, true);
        assertSame(dir.resolve("groups.o"), 2);
    }
}
