package dev.tldb.repl;

import dev.tldb.testkit.Exec;
import dev.tldb.testkit.ExecResult;
import dev.tldb.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tldb completion bash|zsh} prints picocli's generated script; bash itself, given the
 * script, completes tldb's subcommands and options.
 */
class CompletionScriptTest {
    @Test
    void bashCompletesSubcommandsAndOptions(@TempDir Path tmp) throws Exception {
        Tools.require("bash", "apt-get install bash");
        Run r = Run.of("completion", "bash");
        assertThat(r.exit()).isZero();
        Path script = tmp.resolve("tldb-completion.bash");
        Files.writeString(script, r.out());
        String probe = "source " + script + "\n"
                + "complete_words() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));"
                + " COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _complete_tldb; echo \"${COMPREPLY[*]}\"; }\n"
                + "complete_words tldb re\n"
                + "complete_words tldb --scen\n"
                + "complete_words tldb repl --rem\n";
        ExecResult e = Exec.run(List.of("bash", "-c", probe), tmp, Duration.ofSeconds(30));
        assertThat(e.exitCode()).as(e.describe()).isZero();
        assertThat(e.stdout().lines().toList()).as(e.describe()).containsExactly("repl", "--scenario", "--remote");
    }

    @Test
    void zshGetsTheSameScriptWhichLoadsBashcompinit() {
        Run zsh = Run.of("completion", "zsh");
        assertThat(zsh.out()).isEqualTo(Run.of("completion", "bash").out()).contains("bashcompinit");
        assertThat(Run.of("completion", "fish").exit()).isEqualTo(2);
    }
}
