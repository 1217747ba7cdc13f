package dev.tldb.cli;

import dev.tldb.abi.Arch;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The gdb command {@code tldb serve} prints: the host's gdb for its own architecture, gdb-multiarch otherwise. */
class GdbCommandLineTest {
    @Test
    void nativeGdbOnlyForTheHostsArchitecture() {
        Optional<Path> prog = Optional.of(Path.of("/p/prog"));
        assertThat(ServeCommand.gdbCommand(Arch.X86_64, Optional.of(Arch.X86_64), "127.0.0.1:1234", prog))
                .isEqualTo("gdb -ex 'target remote 127.0.0.1:1234' /p/prog");
        assertThat(ServeCommand.gdbCommand(Arch.RISCV64, Optional.of(Arch.X86_64), "127.0.0.1:1234", prog))
                .isEqualTo("gdb-multiarch -ex 'target remote 127.0.0.1:1234' /p/prog");
        assertThat(ServeCommand.gdbCommand(Arch.X86_64, Optional.of(Arch.AARCH64), "127.0.0.1:1234", prog))
                .startsWith("gdb-multiarch ");
        assertThat(ServeCommand.gdbCommand(Arch.X86_64, Optional.empty(), "127.0.0.1:1234", Optional.empty()))
                .isEqualTo("gdb-multiarch -ex 'target remote 127.0.0.1:1234'");
    }

    @Test
    void aProgramPathIsQuotedForTheShell() {
        assertThat(ServeCommand.gdbCommand(Arch.X86_64, Optional.of(Arch.X86_64), "[::1]:1", Optional.of(Path.of("/a b/it's"))))
                .isEqualTo("gdb -ex 'target remote [::1]:1' '/a b/it'\\''s'");
    }
}
