package dev.tldb.dwarf.expr;

import static dev.tldb.dwarf.expr.Asm.asm;
import static dev.tldb.dwarf.expr.DwOp.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tldb.dwarf.Encoding;
import dev.tldb.dwarf.expr.EvaluationStep.Complete;
import dev.tldb.dwarf.expr.EvaluationStep.Request;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresIndexedAddress;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresRelocatedAddress;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresTls;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresWasmLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The TLS location expressions compilers emit (TLS-FACTS section 1): each must ask for exactly the
 * right things, in order, and finish at the address the caller supplied.
 */
class TlsExpressionTest {
    private static final long THREAD_BLOCK = 0x7fff_f7d8_6700L; // some thread's TLS block of the module

    /** Drives {@code ev}, answering each request with {@code answer}; returns the requests seen. */
    private static List<Request> drive(Evaluator ev, ToLongFunction<Request> answer) {
        List<Request> seen = new ArrayList<>();
        EvaluationStep step = ev.evaluate();
        while (step instanceof Request r) {
            seen.add(r);
            long a = answer.applyAsLong(r);
            if (r instanceof RequiresTls) {
                step = ev.resumeWithTls(a);
            } else if (r instanceof RequiresIndexedAddress) {
                step = ev.resumeWithIndexedAddress(a);
            } else if (r instanceof RequiresRelocatedAddress) {
                step = ev.resumeWithRelocatedAddress(a);
            } else if (r instanceof RequiresWasmLocation) {
                step = ev.resumeWithWasmLocation(a);
            } else {
                throw new AssertionError("unexpected request " + r);
            }
        }
        assertThat(step).isInstanceOf(Complete.class);
        return seen;
    }

    private static long tls(Request r) {
        return THREAD_BLOCK + ((RequiresTls) r).offset();
    }

    @Test
    void gccDwarf5Const8uFormTlsAddress() {
        Evaluator ev = new Evaluator(asm().b(DW_OP_const8u).n(8, 0x10).b(DW_OP_form_tls_address).expr());
        assertThat(drive(ev, TlsExpressionTest::tls)).containsExactly(new RequiresTls(0x10));
        assertThat(ev.result()).isEqualTo(new Location.Address(THREAD_BLOCK + 0x10));
    }

    @Test
    void gccDwarf4Const8uGnuPushTlsAddress() {
        Evaluator ev = new Evaluator(asm().b(DW_OP_const8u).n(8, 8).b(DW_OP_GNU_push_tls_address)
                .expr(new Encoding(4, false, 8)));
        assertThat(drive(ev, TlsExpressionTest::tls)).containsExactly(new RequiresTls(8));
        assertThat(ev.result()).isEqualTo(new Location.Address(THREAD_BLOCK + 8));
    }

    @Test
    void clangConst4uForms() {
        for (int op : new int[] {DW_OP_GNU_push_tls_address, DW_OP_form_tls_address}) {
            Evaluator ev = new Evaluator(asm().b(DW_OP_const4u).n(4, 0x24).b(op).expr());
            assertThat(drive(ev, TlsExpressionTest::tls)).containsExactly(new RequiresTls(0x24));
            assertThat(ev.result()).isEqualTo(new Location.Address(THREAD_BLOCK + 0x24));
        }
    }

    @Test
    void i386FourByteAddresses() {
        Evaluator ev = new Evaluator(asm().b(DW_OP_const4u).n(4, 0x4).b(DW_OP_GNU_push_tls_address)
                .expr(Asm.DWARF4_32));
        assertThat(drive(ev, r -> 0xf7d0_0000L + ((RequiresTls) r).offset())).containsExactly(new RequiresTls(4));
        assertThat(ev.result()).isEqualTo(new Location.Address(0xf7d0_0004L));
    }

    @Test
    void bigEndianTargets() {
        // s390x / ppc64: the operand is stored big-endian
        Evaluator ev = new Evaluator(asm().bigEndian().b(DW_OP_const8u).n(8, 0x18).b(DW_OP_form_tls_address).expr());
        assertThat(drive(ev, TlsExpressionTest::tls)).containsExactly(new RequiresTls(0x18));
    }

    @Test
    void splitDwarfConstxIsNotRelocated() {
        // DW_OP_constx 0: the .debug_addr slot holds the TLS offset (0x30); relocating it would be wrong
        Evaluator ev = new Evaluator(asm().b(DW_OP_constx).uleb(0).b(DW_OP_form_tls_address).expr());
        List<Request> seen = drive(ev, r -> r instanceof RequiresIndexedAddress ? 0x30 : tls(r));
        assertThat(seen).containsExactly(new RequiresIndexedAddress(0, false), new RequiresTls(0x30));
        assertThat(ev.result()).isEqualTo(new Location.Address(THREAD_BLOCK + 0x30));
    }

    @Test
    void splitDwarfGnuConstIndex() {
        Evaluator ev = new Evaluator(asm().b(DW_OP_GNU_const_index).uleb(3).b(DW_OP_GNU_push_tls_address)
                .expr(new Encoding(4, false, 8)));
        List<Request> seen = drive(ev, r -> r instanceof RequiresIndexedAddress ? 0x8 : tls(r));
        assertThat(seen).containsExactly(new RequiresIndexedAddress(3, false), new RequiresTls(0x8));
        assertThat(ev.result()).isEqualTo(new Location.Address(THREAD_BLOCK + 0x8));
    }

    @Test
    void wasmTlsBasePlusSymbolOffset() {
        // LLVM wasm32: DW_OP_WASM_location 0x03 <global index of __tls_base>; DW_OP_addr sym; DW_OP_plus
        Expression e = asm().b(DW_OP_WASM_location, 0x03).n(4, 1).b(DW_OP_addr).n(4, 0x40).b(DW_OP_plus)
                .expr(Asm.DWARF4_32);
        Evaluator ev = new Evaluator(e);
        List<Request> seen = drive(ev, r -> r instanceof RequiresWasmLocation ? 0x0001_0000L : 0x40);
        assertThat(seen).containsExactly(new RequiresWasmLocation(3, 1), new RequiresRelocatedAddress(0x40));
        assertThat(ev.result()).isEqualTo(new Location.Address(0x0001_0040L));
    }

    @Test
    void oldGccAddrBeforePushTlsAddressIsAnOffsetNotAnAddress() {
        // gcc before DW_OP_const8u wrote DW_OP_addr <offset>; DW_OP_GNU_push_tls_address (gdb handles it too)
        Evaluator ev = new Evaluator(asm().b(DW_OP_addr).n(8, 0x20).b(DW_OP_GNU_push_tls_address).expr());
        assertThat(drive(ev, TlsExpressionTest::tls)).containsExactly(new RequiresTls(0x20));
        assertThat(ev.result()).isEqualTo(new Location.Address(THREAD_BLOCK + 0x20));
    }

    @Test
    void callbacksDriverAsksTheSameQuestions() {
        List<String> calls = new ArrayList<>();
        EvaluationCallbacks cb = new EvaluationCallbacks() {
            @Override
            public long indexedAddress(long index, boolean relocate) {
                calls.add("indexedAddress(" + index + ", " + relocate + ")");
                return 0x30;
            }

            @Override
            public long tlsAddress(long offset) {
                calls.add("tlsAddress(0x" + Long.toHexString(offset) + ")");
                return THREAD_BLOCK + offset;
            }
        };
        Location where = Evaluator.evaluate(asm().b(DW_OP_constx).uleb(2).b(DW_OP_form_tls_address).expr(), cb);
        assertThat(calls).containsExactly("indexedAddress(2, false)", "tlsAddress(0x30)");
        assertThat(where).isEqualTo(new Location.Address(THREAD_BLOCK + 0x30));
    }
}
