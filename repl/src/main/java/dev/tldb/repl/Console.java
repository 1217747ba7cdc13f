package dev.tldb.repl;

import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Where commands write: normal output and error lines, whether colour may be used, and whether
 * box-drawing characters will show. Colour needs a real terminal and no {@code NO_COLOR}
 * (https://no-color.org: set and not empty); a pipe, a file or a dumb terminal gets plain text.
 *
 * <p>Writes check for Ctrl-C ({@link Cancelled}), so a command printing a long listing stops
 * promptly even where it has no loop of its own.
 */
public final class Console {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean color;
    private final boolean unicode;
    private final Optional<Terminal> terminal;

    private final Redirect outTarget;
    private final Redirect errTarget;

    private Console(Writer out, Writer err, boolean color, boolean unicode, Optional<Terminal> terminal) {
        this.outTarget = new Redirect(out);
        this.errTarget = new Redirect(err);
        this.out = new CancellableWriter(outTarget);
        this.err = new CancellableWriter(errTarget);
        this.color = color;
        this.unicode = unicode;
        this.terminal = terminal;
    }

    /** Output to a JLine terminal (the REPL); errors go to the same terminal, as gdb's do. */
    public static Console of(Terminal terminal, Map<String, String> env) {
        boolean real = !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        boolean color = real && !noColor(env);
        java.nio.charset.Charset cs = terminal.encoding();
        return new Console(terminal.writer(), terminal.writer(), color, cs != null && cs.equals(StandardCharsets.UTF_8),
                Optional.of(terminal));
    }

    /** Plain output (batch mode, tests): no colour, never a terminal; box drawings in UTF-8 when {@code unicode}. */
    public static Console plain(Writer out, Writer err, boolean unicode) {
        return new Console(out, err, false, unicode, Optional.empty());
    }

    /** Whether {@code NO_COLOR} asks for no colour. */
    public static boolean noColor(Map<String, String> env) {
        String v = env.get("NO_COLOR");
        return v != null && !v.isEmpty();
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public boolean color() {
        return color;
    }

    /** Whether the output can show box-drawing characters (UTF-8); otherwise drawings use ASCII. */
    public boolean unicode() {
        return unicode;
    }

    public Optional<Terminal> terminal() {
        return terminal;
    }

    /** The text with its colours when colour is allowed, plain otherwise. */
    public String render(AttributedString s) {
        return color ? s.toAnsi(terminal.orElse(null)) : s.toString();
    }

    /** Terminal width in columns (80 when unknown). */
    public int width() {
        int w = terminal.map(Terminal::getWidth).orElse(0);
        return w > 10 ? w : 80;
    }

    public void flush() {
        out.flush();
        err.flush();
    }

    /** What a piece of work wrote, and its result. */
    public record Captured<T>(T result, String out, String err) {}

    /**
     * Runs {@code work} with both streams written into strings instead of the console (an
     * {@code expect} compares what a command printed). Nests.
     */
    public <T> Captured<T> capture(java.util.function.Supplier<T> work) {
        java.io.StringWriter o = new java.io.StringWriter(), e = new java.io.StringWriter();
        out.flush();
        err.flush();
        outTarget.push(o);
        errTarget.push(e);
        T result;
        try {
            result = work.get();
        } finally {
            out.flush();
            err.flush();
            outTarget.pop();
            errTarget.pop();
        }
        return new Captured<>(result, o.toString(), e.toString());
    }

    /** A writer whose destination can be switched for a while (capture), innermost first. */
    private static final class Redirect extends Writer {
        private final java.util.ArrayDeque<Writer> targets = new java.util.ArrayDeque<>();

        Redirect(Writer base) {
            targets.push(base);
        }

        synchronized void push(Writer w) {
            targets.push(w);
        }

        synchronized void pop() {
            targets.pop();
        }

        @Override
        public synchronized void write(char[] cbuf, int off, int len) throws java.io.IOException {
            targets.peek().write(cbuf, off, len);
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            targets.peek().flush();
        }

        @Override
        public void close() throws java.io.IOException {
            flush();
        }
    }

    /** A PrintWriter that stops a command (Ctrl-C) at its next write. */
    private static final class CancellableWriter extends PrintWriter {
        CancellableWriter(Writer w) {
            super(w, true);
        }

        @Override
        public void write(int c) {
            Cancelled.check();
            super.write(c);
        }

        @Override
        public void write(char[] buf, int off, int len) {
            Cancelled.check();
            super.write(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            Cancelled.check();
            super.write(s, off, len);
        }
    }
}
