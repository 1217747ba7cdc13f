package dev.tldb.repl;

import dev.tldb.session.Session;
import dev.tldb.sim.scenario.BuiltinDemo;
import dev.tldb.sim.scenario.Simulation;
import dev.tldb.target.Module;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading debug information module by module, and the bar that shows it when that is slow. */
class ProgressBarTest {
    @Test
    void everyLoadedModuleIsReadOnceInOrder() {
        Simulation sim = BuiltinDemo.start();
        sim.runToNextStop();
        Session s = new Session(sim.stack());
        List<String> seen = new ArrayList<>();
        List<Integer> totals = new ArrayList<>();
        s.loadDebugInfo((i, n, m) -> {
            seen.add(i + " " + m.shortName());
            totals.add(n);
        });
        List<String> expected = new ArrayList<>();
        List<Module> modules = sim.stack().modules();
        for (int i = 0; i < modules.size(); i++) {
            expected.add(i + " " + modules.get(i).shortName());
        }
        assertThat(seen).containsExactlyElementsOf(expected).anyMatch(x -> x.endsWith("libdemo-plugin.so"));
        assertThat(totals).containsOnly(modules.size());
    }

    @Test
    void theBarSaysHowFarItHasGot() {
        assertThat(ProgressBar.line(2, 5, "libc.so.6").toString())
                .isEqualTo("Reading symbols [############..................] 3/5 libc.so.6");
    }

    @Test
    void aSlowLoadShowsTheBarInTheStatusLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var t = org.jline.terminal.TerminalBuilder.builder().system(false).type("xterm-256color")
                .streams(new ByteArrayInputStream(new byte[0]), out).size(new org.jline.terminal.Size(100, 30)).build()) {
            Module m = BuiltinDemo.start().stack().modules().get(0);
            new ProgressBar(t, Duration.ofMillis(100)).run(progress -> {
                for (int i = 0; i < 3; i++) {
                    progress.reading(i, 3, m);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            t.flush();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Reading symbols [").contains("/3 demo");
    }

    @Test
    void aFastLoadShowsNothing() throws Exception {
        Simulation sim = BuiltinDemo.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DumbTerminal t = new DumbTerminal("t", "dumb", new ByteArrayInputStream(new byte[0]), out,
                StandardCharsets.UTF_8)) {
            new ProgressBar(t, Duration.ofSeconds(30)).load(new Session(sim.stack()));
            t.flush();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Reading symbols");
    }
}
