package dev.tldb.cli.serve;

import dev.tldb.error.TldbException;

/**
 * {@code --listen HOST:PORT} as gdbserver takes it: {@code HOST:PORT}, {@code :PORT} or
 * {@code PORT} (host 127.0.0.1), {@code [v6addr]:PORT}. Port 0 picks a free port.
 */
public record ListenAddress(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 1234;

    public static ListenAddress parse(String text) {
        String host = DEFAULT_HOST;
        String port = text;
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = DEFAULT_HOST;
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new TldbException("--listen " + text + ": expected HOST:PORT, :PORT or PORT");
        }
        if (p < 0 || p > 65535) {
            throw new TldbException("--listen " + text + ": port " + p + " is not in 0..65535");
        }
        return new ListenAddress(host, p);
    }

    /** {@code host:port}, with brackets around an IPv6 host, as gdb's {@code target remote} wants it. */
    public static String format(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
