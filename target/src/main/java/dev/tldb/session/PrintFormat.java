package dev.tldb.session;

import java.util.Optional;

/** gdb's output formats for {@code print/F}: the natural one, or a letter. */
public enum PrintFormat {
    NATURAL(' '),
    HEX('x'),
    DECIMAL('d'),
    UNSIGNED('u'),
    OCTAL('o'),
    BINARY('t'),
    CHAR('c'),
    ADDRESS('a'),
    FLOAT('f');

    private final char letter;

    PrintFormat(char letter) {
        this.letter = letter;
    }

    public char letter() {
        return letter;
    }

    public static Optional<PrintFormat> of(char letter) {
        for (PrintFormat f : values()) {
            if (f.letter == letter && f != NATURAL) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
