package dev.tldb.sim.scenario;

import dev.tldb.error.TldbException;
import dev.tldb.sim.SimOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The built-in demo: samples/demo's program and plugin (x86-64, glibc) and
 * samples/scenarios/demo.tldbsim, bundled in the jar: five threads with distinct
 * {@code tls_counter}/{@code tls_name} values, only some of them touching the plugin's TLS. It needs nothing on disk, so {@code tldb} with no
 * arguments works from any folder: the files are copied out of the jar into a temporary folder
 * (mapped ELF files need a path), removed when the JVM exits. The host's libc.so.6 is used when
 * present; elsewhere the demo still runs, with glibc's 2.36 layout.
 */
public final class BuiltinDemo {
    private static final String BASE = "/dev/tldb/sim/demo/";
    private static final List<String> FILES = List.of("scenarios/demo.tldbsim", "bin/x86_64/demo", "bin/x86_64/libdemo-plugin.so");

    private BuiltinDemo() {}

    /** The demo scenario, its program and plugin copied into a fresh temporary folder. */
    public static Scenario scenario() {
        Path dir;
        try {
            dir = Files.createTempDirectory("tldb-demo-");
            dir.toFile().deleteOnExit();
            for (String f : FILES) {
                try (InputStream in = BuiltinDemo.class.getResourceAsStream(BASE + f)) {
                    if (in == null) {
                        throw new TldbException("the built-in demo is missing from this build (" + BASE + f
                                + "): rebuild with mvn package");
                    }
                    Path out = dir.resolve(f);
                    Files.createDirectories(out.getParent());
                    out.getParent().toFile().deleteOnExit();
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    out.toFile().deleteOnExit();
                }
            }
        } catch (IOException e) {
            throw new TldbException("cannot unpack the built-in demo: " + e.getMessage());
        }
        Path file = dir.resolve("scenarios/demo.tldbsim");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TldbException("cannot read the built-in demo: " + e.getMessage());
        }
        return Scenario.parse("demo.tldbsim", file.getParent(), text, List.of());
    }

    /** The demo, started: stopped before main, {@link Simulation#runToNextStop} goes to its stops. */
    public static Simulation start() {
        return Simulation.start(scenario(), SimOptions.defaults());
    }
}
