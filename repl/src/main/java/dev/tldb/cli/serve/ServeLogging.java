package dev.tldb.cli.serve;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.logging.StreamHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What {@code tldb serve} logs on stderr: like gdbserver, a line when a debugger connects or
 * leaves, plus warnings; not the protocol layer's start-up chatter (the command prints its own
 * "Listening on"). {@code --verbose} shows every packet.
 */
public final class ServeLogging {
    private static final String SESSIONS = "dev.tldb.gdbstub.server.SessionChannelHandler";
    /** JUL holds loggers weakly: a level set on a logger nobody references is lost at the next GC. */
    private static final java.util.List<Logger> CONFIGURED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ServeLogging() {
    }

    public static void configure(PrintStream err, boolean verbose) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        // Not a ConsoleHandler: re-pointing one closes the stream it had, System.err itself. And the
        // stream is shielded from close(), which LogManager.reset() calls on every handler.
        OutputStream shielded = new FilterOutputStream(err) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        StreamHandler handler = new StreamHandler(shielded, new Formatter() {
            @Override
            public String format(LogRecord r) {
                String msg = formatMessage(r);
                String level = r.getLevel().intValue() >= Level.WARNING.intValue()
                        ? r.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": " : "";
                String thrown = r.getThrown() != null ? " (" + r.getThrown() + ")" : "";
                return "tldb: " + level + msg + thrown + System.lineSeparator();
            }
        }) {
            @Override
            public synchronized void publish(LogRecord r) {
                super.publish(r);
                flush();
            }
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.WARNING);
        Logger sessions = Logger.getLogger(SESSIONS);
        sessions.setLevel(Level.INFO);
        CONFIGURED.add(sessions);
        if (verbose) {
            Logger all = Logger.getLogger("dev.tldb.gdbstub");
            all.setLevel(Level.FINEST);
            CONFIGURED.add(all);
        }
    }
}
