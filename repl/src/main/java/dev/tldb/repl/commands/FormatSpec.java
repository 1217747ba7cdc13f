package dev.tldb.repl.commands;

import dev.tldb.error.TldbException;

import java.util.Optional;

/**
 * gdb's {@code /NFU} after {@code print} or {@code x}: a count, a format letter
 * ({@code x d u o t a c f s i z}) and a unit size ({@code b h w g}), each optional.
 *
 * @param count  how many units ({@code x} only), absent when not given
 * @param format the format letter, absent when not given
 * @param size   the unit size letter, absent when not given
 */
record FormatSpec(Optional<Integer> count, Optional<Character> format, Optional<Character> size) {
    static final String FORMATS = "xduotacfsiz";
    static final String SIZES = "bhwg";

    static FormatSpec none() {
        return new FormatSpec(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Parses {@code /4xw} (the leading slash included). */
    static FormatSpec parse(String word) {
        String s = word.substring(1);
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        Optional<Integer> count = Optional.empty();
        if (i > 0) {
            try {
                count = Optional.of(Integer.parseInt(s.substring(0, i)));
            } catch (NumberFormatException e) {
                throw new TldbException("Item count " + s.substring(0, i) + " is too large.");
            }
        }
        Optional<Character> format = Optional.empty(), size = Optional.empty();
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (SIZES.indexOf(c) >= 0) {
                size = Optional.of(c);
            } else if (FORMATS.indexOf(c) >= 0) {
                format = Optional.of(c);
            } else {
                throw new TldbException("Invalid number \"" + s.substring(i) + "\".");
            }
        }
        return new FormatSpec(count, format, size);
    }

    /** Bytes in a unit. */
    static int bytes(char size) {
        return switch (size) {
            case 'b' -> 1;
            case 'h' -> 2;
            case 'w' -> 4;
            default -> 8;
        };
    }
}
