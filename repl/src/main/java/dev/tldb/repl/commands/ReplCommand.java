package dev.tldb.repl.commands;

import dev.tldb.repl.Debugger;
import dev.tldb.repl.Interpreter;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A REPL command: picocli parses its words, {@link #call} runs it against the session. */
abstract class ReplCommand implements Callable<Integer> {
    protected final Debugger dbg;

    ReplCommand(Debugger dbg) {
        this.dbg = dbg;
    }

    protected PrintWriter out() {
        return dbg.console().out();
    }

    protected PrintWriter err() {
        return dbg.console().err();
    }

    @Override
    public final Integer call() {
        return run();
    }

    /** Runs the command; returns {@link Interpreter#OK} or {@link Interpreter#FAILED}, or throws a one-line error. */
    protected abstract int run();
}
