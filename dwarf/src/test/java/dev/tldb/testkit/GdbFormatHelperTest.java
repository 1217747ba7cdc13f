package dev.tldb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * samples/src/gdb-format.h against stock gdb on tricky values (repeat thresholds, escapes,
 * missing terminators, the 200-element limit, char scalars, doubles): format-check prints
 * {@code CHECK expr = value}, gdb runs it to its trap and prints each expr there.
 */
class GdbFormatHelperTest {
    @Test
    void helperFormatsLikeGdb() {
        Path program = Samples.formatCheck();
        ExecResult run = Exec.run(List.of(program.toString()), program.getParent(),
                Duration.ofSeconds(60));
        assertThat(run.exitCode()).as("SIGILL at the trap\n%s", run.describe()).isEqualTo(128 + 4);
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : run.stdout().split("\n")) {
            if (line.startsWith("CHECK ")) {
                int eq = line.indexOf(" = ");
                expected.put(line.substring(6, eq), line.substring(eq + 3));
            }
        }
        assertThat(expected).hasSizeGreaterThan(25);

        List<String> commands = new ArrayList<>();
        commands.add("run > /dev/null");
        for (String expr : expected.keySet()) {
            commands.add("print " + expr);
        }
        GdbResult r = Gdb.stock().batch(commands, program.toString());
        List<String> values = r.values();
        assertThat(values).as(r.describe()).hasSize(expected.size());

        SoftAssertions soft = new SoftAssertions();
        int i = 0;
        for (Map.Entry<String, String> e : expected.entrySet()) {
            soft.assertThat(e.getValue()).as("print %s", e.getKey()).isEqualTo(values.get(i++));
        }
        soft.assertAll();
    }
}
