package dev.tldb.gdbstub.target;

import java.util.Objects;
import java.util.function.Function;

/**
 * A {@code monitor} command that only some targets have (a simulated process's
 * {@code monitor scenario}), attached with {@link TargetStub.Builder#monitorCommand}. The standard
 * commands know nothing about simulations; a target brings its own words.
 *
 * @param name  the command word
 * @param usage the line shown by {@code monitor help}, e.g. {@code scenario   where the scenario is}
 * @param run   the arguments after the name (possibly empty) to the output, lines ending in {@code \n}
 */
public record TargetMonitorCommand(String name, String usage, Function<String, String> run) {
    public TargetMonitorCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(run, "run");
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a monitor command is one word: '" + name + "'");
        }
    }
}
