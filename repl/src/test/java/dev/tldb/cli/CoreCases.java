package dev.tldb.cli;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.Samples;
import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cores of issue 3's acceptance list, and the command-line arguments that open one. Every
 * variant comes with every core kind this host can make of it (gcore and kernel for x86-64,
 * qemu-user for aarch64).
 */
final class CoreCases {
    private CoreCases() {}

    /** glibc PIE with liblinked.so and the dlopen'ed libplugin.so (DWARF 5 and 4), static glibc, static musl, aarch64. */
    static final List<String> VARIANTS = List.of("x86_64-glibc-pie", "x86_64-glibc-pie-dwarf4",
            "x86_64-glibc-static", "x86_64-musl-static", "aarch64-glibc-static", "aarch64-glibc-pie",
            "aarch64-musl-static");

    /**
     * The variants stock gdb reads from a core by itself: x86-64 glibc with the host's gdb, aarch64
     * static glibc with gdb-multiarch (it finds the threads through libthread_db although qemu's
     * core has no tpidr). Not musl (no libthread_db) and not aarch64 PIE (qemu's core lacks the
     * ELF header pages gdb needs to relocate it).
     */
    static final List<String> GDB_READABLE = List.of("x86_64-glibc-pie", "x86_64-glibc-pie-dwarf4",
            "x86_64-glibc-static", "aarch64-glibc-static");

    static Stream<Arguments> all() {
        return cases(VARIANTS);
    }

    static Stream<Arguments> gdbReadable() {
        return cases(GDB_READABLE);
    }

    static Stream<Arguments> cases(List<String> variants) {
        List<Arguments> out = new ArrayList<>();
        for (String v : variants) {
            for (CoreKind k : SampleCores.kinds(Samples.variant(v))) {
                out.add(Arguments.of(v, k));
            }
        }
        return out.stream();
    }

    /** {@code --core C --exe E [--sysroot S]}: what a user types to open this core. */
    static List<String> target(SampleCore c) {
        List<String> args = new ArrayList<>(List.of("--core", c.core().toString(),
                "--exe", c.variant().executable().toString()));
        c.variant().qemuSysroot().ifPresent(root -> args.addAll(List.of("--sysroot", root.toString())));
        return args;
    }

    /** {@code tldb <command...> <target args> <more...>}. */
    static List<String> command(SampleCore c, List<String> command, String... more) {
        List<String> args = new ArrayList<>(command);
        args.addAll(target(c));
        args.addAll(List.of(more));
        return args;
    }
}
