package dev.tldb.session.expr;

/** A parsed C expression, the subset gdb users type at {@code print}. */
public sealed interface Expr {

    record Name(String name) implements Expr {}

    record IntLiteral(long value, boolean unsigned, boolean isLong) implements Expr {}

    record FloatLiteral(double value) implements Expr {}

    /** {@code $pc}, {@code $rip}, {@code $fs_base}; {@code $1} and {@code $} are value-history references. */
    record Dollar(String name) implements Expr {}

    record Member(Expr base, String member, boolean arrow) implements Expr {}

    record Index(Expr base, Expr index) implements Expr {}

    record Deref(Expr operand) implements Expr {}

    record AddressOf(Expr operand) implements Expr {}

    record Unary(char op, Expr operand) implements Expr {}

    record Cast(TypeSpec type, Expr operand) implements Expr {}

    record SizeofExpr(Expr operand) implements Expr {}

    record SizeofType(TypeSpec type) implements Expr {}

    record Binary(String op, Expr left, Expr right) implements Expr {}

    /** A type as written in a cast: a base name ({@code unsigned long}, {@code struct pair}) and pointer depth. */
    record TypeSpec(String base, int pointers) {
        @Override
        public String toString() {
            return pointers == 0 ? base : base + " " + "*".repeat(pointers);
        }
    }
}
