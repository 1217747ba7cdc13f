package dev.tldb.repl.script;

import dev.tldb.error.TldbException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpectationTest {
    @Test
    void theLastOperatorOutsideQuotesSplitsCommandFromExpectedValue() {
        Expectation e = Expectation.parse("print a == b == 1");
        assertThat(e.command()).isEqualTo("print a == b");
        assertThat(e.op()).contains("==");
        assertThat(e.expected()).isEqualTo("1");
        Expectation s = Expectation.parse("thread 3 print tls_name == \"x == y\", '\\000' <repeats 11 times>");
        assertThat(s.threads()).contains("3");
        assertThat(s.command()).isEqualTo("print tls_name");
        assertThat(s.expected()).isEqualTo("\"x == y\", '\\000' <repeats 11 times>");
    }

    @Test
    void errorsThreadListsAndRegularExpressions() {
        Expectation e = Expectation.parse("error all-threads print plugin_tls =~ not yet allocated");
        assertThat(e.error()).isTrue();
        assertThat(e.threads()).contains("all");
        assertThat(e.holds("No symbol \"plugin_tls\" in current context.")).isFalse();
        assertThat(e.holds("... not yet allocated ...")).isTrue();
        Expectation bare = Expectation.parse("error print nothing");
        assertThat(bare.op()).isEmpty();
        assertThat(Expectation.parse("thread 1,3-4 p x != 0").threads()).isEqualTo(Optional.of("1,3-4"));
        assertThat(Expectation.parse("p x != 0").holds("1")).isTrue();
        assertThat(Expectation.parse("p x != 0").holds("0")).isFalse();
    }

    @Test
    void malformedChecksAreOneLineErrors() {
        assertThatThrownBy(() -> Expectation.parse("print x")).isInstanceOf(TldbException.class);
        assertThatThrownBy(() -> Expectation.parse("thread print x == 1")).isInstanceOf(TldbException.class);
        assertThatThrownBy(() -> Expectation.parse("print x =~ [")).isInstanceOf(TldbException.class)
                .hasMessageStartingWith("expect: bad regular expression");
        assertThatThrownBy(() -> Expectation.parse("error print x == 1")).isInstanceOf(TldbException.class);
    }
}
