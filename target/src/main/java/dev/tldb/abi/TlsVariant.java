package dev.tldb.abi;

/** The two TLS layouts of the ELF TLS ABI (Drepper, "ELF Handling For Thread-Local Storage"). */
public enum TlsVariant {
    /** TCB at the thread pointer, TLS blocks above it (aarch64, riscv, ppc64). */
    I,
    /** TLS blocks below the thread pointer, TCB at it (x86-64, i386, s390x). */
    II
}
