package dev.tldb.repl;

import dev.tldb.cli.ExitCodes;

import java.io.Writer;

/**
 * gdb's {@code -batch}: open the target, run the {@code -ex} and {@code -x} steps without a
 * prompt, exit. The exit code is 1 when any command failed or any {@code expect} did not hold
 * (a CI job fails on a wrong value), 0 otherwise, or what {@code quit N} asked for.
 */
public final class Batch {
    private Batch() {}

    public static int run(Startup startup, Writer out, Writer err, boolean unicode) {
        Console console = Console.plain(out, err, unicode);
        try (Debugger dbg = new Debugger(console, startup.environment(), startup.targets())) {
            Interpreter in = new Interpreter(dbg);
            int status = Frontend.openTarget(in, startup.target(), false);
            status = Frontend.worse(status, Frontend.runSteps(in, startup));
            int checks = dbg.expectsPassed() + dbg.expectsFailed();
            if (checks > 0) {
                console.err().println("expect: " + dbg.expectsPassed() + " passed, " + dbg.expectsFailed() + " failed");
            }
            console.flush();
            if (dbg.exitCode().isPresent()) {
                return dbg.exitCode().get();
            }
            return status == Interpreter.OK ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
