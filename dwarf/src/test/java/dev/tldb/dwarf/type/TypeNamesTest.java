package dev.tldb.dwarf.type;

import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DwTag;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.testing.Dies;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/** Type names, ptype bodies, sizes and member layouts, with gdb's own output as the reference. */
class TypeNamesTest {
    private static final List<String> VARIABLES = List.of("v_int", "v_uint", "v_ulong", "v_ll", "v_ull", "v_short",
            "v_ushort", "v_schar", "v_uchar", "v_char", "v_bool", "v_float", "v_double", "v_ldouble", "v_i128",
            "v_u128", "v_str", "v_cptr", "v_cv", "v_vul", "v_intp", "v_intpp", "v_voidp", "v_cvoidp", "v_buf",
            "v_matrix", "v_strings", "v_row", "v_fp", "v_vfp", "v_varfp", "v_retp", "v_fparr", "v_pair", "v_node",
            "v_value", "v_color", "v_neg", "v_td", "v_binop", "v_flex", "v_cpp", "v_nested", "v_tdp", "v_size",
            "v_zero", "v_atomic", "v_restrict", "v_anon", "v_2d", "v_pairs");
    private static final List<String> FUNCTIONS = List.of("f_add", "f_void", "f_var", "f_knr", "main");
    private static final Pattern OFFSET_LINE =
            Pattern.compile("^/\\*\\s+(\\d+)(?::\\s*(\\d+))?\\s+\\|\\s+(\\d+) \\*/\\s+(.*);$");

    private static final Pattern OPEN_LINE =
            Pattern.compile("^/\\*\\s+(\\d+)\\s+\\|\\s+\\d+ \\*/\\s+.*\\{$");

    @TempDir
    Path dir;

    /** Runs gdb once: for each name, whatis, ptype and sizeof, split by markers. */
    private Map<String, String> gdb(Path bin, List<String> names) {
        List<String> cmd = new ArrayList<>(List.of("gdb", "-nx", "-batch"));
        for (String n : names) {
            for (String what : List.of("whatis", "ptype", "sizeof")) {
                cmd.add("-ex");
                cmd.add("echo @@" + what + " " + n + "\\n");
                cmd.add("-ex");
                cmd.add(what.equals("sizeof") ? "print sizeof(" + n + ")" : what + " " + n);
            }
        }
        for (String s : List.of("node", "nested")) {
            cmd.add("-ex");
            cmd.add("echo @@offsets " + s + "\\n");
            cmd.add("-ex");
            cmd.add("ptype /o struct " + s);
        }
        cmd.add(bin.toString());
        String out = Tools.run(dir, cmd.toArray(new String[0]));
        Map<String, String> blocks = new LinkedHashMap<>();
        String key = null;
        StringBuilder b = new StringBuilder();
        for (String line : out.lines().toList()) {
            if (line.startsWith("@@")) {
                if (key != null) {
                    blocks.put(key, b.toString().strip());
                }
                key = line.substring(2);
                b.setLength(0);
            } else {
                b.append(line).append('\n');
            }
        }
        blocks.put(key, b.toString().strip());
        return blocks;
    }

    private static String type(String gdbOutput) {
        assertThat(gdbOutput).startsWith("type = ");
        return gdbOutput.substring("type = ".length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-5", "-gdwarf-4", "-gdwarf-2", "-gdwarf-4 -fdebug-types-section", "-gsplit-dwarf",
            "-gdwarf-4 -gsplit-dwarf -fdebug-types-section"})
    // Not "-gdwarf-5 -gsplit-dwarf -fdebug-types-section": gdb 13 cannot read that .dwo ("wrong version in
    // compilation unit header"), so there is no reference to compare with.
    void namesPtypesAndSizesMatchGdb(String flags) {
        List<String> args = new ArrayList<>(List.of("-g", "-w"));
        args.addAll(List.of(flags.split(" ")));
        Path bin = Tools.gcc(dir, "types", Tools.resource("types.c"), "types", args.toArray(new String[0]));
        List<String> all = new ArrayList<>(VARIABLES);
        all.addAll(FUNCTIONS);
        Map<String, String> gdb = gdb(bin, all);
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            Types types = Types.of(dwarf);
            assertSoftly(soft -> {
                for (String name : all) {
                    Type t = types.typeOf(Dies.global(dwarf, name));
                    soft.assertThat(types.names().name(t)).as("whatis " + name)
                            .isEqualTo(type(gdb.get("whatis " + name)));
                    soft.assertThat(types.names().ptype(t)).as("ptype " + name)
                            .isEqualTo(type(gdb.get("ptype " + name)));
                    String size = gdb.get("sizeof " + name).replaceFirst("^\\$\\d+ = ", "");
                    soft.assertThat(types.sizeOf(t).orElse(-1)).as("sizeof " + name).isEqualTo(Long.parseLong(size));
                }
                for (String s : List.of("node", "nested")) {
                    StructType st = (StructType) types.type(Dies.type(dwarf, DwTag.STRUCTURE_TYPE, s));
                    Map<String, String> expected = offsets(gdb.get("offsets " + s));
                    for (Member m : st.members()) {
                        long bits = m.bitOffset().orElse(m.byteOffset().orElseThrow() * 8);
                        String ours = (bits / 8) + (m.isBitfield() ? ":" + (bits % 8) : "");
                        soft.assertThat(ours).as("offset of " + s + "." + m.name().orElse("?"))
                                .isEqualTo(expected.get(m.name().orElseThrow()));
                    }
                }
            });
        }
    }

    /** member name -> "byte" or "byte:bit" from gdb's {@code ptype /o}, nested bodies included. */
    private static Map<String, String> offsets(String ptypeO) {
        Map<String, String> out = new LinkedHashMap<>();
        java.util.Deque<String> open = new java.util.ArrayDeque<>();
        for (String raw : ptypeO.lines().toList()) {
            String line = raw.strip();
            Matcher m = OFFSET_LINE.matcher(line);
            Matcher body = OPEN_LINE.matcher(line);
            if (m.matches()) {
                String decl = m.group(4).replaceFirst(" : \\d+$", "").replaceFirst("\\[\\d*\\]$", "");
                String name = decl.substring(decl.lastIndexOf(' ') + 1).replaceAll("^\\**", "");
                out.putIfAbsent(name, m.group(1) + (m.group(2) != null ? ":" + m.group(2) : ""));
            } else if (body.matches()) {
                open.push(body.group(1));
            } else if (line.matches("^\\} \\w+;$") && !open.isEmpty()) {
                out.putIfAbsent(line.substring(2, line.length() - 1), open.pop());
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}
