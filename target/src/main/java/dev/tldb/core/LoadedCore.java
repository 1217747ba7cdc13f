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
 * {@code executableMismatch} says why an executable given explicitly is not the program that
 * dumped the core (its warning is among {@code warnings} too): every symbol, type and TLS offset
 * read from it would then describe another program, so a front end that turns symbols into values
 * can refuse to, rather than print numbers that look right and are not.
 */
public record LoadedCore(TargetStack stack, CoreTarget core, Optional<ExecTarget> exec, List<String> warnings,
                         Optional<String> executableMismatch)
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
