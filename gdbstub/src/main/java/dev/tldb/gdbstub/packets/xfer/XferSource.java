package dev.tldb.gdbstub.packets.xfer;

import dev.tldb.gdbstub.session.GdbSession;

import java.util.Optional;

/**
 * Supplies one qXfer object ({@code features}, {@code threads}, {@code libraries-svr4},
 * {@code auxv}, {@code exec-file}, ...) as a whole document; the qXfer handler slices it into
 * the {@code m}/{@code l} chunks gdb asks for and caches it while gdb reads it chunk by chunk.
 *
 * <p>Target layers plug in here: a source typically renders XML from
 * {@code session.target()}, or returns bytes it already has (auxv, target.xml).
 */
@FunctionalInterface
public interface XferSource {
    /**
     * The complete object for {@code annex} ("" when gdb sends none), or empty if this annex does
     * not exist (gdb then gets an error reply). Runs on the session's executor; may block briefly.
     * Throwing is allowed and also yields an error reply.
     */
    Optional<byte[]> read(GdbSession session, String annex);
}
