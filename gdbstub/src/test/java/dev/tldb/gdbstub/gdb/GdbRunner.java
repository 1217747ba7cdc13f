package dev.tldb.gdbstub.gdb;

import dev.tldb.testkit.Tools;
import org.junit.jupiter.api.Assertions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs stock gdb in batch mode for tests. A missing gdb fails the test on CI (CI=true), naming
 * the package to install, and skips it elsewhere.
 */
final class GdbRunner {
    private GdbRunner() {
    }

    /** What one gdb run printed. */
    record Result(int exitCode, String stdout, String log) {
        /** The remote-protocol lines of gdb's debug log ("Sending packet: ..." / "Packet received: ..."). */
        List<String> packets() {
            return log.lines().filter(l -> l.contains("Sending packet:") || l.contains("Packet received:")).toList();
        }
    }

    /** The gdb executable, or a failed/skipped test. */
    static Path requireGdb() {
        return requireTool("gdb", "gdb");
    }

    static Path requireTool(String name, String debianPackage) {
        Tools.require(name, "apt-get install " + debianPackage);
        return Tools.find(name).orElseThrow();
    }

    /** gdb's major version, from the last word of the first line of {@code gdb --version}. */
    static int majorVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(requireGdb().toString(), "--version").redirectErrorStream(true).start();
        String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).lines()
                .findFirst().orElse("");
        p.waitFor();
        String[] words = first.trim().split("\\s+");
        String version = words[words.length - 1];
        try {
            return Integer.parseInt(version.split("\\.")[0]);
        } catch (NumberFormatException e) {
            throw new IOException("cannot read gdb's version from: " + first);
        }
    }

    /**
     * Runs {@code gdb -nx -batch} with remote debugging output on and the given commands.
     *
     * @param program an executable for gdb to load, or null
     */
    static Result run(Path workDir, String program, String... commands) throws IOException, InterruptedException {
        Path gdb = requireGdb();
        List<String> argv = new ArrayList<>(List.of(gdb.toString(), "-nx", "-batch",
                "-ex", "set debug remote-packet-max-chars 4096", "-ex", "set debug remote 1",
                "-ex", "set remotetimeout 10"));
        for (String c : commands) {
            argv.add("-ex");
            argv.add(c);
        }
        if (program != null) {
            argv.add(program);
        }
        Path out = Files.createTempFile(workDir, "gdb-out", ".txt");
        Path err = Files.createTempFile(workDir, "gdb-log", ".txt");
        Process p = new ProcessBuilder(argv)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail("gdb did not finish within 120 s; log so far:\n" + Files.readString(err, StandardCharsets.ISO_8859_1));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
    }
}
