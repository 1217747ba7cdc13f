/*
 * gdb-format.h: print C values exactly as stock gdb 13 prints them for `print EXPR`
 * (default settings: print elements 200, repeats 10, print symbol on, no pretty printers).
 *
 * The sample programs report their own TLS values in this format so that tests can compare
 * the program's self-report, stock gdb and tldb character for character. The rules below
 * follow gdb 13's valprint.c (generic_printstr, print_converted_chars_to_obstack,
 * generic_emit_char) and target-float.c (host_float_ops::to_string with "%.17g" for IEEE
 * double); `format-check.c` and the Java test kit compare this helper against gdb itself.
 *
 * Header-only (static functions) so each sample program stays one compilation unit.
 */
#ifndef TLDB_GDB_FORMAT_H
#define TLDB_GDB_FORMAT_H

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* gdb's defaults: `show print repeats` (a run longer than this is collapsed) and
 * `show print elements` (characters printed before "..."). */
#define GDBFMT_REPEAT_THRESHOLD 10
#define GDBFMT_PRINT_MAX 200

/* Not every program uses every helper. */
#define GDBFMT_FN static __attribute__((unused))

/* Small append-only string builder over a caller-supplied buffer; truncates safely. */
struct gdbfmt_buf {
    char *p;
    size_t cap;
    size_t len;
};

GDBFMT_FN void gdbfmt_put(struct gdbfmt_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->cap == 0)
        return;
    if (b->len + n >= b->cap)
        n = b->cap - 1 - b->len;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* One character as gdb shows it inside QUOTE ('"' in strings, '\'' for a char):
 * the quote and backslash are escaped, the C escapes \a \b \f \n \r \t \v are used, other
 * non-printable bytes become three-digit octal (gdb's "\\%.3o"), printable ASCII is literal. */
GDBFMT_FN void gdbfmt_emit_char(struct gdbfmt_buf *b, unsigned char c, char quote)
{
    char tmp[8];
    switch (c) {
    case '\a': gdbfmt_put(b, "\\a"); return;
    case '\b': gdbfmt_put(b, "\\b"); return;
    case '\f': gdbfmt_put(b, "\\f"); return;
    case '\n': gdbfmt_put(b, "\\n"); return;
    case '\r': gdbfmt_put(b, "\\r"); return;
    case '\t': gdbfmt_put(b, "\\t"); return;
    case '\v': gdbfmt_put(b, "\\v"); return;
    default: break;
    }
    if (c == '\\' || c == (unsigned char)quote) {
        tmp[0] = '\\';
        tmp[1] = (char)c;
        tmp[2] = '\0';
    } else if (c >= 0x20 && c < 0x7f) {
        tmp[0] = (char)c;
        tmp[1] = '\0';
    } else {
        snprintf(tmp, sizeof tmp, "\\%03o", c);
    }
    gdbfmt_put(b, tmp);
}

/*
 * A char array of LEN bytes, as `print arr` shows it, e.g. "thread-1", '\000' <repeats 23 times>.
 * gdb drops ONE trailing NUL (the C terminator), then walks runs of equal bytes: a run longer
 * than the repeat threshold prints as 'c' <repeats N times>, shorter runs print inline inside
 * double quotes; segments are joined with ", ". An all-dropped array prints "".
 * More than GDBFMT_PRINT_MAX characters end in "..." (arrays in the samples stay below that).
 */
GDBFMT_FN const char *gdbfmt_char_array(char *out, size_t cap, const char *arr, size_t len)
{
    struct gdbfmt_buf b = { out, cap, 0 };
    const unsigned char *s = (const unsigned char *)arr;
    size_t i = 0, printed = 0;
    int in_quotes = 0, any = 0;

    if (cap > 0)
        out[0] = '\0';
    if (len > 0 && s[len - 1] == '\0')
        len--;
    if (len == 0) {
        gdbfmt_put(&b, "\"\"");
        return out;
    }
    while (i < len && printed < GDBFMT_PRINT_MAX) {
        size_t run = 1;
        while (i + run < len && s[i + run] == s[i])
            run++;
        if (run > GDBFMT_REPEAT_THRESHOLD) {
            char tmp[48];
            if (in_quotes) {
                gdbfmt_put(&b, "\", ");
                in_quotes = 0;
            } else if (any) {
                gdbfmt_put(&b, ", ");
            }
            gdbfmt_put(&b, "'");
            gdbfmt_emit_char(&b, s[i], '\'');
            snprintf(tmp, sizeof tmp, "' <repeats %zu times>", run);
            gdbfmt_put(&b, tmp);
            printed += run;
        } else {
            size_t k;
            if (!in_quotes) {
                if (any)
                    gdbfmt_put(&b, ", ");
                gdbfmt_put(&b, "\"");
                in_quotes = 1;
            }
            for (k = 0; k < run; k++)
                gdbfmt_emit_char(&b, s[i], '"');
            printed += run;
        }
        any = 1;
        i += run;
    }
    if (in_quotes)
        gdbfmt_put(&b, "\"");
    if (i < len)
        gdbfmt_put(&b, "...");
    return out;
}

/* A char-typed scalar: `print c` shows the number, then the character in single quotes,
 * e.g. 65 'A' or 0 '\000'. VALUE is already promoted with the type's signedness. */
GDBFMT_FN const char *gdbfmt_char(char *out, size_t cap, int value)
{
    struct gdbfmt_buf b = { out, cap, 0 };
    char tmp[16];
    if (cap > 0)
        out[0] = '\0';
    snprintf(tmp, sizeof tmp, "%d '", value);
    gdbfmt_put(&b, tmp);
    gdbfmt_emit_char(&b, (unsigned char)value, '\'');
    gdbfmt_put(&b, "'");
    return out;
}

/* An IEEE double: gdb uses "%.17g" (enough digits to round-trip a 53-bit mantissa), so 0.5
 * prints as 0.5 but 0.1 prints as 0.10000000000000001. Infinities print as inf / -inf.
 * (gdb prints NaNs with their mantissa, e.g. nan(0x8000000000000); the samples avoid them.) */
GDBFMT_FN const char *gdbfmt_double(char *out, size_t cap, double v)
{
    if (isinf(v))
        snprintf(out, cap, "%sinf", v < 0 ? "-" : "");
    else
        snprintf(out, cap, "%.17g", v);
    return out;
}

#endif /* TLDB_GDB_FORMAT_H */
