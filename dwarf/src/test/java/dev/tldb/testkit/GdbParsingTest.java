package dev.tldb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class GdbParsingTest {
    @Test
    void parsesInfoThreadsWithAndWithoutThreadDb() {
        String text = """
                  Id   Target Id                                     Frame\s
                * 1    Thread 0x7ffff7dcd800 (LWP 6117) "tls-sample" main () at /x/tls-sample.c:353
                  2    Thread 0x7ffff7dcc6c0 (LWP 6120) "tls-sample" 0x00007ffff7ea3df2 in __libc_pause () at pause.c:29
                  3    LWP 8558          0x0000005502968a1c in ?? ()
                """;
        List<GdbThread> threads = Gdb.parseThreads(text);

        assertThat(threads).containsExactly(
                new GdbThread(1, 6117, true, "main () at /x/tls-sample.c:353"),
                new GdbThread(2, 6120, false, "0x00007ffff7ea3df2 in __libc_pause () at pause.c:29"),
                new GdbThread(3, 8558, false, "0x0000005502968a1c in ?? ()"));
    }

    @Test
    void extractsValueHistoryLines() {
        GdbResult r = new GdbResult(0, "[Switching to thread 2]\n$1 = 101\n$2 = {a = 1, b = 2.5}\n", "");

        assertThat(r.values()).containsExactly("101", "{a = 1, b = 2.5}");
        assertThat(r.value(2)).contains("{a = 1, b = 2.5}");
        assertThat(r.value(3)).isEmpty();
    }
}
