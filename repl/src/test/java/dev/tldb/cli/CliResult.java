package dev.tldb.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one {@code tldb} command line did: its exit code and everything it wrote.
 *
 * @param args     the arguments after {@code tldb}
 * @param exitCode the exit status the process would have had
 * @param stdout   standard output
 * @param stderr   standard error
 */
public record CliResult(List<String> args, int exitCode, String stdout, String stderr) {

    public CliResult {
        args = List.copyOf(args);
    }

    /** The lines of standard output (no trailing empty line). */
    public List<String> lines() {
        return split(stdout);
    }

    public List<String> stderrLines() {
        return split(stderr);
    }

    /** Standard output as JSON lines, one object per line. */
    public List<Map<String, Object>> json() {
        return lines().stream().map(JsonLine::parse).toList();
    }

    private static List<String> split(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = Arrays.asList(text.split("\n", -1));
        return text.endsWith("\n") ? lines.subList(0, lines.size() - 1) : lines;
    }

    /** For assertion messages: the command and what it printed. */
    public String describe() {
        return "tldb " + String.join(" ", args) + "\nexit " + exitCode + "\n--- stdout ---\n" + stdout
                + "--- stderr ---\n" + stderr;
    }
}
