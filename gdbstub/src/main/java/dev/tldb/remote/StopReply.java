package dev.tldb.remote;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A stop reply ({@code ?} and resumption packets): {@code T05thread:p1f.20;core:1;},
 * {@code S05}, or {@code W00}/{@code X09} when the process is gone.
 *
 * @param kind   'T', 'S', 'W' or 'X'
 * @param signal the signal (or exit status for 'W')
 * @param fields the {@code name:value} pairs of a 'T' reply
 */
record StopReply(char kind, int signal, Map<String, String> fields) {

    static StopReply parse(String reply) {
        if (reply.length() < 3 || "TSWX".indexOf(reply.charAt(0)) < 0) {
            throw new RemoteException("the stub's stop reply is not one: " + reply);
        }
        int sig;
        try {
            sig = Integer.parseInt(reply.substring(1, 3), 16);
        } catch (NumberFormatException e) {
            throw new RemoteException("the stub's stop reply has a bad signal: " + reply);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (reply.charAt(0) == 'T') {
            for (String item : reply.substring(3).split(";")) {
                int colon = item.indexOf(':');
                if (colon > 0) {
                    fields.put(item.substring(0, colon), item.substring(colon + 1));
                }
            }
        }
        return new StopReply(reply.charAt(0), sig, fields);
    }

    boolean processGone() {
        return kind == 'W' || kind == 'X';
    }

    Optional<String> thread() {
        return Optional.ofNullable(fields.get("thread"));
    }
}
