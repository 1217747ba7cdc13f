package dev.tldb.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProgramOutputTest {
    private static final String TWO_THREADS = """
            THREAD 1 5858
            TLS 5858 tls_int = 101
            TLS 5858 tls_pair = {a = 21, b = 1.1000000000000001}
            TLS 5858 tls_name = "thread-1", '\\000' <repeats 23 times>
            UNTOUCHED 5858 plugin_tls
            ADDR 5858 tls_int 0x7f85d5af8600
            THREAD 0 5857
            TLS 5857 tls_int = 100
            TLS 5857 plugin_tls = 7700
            ADDR 5857 tls_int 0x7f85d5af9740
            ADDR 5857 plugin_tls 0x555fead5c6c0
            READY
            """;

    @Test
    void parsesThreadsValuesAddressesAndUntouched() {
        ProgramOutput out = ProgramOutput.parse(TWO_THREADS);

        assertThat(out.ready()).isTrue();
        assertThat(out.threads()).extracting(ThreadReport::index).containsExactly(1, 0);
        assertThat(out.lwps()).containsExactly(5857L, 5858L);
        assertThat(out.main().lwp()).isEqualTo(5857);
        assertThat(out.value(5858, "tls_pair")).contains("{a = 21, b = 1.1000000000000001}");
        assertThat(out.value(5858, "tls_name")).contains("\"thread-1\", '\\000' <repeats 23 times>");
        assertThat(out.address(5858, "tls_int")).contains(0x7f85d5af8600L);
        assertThat(out.isUntouched(5858, "plugin_tls")).isTrue();
        assertThat(out.isUntouched(5857, "plugin_tls")).isFalse();
        assertThat(out.value(5857, "plugin_tls")).contains("7700");
        assertThat(out.expressions()).containsExactly("tls_int", "tls_pair", "tls_name", "plugin_tls");
    }

    @Test
    void withoutReadyTheOutputIsIncomplete() {
        assertThat(ProgramOutput.parse("THREAD 0 1\nTLS 1 tls_int = 100\n").ready()).isFalse();
    }

    @Test
    void rejectsLinesForAnotherThreadThanTheOpenBlock() {
        assertThatThrownBy(() -> ProgramOutput.parse("THREAD 0 1\nTLS 2 tls_int = 100\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void rejectsUnknownLinesDuplicatesAndTrailingOutput() {
        assertThatThrownBy(() -> ProgramOutput.parse("THREAD 0 1\nhello\n"))
                .hasMessageContaining("not a sample output line");
        assertThatThrownBy(() -> ProgramOutput.parse("THREAD 0 1\nTLS 1 a = 1\nTLS 1 a = 2\n"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> ProgramOutput.parse("THREAD 0 1\nTHREAD 0 2\n"))
                .hasMessageContaining("repeated");
        assertThatThrownBy(() -> ProgramOutput.parse("READY\nTHREAD 0 1\n"))
                .hasMessageContaining("after READY");
        assertThatThrownBy(() -> ProgramOutput.parse("TLS 1 a = 1\n"))
                .hasMessageContaining("before any THREAD");
    }
}
