package dev.tldb.cli;

import dev.tldb.testkit.Exec;
import dev.tldb.testkit.ExecResult;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's first set-up command on a fresh clone: {@code ./tldb} has no jar yet, so it must build
 * one (saying so on stderr, and only that), then run it; the next command must run without
 * building. The clone is of the repository's committed state, as CI and a new user get it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FreshCloneLauncherIT {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static Path scratch;
    private static Path clone;

    @BeforeAll
    static void cloneTheRepository() throws IOException {
        Path root = Samples.repoRoot();
        if (!Files.exists(root.resolve(".git"))) {
            Tools.unavailable("the source tree is not a git checkout, so it cannot be cloned: " + root);
        }
        Tools.require("git", "apt-get install git");
        Tools.require("mvn", "apt-get install maven");
        scratch = Files.createTempDirectory("tldb-fresh-clone-");
        clone = scratch.resolve("tldb");
        ExecResult r = Exec.run(List.of("git", "clone", "--quiet", root.toString(), clone.toString()), scratch,
                Duration.ofMinutes(2));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(clone.resolve("repl/build")).as("a clone has no build output").doesNotExist();
    }

    @AfterAll
    static void removeTheClone() throws IOException {
        if (scratch != null) {
            try (Stream<Path> walk = Files.walk(scratch)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static ExecResult tldb(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(clone.resolve("tldb").toString()));
        cmd.addAll(List.of(args));
        // TLDB_NO_BUILD unset: the launcher decides whether to build.
        return Exec.run(cmd, scratch, Map.of("TLDB_NO_BUILD", "", "TLDB_JAVA_OPTS", ""), BUILD_TIMEOUT);
    }

    @Test
    @Order(1)
    void theFirstRunBuildsTheJarSayingSoThenPrintsTheVersion() {
        ExecResult r = tldb("--version");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).startsWith("tldb ");
        assertThat(r.stderr().lines().toList()).as(r.describe())
                .containsExactly("tldb: building tldb.jar (first use or sources changed; this takes a minute)...");
        assertThat(clone.resolve("repl/build/tldb.jar")).isRegularFile();
    }

    @Test
    @Order(2)
    void theNextRunDoesNotBuildAndHelpListsTheCommands() {
        ExecResult r = tldb("--help");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderr()).as(r.describe()).isEmpty();
        assertThat(r.stdout()).as(r.describe()).contains("Usage: tldb", "serve", "print", "threads", "repl");
    }
}
