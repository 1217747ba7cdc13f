package dev.tldb.cli;

/** Exit codes of every tldb command. */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    /** A command ran and failed: bad input file, value not available, a batch check that did not hold. */
    public static final int FAILED = 1;
    /** The command line itself was wrong (picocli's usage-error code). */
    public static final int USAGE = 2;
}
