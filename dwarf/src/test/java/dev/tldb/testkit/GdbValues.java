package dev.tldb.testkit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Expected-value helpers: how stock gdb 13 prints values, for writing test expectations. */
public final class GdbValues {
    private GdbValues() {}

    /**
     * A double as gdb prints it: C's {@code %.17g} (Java's {@code %g} is not the same: it
     * starts from the shortest decimal and never drops zeros). {@code 0.1} gives
     * {@code 0.10000000000000001}, {@code 3.0} gives {@code 3}, {@code 1e100} gives {@code 1e+100}.
     */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            throw new IllegalArgumentException("gdb prints NaNs with their mantissa; not supported");
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        final int precision = 17;
        BigDecimal exact = new BigDecimal(d);
        BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = rounded.movePointLeft(exponent);
            String m = stripZeros(mantissa.setScale(precision - 1, RoundingMode.HALF_EVEN)
                    .toPlainString());
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return m + "e" + sign + (abs < 10 ? "0" : "") + abs;
        }
        return stripZeros(rounded.setScale(Math.max(precision - 1 - exponent, 0),
                RoundingMode.HALF_EVEN).toPlainString());
    }

    private static String stripZeros(String fixed) {
        if (!fixed.contains(".")) {
            return fixed;
        }
        String s = fixed.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
