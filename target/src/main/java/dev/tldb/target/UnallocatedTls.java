package dev.tldb.target;

import java.util.Locale;
import java.util.Optional;

/**
 * What to answer when a thread has not allocated its block of a module's TLS yet
 * (libthread_db's TD_NOTALLOC). The thread layer always reports the truth; this policy belongs
 * to whoever turns a TLS request into a value:
 *
 * <ul>
 *   <li>{@link #ERROR}: report it, as libthread_db and gdb do (the default);</li>
 *   <li>{@link #ALLOCATE}: ask the target's {@link TlsAllocator} to allocate the block now and
 *       retry (only a simulated process can);</li>
 *   <li>{@link #INIT_IMAGE}: show what the thread would see on first access, the module's PT_TLS
 *       initialisation image. That is a value, not an address (nothing in the process holds it
 *       for this thread), so it is resolved by the value layer from the ELF file, never written
 *       into the target's memory, and cannot be assigned to.</li>
 * </ul>
 */
public enum UnallocatedTls {
    ERROR("error"),
    ALLOCATE("allocate"),
    INIT_IMAGE("init-image");

    private final String keyword;

    UnallocatedTls(String keyword) {
        this.keyword = keyword;
    }

    /** The name used in scenario files and settings: {@code error}, {@code allocate}, {@code init-image}. */
    public String keyword() {
        return keyword;
    }

    public static Optional<UnallocatedTls> of(String keyword) {
        String k = keyword.toLowerCase(Locale.ROOT);
        for (UnallocatedTls p : values()) {
            if (p.keyword.equals(k)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
