package dev.tldb.dwarf.expr;

import static dev.tldb.dwarf.expr.Asm.asm;
import static dev.tldb.dwarf.expr.DwOp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tldb.dwarf.expr.EvaluationStep.RequiresMemory;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresTls;
import dev.tldb.error.TldbException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad or hostile expressions end in a one-line EvaluationException naming the operation and offset. */
class EvaluatorErrorsTest {
    private static final EvaluationCallbacks NONE = new EvaluationCallbacks() {
    };
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    private static Location eval(Asm a) {
        return Evaluator.evaluate(a.expr(), NONE);
    }

    @Test
    void stackUnderflow() {
        assertThatThrownBy(() -> eval(asm().b(DW_OP_plus)))
                .isInstanceOf(EvaluationException.class)
                .isInstanceOf(TldbException.class)
                .hasMessage("DW_OP_plus at 0x0: stack underflow: needs 2 entries, has 0");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_lit1, DW_OP_drop, DW_OP_drop)))
                .hasMessage("DW_OP_drop at 0x2: stack underflow: the stack is empty");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_lit1, DW_OP_lit2, DW_OP_rot)))
                .hasMessage("DW_OP_rot at 0x2: stack underflow: needs 3 entries, has 2");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_lit1, DW_OP_pick, 1)))
                .hasMessage("DW_OP_pick at 0x1: stack underflow: needs 2 entries, has 1");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_form_tls_address)))
                .hasMessage("DW_OP_form_tls_address at 0x0: stack underflow: the stack is empty");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_lit16, DW_OP_xderef)))
                .hasMessage("DW_OP_xderef at 0x1: stack underflow: needs 2 entries, has 1");
    }

    @Test
    void divisionByZero() {
        assertThatThrownBy(() -> eval(asm().b(DW_OP_lit1, DW_OP_lit0, DW_OP_div)))
                .hasMessage("DW_OP_div at 0x2: division by zero");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_lit1, DW_OP_lit0, DW_OP_mod)))
                .hasMessage("DW_OP_mod at 0x2: modulo by zero");
    }

    @Test
    void badOperands() {
        assertThatThrownBy(() -> eval(asm().b(DW_OP_lit0, DW_OP_deref_size, 9)))
                .hasMessage("DW_OP_deref_size at 0x1: cannot read 9 bytes into the generic type (8 bytes)");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_lit0, DW_OP_deref_size, 0)))
                .hasMessage("DW_OP_deref_size at 0x1: cannot read 0 bytes into the generic type (8 bytes)");
        // a generic count is unsigned (-1 is 2^64-1 and shifts everything out); a signed type's can be negative
        assertThat(eval(asm().b(DW_OP_lit1).b(DW_OP_consts).sleb(-1).b(DW_OP_shl))).isEqualTo(new Location.Address(0));
        Evaluator ev = new Evaluator(asm().b(DW_OP_lit1, DW_OP_const_type).uleb(0x10).b(1, 0xff).b(DW_OP_shl).expr());
        ev.evaluate();
        assertThatThrownBy(() -> ev.resumeWithBaseType(ValueType.DW_ATE_signed, 1))
                .hasMessage("DW_OP_shl at 0x5: negative shift count -1");
    }

    @Test
    void typedSizesMustFit() {
        Evaluator deref = new Evaluator(asm().b(DW_OP_lit0, DW_OP_deref_type, 8).uleb(0x2a).expr());
        deref.evaluate();
        assertThatThrownBy(() -> deref.resumeWithBaseType(ValueType.DW_ATE_signed, 4))
                .hasMessage("DW_OP_deref_type at 0x1: cannot read 8 bytes into base type i32 (4 bytes)");
        Evaluator constant = new Evaluator(asm().b(DW_OP_const_type).uleb(0x2a).b(2, 1, 0).expr());
        constant.evaluate();
        assertThatThrownBy(() -> constant.resumeWithBaseType(ValueType.DW_ATE_signed, 4))
                .hasMessage("DW_OP_const_type at 0x0: the constant has 2 bytes, base type i32 has 4");
    }

    @Test
    void locationOperationsMustEndTheExpressionOrAPiece() {
        assertThatThrownBy(() -> eval(asm().b(DW_OP_reg0, DW_OP_lit1)))
                .hasMessage("DW_OP_reg0 at 0x0: must end the expression or be followed by DW_OP_piece or "
                        + "DW_OP_bit_piece, not DW_OP_lit1");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_lit1, DW_OP_stack_value, DW_OP_lit2)))
                .hasMessage("DW_OP_stack_value at 0x1: must end the expression or be followed by DW_OP_piece or "
                        + "DW_OP_bit_piece, not DW_OP_lit2");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_reg0, DW_OP_piece).uleb(4).b(DW_OP_reg1)))
                .hasMessage("expression end at 0x4: operations after the last DW_OP_piece are not followed by a piece");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_GNU_uninit, DW_OP_nop)))
                .hasMessage("DW_OP_GNU_uninit at 0x0: must be the last operation");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_lit1, DW_OP_drop)))
                .hasMessage("expression end at 0x2: the stack is empty: no address to return");
    }

    @Test
    void branchOutOfRange() {
        assertThatThrownBy(() -> eval(asm().b(DW_OP_skip).n(2, 100)))
                .hasMessage("DW_OP_skip at 0x0: branch to 0x67 (+100) is outside the 3-byte expression");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_lit1, DW_OP_bra).n(2, -10)))
                .hasMessage("DW_OP_bra at 0x1: branch to 0xfffffffffffffffa (-10) is outside the 4-byte expression");
        // const2u occupies bytes 0..2; a jump to byte 1 lands in its operand
        assertThatThrownBy(() -> eval(asm().b(DW_OP_const2u).n(2, 7).b(DW_OP_skip).n(2, -5)))
                .hasMessage("DW_OP_skip at 0x3: branch to 0x1 lands inside an operation");
    }

    @Test
    void infiniteLoopIsCutOffQuickly() {
        EvaluationException e = assertTimeoutPreemptively(QUICKLY, () ->
                org.junit.jupiter.api.Assertions.assertThrows(EvaluationException.class,
                        () -> eval(asm().b(DW_OP_skip).n(2, -3))));
        assertThat(e).hasMessage("DW_OP_skip at 0x0: gave up after 10000 steps: the expression loops "
                + "(or needs a higher Evaluator.maxSteps)");
        assertThat(e.offset()).hasValue(0);
    }

    @Test
    void aLoopThatGrowsTheStackIsCutOffToo() {
        Evaluator ev = new Evaluator(asm().b(DW_OP_lit0, DW_OP_dup, DW_OP_skip).n(2, -4).expr()).maxSteps(500);
        assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(() -> ev.run(NONE))
                .hasMessage("DW_OP_skip at 0x2: gave up after 500 steps: the expression loops "
                        + "(or needs a higher Evaluator.maxSteps)"));
    }

    @Test
    void theStepCapIsConfigurable() {
        // 1 + 2 + ... + 200 needs about 1600 steps: too many for a cap of 1000, fine for 2000
        Asm loop = asm().b(DW_OP_lit0, DW_OP_const1u, 200)
                .b(DW_OP_swap, DW_OP_over, DW_OP_plus, DW_OP_swap, DW_OP_lit1, DW_OP_minus, DW_OP_dup)
                .b(DW_OP_bra).n(2, 3 - 13).b(DW_OP_drop);
        assertThatThrownBy(() -> new Evaluator(loop.expr()).maxSteps(1000).run(NONE))
                .hasMessageContaining("gave up after 1000 steps");
        assertThat(new Evaluator(loop.expr()).maxSteps(2000).run(NONE).location()).isEqualTo(new Location.Address(20100));
    }

    @Test
    void recursiveCallsAreBounded() {
        Expression self = asm().b(DW_OP_call4).n(4, 0x2a).expr();
        EvaluationCallbacks cb = new EvaluationCallbacks() {
            @Override
            public Expression locationOf(DieReference die) {
                return self;
            }
        };
        assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(() -> Evaluator.evaluate(self, cb))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("DW_OP_call4 at 0x0: calls nested more than 64 deep (a DIE calling itself?)"));
    }

    @Test
    void missingContextIsNamed() {
        assertThatThrownBy(() -> eval(asm().b(DW_OP_lit0, DW_OP_form_tls_address)))
                .hasMessage("DW_OP_form_tls_address at 0x1: needs a thread's TLS block, which is not available here");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_breg6).sleb(0)))
                .hasMessage("DW_OP_breg6 at 0x0: needs register 6, which is not available here");
        assertThatThrownBy(() -> eval(asm().b(DW_OP_addr).n(8, 0x4010)))
                .hasMessage("DW_OP_addr at 0x0: needs the module's load address, which is not available here");
    }

    @Test
    void aFailedEvaluationStaysFailed() {
        Evaluator ev = new Evaluator(asm().b(DW_OP_lit1, DW_OP_lit0, DW_OP_div).expr());
        EvaluationException first = org.junit.jupiter.api.Assertions.assertThrows(EvaluationException.class, ev::evaluate);
        assertThatThrownBy(ev::evaluate).isSameAs(first);
    }

    @Test
    void answeringTheWrongQuestionIsAProgrammingError() {
        Evaluator ev = new Evaluator(asm().b(DW_OP_lit16, DW_OP_deref).expr());
        assertThat(ev.evaluate()).isInstanceOf(RequiresMemory.class);
        assertThatThrownBy(() -> ev.resumeWithTls(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("resumeWithTls called, but the evaluator is waiting for an answer to RequiresMemory");
        assertThatThrownBy(ev::evaluate).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ev.pushInitial(1)).isInstanceOf(IllegalStateException.class);

        Evaluator fresh = new Evaluator(asm().b(DW_OP_lit0, DW_OP_form_tls_address).expr());
        assertThatThrownBy(() -> fresh.resumeWithTls(1)).isInstanceOf(IllegalStateException.class);
        assertThat(fresh.evaluate()).isEqualTo(new RequiresTls(0));
        assertThatThrownBy(fresh::result).isInstanceOf(IllegalStateException.class);
    }
}
