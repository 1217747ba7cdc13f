package dev.tldb.sim;

import java.util.List;

/**
 * The C library's side of TLS in the simulated process: module ids and static offsets, thread
 * creation (TCB, static TLS, DTV), dlopen/dlclose bookkeeping and {@code __tls_get_addr}. One
 * implementation per C library, each writing that library's structures into simulated memory.
 *
 * <p>Sequence for a load (start-up or dlopen): the process allocates link_map addresses, calls
 * {@link #assign} (module ids and TLS offsets, in load order), writes the link maps with
 * {@link #linkMapFields}, then calls {@link #startup} or {@link #dlopened}.
 */
interface TlsRuntime {

    /** One line: which C library, and where its layout came from. */
    String describe();

    /** Bytes to reserve for a module's link_map (glibc) or {@code struct dso} (musl). */
    int linkMapSize();

    /** Assigns {@code l_tls_modid} and {@code l_tls_offset} to newly loaded modules, in load order. */
    void assign(List<LoadedModule> added, boolean atStartup);

    /** Writes the TLS fields of the module's link map into its initial bytes. */
    void linkMapFields(LoadedModule m, byte[] linkMap);

    /** Process start-up: the C library's globals and the main thread's TLS. */
    void startup(List<LoadedModule> initial, SimThread main);

    /** pthread_create: stack, thread descriptor, static TLS and DTV of a new thread. */
    void createThread(SimThread t, long stackSize);

    /** The thread's exit: it leaves the C library's thread list and its memory is freed. */
    void exitThread(SimThread t);

    /** dlopen finished loading these modules (already assigned and linked), on {@code caller}'s behalf. */
    void dlopened(List<LoadedModule> added, SimThread caller);

    /** dlclose unloaded these modules. */
    void dlclosed(List<LoadedModule> removed);

    /**
     * A TLS access by {@code t} to {@code m} as compiled code does it: {@code __tls_get_addr} (or a
     * TLS descriptor) for a library, allocating the block on first use; the static block directly
     * for the executable. Returns the block's start.
     */
    long access(SimThread t, LoadedModule m);

    /** {@code __tls_get_addr} itself: update the DTV and allocate the block if needed. */
    long tlsGetAddr(SimThread t, LoadedModule m);
}
