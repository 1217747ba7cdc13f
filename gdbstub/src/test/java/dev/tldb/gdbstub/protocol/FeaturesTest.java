package dev.tldb.gdbstub.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeaturesTest {
    @Test
    void parsesWhatGdb13Offers() {
        Features f = Features.parse("multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vfork-events+;"
                + "exec-events+;vContSupported+;QThreadEvents+;no-resumed+;memory-tagging+;xmlRegisters=i386");
        assertThat(f.supports("multiprocess")).isTrue();
        assertThat(f.supports("error-message")).isFalse();
        assertThat(f.value("xmlRegisters")).contains("i386");
        assertThat(f.items()).hasSize(12);
    }

    @Test
    void toleratesSloppyLists() {
        Features f = Features.parse(";a-;;b?;c;d=");
        assertThat(f.items()).containsEntry("a", "-").containsEntry("b", "?").containsEntry("c", "?").containsEntry("d", "=");
        assertThat(f.value("d")).contains("");
        assertThat(f.supports("a")).isFalse();
    }
}
