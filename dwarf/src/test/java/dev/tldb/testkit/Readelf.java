package dev.tldb.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** readelf and objdump (GNU binutils) as ground truth about ELF files and cores. */
public final class Readelf {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern HEADER_FIELD = Pattern.compile("^\\s*([^:]+):\\s+(.*)$");
    private static final Pattern NOTE_TYPE = Pattern.compile("\\s(NT_[A-Z0-9_]+)\\b");

    private Readelf() {}

    /** {@code readelf --wide args...}; fails on a non-zero exit. */
    public static String readelf(String... args) {
        return tool("readelf", args);
    }

    /** {@code objdump args...}; fails on a non-zero exit. */
    public static String objdump(String... args) {
        return tool("objdump", args);
    }

    private static String tool(String name, String... args) {
        Tools.require(name, "apt-get install binutils");
        List<String> cmd = new ArrayList<>();
        cmd.add(name);
        if (name.equals("readelf")) {
            cmd.add("--wide");
        }
        cmd.addAll(List.of(args));
        ExecResult r = Exec.run(cmd, Path.of("/"), TIMEOUT);
        if (r.exitCode() != 0) {
            throw new AssertionError(r.describe());
        }
        return r.stdout();
    }

    /** A field of {@code readelf -h}, e.g. {@code header(f, "Machine")} gives "AArch64". */
    public static String header(Path file, String field) {
        for (String line : readelf("-h", file.toString()).split("\n")) {
            Matcher m = HEADER_FIELD.matcher(line);
            if (m.matches() && m.group(1).trim().equals(field)) {
                return m.group(2).trim();
            }
        }
        throw new AssertionError("readelf -h " + file + " has no field " + field);
    }

    /** The ELF type word: {@code CORE}, {@code DYN}, {@code EXEC} or {@code REL}. */
    public static String elfType(Path file) {
        return header(file, "Type").split("\\s+")[0];
    }

    /** The type of every note, in file order, from {@code readelf -n} (e.g. NT_PRSTATUS). */
    public static List<String> noteTypes(Path file) {
        List<String> types = new ArrayList<>();
        for (String line : readelf("-n", file.toString()).split("\n")) {
            Matcher m = NOTE_TYPE.matcher(line);
            if (m.find()) {
                types.add(m.group(1));
            }
        }
        return types;
    }

    public static long countNotes(Path file, String type) {
        return noteTypes(file).stream().filter(type::equals).count();
    }

    /** Program header types ({@code LOAD}, {@code TLS}, {@code INTERP}, ...) from {@code readelf -l}. */
    public static List<String> segmentTypes(Path file) {
        List<String> types = new ArrayList<>();
        boolean inTable = false;
        for (String line : readelf("-l", file.toString()).split("\n")) {
            String t = line.trim();
            if (t.startsWith("Type ")) {
                inTable = true;
            } else if (inTable && t.isEmpty()) {
                break;
            } else if (inTable && !t.startsWith("[")) {
                types.add(t.split("\\s+")[0]);
            }
        }
        return types;
    }

    /** The section names of {@code readelf -S}. */
    public static List<String> sectionNames(Path file) {
        List<String> names = new ArrayList<>();
        Pattern row = Pattern.compile("^\\s*\\[\\s*\\d+]\\s+(\\S+)");
        for (String line : readelf("-S", file.toString()).split("\n")) {
            Matcher m = row.matcher(line);
            if (m.find() && !m.group(1).equals("NULL")) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The {@code Version:} of every unit header in {@code readelf --debug-dump=info}. */
    public static List<Integer> debugInfoVersions(Path file) {
        List<Integer> versions = new ArrayList<>();
        Pattern v = Pattern.compile("^\\s+Version:\\s+(\\d+)", Pattern.MULTILINE);
        Matcher m = v.matcher(readelf("--debug-dump=info", file.toString()));
        while (m.find()) {
            versions.add(Integer.parseInt(m.group(1)));
        }
        return versions;
    }
}
