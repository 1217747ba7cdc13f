package dev.tldb.testkit;

import java.nio.file.Path;

/**
 * A core of a sample taken at its trap, with what the program printed in that run.
 *
 * @param variant    the sample variant
 * @param kind       who wrote the core
 * @param core       the core file (cached under samples/build/cores/variant/kind/)
 * @param outputFile the program's stdout of that run
 * @param output     that stdout, parsed: the ground truth for this core
 * @param writtenAs  the file name its writer chose ({@code core}, {@code core.<pid>},
 *                   {@code qemu_tls-sample_<date>-<time>_<pid>.core})
 */
public record SampleCore(SampleVariant variant, CoreKind kind, Path core, Path outputFile,
                         ProgramOutput output, String writtenAs) {}
