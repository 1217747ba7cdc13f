package dev.tldb.session;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C's {@code %.Ng} for doubles, which gdb uses to print floating-point values: {@code %.9g} for
 * float, {@code %.17g} for double (enough digits to round-trip the mantissa), so {@code 0.1}
 * prints as {@code 0.10000000000000001}. Java's own {@code %g} differs (it never strips zeros and
 * switches notation at other exponents), hence this.
 */
public final class CFloat {
    private CFloat() {}

    public static String g(double v, int precision) {
        if (Double.isNaN(v)) {
            long bits = Double.doubleToRawLongBits(v);
            return (bits < 0 ? "-" : "") + "nan(0x" + Long.toHexString(bits & 0xf_ffff_ffff_ffffL) + ")";
        }
        if (Double.isInfinite(v)) {
            return v < 0 ? "-inf" : "inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        int p = Math.max(precision, 1);
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(p, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= p) {
            BigDecimal mantissa = rounded.movePointLeft(exponent);
            String m = stripZeros(mantissa.setScale(p - 1, RoundingMode.HALF_EVEN).toPlainString());
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return m + "e" + sign + (abs < 10 ? "0" : "") + abs;
        }
        String fixed = rounded.setScale(Math.max(p - 1 - exponent, 0), RoundingMode.HALF_EVEN).toPlainString();
        return stripZeros(fixed);
    }

    /** A float (binary32) as gdb prints it: {@code %.9g} of its exact value. */
    public static String ofFloat(float f) {
        if (Float.isNaN(f)) {
            int bits = Float.floatToRawIntBits(f);
            return (bits < 0 ? "-" : "") + "nan(0x" + Integer.toHexString(bits & 0x7f_ffff) + ")";
        }
        return g(f, 9);
    }

    public static String ofDouble(double d) {
        return g(d, 17);
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }
}
