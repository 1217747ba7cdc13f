package dev.tldb.cli;

import dev.tldb.target.TargetStack;

import java.util.List;

/** A target opened from the command line: its stack, the warnings found while opening it, and what to close. */
public record OpenTarget(TargetStack stack, List<String> warnings, String description, AutoCloseable resources)
        implements AutoCloseable {

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            // read-only files: nothing to lose
        }
    }
}
