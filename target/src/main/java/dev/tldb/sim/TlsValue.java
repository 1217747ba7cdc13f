package dev.tldb.sim;

import java.math.BigInteger;

/** A value a scenario assigns to a TLS variable. */
public sealed interface TlsValue {

    /** An integer literal (any size; checked against the variable's). */
    record IntegerValue(BigInteger value) implements TlsValue {
        public static IntegerValue of(long v) {
            return new IntegerValue(BigInteger.valueOf(v));
        }

        @Override
        public String kind() {
            return "integer";
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    /** A floating-point literal. */
    record FloatValue(double value) implements TlsValue {
        @Override
        public String kind() {
            return "floating-point number";
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /** A string literal, for char arrays (stored NUL-terminated, the rest of the array zeroed). */
    record StringValue(String value) implements TlsValue {
        @Override
        public String kind() {
            return "string";
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }

    /** How messages name the kind of value. */
    String kind();
}
