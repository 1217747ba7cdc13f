package dev.tldb.repl;

import dev.tldb.error.TldbException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SplitterTest {
    @Test
    void formatsAttachedToTheCommandBecomeTheirOwnWord() {
        assertThat(Splitter.split("print/x tls_counter")).containsExactly("print", "/x", "tls_counter");
        assertThat(Splitter.split("x/4xw &tls_counter")).containsExactly("x", "/4xw", "&tls_counter");
        assertThat(Splitter.split("  p   a + b ")).containsExactly("p", "a", "+", "b");
    }

    @Test
    void literalsStayWholeWithTheirBlanksAndEscapes() {
        assertThat(Splitter.split("p tls_name == \"a  b\\\" c\"")).containsExactly("p", "tls_name", "==", "\"a  b\\\" c\"");
        assertThat(Splitter.split("p ' '")).containsExactly("p", "' '");
        assertThatThrownBy(() -> Splitter.split("p \"open")).isInstanceOf(TldbException.class)
                .hasMessage("Unmatched double quote.");
    }

    @Test
    void restKeepsTheTextAsTyped() {
        assertThat(Splitter.rest("expect thread 3 print x ==  \"a  b\"", 1)).isEqualTo("thread 3 print x ==  \"a  b\"");
        assertThat(Splitter.rest("expect \"a b\" c", 2)).isEqualTo("c");
        assertThat(Splitter.rest("echo", 1)).isEmpty();
    }
}
