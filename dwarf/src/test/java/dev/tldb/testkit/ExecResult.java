package dev.tldb.testkit;

import java.util.List;

/** What a finished external process left: its exit code (128 + signal if killed by one) and output. */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    /** One paragraph for assertion messages: the command, exit code and both streams. */
    public String describe() {
        return "command " + String.join(" ", command) + "\nexit code " + exitCode
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
