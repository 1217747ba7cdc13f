package dev.tldb.cli.serve;

import dev.tldb.abi.Arch;
import dev.tldb.gdbstub.target.TargetStubFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Something {@code tldb serve} can serve, opened: a core file today; a simulated process
 * ({@code --scenario}, the built-in demo) plugs in here with its own implementation.
 */
public interface ServeSource extends AutoCloseable {

    /** Makes each connection's target. */
    TargetStubFactory targets();

    /** One line about what is served, e.g. {@code core dump core.1234 of /path/prog (x86-64 glibc)}. */
    String description();

    /** The architecture, to suggest gdb or gdb-multiarch. */
    Arch arch();

    /** The program on this host, for the suggested gdb command line. */
    Optional<Path> executable();

    /** Problems found while opening it, one line each, for stderr. */
    List<String> warnings();

    @Override
    void close();
}
