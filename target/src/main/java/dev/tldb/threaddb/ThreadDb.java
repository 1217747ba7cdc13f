package dev.tldb.threaddb;

import dev.tldb.target.Module;
import dev.tldb.target.ThreadInfo;

import java.util.List;
import java.util.OptionalLong;

/**
 * A simulated libthread_db: the calls gdb makes of glibc's {@code libthread_db.so}, answered in
 * Java from the process's memory, for any architecture on any host. One implementation per C
 * library; both read the structures the C library itself wrote, in a core or in a simulated
 * process alike.
 */
public interface ThreadDb {

    /** What this instance relies on, e.g. {@code glibc, layout from libc.so.6's _thread_db_* descriptors}. */
    String describe();

    /** Caveats found while setting up (layout guessed, descriptors disagree with the ABI, ...). */
    List<String> warnings();

    /** {@code td_ta_map_lwp2thr}: the handle of the thread running on this LWP. */
    ThreadHandle mapLwp(ThreadInfo thread);

    /** {@code td_ta_thr_iter}: every thread the C library knows, from its own lists (may be empty). */
    List<ThreadHandle> iterate();

    /** The module's TLS module id ({@code link_map.l_tls_modid}, or the libc's numbering); empty if it has no TLS. */
    OptionalLong moduleId(Module module, List<Module> allModules);

    /**
     * {@code td_thr_tlsbase}: the start of module {@code moduleId}'s TLS block in this thread.
     * Throws {@link TdException} with TD_NOTALLOC (not allocated yet), TD_NOTLS, TD_ERR, ...
     */
    long tlsBase(ThreadHandle thread, long moduleId, List<Module> allModules);

    /** The thread's TLS layout for display ({@code info tls}). */
    TlsLayout layout(ThreadInfo info, ThreadHandle thread, List<Module> allModules);
}
