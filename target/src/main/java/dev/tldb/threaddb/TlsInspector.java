package dev.tldb.threaddb;

import dev.tldb.target.ThreadInfo;

import java.util.List;

/** A target capability: a look at the thread library's TLS structures, for {@code info tls} and {@code tldb threads}. */
public interface TlsInspector {

    /** Which libthread_db semantics are in use and what they rely on. */
    String threadDbDescription();

    /** Caveats about the thread library's layout, to show the user once. */
    List<String> threadDbWarnings();

    /** The thread's thread pointer and the address of its DTV. */
    ThreadHandle handle(ThreadInfo thread);

    /** The address of the thread's DTV (dereferenced DTV pointer). */
    long dtvAddress(ThreadInfo thread);

    /** The thread's TLS layout: DTV and every module's block. */
    TlsLayout layout(ThreadInfo thread);
}
