package dev.tldb.repl;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.Gdb;
import dev.tldb.testkit.GdbResult;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code print} expressions beyond a variable's name, checked against stock gdb on the same core:
 * {@code ->} on a pointer to a struct, {@code [i]} on arrays and pointers, casts to named types
 * (scalars, {@code enum tls_color}, {@code struct tls_pair *} dereferenced and followed), the
 * {@code /d} and {@code /c} formats on every kind of TLS variable of samples/src/tls-sample.c
 * (int, long, double, char array, struct, enum, pointer), and {@code info symbol} on addresses
 * the program's TLS points to. Run in two threads, so each thread's own TLS block is read; tldb
 * must print exactly the text gdb prints (history numbers aside).
 */
class ExpressionsMatchGdbTest {
    private static final String MARK = "@@next@@";

    /** Per thread: evaluated after {@code thread N}. */
    private static final List<String> EXPRESSIONS = List.of(
            // ->
            "p (&tls_pair)->a", "p (&tls_pair)->b", "p ((struct tls_pair *)&tls_pair)->a", "p &(&tls_pair)->b",
            // [i]
            "p tls_name[0]", "p tls_name[7]", "p tls_ptr[0]", "p tls_ptr[1]", "p tls_ptr[-1]", "p plugin_buf[7]",
            "p global_array[3]", "p &tls_name[2]", "p *(tls_name + 2)", "p tls_name + 1",
            // casts to named types
            "p (long)tls_int", "p (char)tls_int", "p (unsigned char)tls_int", "p (int)tls_flag",
            "p (long)tls_double", "p (double)tls_int", "p (unsigned long)tls_long", "p (short)tls_long",
            "p (unsigned short)tls_long", "p (char)tls_aligned", "p (long)tls_pair.b", "p (int)tls_color",
            "p (enum tls_color)1", "p (enum tls_color)tls_int", "p (struct tls_pair *)&tls_pair",
            "p *(struct tls_pair *)&tls_pair", "p (*(struct tls_pair *)&tls_pair).b", "p *(int *)&tls_pair",
            "p (long *)tls_ptr", "p (void *)tls_ptr", "p (char *)tls_name",
            // /d and /c on every kind of value
            "p/d tls_int", "p/d tls_long", "p/d tls_flag", "p/d tls_color", "p/d tls_double", "p/d tls_pair",
            "p/d tls_name", "p/d plugin_buf", "p/d lib_tbss", "p/d tls_ptr", "p/d (char)tls_int",
            "p/c tls_int", "p/c tls_flag", "p/c lib_tls", "p/c plugin_tls", "p/c tls_pair", "p/c tls_pair.a",
            "p/c tls_name", "p/c tls_name[0]", "p/c 65",
            // info symbol: data, code, in the program and in the dlopen'ed plugin, and nothing
            "info symbol tls_ptr", "info symbol (long)tls_ptr + 1", "info symbol &global_array[7]",
            "info symbol main", "info symbol plugin_touch", "info symbol 0x1", "info symbol &tls_int");

    /** Thread 1 is main (index 0); thread 3 a worker that touched the plugin (samples/README.md). */
    private static final List<String> THREADS = List.of("1", "3");

    private static List<String> commands() {
        List<String> out = new ArrayList<>();
        for (String thread : THREADS) {
            out.add("echo " + MARK + "\\n");
            out.add("thread " + thread);
            for (String e : EXPRESSIONS) {
                out.add("echo " + MARK + "\\n");
                out.add(e);
            }
        }
        return out;
    }

    /** Each command's output, in order: what follows each marker line. */
    private static List<String> split(String out) {
        int n = THREADS.size() * (EXPRESSIONS.size() + 1);
        List<String> parts = new ArrayList<>(List.of(out.split(MARK + "\n", -1)));
        assertThat(parts).as(out).hasSize(n + 1);
        return parts.subList(1, parts.size());
    }

    @Test
    void expressionsPrintWhatStockGdbPrints() {
        SampleCore core = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        List<String> commands = commands();
        GdbResult gdb = Gdb.stock().batch(commands, core.variant().executable(), core.core());
        List<String> want = split(gdb.stdout().substring(gdb.stdout().indexOf(MARK)));

        Run tldb = Run.batch(List.of("--core", core.core().toString(), "--file", core.variant().executable().toString()),
                commands.toArray(new String[0]));
        assertThat(tldb.exit()).as(tldb.describe()).isZero();
        List<String> got = split(tldb.out().substring(tldb.out().indexOf(MARK)));

        SoftAssertions soft = new SoftAssertions();
        int k = 0;
        for (String thread : THREADS) {
            // The switch: same thread (gdb names libc's frame from its separate debug file, tldb does not).
            String wantSwitch = want.get(k).lines().findFirst().orElse("");
            assertThat(wantSwitch).as("gdb's thread %s", thread).startsWith("[Switching to thread " + thread + " ");
            soft.assertThat(got.get(k).lines().findFirst().orElse("")).as("thread " + thread).isEqualTo(wantSwitch);
            k++;
            for (String cmd : EXPRESSIONS) {
                String expected = want.get(k).replaceAll("\\$\\d+ = ", "\\$N = ");
                String actual = got.get(k).replaceAll("\\$\\d+ = ", "\\$N = ");
                assertThat(expected).as("gdb printed nothing for `%s' in thread %s (an error?)\n%s", cmd, thread,
                        gdb.stderr()).isNotBlank();
                soft.assertThat(actual).as("`%s' in thread %s", cmd, thread).isEqualTo(expected);
                k++;
            }
        }
        soft.assertAll();
    }
}
