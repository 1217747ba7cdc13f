package dev.tldb.gdbstub.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThreadIdTest {

    @ParameterizedTest
    @CsvSource({
            "p1547.1547, 5447, 5447",
            "p0.0,       0,    0",
            "p-1.-1,     -1,   -1",
            "p1f,        31,   -1",     // pPID alone: all threads of the process
            "p1f.-1,     31,   -1",
            "2a,         0,    42",     // bare tid: the process is left open (ANY)
            "-1,         0,    -1",
            "0,          0,    0",
            "pAB.CD,     171,  205",    // either case
            "p00000001.0000002a, 1, 42" // leading zeros
    })
    void parsesEveryForm(String text, long pid, long tid) {
        assertThat(ThreadId.parse(text)).isEqualTo(ThreadId.of(pid, tid));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "p", "p.1", "p1.", "x", "p1.2x", "p1.2.3", "--1", "p-2.1", "10000000000000000", "8000000000000000"})
    void rejectsMalformedIds(String text) {
        assertThatThrownBy(() -> ThreadId.parse(text)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void formatsForTheNegotiatedMode() {
        assertThat(ThreadId.of(0x1547, 0x154d).format(true)).isEqualTo("p1547.154d");
        assertThat(ThreadId.of(0x1547, 0x154d).format(false)).isEqualTo("154d");
        assertThat(ThreadId.ALL_THREADS.format(true)).isEqualTo("p-1.-1");
        assertThat(ThreadId.ALL_THREADS.format(false)).isEqualTo("-1");
        assertThat(ThreadId.ANY_THREAD.format(true)).isEqualTo("p0.0");
    }

    @Test
    void classifiesWildcards() {
        assertThat(ThreadId.parse("p1.-1").isAllThreads()).isTrue();
        assertThat(ThreadId.parse("p0.0").isAnyThread()).isTrue();
        assertThat(ThreadId.parse("p1.2").isSpecific()).isTrue();
        assertThat(ThreadId.parse("2").isSpecific()).isTrue();
        assertThat(ThreadId.parse("p-1.2").isSpecific()).isFalse();
    }
}
