package dev.tldb.cli;

import dev.tldb.error.TldbException;
import dev.tldb.session.PrintFormat;
import dev.tldb.session.Session;
import dev.tldb.session.Value;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.UnallocatedTls;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tldb print EXPR}: an expression's value, in one thread or in every thread, printed as gdb
 * prints it; thread-local variables resolved through the simulated libthread_db.
 */
@Command(name = "print", aliases = "p", mixinStandardHelpOptions = true,
        description = {"Print an expression's value as gdb prints it, in one thread or in all of them.",
                "Thread-local variables are read through tldb's own libthread_db (glibc and musl; x86-64, aarch64, riscv64, i386, ppc64le, s390x) on any host.",
                "",
                "EXPR is C: variables, members (. ->), subscripts, * and &, casts, arithmetic; start it with /x, /d, "
                        + "/u, /o, /t, /c or /a for gdb's formats, e.g. 'tldb print /x tls_int --core core'."},
        footer = {"", "Exit status: 0 when every thread gave a value, 1 when one did not, 2 on a usage error."})
public final class PrintCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    IndexCacheOptions indexCache;

    @Parameters(arity = "1..*", paramLabel = "EXPR", description = "The expression (quote it for the shell).")
    List<String> words;

    @Option(names = "--thread", paramLabel = "LWP", description = "The thread, by LWP (default: the thread that stopped).")
    Long lwp;

    @Option(names = "--all-threads", description = "One line per thread.")
    boolean allThreads;

    @Option(names = "--json", description = "One JSON object per line: thread, lwp, expr, and value or error.")
    boolean json;

    @Option(names = "--scope", paramLabel = "FUNCTION", description = "Make FUNCTION's locals visible.")
    String scope;

    @Option(names = "--tls-unallocated", paramLabel = "POLICY", defaultValue = "error",
            description = "A thread that has not allocated a module's TLS yet: 'error' (as libthread_db) or "
                    + "'init-image' (show the module's initial TLS image, as the DWARF proposal allows).")
    String unallocated;

    @Override
    public Integer call() {
        if (lwp != null && allThreads) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--thread and --all-threads exclude each other");
        }
        UnallocatedTls policy = UnallocatedTls.of(unallocated).filter(p -> p != UnallocatedTls.ALLOCATE)
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                        "--tls-unallocated takes 'error' or 'init-image', not '" + unallocated + "'"));
        String text = String.join(" ", words).trim();
        PrintFormat format = PrintFormat.NATURAL;
        if (text.startsWith("/")) {
            int space = text.indexOf(' ');
            String letters = space < 0 ? text.substring(1) : text.substring(1, space);
            if (letters.length() != 1 || PrintFormat.of(letters.charAt(0)).isEmpty()) {
                throw new TldbException("Undefined output format \"" + letters + "\".");
            }
            format = PrintFormat.of(letters.charAt(0)).get();
            text = space < 0 ? "" : text.substring(space + 1).trim();
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (OpenTarget t = target.open()) {
            TargetOptions.printWarnings(t, err);
            Session session = new Session(t.stack(), indexCache.cache(spec));
            session.setUnallocatedPolicy(policy);
            List<ThreadInfo> threads = threads(t);
            boolean failed = false;
            for (ThreadInfo th : threads) {
                Optional<ThreadInfo> thread = th.num() == 0 ? Optional.empty() : Optional.of(th);
                try {
                    Value v = session.evaluate(text, thread, Optional.ofNullable(scope));
                    String value = session.format(v, format);
                    if (json) {
                        Json o = Json.object().put("thread", th.num()).put("lwp", th.lwp()).put("expr", text)
                                .put("value", value);
                        v.note().ifPresent(n -> o.put("note", n));
                        out.println(o);
                    } else {
                        String line = allThreads ? "Thread " + th.num() + " (LWP " + th.lwp() + "): " + value
                                : "$" + session.remember(v) + " = " + value;
                        out.println(line + v.note().map(n -> "  <" + n + ">").orElse(""));
                    }
                } catch (TldbException e) {
                    failed = true;
                    if (json) {
                        out.println(Json.object().put("thread", th.num()).put("lwp", th.lwp()).put("expr", text)
                                .put("error", e.getMessage()));
                    } else if (allThreads) {
                        out.println("Thread " + th.num() + " (LWP " + th.lwp() + "): <error: " + e.getMessage() + ">");
                    } else {
                        TargetOptions.printThreadDbWarnings(t, err);
                        throw e;
                    }
                }
            }
            out.flush();
            TargetOptions.printThreadDbWarnings(t, err);
            return failed ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    /** The threads to print in; a file without a process has none, so one pseudo-thread 0. */
    private List<ThreadInfo> threads(OpenTarget t) {
        List<ThreadInfo> all = t.stack().threads();
        if (all.isEmpty()) {
            if (lwp != null || allThreads) {
                throw new TldbException("no threads: the target is a file, not a process (give --core)");
            }
            return List.of(new ThreadInfo(0, 0, 0));
        }
        if (allThreads) {
            return all;
        }
        if (lwp != null) {
            return List.of(t.stack().threadByLwp(lwp).orElseThrow(() -> new TldbException(
                    "no thread with LWP " + lwp + " (threads: " + all.stream().map(x -> Long.toString(x.lwp()))
                            .reduce((a, b) -> a + ", " + b).orElse("none") + ")")));
        }
        long stopped = t.stack().stopInfo().thread().lwp();
        return List.of(t.stack().threadByLwp(stopped).orElse(all.get(0)));
    }
}
