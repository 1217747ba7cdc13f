package dev.tldb.cli.serve;

import java.io.PrintStream;
import java.util.logging.ConsoleHandler;
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

    private ServeLogging() {
    }

    public static void configure(PrintStream err, boolean verbose) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler() {
            {
                setOutputStream(err);
            }
        };
        handler.setLevel(Level.ALL);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String msg = formatMessage(r);
                String level = r.getLevel().intValue() >= Level.WARNING.intValue()
                        ? r.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": " : "";
                String thrown = r.getThrown() != null ? " (" + r.getThrown() + ")" : "";
                return "tldb: " + level + msg + thrown + System.lineSeparator();
            }
        });
        root.addHandler(handler);
        root.setLevel(Level.WARNING);
        Logger.getLogger(SESSIONS).setLevel(Level.INFO);
        if (verbose) {
            Logger.getLogger("dev.tldb.gdbstub").setLevel(Level.FINEST);
        }
    }
}
