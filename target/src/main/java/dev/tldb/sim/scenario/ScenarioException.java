package dev.tldb.sim.scenario;

import dev.tldb.error.TldbException;

/** A scenario that cannot be read or run, as one line naming the file and line: {@code demo.tldbsim:7: unknown thread "worker-9"}. */
public final class ScenarioException extends TldbException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final String detail;

    public ScenarioException(String file, int line, String detail) {
        super(file + ":" + line + ": " + detail);
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The message without the file and line. */
    public String detail() {
        return detail;
    }
}
