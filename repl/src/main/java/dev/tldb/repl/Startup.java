package dev.tldb.repl;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a tldb run starts with: the target to open, the commands to run first ({@code -ex} and
 * {@code -x}, in command-line order, as gdb runs them), whether to stop there (batch) or go on
 * interactively, and the environment (NO_COLOR, HOME, TLDB_HISTORY).
 */
public record Startup(TargetChoice target, Targets targets, List<Step> steps, boolean batch,
                      Map<String, String> environment) {

    public Startup {
        steps = List.copyOf(steps);
        environment = Map.copyOf(environment);
    }

    /** A command to run before the prompt (or instead of it). */
    public sealed interface Step {
        /** {@code -ex CMD}: one command; an error does not stop the next step. */
        record Command(String line) implements Step {}

        /** {@code -x FILE}: a command file; an error ends that file. */
        record Script(Path file) implements Step {}
    }

    /** The target a run opens before anything else. */
    public sealed interface TargetChoice {
        /** The built-in demo (the default). */
        record Demo() implements TargetChoice {}

        /** Nothing: commands open a target themselves. */
        record None() implements TargetChoice {}

        record File(Path program) implements TargetChoice {}

        record Core(Path core, Optional<Path> program) implements TargetChoice {}

        record Scenario(Path file) implements TargetChoice {}

        record Remote(String address, Optional<Path> program) implements TargetChoice {}
    }
}
