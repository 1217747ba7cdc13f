package dev.tldb.target;

/**
 * A target capability: make a thread allocate its block of a module's dynamic TLS now, as the
 * thread's first access through {@code __tls_get_addr} would, so that the block is visible in
 * memory afterwards. The DWARF proposal lets a consumer "arrange for it to be allocated
 * immediately"; only a simulated process can do that without running code in the inferior.
 * Cores and read-only targets simply do not offer it.
 */
public interface TlsAllocator {

    /**
     * Allocates (if needed) {@code thread}'s block of {@code module}'s TLS and returns its start
     * address. Throws {@link TlsException} when the module has no TLS or is not loaded.
     */
    long allocateTls(ThreadInfo thread, Module module);
}
