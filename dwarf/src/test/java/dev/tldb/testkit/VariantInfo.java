package dev.tldb.testkit;

import java.util.List;

/**
 * One line of {@code make list-variants}: what is known about a variant before building it.
 *
 * @param name     variant name, e.g. {@code aarch64-glibc-static}
 * @param kind     {@code runtime} or {@code debug-format}
 * @param arch     {@code x86_64}, {@code aarch64} or {@code riscv64}
 * @param runner   {@code native}, {@code qemu-aarch64} or {@code qemu-riscv64}
 * @param compiler the compiler it needs, e.g. {@code musl-gcc}
 * @param packages the Debian packages that provide the compiler and its libc
 */
public record VariantInfo(String name, String kind, String arch, String runner, String compiler,
                          List<String> packages) {

    public VariantInfo {
        packages = List.copyOf(packages);
    }

    /** Parses {@code "name kind arch runner compiler pkg1,pkg2"}. */
    static VariantInfo parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException("bad `make list-variants` line: " + line);
        }
        return new VariantInfo(f[0], f[1], f[2], f[3], f[4], List.of(f[5].split(",")));
    }

    public boolean isRuntime() {
        return "runtime".equals(kind);
    }

    public boolean isNative() {
        return "native".equals(runner);
    }

    public String installHint() {
        return "apt-get install " + String.join(" ", packages);
    }
}
