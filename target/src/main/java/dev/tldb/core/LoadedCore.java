package dev.tldb.core;

import dev.tldb.exec.ExecTarget;
import dev.tldb.target.TargetStack;

import java.util.List;
import java.util.Optional;

/**
 * A core opened into a target stack: the file stratum ({@link ExecTarget}, the program and the
 * libraries found for it, each at its load bias; absent when the program was not found) under
 * the process stratum ({@link CoreTarget}). {@code warnings} are one line each, for the user:
 * files not found or not matching the core, truncated memory, a damaged link map.
 */
public record LoadedCore(TargetStack stack, CoreTarget core, Optional<ExecTarget> exec, List<String> warnings)
        implements AutoCloseable {

    public LoadedCore {
        warnings = List.copyOf(warnings);
    }

    /** Unmaps the core and the program files. */
    @Override
    public void close() {
        exec.ifPresent(e -> e.files().forEach(f -> f.elf().close()));
        core.coreFile().close();
    }
}
