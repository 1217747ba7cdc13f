package dev.tldb.sim.scenario;

import dev.tldb.error.TldbException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A parsed scenario file ({@code .tldbsim}): what program to load, then events and named stops.
 * See docs/scenarios.md for the language. Parsing checks syntax, values and file paths; names of
 * threads, variables and libraries are checked when the scenario runs ({@link Simulation}), since
 * they depend on what happened before.
 *
 * @param name       how messages name the file ({@code demo.tldbsim:7: ...})
 * @param directory  the folder relative paths are resolved against
 * @param commands   the commands, with {@code repeat} expanded
 */
public record Scenario(String name, Path directory, List<Command> commands) {

    public Scenario {
        commands = List.copyOf(commands);
    }

    /** Reads a scenario file; relative paths resolve against its folder, then {@code searchPath}. */
    public static Scenario parse(Path file, List<Path> searchPath) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TldbException("cannot open scenario " + file + ": no such file");
        } catch (IOException e) {
            throw new TldbException("cannot read scenario " + file + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new TldbException("cannot read scenario " + file + ": " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(file.toString(), dir, String.join("\n", lines), searchPath);
    }

    public static Scenario parse(Path file) {
        return parse(file, List.of());
    }

    /** Parses scenario text (a resource, a test) as if it were a file called {@code name} in {@code directory}. */
    public static Scenario parse(String name, Path directory, String text, List<Path> searchPath) {
        List<String> lines = text.lines().toList();
        return new Scenario(name, directory, new ScenarioParser(name, directory, searchPath).parse(lines));
    }
}
