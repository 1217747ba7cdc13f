package dev.tldb.gdbstub.cores;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gdb batch script cut into named sections by {@code echo} markers, so that one gdb run can do
 * many things and each command's output (or error) can still be told apart. Run it with gdb's
 * stderr merged into stdout (gdb flushes stdout before writing an error, so order holds).
 */
final class MarkedScript {
    private static final String MARK = "@@tldb-section@@ ";
    private final List<String> commands = new ArrayList<>();

    /** Commands whose output is filed under {@code name} (a single line of text). */
    MarkedScript section(String name, String... cmds) {
        commands.add("echo " + MARK + name + "\\n");
        commands.addAll(List.of(cmds));
        return this;
    }

    /** Commands whose output nobody reads (set-up). */
    MarkedScript run(String... cmds) {
        commands.addAll(List.of(cmds));
        return this;
    }

    List<String> commands() {
        List<String> all = new ArrayList<>(commands);
        all.add("echo " + MARK + "end\\n");
        return all;
    }

    /** Section name to its output, in order; output before the first marker is under "". */
    static Map<String, String> parse(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = "";
        StringBuilder body = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            int at = line.indexOf(MARK);
            if (at >= 0) {
                body.append(line, 0, at);
                out.merge(name, body.toString(), String::concat);
                name = line.substring(at + MARK.length()).strip();
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        out.merge(name, body.toString(), String::concat);
        return out;
    }
}
