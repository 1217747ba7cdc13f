package dev.tldb.repl.commands;

import dev.tldb.cli.Json;
import dev.tldb.error.TldbException;
import dev.tldb.repl.Cancelled;
import dev.tldb.repl.Debugger;
import dev.tldb.repl.Interpreter;
import dev.tldb.target.ThreadInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Threads: {@code info threads}, {@code thread N}, {@code thread apply}, and the one frame tldb knows. */
final class ThreadCommands {
    private ThreadCommands() {}

    @Command(name = "threads", description = "Display the threads: gdb's Id, Target Id and Frame columns, "
            + "* on the selected one.")
    static final class InfoThreads extends ReplCommand {
        @Option(names = "--json", description = "One JSON object per thread.")
        boolean json;

        @Parameters(paramLabel = "THREAD", arity = "0..*", description = "Thread IDs to show (default: all).")
        List<String> ids = new ArrayList<>();

        InfoThreads(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            List<ThreadInfo> all = dbg.stack().threads();
            if (all.isEmpty()) {
                out().println("No threads.");
                return 0;
            }
            List<ThreadInfo> shown = all;
            if (!ids.isEmpty()) {
                List<Integer> nums = new ArrayList<>();
                for (String id : ids) {
                    nums.add(Words.threadNumber(id));
                }
                shown = all.stream().filter(t -> nums.contains(t.num())).toList();
                if (shown.isEmpty()) {
                    throw new TldbException("No threads match '" + String.join(" ", ids) + "'.");
                }
            }
            int current = dbg.thread().num();
            List<String> targetIds = new ArrayList<>();
            List<String> frames = new ArrayList<>();
            for (ThreadInfo t : shown) {
                Cancelled.check();
                targetIds.add(dbg.targetId(t));
                frames.add(dbg.frame(t));
            }
            if (json) {
                for (int i = 0; i < shown.size(); i++) {
                    ThreadInfo t = shown.get(i);
                    Json o = Json.object().put("id", t.num()).put("current", t.num() == current).put("lwp", t.lwp())
                            .put("target_id", targetIds.get(i));
                    t.name().ifPresent(n -> o.put("name", n));
                    out().println(o.put("frame", frames.get(i)));
                }
                return 0;
            }
            int width = Math.max("Target Id".length(), targetIds.stream().mapToInt(String::length).max().orElse(0));
            out().println("  " + pad("Id", 4) + " " + pad("Target Id", width) + " Frame ");
            for (int i = 0; i < shown.size(); i++) {
                ThreadInfo t = shown.get(i);
                out().println((t.num() == current ? "* " : "  ") + pad(Integer.toString(t.num()), 4) + " "
                        + pad(targetIds.get(i), width) + " " + frames.get(i));
            }
            return 0;
        }
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    @Command(name = "thread", aliases = "t", description = {"Select a thread by its gdb number, or show the "
            + "selected one.", "thread apply all|LIST COMMAND runs a command in several threads."})
    static final class Thread extends ReplCommand {
        @Parameters(paramLabel = "THREAD", arity = "0..1", description = "The thread's number (info threads).")
        String id;

        Thread(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            if (id == null) {
                ThreadInfo t = dbg.thread();
                out().println("[Current thread is " + t.num() + " (" + dbg.targetIdShort(t) + ")]");
                return 0;
            }
            ThreadInfo t = dbg.thread(Words.threadNumber(id));
            dbg.select(t);
            out().println("[Switching to thread " + t.num() + " (" + dbg.targetIdShort(t) + ")]");
            out().println("#0  " + dbg.frame(t));
            return 0;
        }
    }

    @Command(name = "apply", description = {"Apply a command to a list of threads: thread apply all p tls_counter, "
            + "thread apply 1 3-4 p tls_name.", "all goes from the highest thread number down, as gdb does. "
            + "-c: go on after an error; -s: also stay silent about it."})
    static final class Apply extends ReplCommand {
        private final Interpreter interpreter;

        @Option(names = "-c", description = "Continue with the next thread after an error.")
        boolean continueOnError;

        @Option(names = "-s", description = "Silently skip threads where the command fails.")
        boolean silent;

        @Option(names = "-q", description = "Do not print the thread header.")
        boolean quiet;

        @Parameters(paramLabel = "all|THREAD... COMMAND", arity = "0..*", description = "Threads, then the command.")
        List<String> words = new ArrayList<>();

        Apply(Debugger dbg, Interpreter interpreter) {
            super(dbg);
            this.interpreter = interpreter;
        }

        @Override
        protected int run() {
            if (words.isEmpty()) {
                throw new TldbException("Please specify a thread ID list");
            }
            List<ThreadInfo> threads;
            int cmdStart;
            if (words.get(0).equals("all")) {
                threads = new ArrayList<>(dbg.stack().threads());
                threads.sort(Comparator.comparingInt(ThreadInfo::num).reversed());
                cmdStart = 1;
            } else {
                cmdStart = 0;
                while (cmdStart < words.size() && words.get(cmdStart).matches("\\d+(-\\d+)?")) {
                    cmdStart++;
                }
                if (cmdStart == 0) {
                    throw new TldbException("Invalid thread ID: " + words.get(0));
                }
                threads = Words.threadList(dbg, words.subList(0, cmdStart));
            }
            // gdb writes the flags after the thread list: thread apply all -c print x.
            boolean keepGoing = continueOnError, skipSilently = silent, noHeader = quiet;
            for (; cmdStart < words.size() && words.get(cmdStart).matches("-[csq]+"); cmdStart++) {
                String f = words.get(cmdStart);
                keepGoing |= f.contains("c");
                skipSilently |= f.contains("s");
                noHeader |= f.contains("q");
            }
            if (cmdStart >= words.size()) {
                throw new TldbException("Please specify a command at the end of 'thread apply "
                        + String.join(" ", words) + "'");
            }
            // Copies: the nested command is parsed by the same picocli tree, which may reset the fields.
            String command = String.join(" ", words.subList(cmdStart, words.size()));
            ThreadInfo selected = dbg.thread();
            int status = Interpreter.OK;
            try {
                for (ThreadInfo t : threads) {
                    Cancelled.check();
                    dbg.select(t);
                    String header = noHeader ? "" : "\nThread " + t.num() + " (" + dbg.targetId(t) + "):\n";
                    int r;
                    if (skipSilently) {
                        // gdb's -s: a thread where the command fails shows nothing, not even its header.
                        var c = dbg.console().capture(() -> interpreter.executeQuietly(command));
                        r = c.result();
                        if (r == Interpreter.OK) {
                            out().print(header + c.out());
                        }
                    } else {
                        out().print(header);
                        r = interpreter.execute(command);
                    }
                    // As in gdb: an error ends thread apply (and fails it) unless -c or -s let it go on.
                    if (r != Interpreter.OK && !keepGoing && !skipSilently) {
                        status = Interpreter.FAILED;
                        break;
                    }
                }
            } finally {
                dbg.select(selected);
            }
            return status;
        }
    }

    @Command(name = "backtrace", aliases = {"bt", "where"}, description = "The selected thread's innermost frame: "
            + "function and source line of its pc (tldb does not unwind the stack).")
    static final class Backtrace extends ReplCommand {
        Backtrace(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            out().println("#0  " + dbg.frame(dbg.thread()));
            out().println("(tldb shows the innermost frame only: it does not unwind the stack)");
            return 0;
        }
    }

    @Command(name = "frame", aliases = "f", description = "The selected thread's innermost frame.")
    static final class Frame extends ReplCommand {
        Frame(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            out().println("#0  " + dbg.frame(dbg.thread()));
            return 0;
        }
    }
}
