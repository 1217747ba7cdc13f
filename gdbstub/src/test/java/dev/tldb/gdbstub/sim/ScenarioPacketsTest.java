package dev.tldb.gdbstub.sim;

import dev.tldb.gdbstub.packets.target.TargetPackets;
import dev.tldb.gdbstub.protocol.Hex;
import dev.tldb.sim.scenario.BuiltinDemo;
import dev.tldb.sim.scenario.Scenario;
import dev.tldb.target.UnallocatedTls;
import dev.tldb.testkit.Readelf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A served scenario on the wire, without gdb: what each resume answers (the library event that
 * comes before the stop after a dlopen, the console line naming a stop, signal 0, the exit), that
 * every connection has its own run, scenario errors, the allocate policy, {@code monitor scenario},
 * breakpoints and the files {@code vFile} serves as libraries come.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class ScenarioPacketsTest {
    private static final String MAIN = "p1092.1092"; // pid 4242, the main thread's LWP
    private static final String ALPHA = "p1092.1093";

    private static Path demoFile() {
        return ServedScenario.sample("demo.tldbsim");
    }

    /** The line of {@code text} in the scenario file, counted here. */
    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    @Test
    void aDlopenIsALibraryEventBeforeTheStopAndTheEndIsTheExit() throws IOException {
        int pluginLoaded = lineOf(demoFile(), "stop plugin-loaded");
        int ready = lineOf(demoFile(), "stop ready");
        try (ServedScenario served = ServedScenario.serve(BuiltinDemo.scenario(), Optional.empty(),
                TargetPackets.Options.DEFAULT); RspProbe rsp = RspProbe.connect(served.port)) {
            assertThat(rsp.request("?")).startsWith("T05").endsWith("thread:" + MAIN + ";");
            assertThat(rsp.xferText("libraries-svr4", "")).doesNotContain("libdemo-plugin.so");

            RspProbe.Resumed library = rsp.resume("vCont;c");
            assertThat(library.console()).as("a library event prints nothing").isEmpty();
            assertThat(library.reply()).startsWith("T05library:;").endsWith("thread:" + MAIN + ";");
            assertThat(rsp.xferText("libraries-svr4", "")).contains("libdemo-plugin.so");

            RspProbe.Resumed stop = rsp.resume("vCont;c:p1092.-1");
            assertThat(stop.console()).isEqualTo("tldb: scenario stop plugin-loaded (demo.tldbsim:" + pluginLoaded + ")\n");
            assertThat(stop.reply()).startsWith("T00").doesNotContain("library").endsWith("thread:" + MAIN + ";");

            RspProbe.Resumed second = rsp.resume("c");
            assertThat(second.console()).isEqualTo("tldb: scenario stop ready (demo.tldbsim:" + ready + ")\n");
            assertThat(second.reply()).startsWith("T00");
            assertThat(threadIds(rsp)).hasSize(5).startsWith(MAIN, ALPHA);

            RspProbe.Resumed end = rsp.resume("vCont;c");
            assertThat(end.console()).startsWith("tldb: end of scenario demo.tldbsim");
            assertThat(end.reply()).isEqualTo("W00;process:1092");
        }
    }

    @Test
    void everyConnectionRunsItsOwnCopy() {
        try (ServedScenario served = ServedScenario.serve(demoFile());
             RspProbe first = RspProbe.connect(served.port)) {
            first.request("?");
            first.resume("vCont;c");
            first.resume("vCont;c");
            first.resume("vCont;c");
            assertThat(threadIds(first)).hasSize(5);
            try (RspProbe second = RspProbe.connect(served.port)) {
                assertThat(second.request("?")).startsWith("T05");
                assertThat(threadIds(second)).as("a new connection starts before main").containsExactly(MAIN);
                assertThat(second.xferText("libraries-svr4", "")).doesNotContain("libdemo-plugin.so");
                assertThat(second.resume("vCont;c").reply()).as("its own dlopen").startsWith("T05library:;");
            }
            assertThat(threadIds(first)).as("the first is where it was").hasSize(5);
        }
    }

    @Test
    void aScenarioErrorIsPrintedWhereTheProcessStopsAndRepeated() {
        Scenario bad = Scenario.parse("bad.tldbsim", demoFile().getParent(), """
                load ../bin/x86_64/demo
                stop one
                in nobody set tls_counter = 1
                stop two
                """, List.of());
        try (ServedScenario served = ServedScenario.serve(bad, Optional.empty(), TargetPackets.Options.DEFAULT);
             RspProbe rsp = RspProbe.connect(served.port)) {
            rsp.request("?");
            assertThat(rsp.resume("vCont;c").console()).contains("stop one (bad.tldbsim:2)");
            for (int i = 0; i < 2; i++) {
                RspProbe.Resumed r = rsp.resume("vCont;c");
                assertThat(r.console()).startsWith("tldb: scenario error: bad.tldbsim:3: unknown thread \"nobody\"");
                assertThat(r.reply()).startsWith("T00").endsWith("thread:" + MAIN + ";");
            }
            assertThat(Hex.decodeText(rsp.request("qRcmd," + Hex.encodeText("scenario"))))
                    .contains("stopped by a scenario error: bad.tldbsim:3");
        }
    }

    /**
     * The plugin's variable in alpha, which never touched the plugin: an error under the default
     * policy; under allocate an address where the init image (readelf's) now is, at the same place
     * on a second lookup.
     */
    @Test
    void allocatePolicyGivesTheUntouchedBlockAnAddress() {
        Path plugin = demoFile().getParent().resolve("../bin/x86_64/libdemo-plugin.so").normalize();
        ElfFacts.TlsSymbol variable = ElfFacts.tlsSymbols(plugin).get("demo_plugin_tls");
        int init = ByteBuffer.wrap(ElfFacts.initImage(plugin, "demo_plugin_tls")).order(ByteOrder.LITTLE_ENDIAN).getInt();
        for (UnallocatedTls policy : List.of(UnallocatedTls.ERROR, UnallocatedTls.ALLOCATE)) {
            try (ServedScenario served = ServedScenario.serve(demoFile(), Optional.of(policy), TargetPackets.Options.DEFAULT);
                 RspProbe rsp = RspProbe.connect(served.port)) {
                rsp.request("?");
                while (!rsp.resume("vCont;c").console().contains("stop ready")) {
                    // to the stop where alpha exists
                }
                long lm = libraryLm(rsp.xferText("libraries-svr4", ""), "libdemo-plugin.so");
                String ask = "qGetTLSAddr:" + ALPHA + "," + Long.toHexString(variable.offset()) + "," + Long.toHexString(lm);
                String answer = rsp.request(ask);
                if (policy == UnallocatedTls.ERROR) {
                    assertThat(answer).isEqualTo("E.not allocated yet for libdemo-plugin.so in thread 2 (LWP 4243)");
                    assertThat(Hex.decodeText(rsp.request("qRcmd," + Hex.encodeText("tls-error"))))
                            .contains("TD_NOTALLOC");
                } else {
                    assertThat(answer).matches("[0-9a-f]+");
                    long address = Long.parseUnsignedLong(answer, 16);
                    assertThat(rsp.i32(address)).as("the init image").isEqualTo(init);
                    assertThat(rsp.request(ask)).as("allocated once").isEqualTo(answer);
                }
            }
        }
    }

    @Test
    void monitorScenarioSaysWhereTheRunIsAndWhereItGoesNext() throws IOException {
        int load = lineOf(demoFile(), "load ");
        int dlopen = lineOf(demoFile(), "dlopen ");
        int pluginLoaded = lineOf(demoFile(), "stop plugin-loaded");
        int next = lineOf(demoFile(), "in main set tls_name");
        int ready = lineOf(demoFile(), "stop ready");
        try (ServedScenario served = ServedScenario.serve(demoFile()); RspProbe rsp = RspProbe.connect(served.port)) {
            rsp.request("?");
            assertThat(monitor(rsp, "help")).contains("monitor scenario");
            assertThat(monitor(rsp, "scenario")).contains("At:   the start: stopped before main (line " + load)
                    .contains("Next: continue runs lines " + dlopen + "-" + pluginLoaded + " to stop plugin-loaded")
                    .contains("Unallocated TLS: error");
            rsp.resume("vCont;c");
            rsp.resume("vCont;c");
            assertThat(monitor(rsp, "scenario")).contains("At:   stop plugin-loaded (line " + pluginLoaded + ")")
                    .contains("Next: continue runs lines " + next + "-" + ready + " to stop ready");
            rsp.resume("vCont;c");
            assertThat(monitor(rsp, "scenario")).contains("Next: continue ends the program (no more stops)");
        }
    }

    /** A breakpoint gdb inserted where the stopping thread's pc is: reported as one (SIGTRAP, swbreak). */
    @Test
    void aStopAtAnInsertedBreakpointIsABreakpointHit() {
        Path program = demoFile().getParent().resolve("../bin/x86_64/demo").normalize();
        Scenario s = Scenario.parse("in-alpha.tldbsim", demoFile().getParent(), """
                load ../bin/x86_64/demo
                thread create alpha at worker
                stop in-alpha in alpha
                """, List.of());
        long worker = symbol(program, "worker");
        long entry = Long.decode(Readelf.header(program, "Entry point address"));
        for (boolean inserted : List.of(false, true)) {
            try (ServedScenario served = ServedScenario.serve(s, Optional.empty(), TargetPackets.Options.DEFAULT);
                 RspProbe rsp = RspProbe.connect(served.port)) {
                rsp.request("?");
                long bias = rsp.auxv().get(9L) - entry; // AT_ENTRY
                if (inserted) {
                    assertThat(rsp.request("Z0," + Long.toHexString(bias + worker) + ",1")).isEqualTo("OK");
                }
                RspProbe.Resumed r = rsp.resume("vCont;c");
                assertThat(r.reply()).startsWith(inserted ? "T05swbreak:;" : "T00").endsWith("thread:" + ALPHA + ";");
            }
        }
    }

    /** vFile serves a dlopen'ed library once it is loaded (gdb fetches it on the library event), not before. */
    @Test
    void vFileServesALibraryOnceItIsLoaded() {
        Path plugin = demoFile().getParent().resolve("../bin/x86_64/libdemo-plugin.so").toAbsolutePath().normalize();
        String open = "vFile:open:" + Hex.encodeText(plugin.toString()) + ",0,0";
        try (ServedScenario served = ServedScenario.serve(demoFile()); RspProbe rsp = RspProbe.connect(served.port)) {
            rsp.request("?");
            assertThat(rsp.request("vFile:setfs:0")).isEqualTo("F0");
            assertThat(rsp.request(open)).isEqualTo("F-1,2");
            assertThat(rsp.resume("vCont;c").reply()).startsWith("T05library:;");
            assertThat(rsp.xferText("libraries-svr4", "")).contains("name=\"" + plugin + "\"");
            assertThat(rsp.request(open)).matches("F[0-9a-f]+");
        }
    }

    private static String monitor(RspProbe rsp, String command) {
        return Hex.decodeText(rsp.request("qRcmd," + Hex.encodeText(command)));
    }

    private static List<String> threadIds(RspProbe rsp) {
        Matcher m = Pattern.compile("<thread id=\"([^\"]+)\"").matcher(rsp.xferText("threads", ""));
        List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static long libraryLm(String librariesSvr4, String name) {
        Matcher m = Pattern.compile("<library name=\"[^\"]*/" + Pattern.quote(name) + "\" lm=\"0x([0-9a-f]+)\"")
                .matcher(librariesSvr4);
        assertThat(m.find()).as("%s in %s", name, librariesSvr4).isTrue();
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    /** A function symbol's value, from readelf. */
    private static long symbol(Path file, String name) {
        for (String line : Readelf.readelf("-s", file.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[3].equals("FUNC") && f[7].equals(name)) {
                return Long.parseUnsignedLong(f[1], 16);
            }
        }
        throw new AssertionError("no " + name + " in " + file);
    }
}
