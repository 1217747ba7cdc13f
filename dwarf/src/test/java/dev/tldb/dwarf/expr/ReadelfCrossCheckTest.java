package dev.tldb.dwarf.expr;

import dev.tldb.dwarf.testing.Tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tldb.dwarf.Encoding;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes the expression blocks of real gcc output and of a hand-assembled unit holding one expression
 * per operation, and checks each renders exactly as binutils' readelf decodes it.
 */
class ReadelfCrossCheckTest {
    /** TLS variables (one static, one extern defined later), locals, and -O2 call sites with entry values. */
    private static final String SOURCE = """
            __thread int x;
            static __thread long y = 5;
            extern __thread int z;
            __thread char buf[64];
            int g;
            struct S { int a; long b; char c[3]; };
            __attribute__((noinline)) void sink(void *p, long n) { __asm__ volatile("" :: "r"(p), "r"(n) : "memory"); }
            static int helper(int v) { volatile int k = v * 3; return k + (int) y; }
            __attribute__((noinline)) long callee(long a, long b) { sink(0, a * b); return a - b; }
            __attribute__((noinline)) int vla(int n, int k) {
              int arr[n];
              for (int i = 0; i < n; i++) arr[i] = i * k;
              sink(arr, n);
              return arr[n / 2];
            }
            int main(int argc, char **argv) {
              long local = argc * 2;
              struct S s = { argc, local, {1, 2, 3} };
              double d = argc * 1.5;
              x += argc; y += local; z += 1; buf[argc] = 1;
              g = helper(s.a) + (int) d + s.c[1];
              long q = callee(argc, g);
              sink(argv, q);
              return x + (int) y + vla(argc, 7) + (int) q;
            }
            __thread int z = 3;
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void tools() {
        Tools.require("gcc");
        Tools.require("readelf");
    }

    private String readelf(String file) throws IOException, InterruptedException {
        return Tools.run(dir, "readelf", "--debug-dump=info", file);
    }

    private void gcc(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(List.of(args));
        Tools.run(dir, cmd.toArray(new String[0]));
    }

    private static Expression decode(ReadelfLocations.Block b) {
        return Expression.decode(b.bytes(), ByteOrder.nativeOrder(), new Encoding(b.version(), b.dwarf64(), b.addressSize()));
    }

    /** Each block whose rendering differs from readelf's, as "readelf | ours". */
    private static List<String> mismatches(ReadelfLocations found) {
        List<String> bad = new ArrayList<>();
        for (ReadelfLocations.Block b : found.blocks()) {
            String expected = ReadelfLocations.normalize(b.decoded());
            String actual = decode(b).toReadelfString(b.unitOffset(), null);
            if (!expected.equals(actual)) {
                bad.add(b.attribute() + " " + HexFormat.ofDelimiter(" ").formatHex(b.bytes()) + ": readelf '"
                        + expected + "' | ours '" + actual + "'");
            }
        }
        return bad;
    }

    @Test
    void gccExpressionsDecodeAsReadelfDecodesThem() throws Exception {
        Files.writeString(dir.resolve("t.c"), SOURCE);
        gcc("-g", "-gdwarf-5", "-O0", "-c", "t.c", "-o", "o0-dwarf5.o");
        gcc("-g", "-gdwarf-4", "-O0", "-c", "t.c", "-o", "o0-dwarf4.o");
        gcc("-g", "-gdwarf-5", "-O2", "-c", "t.c", "-o", "o2-dwarf5.o");
        gcc("-g", "-gdwarf-4", "-O2", "-c", "t.c", "-o", "o2-dwarf4.o");
        int compared = 0;
        List<String> ops = new ArrayList<>();
        for (String file : List.of("o0-dwarf5.o", "o0-dwarf4.o", "o2-dwarf5.o", "o2-dwarf4.o")) {
            ReadelfLocations found = ReadelfLocations.parse(readelf(file));
            assertThat(mismatches(found)).as(file).isEmpty();
            compared += found.blocks().size();
            found.blocks().forEach(b -> ops.add(b.decoded()));
        }
        assertThat(compared).isGreaterThan(40);
        // the producers' TLS forms from TLS-FACTS section 1, and some -O2 operations
        assertThat(ops).anyMatch(s -> s.matches("DW_OP_const8u: \\d+; DW_OP_form_tls_address"));
        assertThat(ops).anyMatch(s -> s.matches("DW_OP_const8u: \\d+; DW_OP_GNU_push_tls_address or DW_OP_HP_unknown"));
        assertThat(ops).anyMatch(s -> s.contains("DW_OP_fbreg"));
        assertThat(ops).anyMatch(s -> s.contains("DW_OP_breg"));
        assertThat(ops).anyMatch(s -> s.contains("DW_OP_call_frame_cfa"));
    }

    @Test
    void gccTlsLocationsEvaluateToThisThreadsAddressOfTheirOffset() throws Exception {
        Files.writeString(dir.resolve("t.c"), SOURCE);
        gcc("-g", "-gdwarf-5", "-O0", "t.c", "-o", "t5");
        gcc("-g", "-gdwarf-4", "-O0", "t.c", "-o", "t4");
        Pattern tls = Pattern.compile("^DW_OP_const(?:8u|4u): (\\d+); (DW_OP_form_tls_address|DW_OP_GNU_push_tls_address.*)$");
        for (String exe : List.of("t5", "t4")) {
            List<Long> offsets = new ArrayList<>();
            for (ReadelfLocations.Block b : ReadelfLocations.parse(readelf(exe)).blocks()) {
                Matcher m = tls.matcher(b.decoded());
                if (!m.matches()) {
                    continue;
                }
                assertThat(m.group(2)).as(exe).startsWith(b.version() >= 5 ? "DW_OP_form_tls_address"
                        : "DW_OP_GNU_push_tls_address");
                long offset = Long.parseLong(m.group(1));
                long block = 0x7f00_dead_0000L;
                List<Long> asked = new ArrayList<>();
                Location where = Evaluator.evaluate(decode(b), new EvaluationCallbacks() {
                    @Override
                    public long tlsAddress(long off) {
                        asked.add(off);
                        return block + off;
                    }
                });
                assertThat(asked).containsExactly(offset);
                assertThat(where).isEqualTo(new Location.Address(block + offset));
                offsets.add(offset);
            }
            // x, y, z and buf; linked, their offsets in the module's block differ
            assertThat(offsets).as(exe).hasSize(4).doesNotHaveDuplicates();
        }
    }

    /** One expression per operation, in the second unit of a hand-made .debug_info (so unit offsets show). */
    private static final List<String> EVERY_OPERATION = List.of(
            "03 10 32 54 76 98 ba dc fe", "06", "08 ff", "09 ff", "0a ff ff", "0b fe ff", "0c ff ff ff ff",
            "0d fe ff ff ff", "0e ff ff ff ff ff ff ff ff", "0f fe ff ff ff ff ff ff ff", "10 e5 8e 26", "11 7f",
            "11 80 7f", "12", "13", "14", "15 03", "16", "17", "18", "19", "1a", "1b", "1c", "1d", "1e", "1f", "20",
            "21", "22", "23 90 01", "24", "25", "26", "27", "28 fd ff", "29", "2a", "2b", "2c", "2d", "2e",
            "2f 03 00", "30", "3f", "4f", "50", "55", "6f", "70 78", "77 08", "8f 10", "90 21", "91 7c",
            "91 bc 7f", "92 07 10", "93 04", "94 04", "95 02", "96", "97", "98 34 12", "99 78 56 34 12",
            "9a 11 22 33 44", "9b", "9c", "9d 03 05", "9e 04 01 02 03 04", "9f", "a0 11 22 00 00 08",
            "a3 01 55", "a3 02 76 00", "a4 2a 04 00 00 80 3f", "a5 11 2a", "a6 04 2a", "a8 2a", "a8 00", "a9 2a",
            "e0", "f0", "f1 00 11 22 33 44 55 66 77 88", "f2 11 22 00 00 7c", "f3 02 76 00", "f4 2a 02 01 02",
            "f5 11 2a", "f6 04 2a", "f7 2a", "f9 2a", "fa 44 33 22 11", "fb 07", "fc 08", "fd 11 22 00 00",
            "0e 08 00 00 00 00 00 00 00 9b", "0e 10 00 00 00 00 00 00 00 e0", "0c 20 00 00 00 e0",
            "50 93 04 51 93 04", "30 9f 93 04 9e 02 aa bb 93 02", "73 03 08 20 24 08 20 26 9f",
            "30 31 28 01 00 32 9f");

    @Test
    void everyOperationDecodesAsReadelfDecodesIt() throws Exception {
        StringBuilder s = new StringBuilder();
        s.append("\t.section .debug_abbrev,\"\",@progbits\n");
        s.append("\t.uleb128 1\n\t.uleb128 0x11\n\t.byte 1\n\t.uleb128 0x13\n\t.uleb128 0xb\n\t.uleb128 0\n\t.uleb128 0\n");
        s.append("\t.uleb128 2\n\t.uleb128 0x34\n\t.byte 0\n\t.uleb128 0x2\n\t.uleb128 0x18\n\t.uleb128 0\n\t.uleb128 0\n");
        s.append("\t.byte 0\n");
        s.append("\t.section .debug_info,\"\",@progbits\n");
        for (int unit = 0; unit < 2; unit++) {
            s.append("\t.long .Lend").append(unit).append(" - .Lstart").append(unit).append('\n');
            s.append(".Lstart").append(unit).append(":\n\t.value 5\n\t.byte 1\n\t.byte 8\n\t.long .debug_abbrev\n");
            s.append("\t.uleb128 1\n\t.byte 0xc\n");
            if (unit == 1) {
                for (String e : EVERY_OPERATION) {
                    String[] bytes = e.split(" ");
                    s.append("\t.uleb128 2\n\t.uleb128 ").append(bytes.length).append("\n\t.byte 0x")
                            .append(String.join(",0x", bytes)).append('\n');
                }
            }
            s.append("\t.byte 0\n.Lend").append(unit).append(":\n");
        }
        Files.writeString(dir.resolve("ops.s"), s.toString());
        gcc("-c", "ops.s", "-o", "ops.o");
        ReadelfLocations found = ReadelfLocations.parse(readelf("ops.o"));
        assertThat(found.blocks()).hasSize(EVERY_OPERATION.size());
        assertThat(found.blocks()).allMatch(b -> b.unitOffset() > 0);
        assertThat(mismatches(found)).isEmpty();
    }
}
