package dev.tldb.core;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.Samples;
import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Opening the samples' cores the way a user would: with the program, and the sysroot cross cores need. */
public final class SampleCoreLoading {
    /** The runtime matrix: glibc PIE (DWARF 5 and 4), static glibc and musl, aarch64 glibc and musl. */
    public static final List<String> RUNTIME_VARIANTS = List.of("x86_64-glibc-pie", "x86_64-glibc-pie-dwarf4",
            "x86_64-glibc-static", "x86_64-musl-static", "aarch64-glibc-static", "aarch64-glibc-pie",
            "aarch64-musl-static");

    private SampleCoreLoading() {}

    /** (variant, core kind) for every kind of core this host can make of each variant. */
    public static Stream<Arguments> cores(List<String> variants) {
        List<Arguments> out = new ArrayList<>();
        for (String v : variants) {
            for (CoreKind k : SampleCores.kinds(Samples.variant(v))) {
                out.add(Arguments.of(v, k));
            }
        }
        return out.stream();
    }

    public static CoreOptions options(SampleCore sample) {
        CoreOptions o = CoreOptions.of(sample.core());
        return sample.variant().qemuSysroot().map(o::withSysroot).orElse(o);
    }

    /** Loads a sample core with its program named explicitly. */
    public static LoadedCore load(SampleCore sample) {
        return CoreLoader.load(options(sample).withExecutable(sample.variant().executable()));
    }
}
