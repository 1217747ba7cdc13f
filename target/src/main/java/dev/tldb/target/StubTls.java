package dev.tldb.target;

import java.util.OptionalLong;

/**
 * A target capability: the layer can ask someone else for a TLS address, as a remote stub that
 * answers gdb's {@code qGetTLSAddr} can. The thread layer asks it first and computes the address
 * itself when the answer is empty: stubs such as gdbserver reply only {@code E01} on failure, so
 * the thread layer's own walk is what can say why (not allocated yet, no TLS, ...).
 */
public interface StubTls {

    /** The address from the stub, or empty when it does not support the request or gave an error. */
    OptionalLong stubTlsAddress(ThreadInfo thread, Module module, long offset);
}
