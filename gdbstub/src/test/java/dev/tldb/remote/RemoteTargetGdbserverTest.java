package dev.tldb.remote;

import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TdError;
import dev.tldb.target.TlsException;
import dev.tldb.testkit.ProgramOutput;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.ThreadReport;
import dev.tldb.testkit.Tools;
import dev.tldb.threaddb.ThreadDbLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The remote target against stock gdbserver attached to the running demo: its threads are the
 * program's, and every thread's TLS address is found both ways the target offers, through the
 * stub's qGetTLSAddr and through tldb's own thread layer over raw memory, landing on the
 * addresses the program printed ({@code ADDR} lines).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RemoteTargetGdbserverTest {
    private static final Pattern PORT = Pattern.compile("Listening on port (\\d+)");

    @Test
    void qGetTlsAddrAndTheThreadLayerBothFindWhatTheProgramPrinted() throws Exception {
        Tools.require("gdbserver", "apt-get install gdbserver");
        Path demo = Samples.demoProgram();
        Process program = new ProcessBuilder(demo.toString()).redirectErrorStream(true).start();
        Process gdbserver = null;
        try {
            StringBuilder printed = new StringBuilder();
            BufferedReader in = new BufferedReader(new InputStreamReader(program.getInputStream(), StandardCharsets.UTF_8));
            for (String l; (l = in.readLine()) != null; ) {
                printed.append(l).append('\n');
                if (l.equals("READY")) {
                    break;
                }
            }
            ProgramOutput truth = ProgramOutput.parse(printed.toString());
            gdbserver = new ProcessBuilder("gdbserver", "--once", "--attach", "127.0.0.1:0",
                    Long.toString(program.pid())).redirectErrorStream(true).start();
            BufferedReader gs = new BufferedReader(new InputStreamReader(gdbserver.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String l; port < 0 && (l = gs.readLine()) != null; ) {
                Matcher m = PORT.matcher(l);
                port = m.find() ? Integer.parseInt(m.group(1)) : -1;
            }
            assertThat(port).isPositive();

            try (RemoteTarget remote = RemoteTarget.connect("127.0.0.1", port, RemoteOptions.defaults())) {
                assertThat(remote.threads()).extracting(ThreadInfo::lwp)
                        .containsExactlyInAnyOrderElementsOf(truth.lwps());
                assertThat(remote.pid()).isEqualTo(program.pid());
                TargetStack stack = new TargetStack().push(remote).push(new ThreadDbLayer());
                Module exe = stack.modules().get(0);
                Module plugin = stack.modules().stream().filter(m -> m.shortName().equals("libdemo-plugin.so"))
                        .findFirst().orElseThrow();
                ThreadDbLayer threadLayer = (ThreadDbLayer) stack.layers().get(0);
                for (ThreadReport t : truth.threads()) {
                    ThreadInfo thread = stack.threadByLwp(t.lwp()).orElseThrow();
                    long counter = t.address("tls_counter").orElseThrow();
                    // tls_counter is at offset 0 of the executable's block (readelf -s demo).
                    assertThat(remote.stubTlsAddress(thread, exe, 0)).as("qGetTLSAddr, LWP %d", t.lwp())
                            .isEqualTo(OptionalLong.of(counter));
                    assertThat(stack.tlsAddress(thread, exe, 0)).isEqualTo(counter);
                    if (t.isUntouched("demo_plugin_tls")) {
                        assertThat(remote.stubTlsAddress(thread, plugin, 0)).as("gdbserver's E01").isEmpty();
                        assertThatThrownBy(() -> stack.tlsAddress(thread, plugin, 0))
                                .isInstanceOfSatisfying(TlsException.class,
                                        e -> assertThat(e.error()).isEqualTo(TdError.TD_NOTALLOC));
                    } else {
                        assertThat(remote.stubTlsAddress(thread, plugin, 0))
                                .isEqualTo(OptionalLong.of(t.address("demo_plugin_tls").orElseThrow()));
                    }
                    // The thread layer alone, over raw memory, as for a stub without qGetTLSAddr.
                    assertThat(threadLayer.layout(thread).blocks()).filteredOn(b -> b.moduleId() == 1).singleElement()
                            .satisfies(b -> assertThat(b.address()).hasValue(counter));
                }
                remote.detach();
            }
        } finally {
            if (gdbserver != null) {
                gdbserver.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            program.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
