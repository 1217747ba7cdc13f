package dev.tldb.repl;

import dev.tldb.cli.Main;
import dev.tldb.testkit.SampleCore;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tldb serve --once} of a sample core, run in this JVM on a free port: the REPL tests'
 * stub to connect to with {@code target remote}.
 *
 * @param where the {@code HOST:PORT} it printed after "Listening on"
 * @param exit  serve's exit code, once the debugger that connected has left
 */
record InProcessServe(String where, CompletableFuture<Integer> exit) {
    private static final Pattern LISTENING = Pattern.compile("Listening on (127\\.0\\.0\\.1:\\d+)");

    static InProcessServe start(SampleCore core) throws InterruptedException {
        String exe = core.variant().executable().toString();
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine serve = Main.commandLine();
        serve.setOut(new PrintWriter(out, true));
        serve.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> serve.execute("serve", "--listen",
                "127.0.0.1:0", "--once", "--core", core.core().toString(), "--exe", exe));
        String where = null;
        for (int i = 0; i < 1200 && where == null && !served.isDone(); i++) {
            Matcher m = LISTENING.matcher(out.toString());
            where = m.find() ? m.group(1) : null;
            Thread.sleep(50);
        }
        assertThat(where).as("serve printed\n%s%s", out, err).isNotNull();
        return new InProcessServe(where, served);
    }
}
