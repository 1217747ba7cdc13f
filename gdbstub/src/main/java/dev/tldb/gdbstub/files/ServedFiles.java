package dev.tldb.gdbstub.files;

import dev.tldb.target.Module;
import dev.tldb.target.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The files gdb may read through {@code vFile} (gdb's "target:" file system): the program and the
 * libraries the target has loaded, each under the name the process knew it by (what
 * {@code qXfer:exec-file} and {@code qXfer:libraries-svr4} tell gdb), mapped to the copy on this
 * host that the loader matched to the process (possibly under a sysroot).
 *
 * <p>Nothing else is served: names are matched exactly, never resolved against the host's file
 * system, so a debugger cannot read {@code /etc/shadow} or walk out with {@code ..}. A name that
 * is not in the table is "not found", which gdb takes in its stride (it also probes debug-file
 * paths that way).
 */
public final class ServedFiles {
    private final Map<String, Path> table;
    private final Map<String, byte[]> generated;

    private ServedFiles(Map<String, Path> table, Map<String, byte[]> generated) {
        this.table = Collections.unmodifiableMap(new LinkedHashMap<>(table));
        this.generated = Collections.unmodifiableMap(new LinkedHashMap<>(generated));
    }

    public static ServedFiles none() {
        return new ServedFiles(Map.of(), Map.of());
    }

    /** An explicit table: target path to host path. */
    public static ServedFiles of(Map<String, Path> table) {
        return new ServedFiles(table, Map.of());
    }

    /**
     * These files plus one made up from what the target knows, e.g. {@code /proc/<pid>/maps}
     * rebuilt from a core (gdb reads it to find the vDSO and for {@code info proc mappings}).
     */
    public ServedFiles withGenerated(String targetPath, byte[] content) {
        Map<String, byte[]> g = new LinkedHashMap<>(generated);
        g.put(targetPath, content.clone());
        return new ServedFiles(table, g);
    }

    /** The made-up file at {@code targetPath}, if any (a copy). */
    public Optional<byte[]> generated(String targetPath) {
        byte[] b = generated.get(targetPath);
        return b == null ? Optional.empty() : Optional.of(b.clone());
    }

    /**
     * The target's modules that have a file on this host, each under its name in the process and
     * under the host path itself (gdb uses whichever it was told), plus the program file.
     */
    public static ServedFiles of(Target target) {
        Map<String, Path> table = new LinkedHashMap<>();
        for (Module m : target.modules()) {
            Optional<Path> host = m.elf().flatMap(e -> e.path());
            if (host.isEmpty() || !Files.isRegularFile(host.get())) {
                continue;
            }
            Path file = host.get().toAbsolutePath();
            if (!m.name().isEmpty()) {
                table.putIfAbsent(m.name(), file);
            }
            table.putIfAbsent(file.toString(), file);
        }
        target.executablePath().filter(Files::isRegularFile).map(Path::toAbsolutePath)
                .ifPresent(p -> table.putIfAbsent(p.toString(), p));
        return new ServedFiles(table, Map.of());
    }

    /** The host file behind a target path, if it is served. */
    public Optional<Path> lookup(String targetPath) {
        return Optional.ofNullable(table.get(targetPath));
    }

    /** Target path to host path, in the order added. */
    public Map<String, Path> table() {
        return table;
    }
}
