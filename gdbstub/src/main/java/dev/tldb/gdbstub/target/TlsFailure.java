package dev.tldb.gdbstub.target;

import dev.tldb.target.TdError;

import java.time.Instant;

/**
 * A {@code qGetTLSAddr} that failed, kept per connection so {@code monitor tls-error} can tell a
 * gdb 13 user what gdb itself does not show (it replaces our reason with "Remote target failed to
 * process qGetTLSAddr request").
 *
 * @param request the packet as gdb sent it
 * @param reason  the short reason sent as {@code E.<reason>}
 * @param detail  the thread layer's full explanation
 * @param error   libthread_db's error code for it (TD_NOTALLOC, TD_NOTLS, ...), TD_ERR if none applies
 * @param when    when it happened
 */
public record TlsFailure(String request, String reason, String detail, TdError error, Instant when) {}
