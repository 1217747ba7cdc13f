package dev.tldb.session;

import dev.tldb.dwarf.expr.Expression;
import dev.tldb.dwarf.expr.Location;
import dev.tldb.dwarf.lists.LocationDescription;
import dev.tldb.dwarf.lists.LocationList;
import dev.tldb.dwarf.lists.LocationListEntry;
import dev.tldb.dwarf.lists.SingleLocation;

import java.nio.ByteOrder;

/**
 * gdb's {@code info address} sentences: {@code Symbol "tls_int" is a thread-local variable at
 * offset 0x0 in the thread-local storage for `/tmp/prog'.}, {@code ... is static storage at address
 * 0x4010.}, {@code ... is a function at address 0x1129.}, {@code ... is a variable in $rbx.}, and
 * the complex-expression form with the operations listed, and for ELF symbols without debug
 * information {@code ... is at 0x4010 in a file compiled without debugging.}
 */
final class AddressDescriber {
    private final ByteOrder order;
    private final RegisterNames registers;

    interface RegisterNames {
        String name(int dwarfRegister);
    }

    AddressDescriber(ByteOrder order, RegisterNames registers) {
        this.order = order;
        this.registers = registers;
    }

    String describe(Variable v) {
        String head = "Symbol \"" + v.name() + "\" is ";
        long bias = v.module().module().loadBias();
        Storage s = v.storage();
        if (v.die().isEmpty()) {
            // An ELF symbol without DWARF: gdb's minimal-symbol sentence, whatever the symbol's
            // type. gdb adds the section's load offset even to a TLS symbol's value, so we do too.
            long value = s instanceof Storage.Tls tls ? tls.offset()
                    : s instanceof Storage.Static st ? st.linkAddress()
                    : s instanceof Storage.Function f ? f.linkAddress() : 0;
            return head + "at 0x" + Long.toHexString(value + bias) + " in a file compiled without debugging.";
        }
        if (s instanceof Storage.Tls tls) {
            return head + "a thread-local variable at offset 0x" + Long.toHexString(tls.offset())
                    + " in the thread-local storage for `" + v.module().path() + "'.";
        }
        if (s instanceof Storage.Static st) {
            return head + "static storage at address 0x" + Long.toHexString(st.linkAddress() + bias) + ".";
        }
        if (s instanceof Storage.Function f) {
            return head + "a function at address 0x" + Long.toHexString(f.linkAddress() + bias) + ".";
        }
        if (s instanceof Storage.OptimizedOut) {
            return head + "optimized out.";
        }
        LocationDescription loc = ((Storage.Computed) s).location();
        if (loc instanceof SingleLocation single) {
            return head + single(single.expression(), single.encoding()) + ".";
        }
        StringBuilder out = new StringBuilder(head).append("multi-location:\n");
        for (LocationListEntry e : ((LocationList) loc).entries()) {
            out.append("  Range 0x").append(Long.toHexString(e.range().begin() + bias)).append("-0x")
                    .append(Long.toHexString(e.range().end() + bias)).append(": ")
                    .append(single(e.expression(), ((LocationList) loc).encoding())).append('\n');
        }
        return out.append('.').toString();
    }

    private String single(byte[] bytes, dev.tldb.dwarf.Encoding encoding) {
        Expression expr = Expression.decode(bytes, order, encoding);
        if (expr.ops().size() == 1) {
            String text = expr.toString();
            // DW_OP_regN / DW_OP_regx: "a variable in $reg"
            if (text.startsWith("DW_OP_reg")) {
                Location loc = dev.tldb.dwarf.expr.Evaluator.evaluate(expr, new dev.tldb.dwarf.expr.EvaluationCallbacks() {});
                if (loc instanceof Location.Register r) {
                    return "a variable in $" + registers.name(r.register());
                }
            }
        }
        StringBuilder out = new StringBuilder("a complex DWARF expression:\n");
        for (var op : expr.ops()) {
            String text = Expression.decode(java.util.Arrays.copyOfRange(bytes, (int) op.offset(),
                    (int) (op.offset() + op.size())), order, encoding).toString();
            out.append(String.format("%6d: %s%n", op.offset(), text));
        }
        return out.toString();
    }
}
