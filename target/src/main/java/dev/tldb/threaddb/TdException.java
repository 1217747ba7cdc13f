package dev.tldb.threaddb;

import dev.tldb.target.TdError;

/**
 * A libthread_db-level failure ({@code td_err_e} plus what was being read); the thread layer turns
 * it into a user-facing message that names the module and the thread.
 */
final class TdException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final TdError error;

    TdException(TdError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    TdError error() {
        return error;
    }
}
