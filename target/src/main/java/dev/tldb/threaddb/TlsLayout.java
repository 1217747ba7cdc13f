package dev.tldb.threaddb;

import dev.tldb.target.ThreadInfo;

import java.util.List;
import java.util.OptionalLong;

/**
 * One thread's TLS as the thread library laid it out: the thread pointer, the DTV (its address,
 * generation and length where the C library keeps them) and every module's block. What
 * {@code info tls} draws.
 */
public record TlsLayout(
        ThreadInfo thread,
        long threadPointer,
        long dtvAddress,
        OptionalLong generation,
        OptionalLong dtvLength,
        List<ModuleBlock> blocks) {

    /** A module's TLS block in this thread. */
    public record ModuleBlock(
            String module,
            long moduleId,
            long size,
            boolean staticTls,
            OptionalLong dtvEntry,
            OptionalLong address,
            String state) {

        public boolean allocated() {
            return address.isPresent();
        }
    }
}
