package dev.tldb.repl;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.Gdb;
import dev.tldb.testkit.GdbResult;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Output in gdb's layout, checked against stock gdb on the same core: the same commands run in
 * both, and where gdb has the command tldb prints the same lines ({@code x} in every format,
 * with symbol labels; {@code info registers} of one register; the address and path columns of
 * {@code info sharedlibrary}).
 */
class GdbConventionsTest {
    private static final String MARK = "@@next@@";
    private static final List<String> SAME = List.of(
            "x/4xw &tls_int", "x/8xb tls_name", "x/2xg &tls_long", "x/3dw &tls_int", "x/2uh &tls_int",
            "x/2ow &tls_int", "x/2tb &tls_flag", "x/3cb tls_name", "x/s tls_name", "x/2zw &tls_int",
            "x/2ag &tls_ptr", "x/3xw &global_array", "x/2dg &tls_long", "x/2fg &tls_double",
            "info registers rip", "info registers eflags", "output tls_int", "p/x tls_int", "p/c tls_flag",
            "p/t tls_flag", "ptype tls_pair", "whatis tls_name", "info address tls_int");

    /** Runs the commands with a marker line between their outputs; returns each command's output. */
    private static List<String> split(String out, int n) {
        List<String> parts = new ArrayList<>(List.of(out.split(MARK + "\n", -1)));
        assertThat(parts).as(out).hasSize(n + 1);
        return parts.subList(1, parts.size());
    }

    private static List<String> commands(List<String> cmds) {
        List<String> out = new ArrayList<>();
        for (String c : cmds) {
            out.add("echo " + MARK + "\\n");
            out.add(c);
        }
        return out;
    }

    @Test
    void examineRegistersAndTypesPrintAsGdbPrintsThem() {
        SampleCore core = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        GdbResult gdb = Gdb.stock().batch(commands(SAME), core.variant().executable(), core.core());
        List<String> want = split(gdb.stdout().substring(gdb.stdout().indexOf(MARK)), SAME.size());

        Run tldb = Run.batch(List.of("--core", core.core().toString(), "--file", core.variant().executable().toString()),
                commands(SAME).toArray(new String[0]));
        assertThat(tldb.exit()).as(tldb.describe()).isZero();
        List<String> got = split(tldb.out().substring(tldb.out().indexOf(MARK)), SAME.size());
        for (int i = 0; i < SAME.size(); i++) {
            String cmd = SAME.get(i);
            String expected = want.get(i).replaceAll("\\$\\d+ = ", "\\$N = ");
            String actual = got.get(i).replaceAll("\\$\\d+ = ", "\\$N = ");
            if (cmd.startsWith("info address")) {
                // gdb names the file as it was given; tldb gives the absolute path.
                expected = expected.replaceAll("`.*/", "`");
                actual = actual.replaceAll("`.*/", "`");
            }
            assertThat(actual).as(cmd + "\n--- gdb said ---\n" + want.get(i)).isEqualTo(expected);
        }
    }

    @Test
    void sharedLibrariesInGdbsColumns() {
        SampleCore core = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        GdbResult gdb = Gdb.stock().batch(List.of("info sharedlibrary"), core.variant().executable(), core.core());
        Run tldb = Run.batch(List.of("--core", core.core().toString(), "--file", core.variant().executable().toString()),
                "info sharedlibrary");
        assertThat(tldb.exit()).as(tldb.describe()).isZero();
        List<String> want = rows(gdb.stdout()), got = rows(tldb.out());
        assertThat(got).as(tldb.out() + "\n--- gdb ---\n" + gdb.stdout()).containsExactlyInAnyOrderElementsOf(want);
        assertThat(tldb.outLines().get(0)).isEqualTo("From                To                  Syms Read   Shared Object Library");
    }

    /** From, To and path of each row (Syms Read differs: gdb finds libc's separate debug file, tldb does not read those). */
    private static List<String> rows(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.lines().toList()) {
            if (l.startsWith("0x")) {
                out.add(l.substring(0, 38) + " " + l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return out;
    }
}
