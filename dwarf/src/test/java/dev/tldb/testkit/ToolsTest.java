package dev.tldb.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ToolsTest {
    private static final String MISSING = "tldb-testkit-no-such-tool";

    @Test
    void missingToolSkipsOutsideCi() {
        assertThatThrownBy(() -> Tools.require(MISSING, "apt-get install nothing", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(MISSING)
                .hasMessageContaining("apt-get install nothing");
    }

    @Test
    void missingToolFailsUnderCi() {
        assertThatThrownBy(() -> Tools.require(MISSING, "apt-get install nothing", true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CI=true")
                .hasMessageContaining("apt-get install nothing");
    }

    @Test
    void presentToolPassesEvenUnderCi() {
        assertThatCode(() -> Tools.require("sh", "apt-get install dash", true))
                .doesNotThrowAnyException();
        assertThat(Tools.find("sh")).isPresent();
    }
}
