package dev.tldb.gdbstub.protocol;

/**
 * A thread-id as the protocol writes it: {@code pPID.TID} once multiprocess is negotiated,
 * otherwise a bare {@code TID}. Both parts are hex; {@code -1} means "all" and {@code 0} means
 * "any" (gdb's {@code Hgp0.0} is "pick any thread").
 *
 * <p>A bare {@code TID} leaves the process unnamed: it parses with {@code pid == ANY}, which is
 * what a single-process stub means by it. {@code pPID} alone means all threads of PID
 * ({@code tid == ALL}), as the manual allows.
 *
 * @param pid process id, or {@link #ALL} / {@link #ANY}
 * @param tid thread id, or {@link #ALL} / {@link #ANY}
 */
public record ThreadId(long pid, long tid) {
    public static final long ALL = -1;
    public static final long ANY = 0;

    /** {@code p-1.-1} / {@code -1}: every thread of every process. */
    public static final ThreadId ALL_THREADS = new ThreadId(ALL, ALL);
    /** {@code p0.0} / {@code 0}: whichever thread the stub likes. */
    public static final ThreadId ANY_THREAD = new ThreadId(ANY, ANY);

    public ThreadId {
        if (pid < ALL || tid < ALL) {
            throw new IllegalArgumentException("thread-id parts must be >= -1: p" + pid + "." + tid);
        }
    }

    public static ThreadId of(long pid, long tid) {
        return new ThreadId(pid, tid);
    }

    /**
     * Parses a whole thread-id.
     *
     * @throws MalformedPacketException if {@code text} is not exactly one thread-id
     */
    public static ThreadId parse(String text) {
        PacketReader r = PacketReader.of(text);
        ThreadId id = r.threadId();
        r.expectEnd();
        return id;
    }

    public boolean isAllThreads() {
        return tid == ALL;
    }

    public boolean isAnyThread() {
        return tid == ANY;
    }

    /** Whether the id names one thread (no wildcard in either part, or a bare TID). */
    public boolean isSpecific() {
        return tid > 0 && pid != ALL;
    }

    /** The wire form: {@code p1f.2a} when {@code multiprocess}, else {@code 2a}. */
    public String format(boolean multiprocess) {
        return multiprocess ? "p" + Hex.signedNumber(pid) + "." + Hex.signedNumber(tid) : Hex.signedNumber(tid);
    }

    @Override
    public String toString() {
        return format(true);
    }
}
