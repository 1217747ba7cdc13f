package dev.tldb.repl.commands;

import dev.tldb.abi.Abi;
import dev.tldb.abi.TlsVariant;
import dev.tldb.cli.Json;
import dev.tldb.error.TldbException;
import dev.tldb.repl.Cancelled;
import dev.tldb.repl.Console;
import dev.tldb.repl.Debugger;
import dev.tldb.session.Session;
import dev.tldb.session.Value;
import dev.tldb.target.TargetStack;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;
import dev.tldb.threaddb.TlsInspector;
import dev.tldb.threaddb.TlsLayout;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The thread-local commands no other debugger has: {@code tls VAR} (one variable in every thread
 * at once) and {@code info tls} (a drawing of a thread's TLS: thread pointer, DTV, each module's
 * block).
 */
final class TlsCommands {
    private TlsCommands() {}

    private static final AttributedStyle CURRENT = AttributedStyle.BOLD;
    private static final AttributedStyle ADDRESS = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);
    private static final AttributedStyle MODULE = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle MISSING = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle ERROR = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();

    /** One thread's row of {@code tls}: a value and its address, or why there is none. */
    record Row(ThreadInfo thread, Optional<Long> address, Optional<String> value, Optional<String> note,
               Optional<String> error, boolean notAllocated) {}

    @Command(name = "tls", description = {"Show an expression (usually a thread-local variable) in every thread at "
            + "once: thread, LWP, name, address, and the value or the reason there is none (e.g. not allocated yet).",
            "/F picks a print format as for print."})
    static final class Tls extends ReplCommand {
        @Option(names = "--json", description = "One JSON object per thread: thread, lwp, name, expr, address, "
                + "value or error (and reason).")
        boolean json;

        @Parameters(paramLabel = "EXPR", arity = "1..*", description = "[/F] EXPR, e.g. tls_counter or tls_name[0].")
        List<String> words = new ArrayList<>();

        Tls(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            DataCommands.PrintArgs args = DataCommands.PrintArgs.of(words, "tls");
            var format = args.format();
            String expr = args.expression();
            Session s = dbg.session();
            List<ThreadInfo> threads = dbg.stack().threads();
            if (threads.isEmpty()) {
                throw new TldbException("No threads: the target is a program file, not a process.");
            }
            int current = dbg.thread().num();
            List<Row> rows = new ArrayList<>();
            for (ThreadInfo t : threads) {
                Cancelled.check();
                try {
                    Value v = s.evaluate(expr, Optional.of(t), Optional.empty());
                    rows.add(new Row(t, v.address().isPresent() ? Optional.of(v.address().getAsLong()) : Optional.empty(),
                            Optional.of(s.format(v, format)), v.note(), Optional.empty(), false));
                } catch (Cancelled c) {
                    throw c;
                } catch (TldbException e) {
                    boolean notAllocated = e instanceof TlsException te && te.error() == TdError.TD_NOTALLOC;
                    rows.add(new Row(t, Optional.empty(), Optional.empty(), Optional.empty(),
                            Optional.of(e.getMessage()), notAllocated));
                }
            }
            // The same error in every thread is about the expression, not the threads: one line, as print says it.
            if (rows.stream().noneMatch(r -> r.value().isPresent() || r.notAllocated())
                    && rows.stream().map(Row::error).distinct().count() == 1) {
                throw new TldbException(rows.get(0).error().orElseThrow());
            }
            if (json) {
                for (Row r : rows) {
                    Json o = Json.object().put("thread", r.thread().num()).put("lwp", r.thread().lwp());
                    r.thread().name().ifPresent(n -> o.put("name", n));
                    o.put("current", r.thread().num() == current).put("expr", expr);
                    r.address().ifPresent(a -> o.put("address", Words.hex(a)));
                    r.value().ifPresent(v -> o.put("value", v));
                    r.note().ifPresent(n -> o.put("note", n));
                    r.error().ifPresent(e -> o.put("error", e).put("reason", r.notAllocated() ? "not-allocated" : "error"));
                    out().println(o);
                }
            } else {
                table(rows, current);
                if (args.words().size() == 1 && !s.isThreadLocal(expr) && rows.stream().anyMatch(r -> r.value().isPresent())) {
                    out().println("(" + expr + " is not thread-local: every thread sees the same object)");
                }
            }
            return 0;
        }

        private void table(List<Row> rows, int current) {
            Console c = dbg.console();
            List<String[]> cells = new ArrayList<>();
            for (Row r : rows) {
                String why = r.notAllocated() ? "<not allocated yet: the thread has not used " + module(r.error().orElse(""))
                        + "'s TLS>" : r.error().map(e -> "<" + e + ">").orElse("");
                cells.add(new String[] {Integer.toString(r.thread().num()), Long.toString(r.thread().lwp()),
                        r.thread().name().orElse(""), r.address().map(Words::hex).orElse("-"),
                        r.value().map(v -> v + r.note().map(n -> "  <" + n + ">").orElse("")).orElse(why)});
            }
            // A core knows no thread names: leave the column out rather than show it empty.
            boolean names = rows.stream().anyMatch(r -> r.thread().name().isPresent());
            if (!names) {
                cells.replaceAll(row -> new String[] {row[0], row[1], row[3], row[4]});
            }
            String[] head = names ? new String[] {"Id", "LWP", "Name", "Address", "Value"}
                    : new String[] {"Id", "LWP", "Address", "Value"};
            int addressColumn = names ? 3 : 2;
            int[] width = new int[head.length];
            for (int i = 0; i < head.length; i++) {
                width[i] = head[i].length();
                for (String[] row : cells) {
                    width[i] = Math.max(width[i], row[i].length());
                }
            }
            width[0] = Math.max(width[0], 4);
            out().println(c.render(new AttributedStringBuilder().style(CURRENT).append(line(head, width, "  "))
                    .toAttributedString()));
            for (int k = 0; k < rows.size(); k++) {
                Row r = rows.get(k);
                String[] row = cells.get(k);
                AttributedStringBuilder b = new AttributedStringBuilder();
                b.append(r.thread().num() == current ? "* " : "  ");
                for (int i = 0; i < row.length; i++) {
                    AttributedStyle style = i == addressColumn ? ADDRESS : i == row.length - 1 && r.value().isEmpty()
                            ? (r.notAllocated() ? MISSING : ERROR) : AttributedStyle.DEFAULT;
                    b.style(style).append(i == row.length - 1 ? row[i] : ThreadCommands.pad(row[i], width[i]))
                            .style(AttributedStyle.DEFAULT);
                    if (i < row.length - 1) {
                        b.append(" ");
                    }
                }
                out().println(c.render(b.toAttributedString()));
            }
            long ok = rows.stream().filter(r -> r.value().isPresent()).count();
            long missing = rows.stream().filter(Row::notAllocated).count();
            out().println(rows.size() + (rows.size() == 1 ? " thread: " : " threads: ") + ok + " with a value" + (missing > 0 ? ", " + missing
                    + " not allocated yet" : "") + (rows.size() - ok - missing > 0 ? ", " + (rows.size() - ok - missing)
                    + " with an error" : "") + ".");
        }

        /** The module a thread layer's "not yet allocated" message names (`libfoo.so'), or "the module". */
        private static String module(String message) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([^']+)'").matcher(message);
            return m.find() ? m.group(1).substring(m.group(1).lastIndexOf('/') + 1) : "the module";
        }

        private static String line(String[] cells, int[] width, String prefix) {
            StringBuilder b = new StringBuilder(prefix);
            for (int i = 0; i < cells.length; i++) {
                b.append(i == cells.length - 1 ? cells[i] : ThreadCommands.pad(cells[i], width[i]) + " ");
            }
            return b.toString();
        }
    }

    @Command(name = "tls", description = {"Draw a thread's TLS layout: thread pointer and TCB, the DTV (generation, "
            + "entries) and each module's block (address range, static or dynamic, allocated or not).",
            "THREAD is a thread number (default: the selected thread) or all."})
    static final class InfoTls extends ReplCommand {
        @Option(names = "--json", description = "One JSON object per thread.")
        boolean json;

        @Parameters(paramLabel = "THREAD", arity = "0..1", description = "A thread number, or all.")
        String id;

        InfoTls(Debugger dbg) {
            super(dbg);
        }

        @Override
        protected int run() {
            TargetStack stack = dbg.stack();
            TlsInspector inspector = stack.capability(TlsInspector.class).orElseThrow(() -> new TldbException(
                    "This target has no thread library layer to read TLS structures from."));
            List<ThreadInfo> threads = id == null ? List.of(dbg.thread())
                    : id.equals("all") ? stack.threads() : List.of(dbg.thread(Words.threadNumber(id)));
            boolean first = true;
            for (ThreadInfo t : threads) {
                Cancelled.check();
                TlsLayout layout = inspector.layout(t);
                if (json) {
                    out().println(json(stack.abi(), layout));
                } else {
                    if (!first) {
                        out().println();
                    }
                    draw(stack.abi(), layout);
                }
                first = false;
            }
            return 0;
        }

        private Json json(Abi abi, TlsLayout l) {
            Json o = Json.object().put("thread", l.thread().num()).put("lwp", l.thread().lwp());
            l.thread().name().ifPresent(n -> o.put("name", n));
            o.put("abi", abi.describe()).put("variant", abi.tlsVariant().name())
                    .put("tp_register", abi.arch().threadPointerRegister()).put("tp", Words.hex(l.threadPointer()))
                    .put("dtv", Words.hex(l.dtvAddress()));
            l.generation().ifPresent(g -> o.put("generation", g));
            l.dtvLength().ifPresent(n -> o.put("dtv_length", n));
            List<Json> blocks = new ArrayList<>();
            for (TlsLayout.ModuleBlock b : l.blocks()) {
                Json j = Json.object().put("module", b.module()).put("id", b.moduleId()).put("size", b.size())
                        .put("static", b.staticTls()).put("allocated", b.allocated()).put("state", b.state());
                b.dtvEntry().ifPresent(e -> j.put("dtv_entry", Words.hex(e)));
                b.address().ifPresent(a -> j.put("start", Words.hex(a)).put("end", Words.hex(a + b.size())));
                blocks.add(j);
            }
            return o.put("blocks", blocks);
        }

        private void draw(Abi abi, TlsLayout l) {
            Console c = dbg.console();
            boolean u = c.unicode();
            String tee = u ? "├─ " : "|- ", elbow = u ? "└─ " : "`- ", arrow = u ? "→" : "->";
            ThreadInfo t = l.thread();
            long tp = l.threadPointer();
            long dtvPtrAt = abi.dtvPointerAddress(tp);
            AttributedStringBuilder b = new AttributedStringBuilder();
            b.style(CURRENT).append("Thread " + t.num() + t.name().map(n -> " \"" + n + "\"").orElse("") + " (LWP "
                    + t.lwp() + ")").style(AttributedStyle.DEFAULT);
            b.append(": " + abi.describe() + ", TLS variant " + abi.tlsVariant().name()
                    + (abi.tlsVariant() == TlsVariant.II ? " (static blocks below the thread pointer)"
                    : " (static blocks above the thread control block)"));
            out().println(c.render(b.toAttributedString()));

            b = new AttributedStringBuilder().append("TP   ").style(ADDRESS).append(dbg.address(tp))
                    .style(AttributedStyle.DEFAULT).append("  " + abi.arch().threadPointerRegister() + "; the TCB is at TP");
            out().println(c.render(b.toAttributedString()));

            b = new AttributedStringBuilder().append("DTV  ").style(ADDRESS).append(dbg.address(l.dtvAddress()))
                    .style(AttributedStyle.DEFAULT).append("  ");
            List<String> facts = new ArrayList<>();
            l.generation().ifPresent(g -> facts.add("generation " + g));
            l.dtvLength().ifPresent(n -> facts.add(n + (n == 1 ? " entry" : " entries")));
            facts.add("pointer at TP" + offset(dtvPtrAt - tp));
            b.append(String.join(", ", facts));
            out().println(c.render(b.toAttributedString()));

            List<TlsLayout.ModuleBlock> blocks = l.blocks();
            if (blocks.isEmpty()) {
                out().println(c.render(new AttributedStringBuilder().append(elbow).style(DIM)
                        .append("no module has thread-local storage").toAttributedString()));
                return;
            }
            int nameWidth = blocks.stream().mapToInt(x -> x.module().length()).max().orElse(0);
            int sizeWidth = blocks.stream().mapToInt(x -> Long.toString(x.size()).length()).max().orElse(1);
            int idWidth = blocks.stream().mapToInt(x -> Long.toString(x.moduleId()).length()).max().orElse(1);
            for (int i = 0; i < blocks.size(); i++) {
                TlsLayout.ModuleBlock m = blocks.get(i);
                b = new AttributedStringBuilder().append(i == blocks.size() - 1 ? elbow : tee);
                b.append(ThreadCommands.pad("[" + m.moduleId() + "]", idWidth + 2)).append(" ");
                b.style(MODULE).append(ThreadCommands.pad(m.module(), nameWidth)).style(AttributedStyle.DEFAULT);
                b.append("  ").append(ThreadCommands.pad(m.staticTls() ? "static" : "dynamic", 7));
                String size = Long.toString(m.size());
                b.append("  ").append(" ".repeat(sizeWidth - size.length())).append(size).append(" B  ");
                if (m.address().isPresent()) {
                    long a = m.address().getAsLong();
                    b.style(ADDRESS).append(dbg.address(a) + "-" + dbg.address(a + m.size())).style(AttributedStyle.DEFAULT);
                    if (m.staticTls()) {
                        b.style(DIM).append("  TP" + offset(a - tp)).style(AttributedStyle.DEFAULT);
                    }
                } else {
                    b.style(MISSING).append(m.state()).style(AttributedStyle.DEFAULT);
                }
                if (m.dtvEntry().isPresent()) {
                    long e = m.dtvEntry().getAsLong();
                    b.style(DIM).append("  dtv[" + m.moduleId() + "] " + arrow + " "
                            + (e == -1 ? "unallocated" : Words.hex(e))).style(AttributedStyle.DEFAULT);
                }
                out().println(c.render(b.toAttributedString()));
            }
        }

        private static String offset(long d) {
            return d < 0 ? "-0x" + Long.toHexString(-d) : "+0x" + Long.toHexString(d);
        }
    }

}
