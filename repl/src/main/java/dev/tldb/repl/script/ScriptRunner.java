package dev.tldb.repl.script;

import dev.tldb.error.TldbException;
import dev.tldb.repl.Cancelled;
import dev.tldb.repl.Debugger;
import dev.tldb.repl.Interpreter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a command file ({@code -x FILE}, {@code source FILE}) line by line, as gdb does: blank
 * lines and {@code #} comments are skipped, and an error in a command ends the file (what comes
 * after it assumed it worked). A failed {@code expect} is a check, not an error: it is reported
 * and the file goes on, so one run lists every wrong value. Messages name {@code FILE:LINE}.
 */
public final class ScriptRunner {
    /** Nested {@code source} deeper than this is a loop. */
    private static final int MAX_DEPTH = 32;

    private final Interpreter interpreter;
    private int depth;

    public ScriptRunner(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    /** Runs the file; returns {@link Interpreter#OK}, {@link Interpreter#FAILED} or {@link Interpreter#CHECK_FAILED}. */
    public int run(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TldbException(file + ": " + (Files.exists(file) ? "cannot read: " + e.getMessage()
                    : "No such file or directory."));
        }
        if (depth >= MAX_DEPTH) {
            throw new TldbException(file + ": source nested more than " + MAX_DEPTH + " deep");
        }
        Debugger dbg = interpreter.debugger();
        int status = Interpreter.OK;
        depth++;
        try {
            for (int i = 0; i < lines.size(); i++) {
                Cancelled.check();
                dbg.pushLocation(file + ":" + (i + 1));
                int r;
                try {
                    r = interpreter.execute(lines.get(i));
                } finally {
                    dbg.popLocation();
                }
                if (r == Interpreter.FAILED) {
                    return Interpreter.FAILED;
                }
                if (r == Interpreter.CHECK_FAILED) {
                    status = Interpreter.CHECK_FAILED;
                }
                if (dbg.quitRequested()) {
                    break;
                }
            }
        } finally {
            depth--;
        }
        return status;
    }
}
