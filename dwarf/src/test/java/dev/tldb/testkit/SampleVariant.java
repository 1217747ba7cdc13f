package dev.tldb.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * One built variant of the TLS sample (samples/README.md), read from its
 * {@code variant.properties}. Paths are absolute and exist once {@link Samples#variant} returns.
 *
 * @param name            e.g. {@code x86_64-glibc-pie}
 * @param folder          the variant's build folder
 * @param kind            {@code runtime} (the runtime matrix) or {@code debug-format}
 * @param arch            {@code x86_64}, {@code aarch64} or {@code riscv64}
 * @param libc            {@code glibc} or {@code musl}
 * @param linkage         {@code pie} (with liblinked.so and dlopen'ed libplugin.so) or {@code static}
 * @param dwarfVersion    DWARF version of its units (4 or 5)
 * @param dwarfFlags      the gcc debug flags it was built with, e.g. {@code -gdwarf-4 -gsplit-dwarf}
 * @param executable      the {@code tls-sample} program
 * @param linkedLibraries libraries loaded at start-up (liblinked.so), empty for static
 * @param pluginLibraries libraries the program dlopens (libplugin.so), empty for static
 * @param objects         relocatable objects kept beside the program ({@code tls-sample.o} first)
 * @param dwoFiles        split-DWARF {@code .dwo} files, empty unless built with -gsplit-dwarf
 * @param runner          {@code native}, {@code qemu-aarch64} or {@code qemu-riscv64}
 * @param qemuSysroot     target root for dynamic cross variants ({@code qemu -L}, gdb's sysroot)
 * @param gdb             the stock gdb that reads it: {@code gdb} or {@code gdb-multiarch}
 */
public record SampleVariant(String name, Path folder, String kind, String arch, String libc,
                            String linkage, int dwarfVersion, String dwarfFlags, Path executable,
                            List<Path> linkedLibraries, List<Path> pluginLibraries,
                            List<Path> objects, List<Path> dwoFiles, String runner,
                            Optional<Path> qemuSysroot, String gdb) {

    public SampleVariant {
        linkedLibraries = List.copyOf(linkedLibraries);
        pluginLibraries = List.copyOf(pluginLibraries);
        objects = List.copyOf(objects);
        dwoFiles = List.copyOf(dwoFiles);
    }

    /** Reads {@code folder/variant.properties}. */
    public static SampleVariant load(Path folder) {
        Path file = folder.resolve("variant.properties");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String sysroot = get(p, file, "qemu.sysroot");
        return new SampleVariant(
                get(p, file, "name"), folder, get(p, file, "kind"), get(p, file, "arch"),
                get(p, file, "libc"), get(p, file, "linkage"),
                Integer.parseInt(get(p, file, "dwarf.version")), get(p, file, "dwarf.flags"),
                folder.resolve(get(p, file, "program")),
                paths(folder, get(p, file, "linked.libraries")),
                paths(folder, get(p, file, "plugin.libraries")),
                paths(folder, get(p, file, "objects")),
                paths(folder, get(p, file, "dwo")),
                get(p, file, "runner"),
                sysroot.isEmpty() ? Optional.empty() : Optional.of(Path.of(sysroot)),
                get(p, file, "gdb"));
    }

    private static String get(Properties p, Path file, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(file + ": no property " + key);
        }
        return value.trim();
    }

    private static List<Path> paths(Path folder, String spaceSeparated) {
        return Arrays.stream(spaceSeparated.split("\\s+"))
                .filter(s -> !s.isEmpty())
                .map(folder::resolve)
                .toList();
    }

    /** linkedLibraries then pluginLibraries. */
    public List<Path> libraries() {
        return java.util.stream.Stream.concat(linkedLibraries.stream(), pluginLibraries.stream())
                .toList();
    }

    /** The relocatable object of the program itself ({@code tls-sample.o}). */
    public Path object() {
        return folder.resolve("tls-sample.o");
    }

    public boolean isStatic() {
        return "static".equals(linkage);
    }

    public boolean isPie() {
        return "pie".equals(linkage);
    }

    /** True if the program dlopens libplugin.so (and prints UNTOUCHED lines for odd threads). */
    public boolean hasPlugin() {
        return !pluginLibraries.isEmpty();
    }

    /** True if it runs on this (x86-64) host without qemu. */
    public boolean isNative() {
        return "native".equals(runner);
    }

    public boolean isRuntime() {
        return "runtime".equals(kind);
    }

    @Override
    public String toString() {
        return name;
    }
}
