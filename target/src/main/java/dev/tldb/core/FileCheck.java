package dev.tldb.core;

import dev.tldb.elf.ElfFile;

import java.nio.file.Path;

/** What became of one candidate path for a program file: taken, or turned down and why. */
sealed interface FileCheck {

    Path path();

    record Accepted(Path path, ElfFile elf) implements FileCheck {}

    record Rejected(Path path, String reason) implements FileCheck {}

    /** {@code /path (reason)} for the "tried" list of a warning. */
    static String describe(Rejected r) {
        return r.path() + " (" + r.reason() + ")";
    }
}
