package dev.tldb.dwarf.expr;

import static dev.tldb.dwarf.expr.Asm.asm;
import static dev.tldb.dwarf.expr.DwOp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tldb.dwarf.Encoding;
import dev.tldb.dwarf.expr.EvaluationStep.Complete;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresAtLocation;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresBaseType;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresCallFrameCfa;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresEntryValue;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresFrameBase;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresIndexedAddress;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresMemory;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresObjectAddress;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresParameterRef;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresRegister;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresRelocatedAddress;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresVariableValue;
import dev.tldb.dwarf.expr.EvaluationStep.RequiresWasmLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One test per operation family, from hand-assembled bytes; expected values are worked out from the
 * DWARF 5 definitions (section 2.5 and 2.6), not from this implementation.
 */
class EvaluatorOperationsTest {
    private static final EvaluationCallbacks NONE = new EvaluationCallbacks() {
    };
    private static final Encoding ADDR4 = Asm.DWARF4_32;

    /** The whole stack, bottom first, after evaluating {@code a} (the top is the memory location). */
    private static List<Long> stack(Asm a) {
        return stack(a, Asm.DWARF5_64);
    }

    private static List<Long> stack(Asm a, Encoding enc) {
        Evaluator ev = new Evaluator(a.expr(enc));
        Location top = ev.run(NONE).location();
        List<Long> all = new ArrayList<>();
        ev.stack().forEach(v -> all.add(v.bits()));
        all.add(((Location.Address) top).address());
        return all;
    }

    private static long top(Asm a) {
        return top(a, Asm.DWARF5_64);
    }

    private static long top(Asm a, Encoding enc) {
        List<Long> s = stack(a, enc);
        return s.get(s.size() - 1);
    }

    /** The value of {@code a; DW_OP_stack_value}, with base types answered from {@code types}. */
    private static Value value(Asm a, EvaluationCallbacks types) {
        Location loc = Evaluator.evaluate(a.b(DW_OP_stack_value).expr(), types);
        return ((Location.StackValue) loc).value();
    }

    /** Base types at fixed unit offsets: 0x10 int8 .. 0x18 uint64, 0x20 float, 0x28 double, 0x30 long double. */
    private static final EvaluationCallbacks TYPES = new EvaluationCallbacks() {
        @Override
        public ValueType baseType(long unitOffset) {
            return switch ((int) unitOffset) {
                case 0x10 -> ValueType.fromEncoding(ValueType.DW_ATE_signed_char, 1);
                case 0x11 -> ValueType.fromEncoding(ValueType.DW_ATE_unsigned_char, 1);
                case 0x12 -> ValueType.fromEncoding(ValueType.DW_ATE_signed, 2);
                case 0x13 -> ValueType.fromEncoding(ValueType.DW_ATE_unsigned, 2);
                case 0x14 -> ValueType.fromEncoding(ValueType.DW_ATE_signed, 4);
                case 0x15 -> ValueType.fromEncoding(ValueType.DW_ATE_unsigned, 4);
                case 0x16 -> ValueType.fromEncoding(ValueType.DW_ATE_signed, 8);
                case 0x18 -> ValueType.fromEncoding(ValueType.DW_ATE_unsigned, 8);
                case 0x20 -> ValueType.fromEncoding(ValueType.DW_ATE_float, 4);
                case 0x28 -> ValueType.fromEncoding(ValueType.DW_ATE_float, 8);
                case 0x30 -> ValueType.fromEncoding(ValueType.DW_ATE_float, 16);
                default -> throw new AssertionError("no base type at " + unitOffset);
            };
        }
    };
    private static final int I8 = 0x10, U8 = 0x11, I16 = 0x12, U32 = 0x15, I32 = 0x14, U64 = 0x18, F32 = 0x20,
            F64 = 0x28;

    private static Asm constType(int type, int size, long bits) {
        return asm().b(DW_OP_const_type).uleb(type).b(size).n(size, bits);
    }

    @Nested
    class Literals {
        @Test
        void litPushesItsNumber() {
            for (int i = 0; i < 32; i++) {
                assertThat(top(asm().b(DW_OP_lit0 + i))).isEqualTo(i);
            }
        }

        @Test
        void constantsAreGenericAddressSizedValues() {
            assertThat(top(asm().b(DW_OP_const1u, 0xff))).isEqualTo(255);
            assertThat(top(asm().b(DW_OP_const1s, 0xff))).isEqualTo(-1L); // all 64 bits set
            assertThat(top(asm().b(DW_OP_const1s, 0xff), ADDR4)).isEqualTo(0xffff_ffffL); // masked to 32 bits
            assertThat(top(asm().b(DW_OP_const2u).n(2, 0xbeef))).isEqualTo(0xbeef);
            assertThat(top(asm().b(DW_OP_const2s).n(2, -300))).isEqualTo(-300L);
            assertThat(top(asm().b(DW_OP_const4u).n(4, 0xdeadbeefL))).isEqualTo(0xdeadbeefL);
            assertThat(top(asm().b(DW_OP_const4s).n(4, -2))).isEqualTo(-2L);
            assertThat(top(asm().b(DW_OP_const8u).n(8, 0x1122334455667788L))).isEqualTo(0x1122334455667788L);
            assertThat(top(asm().b(DW_OP_const8s).n(8, -9))).isEqualTo(-9L);
            assertThat(top(asm().b(DW_OP_constu).uleb(624485))).isEqualTo(624485);
            assertThat(top(asm().b(DW_OP_consts).sleb(-123456))).isEqualTo(-123456L);
            assertThat(top(asm().b(DW_OP_const8u).n(8, 0x1_0000_0010L), ADDR4)).isEqualTo(0x10);
        }

        @Test
        void addrAsksForRelocation() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_addr).n(8, 0x4014).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresRelocatedAddress(0x4014));
            assertThat(ev.resumeWithRelocatedAddress(0x5555_5555_8014L))
                    .isEqualTo(new Complete(new Location.Address(0x5555_5555_8014L)));
        }

        @Test
        void addrxRelocatesAndConstxDoesNot() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_addrx).uleb(5).b(DW_OP_GNU_addr_index).uleb(6)
                    .b(DW_OP_constx).uleb(7).b(DW_OP_GNU_const_index).uleb(8).b(DW_OP_plus, DW_OP_plus, DW_OP_plus)
                    .expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresIndexedAddress(5, true));
            assertThat(ev.resumeWithIndexedAddress(0x1000)).isEqualTo(new RequiresIndexedAddress(6, true));
            assertThat(ev.resumeWithIndexedAddress(0x200)).isEqualTo(new RequiresIndexedAddress(7, false));
            assertThat(ev.resumeWithIndexedAddress(0x30)).isEqualTo(new RequiresIndexedAddress(8, false));
            assertThat(ev.resumeWithIndexedAddress(0x4)).isEqualTo(new Complete(new Location.Address(0x1234)));
        }
    }

    @Nested
    class StackManipulation {
        @Test
        void dupDuplicatesTheTop() {
            assertThat(stack(asm().b(DW_OP_lit1, DW_OP_lit2, DW_OP_dup))).containsExactly(1L, 2L, 2L);
        }

        @Test
        void dropRemovesTheTop() {
            assertThat(stack(asm().b(DW_OP_lit1, DW_OP_lit2, DW_OP_drop))).containsExactly(1L);
        }

        @Test
        void overCopiesTheSecondEntry() {
            assertThat(stack(asm().b(DW_OP_lit1, DW_OP_lit2, DW_OP_over))).containsExactly(1L, 2L, 1L);
        }

        @Test
        void pickCopiesTheIndexedEntry() {
            assertThat(stack(asm().b(DW_OP_lit1, DW_OP_lit2, DW_OP_lit3, DW_OP_pick, 2)))
                    .containsExactly(1L, 2L, 3L, 1L);
            assertThat(stack(asm().b(DW_OP_lit1, DW_OP_lit2, DW_OP_pick, 0))).containsExactly(1L, 2L, 2L);
        }

        @Test
        void swapExchangesTheTopTwo() {
            assertThat(stack(asm().b(DW_OP_lit1, DW_OP_lit2, DW_OP_swap))).containsExactly(2L, 1L);
        }

        @Test
        void rotMovesTheTopToThirdPlace() {
            // top (3) becomes the third entry, the second (2) the top, the third (1) the second
            assertThat(stack(asm().b(DW_OP_lit1, DW_OP_lit2, DW_OP_lit3, DW_OP_rot))).containsExactly(3L, 1L, 2L);
        }

        @Test
        void presetInitialStack() {
            // a DW_AT_data_member_location expression starts with the object's address pushed
            Evaluator ev = new Evaluator(asm().b(DW_OP_plus_uconst).uleb(8).expr()).pushInitial(0x1000);
            assertThat(ev.run(NONE).location()).isEqualTo(new Location.Address(0x1008));
        }
    }

    @Nested
    class GenericArithmetic {
        @Test
        void absIsSigned() {
            assertThat(top(asm().b(DW_OP_consts).sleb(-5).b(DW_OP_abs))).isEqualTo(5);
            assertThat(top(asm().b(DW_OP_lit5, DW_OP_abs))).isEqualTo(5);
            assertThat(top(asm().b(DW_OP_consts).sleb(-5).b(DW_OP_abs), ADDR4)).isEqualTo(5);
        }

        @Test
        void and() {
            assertThat(top(asm().b(DW_OP_const1u, 0xf0, DW_OP_const1u, 0x3c, DW_OP_and))).isEqualTo(0x30);
        }

        @Test
        void divIsSignedAndTruncates() {
            assertThat(top(asm().b(DW_OP_consts).sleb(-7).b(DW_OP_lit2, DW_OP_div))).isEqualTo(-3L);
            assertThat(top(asm().b(DW_OP_consts).sleb(-7).b(DW_OP_lit2, DW_OP_div), ADDR4)).isEqualTo(0xffff_fffdL);
            assertThat(top(asm().b(DW_OP_lit7, DW_OP_consts).sleb(-2).b(DW_OP_div))).isEqualTo(-3L);
        }

        @Test
        void minusSubtractsTheTopFromTheSecond() {
            assertThat(top(asm().b(DW_OP_lit5, DW_OP_lit3, DW_OP_minus))).isEqualTo(2);
            assertThat(top(asm().b(DW_OP_lit3, DW_OP_lit5, DW_OP_minus))).isEqualTo(-2L);
            assertThat(top(asm().b(DW_OP_lit3, DW_OP_lit5, DW_OP_minus), ADDR4)).isEqualTo(0xffff_fffeL);
        }

        @Test
        void modIsUnsignedOnTheGenericType() {
            assertThat(top(asm().b(DW_OP_lit7, DW_OP_lit3, DW_OP_mod))).isEqualTo(1);
            // -7 as a 32-bit unsigned is 4294967289, which leaves 9 modulo 10 (signed would give -7)
            assertThat(top(asm().b(DW_OP_consts).sleb(-7).b(DW_OP_lit10, DW_OP_mod), ADDR4)).isEqualTo(9);
            // 2^64 - 7 = 18446744073709551609 leaves 9 modulo 10 as well
            assertThat(top(asm().b(DW_OP_consts).sleb(-7).b(DW_OP_lit10, DW_OP_mod))).isEqualTo(9);
        }

        @Test
        void mulWrapsToTheAddressSize() {
            assertThat(top(asm().b(DW_OP_lit6, DW_OP_lit7, DW_OP_mul))).isEqualTo(42);
            assertThat(top(asm().b(DW_OP_const4u).n(4, 0x8000_0000L).b(DW_OP_lit2, DW_OP_mul), ADDR4)).isEqualTo(0);
            assertThat(top(asm().b(DW_OP_const4u).n(4, 0x8000_0000L).b(DW_OP_lit2, DW_OP_mul))).isEqualTo(0x1_0000_0000L);
        }

        @Test
        void negIsTwosComplement() {
            assertThat(top(asm().b(DW_OP_lit5, DW_OP_neg))).isEqualTo(-5L);
            assertThat(top(asm().b(DW_OP_lit5, DW_OP_neg), ADDR4)).isEqualTo(0xffff_fffbL);
            assertThat(top(asm().b(DW_OP_consts).sleb(-5).b(DW_OP_neg))).isEqualTo(5);
        }

        @Test
        void notIsBitwise() {
            assertThat(top(asm().b(DW_OP_lit0, DW_OP_not))).isEqualTo(-1L);
            assertThat(top(asm().b(DW_OP_lit0, DW_OP_not), ADDR4)).isEqualTo(0xffff_ffffL);
            assertThat(top(asm().b(DW_OP_const1u, 0xf0, DW_OP_not), ADDR4)).isEqualTo(0xffff_ff0fL);
        }

        @Test
        void or() {
            assertThat(top(asm().b(DW_OP_const1u, 0xf0, DW_OP_lit15, DW_OP_or))).isEqualTo(0xff);
        }

        @Test
        void plusWrapsToTheAddressSize() {
            assertThat(top(asm().b(DW_OP_lit3, DW_OP_lit4, DW_OP_plus))).isEqualTo(7);
            assertThat(top(asm().b(DW_OP_const4u).n(4, 0xffff_fffcL).b(DW_OP_lit8, DW_OP_plus), ADDR4)).isEqualTo(4);
        }

        @Test
        void plusUconst() {
            assertThat(top(asm().b(DW_OP_lit3, DW_OP_plus_uconst).uleb(144))).isEqualTo(147);
            assertThat(top(asm().b(DW_OP_const4u).n(4, 0xffff_ffffL).b(DW_OP_plus_uconst).uleb(2), ADDR4)).isEqualTo(1);
        }

        @Test
        void shl() {
            assertThat(top(asm().b(DW_OP_lit1, DW_OP_lit4, DW_OP_shl))).isEqualTo(16);
            assertThat(top(asm().b(DW_OP_lit1, DW_OP_const1u, 31, DW_OP_shl), ADDR4)).isEqualTo(0x8000_0000L);
            assertThat(top(asm().b(DW_OP_lit1, DW_OP_const1u, 32, DW_OP_shl), ADDR4)).isEqualTo(0);
            assertThat(top(asm().b(DW_OP_lit1, DW_OP_const1u, 64, DW_OP_shl))).isEqualTo(0);
        }

        @Test
        void shrIsLogical() {
            assertThat(top(asm().b(DW_OP_consts).sleb(-16).b(DW_OP_lit2, DW_OP_shr))).isEqualTo(0x3fff_ffff_ffff_fffcL);
            assertThat(top(asm().b(DW_OP_consts).sleb(-16).b(DW_OP_lit2, DW_OP_shr), ADDR4)).isEqualTo(0x3fff_fffcL);
        }

        @Test
        void shraIsArithmetic() {
            assertThat(top(asm().b(DW_OP_consts).sleb(-16).b(DW_OP_lit2, DW_OP_shra))).isEqualTo(-4L);
            assertThat(top(asm().b(DW_OP_consts).sleb(-16).b(DW_OP_lit2, DW_OP_shra), ADDR4)).isEqualTo(0xffff_fffcL);
            assertThat(top(asm().b(DW_OP_const1u, 64, DW_OP_lit2, DW_OP_shra))).isEqualTo(16);
            assertThat(top(asm().b(DW_OP_consts).sleb(-16).b(DW_OP_const1u, 99, DW_OP_shra))).isEqualTo(-1L);
        }

        @Test
        void gccSignExtensionIdiom() {
            // gcc's call-site value for (long) (int) x: DW_OP_breg3: 3; const1u 32; shl; const1u 32; shra
            Evaluator ev = new Evaluator(asm().b(DW_OP_breg3).sleb(3).b(DW_OP_const1u, 32, DW_OP_shl)
                    .b(DW_OP_const1u, 32, DW_OP_shra).b(DW_OP_stack_value).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresRegister(3, ValueType.GENERIC));
            // rbx = 0x1_8000_0000 - 3: the low 32 bits of rbx + 3 are 0x8000_0000, i.e. INT_MIN
            Complete done = (Complete) ev.resumeWithRegister(0x1_8000_0000L - 3);
            assertThat(done.location()).isEqualTo(new Location.StackValue(Value.generic(0xffff_ffff_8000_0000L)));
        }

        @Test
        void xor() {
            assertThat(top(asm().b(DW_OP_const1u, 0xff, DW_OP_lit15, DW_OP_xor))).isEqualTo(0xf0);
        }
    }

    @Nested
    class Relations {
        @Test
        void eqAndNe() {
            assertThat(top(asm().b(DW_OP_lit2, DW_OP_lit2, DW_OP_eq))).isEqualTo(1);
            assertThat(top(asm().b(DW_OP_lit2, DW_OP_lit3, DW_OP_eq))).isEqualTo(0);
            assertThat(top(asm().b(DW_OP_lit2, DW_OP_lit3, DW_OP_ne))).isEqualTo(1);
            assertThat(top(asm().b(DW_OP_lit2, DW_OP_lit2, DW_OP_ne))).isEqualTo(0);
        }

        @Test
        void comparisonsOfGenericValuesAreSigned() {
            // second <op> top: -1 < 1 holds only when signed
            Asm minusOneVsOne = asm().b(DW_OP_consts).sleb(-1).b(DW_OP_lit1);
            assertThat(top(asm().b(minusOneVsOne.bytes()).b(DW_OP_lt))).isEqualTo(1);
            assertThat(top(asm().b(minusOneVsOne.bytes()).b(DW_OP_le))).isEqualTo(1);
            assertThat(top(asm().b(minusOneVsOne.bytes()).b(DW_OP_gt))).isEqualTo(0);
            assertThat(top(asm().b(minusOneVsOne.bytes()).b(DW_OP_ge))).isEqualTo(0);
            assertThat(top(asm().b(minusOneVsOne.bytes()).b(DW_OP_lt), ADDR4)).isEqualTo(1);
            assertThat(top(asm().b(DW_OP_lit3, DW_OP_lit3, DW_OP_le))).isEqualTo(1);
            assertThat(top(asm().b(DW_OP_lit3, DW_OP_lit3, DW_OP_ge))).isEqualTo(1);
            assertThat(top(asm().b(DW_OP_lit4, DW_OP_lit3, DW_OP_gt))).isEqualTo(1);
            assertThat(top(asm().b(DW_OP_lit4, DW_OP_lit3, DW_OP_lt))).isEqualTo(0);
        }
    }

    @Nested
    class ControlFlow {
        @Test
        void skipJumpsForward() {
            // lit1; skip +1; lit2 -> the lit2 is skipped
            assertThat(stack(asm().b(DW_OP_lit1, DW_OP_skip).n(2, 1).b(DW_OP_lit2))).containsExactly(1L);
            // a skip to the very end is allowed
            assertThat(stack(asm().b(DW_OP_lit1, DW_OP_skip).n(2, 1).b(DW_OP_nop))).containsExactly(1L);
        }

        @Test
        void braBranchesOnlyOnNonZero() {
            assertThat(stack(asm().b(DW_OP_lit7, DW_OP_lit1, DW_OP_bra).n(2, 1).b(DW_OP_lit5))).containsExactly(7L);
            assertThat(stack(asm().b(DW_OP_lit7, DW_OP_lit0, DW_OP_bra).n(2, 1).b(DW_OP_lit5))).containsExactly(7L, 5L);
        }

        @Test
        void backwardBranchLoopSumsOneToFive() {
            // [acc n]; loop: swap over plus swap lit1 minus dup bra loop; drop
            Asm loop = asm().b(DW_OP_lit0, DW_OP_lit5)                           // 0, 1
                    .b(DW_OP_swap, DW_OP_over, DW_OP_plus, DW_OP_swap)           // 2..5
                    .b(DW_OP_lit1, DW_OP_minus, DW_OP_dup)                       // 6..8
                    .b(DW_OP_bra).n(2, 2 - 12)                                   // 9..11, back to 2
                    .b(DW_OP_drop);                                              // 12
            assertThat(stack(loop)).containsExactly(15L);
        }

        @Test
        void nopDoesNothing() {
            assertThat(stack(asm().b(DW_OP_lit1, DW_OP_nop, DW_OP_nop))).containsExactly(1L);
        }
    }

    @Nested
    class Registers {
        @Test
        void regNamesARegisterLocation() {
            for (int r = 0; r < 32; r++) {
                assertThat(Evaluator.evaluate(asm().b(DW_OP_reg0 + r).expr(), NONE)).isEqualTo(new Location.Register(r));
            }
            assertThat(Evaluator.evaluate(asm().b(DW_OP_regx).uleb(33).expr(), NONE)).isEqualTo(new Location.Register(33));
        }

        @Test
        void bregAddsTheOffsetToTheRegister() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_breg7).sleb(-8).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresRegister(7, ValueType.GENERIC));
            assertThat(ev.resumeWithRegister(0x7ffe_0000L)).isEqualTo(new Complete(new Location.Address(0x7ffd_fff8L)));

            Evaluator ev31 = new Evaluator(asm().b(DW_OP_breg31).sleb(16).expr());
            assertThat(ev31.evaluate()).isEqualTo(new RequiresRegister(31, ValueType.GENERIC));
            assertThat(ev31.resumeWithRegister(0x100)).isEqualTo(new Complete(new Location.Address(0x110)));
        }

        @Test
        void bregxAndAddressWrap() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_bregx).uleb(300).sleb(16).expr(ADDR4));
            assertThat(ev.evaluate()).isEqualTo(new RequiresRegister(300, ValueType.GENERIC));
            assertThat(ev.resumeWithRegister(0xffff_fff8L)).isEqualTo(new Complete(new Location.Address(8)));
        }

        @Test
        void fbregAddsTheOffsetToTheFrameBase() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_fbreg).sleb(-20).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresFrameBase());
            assertThat(ev.resumeWithFrameBase(0x1000)).isEqualTo(new Complete(new Location.Address(0xfec)));
        }

        @Test
        void regvalTypeReadsARegisterAsABaseType() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_regval_type).uleb(17).uleb(F64).b(DW_OP_stack_value).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresBaseType(F64));
            assertThat(ev.resumeWithBaseType(ValueType.DW_ATE_float, 8)).isEqualTo(new RequiresRegister(17, ValueType.F64));
            Complete done = (Complete) ev.resumeWithRegister(Double.doubleToLongBits(1.5));
            assertThat(done.location()).isEqualTo(new Location.StackValue(Value.ofDouble(1.5)));
        }

        @Test
        void gnuRegvalTypeTruncatesToTheType() {
            Value v = value(asm().b(DW_OP_GNU_regval_type).uleb(0).uleb(I32), new EvaluationCallbacks() {
                @Override
                public ValueType baseType(long unitOffset) {
                    return TYPES.baseType(unitOffset);
                }

                @Override
                public long register(int dwarfRegister, ValueType type) {
                    return 0x1234_ffff_fffeL;
                }
            });
            assertThat(v).isEqualTo(Value.of(ValueType.I32, -2));
        }
    }

    @Nested
    class Memory {
        @Test
        void derefReadsAnAddressSizedValue() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_lit16, DW_OP_deref).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresMemory(16, 8, OptionalLong.empty(), ValueType.GENERIC));
            assertThat(ev.resumeWithMemory(0x1234)).isEqualTo(new Complete(new Location.Address(0x1234)));

            Evaluator ev4 = new Evaluator(asm().b(DW_OP_lit16, DW_OP_deref).expr(ADDR4));
            assertThat(ev4.evaluate()).isEqualTo(new RequiresMemory(16, 4, OptionalLong.empty(), ValueType.GENERIC));
        }

        @Test
        void derefSizeZeroExtends() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_lit16, DW_OP_deref_size, 2).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresMemory(16, 2, OptionalLong.empty(), ValueType.GENERIC));
            // bits beyond the requested size are ignored; 0xfffe is not sign-extended
            assertThat(ev.resumeWithMemory(0xabcd_fffeL)).isEqualTo(new Complete(new Location.Address(0xfffe)));
        }

        @Test
        void xderefPopsAnAddressSpaceBelowTheAddress() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_lit7, DW_OP_lit16, DW_OP_xderef).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresMemory(16, 8, OptionalLong.of(7), ValueType.GENERIC));
            assertThat(ev.resumeWithMemory(0x99)).isEqualTo(new Complete(new Location.Address(0x99)));

            Evaluator ev1 = new Evaluator(asm().b(DW_OP_lit2, DW_OP_lit16, DW_OP_xderef_size, 1).expr());
            assertThat(ev1.evaluate()).isEqualTo(new RequiresMemory(16, 1, OptionalLong.of(2), ValueType.GENERIC));
            assertThat(ev1.resumeWithMemory(0x1ff)).isEqualTo(new Complete(new Location.Address(0xff)));
        }

        @Test
        void derefTypeExtendsByTheTypesSignedness() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_lit16, DW_OP_deref_type, 1).uleb(I32).b(DW_OP_stack_value).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresBaseType(I32));
            assertThat(ev.resumeWithBaseType(ValueType.DW_ATE_signed, 4))
                    .isEqualTo(new RequiresMemory(16, 1, OptionalLong.empty(), ValueType.I32));
            assertThat(ev.resumeWithMemory(0x80))
                    .isEqualTo(new Complete(new Location.StackValue(Value.of(ValueType.I32, -128))));

            Evaluator unsigned = new Evaluator(asm().b(DW_OP_lit16, DW_OP_GNU_deref_type, 1).uleb(U32)
                    .b(DW_OP_stack_value).expr());
            unsigned.evaluate();
            unsigned.resumeWithBaseType(ValueType.DW_ATE_unsigned, 4);
            assertThat(unsigned.resumeWithMemory(0x80))
                    .isEqualTo(new Complete(new Location.StackValue(Value.of(ValueType.U32, 128))));
        }

        @Test
        void xderefType() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_lit3, DW_OP_lit16, DW_OP_xderef_type, 2).uleb(I16)
                    .b(DW_OP_stack_value).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresBaseType(I16));
            assertThat(ev.resumeWithBaseType(ValueType.I16)).isEqualTo(new RequiresMemory(16, 2, OptionalLong.of(3), ValueType.I16));
            assertThat(ev.resumeWithMemory(0xfffe)).isEqualTo(new Complete(new Location.StackValue(Value.of(ValueType.I16, -2))));
        }

        @Test
        void aBaseTypeIsAskedForOnce() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_lit1, DW_OP_convert).uleb(U8).b(DW_OP_lit2, DW_OP_convert).uleb(U8)
                    .b(DW_OP_plus, DW_OP_stack_value).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresBaseType(U8));
            assertThat(ev.resumeWithBaseType(ValueType.DW_ATE_unsigned_char, 1))
                    .isEqualTo(new Complete(new Location.StackValue(Value.of(ValueType.U8, 3))));
        }
    }

    @Nested
    class ContextValues {
        @Test
        void pushObjectAddressPresetOrAsked() {
            Evaluator preset = new Evaluator(asm().b(DW_OP_push_object_address, DW_OP_deref).expr()).objectAddress(0x5000);
            assertThat(preset.evaluate()).isEqualTo(new RequiresMemory(0x5000, 8, OptionalLong.empty(), ValueType.GENERIC));

            Evaluator asked = new Evaluator(asm().b(DW_OP_push_object_address, DW_OP_plus_uconst).uleb(8).expr());
            assertThat(asked.evaluate()).isEqualTo(new RequiresObjectAddress());
            assertThat(asked.resumeWithObjectAddress(0x5000)).isEqualTo(new Complete(new Location.Address(0x5008)));
        }

        @Test
        void callFrameCfa() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_call_frame_cfa).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresCallFrameCfa());
            assertThat(ev.resumeWithCallFrameCfa(0x7fff_0010L)).isEqualTo(new Complete(new Location.Address(0x7fff_0010L)));
        }

        @Test
        void callRunsTheDiesExpressionOnTheSameStack() {
            Expression callee = asm().b(DW_OP_lit4, DW_OP_plus).expr();
            for (Asm call : List.of(asm().b(DW_OP_call2).n(2, 0x2a), asm().b(DW_OP_call4).n(4, 0x2a),
                    asm().b(DW_OP_call_ref).n(4, 0x2a))) {
                Evaluator ev = new Evaluator(asm().b(DW_OP_lit1).b(call.bytes()).b(DW_OP_lit2, DW_OP_plus).expr());
                EvaluationStep step = ev.evaluate();
                assertThat(step).isInstanceOf(RequiresAtLocation.class);
                assertThat(((RequiresAtLocation) step).die().offset()).isEqualTo(0x2a);
                // (1 + 4) + 2
                assertThat(ev.resumeWithAtLocation(callee)).isEqualTo(new Complete(new Location.Address(7)));
            }
            Evaluator ref = new Evaluator(asm().b(DW_OP_call_ref).n(4, 0x2a).expr());
            assertThat(ref.evaluate()).isEqualTo(new RequiresAtLocation(new DieReference.InSection(0x2a)));
            Evaluator unit = new Evaluator(asm().b(DW_OP_call2).n(2, 0x2a).expr());
            assertThat(unit.evaluate()).isEqualTo(new RequiresAtLocation(new DieReference.InUnit(0x2a)));
        }

        @Test
        void callOfADieWithoutLocationDoesNothing() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_lit9, DW_OP_call4).n(4, 0x2a).expr());
            ev.evaluate();
            assertThat(ev.resumeWithAtLocation(new byte[0])).isEqualTo(new Complete(new Location.Address(9)));
        }

        @Test
        void branchesInACalleeAreRelativeToTheCallee() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_lit1, DW_OP_call2).n(2, 0x2a).b(DW_OP_lit2, DW_OP_plus).expr());
            ev.evaluate();
            // callee: skip +1; lit30 (skipped); lit4; plus  -> 1 + 4, then + 2
            byte[] callee = asm().b(DW_OP_skip).n(2, 1).b(DW_OP_lit30, DW_OP_lit4, DW_OP_plus).bytes();
            assertThat(ev.resumeWithAtLocation(callee)).isEqualTo(new Complete(new Location.Address(7)));
        }

        @Test
        void entryValue() {
            for (int op : new int[] {DW_OP_entry_value, DW_OP_GNU_entry_value}) {
                Evaluator ev = new Evaluator(asm().b(op).uleb(1).b(DW_OP_reg5).b(DW_OP_lit1, DW_OP_plus)
                        .b(DW_OP_stack_value).expr());
                EvaluationStep step = ev.evaluate();
                assertThat(step).isEqualTo(new RequiresEntryValue(asm().b(DW_OP_reg5).expr()));
                assertThat(ev.resumeWithEntryValue(41))
                        .isEqualTo(new Complete(new Location.StackValue(Value.generic(42))));
            }
        }

        @Test
        void gnuParameterRef() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_GNU_parameter_ref).n(4, 0x44).b(DW_OP_stack_value).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresParameterRef(0x44));
            assertThat(ev.resumeWithParameterRef(7)).isEqualTo(new Complete(new Location.StackValue(Value.generic(7))));
        }

        @Test
        void gnuVariableValue() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_GNU_variable_value).n(4, 0x2211).b(DW_OP_lit2, DW_OP_mul)
                    .b(DW_OP_stack_value).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresVariableValue(0x2211));
            assertThat(ev.resumeWithVariableValue(21)).isEqualTo(new Complete(new Location.StackValue(Value.generic(42))));
        }

        @Test
        void wasmLocationPushesTheValue() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_WASM_location, 0, 2).b(DW_OP_stack_value).expr(ADDR4));
            assertThat(ev.evaluate()).isEqualTo(new RequiresWasmLocation(0, 2));
            assertThat(ev.resumeWithWasmLocation(0x1_0000_0005L))
                    .isEqualTo(new Complete(new Location.StackValue(Value.generic(5))));
        }

        @Test
        void gnuEncodedAddressIsRelocatedWhenAbsolute() {
            Evaluator ev = new Evaluator(asm().b(DW_OP_GNU_encoded_addr, 0x03).n(4, 0x401000).expr());
            assertThat(ev.evaluate()).isEqualTo(new RequiresRelocatedAddress(0x401000));
            assertThatThrownBy(() -> new Evaluator(asm().b(DW_OP_GNU_encoded_addr, 0x1b).n(4, 0x10).expr()).evaluate())
                    .isInstanceOf(EvaluationException.class)
                    .hasMessage("DW_OP_GNU_encoded_addr at 0x0: pointer encoding 0x1b is relative to a section or "
                            + "indirect; only absolute encodings are supported");
        }
    }

    @Nested
    class Locations {
        @Test
        void emptyExpressionIsOptimizedOut() {
            assertThat(Evaluator.evaluate(asm().expr(), NONE)).isEqualTo(new Location.OptimizedOut());
        }

        @Test
        void implicitValue() {
            assertThat(Evaluator.evaluate(asm().b(DW_OP_implicit_value).uleb(3).b(1, 2, 3).expr(), NONE))
                    .isEqualTo(new Location.ImplicitValue(new byte[] {1, 2, 3}));
        }

        @Test
        void stackValue() {
            assertThat(Evaluator.evaluate(asm().b(DW_OP_lit3, DW_OP_lit4, DW_OP_mul, DW_OP_stack_value).expr(), NONE))
                    .isEqualTo(new Location.StackValue(Value.generic(12)));
        }

        @Test
        void implicitPointer() {
            assertThat(Evaluator.evaluate(asm().b(DW_OP_implicit_pointer).n(4, 0x2211).sleb(8).expr(), NONE))
                    .isEqualTo(new Location.ImplicitPointer(0x2211, 8));
            assertThat(Evaluator.evaluate(asm().b(DW_OP_GNU_implicit_pointer).n(4, 0x2211).sleb(-4).expr(), NONE))
                    .isEqualTo(new Location.ImplicitPointer(0x2211, -4));
        }

        @Test
        void piecesInRegistersMemoryAndNowhere() {
            // reg0 piece 4; fbreg... no: lit16 piece 2; piece 2 (empty: optimized out); reg1 bit_piece 3 5
            Expression e = asm().b(DW_OP_reg0, DW_OP_piece).uleb(4)
                    .b(DW_OP_lit16, DW_OP_piece).uleb(2)
                    .b(DW_OP_piece).uleb(2)
                    .b(DW_OP_reg1, DW_OP_bit_piece).uleb(3).uleb(5)
                    .b(DW_OP_lit1, DW_OP_stack_value, DW_OP_piece).uleb(1)
                    .b(DW_OP_implicit_value).uleb(2).b(0xaa, 0xbb).b(DW_OP_piece).uleb(2).expr();
            assertThat(Evaluator.evaluate(e, NONE)).isEqualTo(new Location.Pieces(List.of(
                    new Piece(32, OptionalLong.empty(), new Location.Register(0)),
                    new Piece(16, OptionalLong.empty(), new Location.Address(16)),
                    new Piece(16, OptionalLong.empty(), new Location.OptimizedOut()),
                    new Piece(3, OptionalLong.of(5), new Location.Register(1)),
                    new Piece(8, OptionalLong.empty(), new Location.StackValue(Value.generic(1))),
                    new Piece(16, OptionalLong.empty(), new Location.ImplicitValue(new byte[] {(byte) 0xaa, (byte) 0xbb})))));
        }

        @Test
        void gnuUninitMarksTheResult() {
            assertThat(new Evaluator(asm().b(DW_OP_reg0, DW_OP_GNU_uninit).expr()).run(NONE))
                    .isEqualTo(new Complete(new Location.Register(0), true));
            assertThat(new Evaluator(asm().b(DW_OP_reg0).expr()).run(NONE))
                    .isEqualTo(new Complete(new Location.Register(0), false));
        }
    }

    @Nested
    class TypedValues {
        @Test
        void constTypeTakesTheTargetBytesAsTheBaseType() {
            assertThat(value(constType(F32, 4, Float.floatToIntBits(1.0f)), TYPES)).isEqualTo(Value.ofFloat(1.0f));
            assertThat(value(asm().b(DW_OP_GNU_const_type).uleb(I16).b(2).n(2, 0xfffe), TYPES))
                    .isEqualTo(Value.of(ValueType.I16, -2));
            assertThat(value(constType(U8, 1, 0xff), TYPES)).isEqualTo(Value.of(ValueType.U8, 255));
        }

        @Test
        void convertBetweenIntegersAndFloats() {
            // generic 5 -> float 5.0
            assertThat(value(asm().b(DW_OP_lit5, DW_OP_convert).uleb(F32), TYPES)).isEqualTo(Value.ofFloat(5.0f));
            // double 2.75 -> int 2 (towards zero); -2.75 -> -2
            assertThat(value(constType(F64, 8, Double.doubleToLongBits(2.75)).b(DW_OP_convert).uleb(I32), TYPES))
                    .isEqualTo(Value.of(ValueType.I32, 2));
            assertThat(value(constType(F64, 8, Double.doubleToLongBits(-2.75)).b(DW_OP_GNU_convert).uleb(I32), TYPES))
                    .isEqualTo(Value.of(ValueType.I32, -2));
            // -1 (generic) -> uint8 255; int8 -1 -> generic (base type 0) all ones
            assertThat(value(asm().b(DW_OP_const1s, 0xff, DW_OP_convert).uleb(U8), TYPES))
                    .isEqualTo(Value.of(ValueType.U8, 255));
            assertThat(value(constType(I8, 1, 0xff).b(DW_OP_convert).uleb(0), TYPES)).isEqualTo(Value.generic(-1));
            // uint64 max -> double 2^64
            assertThat(value(constType(U64, 8, -1).b(DW_OP_convert).uleb(F64), TYPES)).isEqualTo(Value.ofDouble(0x1p64));
        }

        @Test
        void reinterpretKeepsTheBits() {
            assertThat(value(constType(F32, 4, Float.floatToIntBits(1.0f)).b(DW_OP_reinterpret).uleb(U32), TYPES))
                    .isEqualTo(Value.of(ValueType.U32, 0x3f80_0000L));
            assertThat(value(constType(I32, 4, -1).b(DW_OP_GNU_reinterpret).uleb(U32), TYPES))
                    .isEqualTo(Value.of(ValueType.U32, 0xffff_ffffL));
            assertThatThrownBy(() -> value(constType(I32, 4, -1).b(DW_OP_reinterpret).uleb(U64), TYPES))
                    .isInstanceOf(EvaluationException.class)
                    .hasMessageMatching("DW_OP_reinterpret at 0x[0-9a-f]+: cannot reinterpret i32 \\(4 bytes\\) as u64 \\(8 bytes\\)");
        }

        @Test
        void integerArithmeticWrapsWithinTheType() {
            assertThat(value(constType(U32, 4, 0xffff_ffffL).b(constType(U32, 4, 1).bytes()).b(DW_OP_plus), TYPES))
                    .isEqualTo(Value.of(ValueType.U32, 0));
            assertThat(value(constType(I8, 1, 0x7f).b(constType(I8, 1, 1).bytes()).b(DW_OP_plus), TYPES))
                    .isEqualTo(Value.of(ValueType.I8, -128));
            assertThat(value(constType(I32, 4, -7).b(constType(I32, 4, 2).bytes()).b(DW_OP_div), TYPES))
                    .isEqualTo(Value.of(ValueType.I32, -3));
            assertThat(value(constType(U32, 4, 0xffff_fff9L).b(constType(U32, 4, 2).bytes()).b(DW_OP_div), TYPES))
                    .isEqualTo(Value.of(ValueType.U32, 0x7fff_fffcL));
            assertThat(value(constType(I32, 4, -7).b(constType(I32, 4, 2).bytes()).b(DW_OP_mod), TYPES))
                    .isEqualTo(Value.of(ValueType.I32, -1));
            assertThat(value(constType(I32, 4, 5).b(DW_OP_plus_uconst).uleb(3), TYPES)).isEqualTo(Value.of(ValueType.I32, 8));
            assertThat(value(constType(U8, 1, 0x0f).b(DW_OP_not), TYPES)).isEqualTo(Value.of(ValueType.U8, 0xf0));
            assertThat(value(constType(I32, 4, -9).b(DW_OP_abs), TYPES)).isEqualTo(Value.of(ValueType.I32, 9));
            assertThat(value(constType(U32, 4, 9).b(DW_OP_abs), TYPES)).isEqualTo(Value.of(ValueType.U32, 9));
        }

        @Test
        void shiftsWorkOnTheTypesWidth() {
            // int8 -8 (0xf8) >> 1 logically is 0x7c; arithmetically -4
            assertThat(value(constType(I8, 1, 0xf8).b(DW_OP_lit1, DW_OP_shr), TYPES)).isEqualTo(Value.of(ValueType.I8, 0x7c));
            assertThat(value(constType(I8, 1, 0xf8).b(DW_OP_lit1, DW_OP_shra), TYPES)).isEqualTo(Value.of(ValueType.I8, -4));
            // uint8 0x80 >>a 1 is 0xc0 (sign bit copied); << 1 is 0
            assertThat(value(constType(U8, 1, 0x80).b(DW_OP_lit1, DW_OP_shra), TYPES)).isEqualTo(Value.of(ValueType.U8, 0xc0));
            assertThat(value(constType(U8, 1, 0x80).b(DW_OP_lit1, DW_OP_shl), TYPES)).isEqualTo(Value.of(ValueType.U8, 0));
        }

        @Test
        void floatArithmeticAndComparison() {
            Asm a = constType(F64, 8, Double.doubleToLongBits(1.5));
            Asm b = constType(F64, 8, Double.doubleToLongBits(2.25));
            assertThat(value(asm().b(a.bytes()).b(b.bytes()).b(DW_OP_plus), TYPES)).isEqualTo(Value.ofDouble(3.75));
            assertThat(value(asm().b(a.bytes()).b(b.bytes()).b(DW_OP_minus), TYPES)).isEqualTo(Value.ofDouble(-0.75));
            assertThat(value(asm().b(a.bytes()).b(b.bytes()).b(DW_OP_mul), TYPES)).isEqualTo(Value.ofDouble(3.375));
            assertThat(value(asm().b(b.bytes()).b(a.bytes()).b(DW_OP_div), TYPES)).isEqualTo(Value.ofDouble(1.5));
            assertThat(value(asm().b(a.bytes()).b(DW_OP_neg), TYPES)).isEqualTo(Value.ofDouble(-1.5));
            assertThat(value(asm().b(a.bytes()).b(DW_OP_neg, DW_OP_abs), TYPES)).isEqualTo(Value.ofDouble(1.5));
            assertThat(value(asm().b(a.bytes()).b(b.bytes()).b(DW_OP_lt), TYPES)).isEqualTo(Value.generic(1));
            assertThat(value(asm().b(a.bytes()).b(b.bytes()).b(DW_OP_ge), TYPES)).isEqualTo(Value.generic(0));
            assertThat(value(constType(F32, 4, Float.floatToIntBits(-0.0f)).b(constType(F32, 4, 0).bytes())
                    .b(DW_OP_eq), TYPES)).isEqualTo(Value.generic(1));
        }

        @Test
        void unsignedTypedComparisonsAreUnsigned() {
            assertThat(value(constType(U32, 4, 0xffff_ffffL).b(constType(U32, 4, 1).bytes()).b(DW_OP_gt), TYPES))
                    .isEqualTo(Value.generic(1));
            assertThat(value(constType(I32, 4, -1).b(constType(I32, 4, 1).bytes()).b(DW_OP_gt), TYPES))
                    .isEqualTo(Value.generic(0));
        }

        @Test
        void mixedTypesAreAnError() {
            assertThatThrownBy(() -> value(constType(I32, 4, 1).b(DW_OP_lit1, DW_OP_plus), TYPES))
                    .isInstanceOf(EvaluationException.class)
                    .hasMessage("DW_OP_plus at 0x8: DW_OP_plus needs operands of one type, got i32 and generic");
            assertThatThrownBy(() -> value(constType(F32, 4, 0).b(DW_OP_not), TYPES))
                    .hasMessage("DW_OP_not at 0x7: DW_OP_not's operand must be of an integral type, not f32");
        }

        @Test
        void unsupportedBaseTypes() {
            assertThatThrownBy(() -> value(asm().b(DW_OP_lit1, DW_OP_convert).uleb(0x30), TYPES))
                    .isInstanceOf(EvaluationException.class)
                    .hasMessage("DW_OP_convert at 0x1: unsupported base type (DW_AT_encoding 0x4, DW_AT_byte_size 16)");
        }
    }
}
