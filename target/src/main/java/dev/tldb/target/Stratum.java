package dev.tldb.target;

/**
 * Layers of the target stack, bottom to top, as in gdb's {@code target.h}: a request goes to the
 * top layer and falls through to the one beneath until a layer answers it.
 */
public enum Stratum {
    /** The bottom: answers "not supported here" to everything. */
    DUMMY,
    /** Bytes of the mapped program files (an executable and its libraries, no process). */
    FILE,
    /** A process or its image: a core file, a simulated process, a remote stub. */
    PROCESS,
    /** Thread-library knowledge (libthread_db): thread descriptors, TLS. */
    THREAD
}
