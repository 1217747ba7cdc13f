package dev.tldb.sim.scenario;

import dev.tldb.sim.TlsValue;

import java.nio.file.Path;
import java.util.Optional;

/** One line of a scenario, parsed. Every command remembers its line for error messages. */
public sealed interface Command {

    int line();

    /** {@code library-path DIR}, {@code sysroot DIR}, {@code libc none|auto}, {@code pid N}, {@code stack-size N}, {@code unallocated-tls POLICY}: before {@code load}. */
    record Setting(int line, String key, String value) implements Command {}

    /** {@code load PROGRAM}: starts the process. */
    record Load(int line, Path program) implements Command {}

    /** {@code thread create NAME [at FUNCTION]}. */
    record CreateThread(int line, String name, Optional<String> function) implements Command {}

    /** {@code thread exit NAME}. */
    record ExitThread(int line, String name) implements Command {}

    /** {@code [in THREAD] dlopen FILE}. */
    record Dlopen(int line, String file, Optional<String> thread) implements Command {}

    /** {@code dlclose FILE}. */
    record Dlclose(int line, String file) implements Command {}

    /** {@code in THREAD touch MODULE}. */
    record Touch(int line, String thread, String module) implements Command {}

    /** {@code in THREAD set VARIABLE = VALUE}. */
    record Set(int line, String thread, String variable, TlsValue value) implements Command {}

    /** {@code in THREAD at FUNCTION}. */
    record At(int line, String thread, String function) implements Command {}

    /** {@code [in THREAD] stop NAME}. */
    record Stop(int line, String name, Optional<String> thread) implements Command {}
}
