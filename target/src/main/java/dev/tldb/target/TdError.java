package dev.tldb.target;

/**
 * libthread_db's error codes ({@code td_err_e} in glibc's {@code thread_db.h}), which the simulated
 * libthread_db returns with the same meaning.
 */
public enum TdError {
    TD_OK(0, "no error"),
    TD_ERR(1, "generic error"),
    TD_NOTHR(2, "no such thread"),
    TD_NOCAPAB(14, "capability not available"),
    TD_DBERR(15, "debugger service failed"),
    TD_NOAPLIC(16, "operation not applicable"),
    TD_NOTALLOC(21, "not allocated yet"),
    TD_VERSION(22, "version mismatch"),
    TD_NOTLS(23, "module has no TLS");

    private final int code;
    private final String meaning;

    TdError(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The numeric {@code td_err_e} value. */
    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
