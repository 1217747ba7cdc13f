package dev.tldb.abi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * glibc's NO_TLS_OFFSET per architecture, from its sources: include/link.h defaults to 0 (and
 * FORCED_DYNAMIC_TLS_OFFSET -1); sysdeps/powerpc and sysdeps/riscv define it as -1 because their
 * first static block starts right at the end of the TCB, at offset 0 (FORCED_DYNAMIC then -2).
 */
class StaticTlsOffsetTest {

    @Test
    void zeroIsARealStaticOffsetOnlyWhereTheFirstBlockStartsAtTheTcbEnd() {
        for (Arch a : Arch.values()) {
            Abi abi = new Abi(a, Libc.GLIBC);
            boolean zeroValid = a == Arch.RISCV64 || a == Arch.PPC64LE;
            assertThat(abi.isStaticTlsOffset(0)).as("%s: offset 0", a).isEqualTo(zeroValid);
            assertThat(abi.isStaticTlsOffset(-1)).as("%s: offset -1", a).isFalse();
            assertThat(abi.isStaticTlsOffset(zeroValid ? -2 : -1)).as("%s: FORCED_DYNAMIC", a).isFalse();
            assertThat(abi.isStaticTlsOffset(0x40)).as("%s: a real offset", a).isTrue();
        }
    }
}
