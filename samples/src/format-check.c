/*
 * format-check: prints `CHECK <expression> = <value>` for tricky values through gdb-format.h.
 * The Java test kit runs it under stock gdb to the trap, prints every <expression> there and
 * compares character for character, so the helper that the TLS samples rely on is
 * checked against gdb on more than the samples' own values: repeat thresholds, escapes,
 * arrays without a terminator, the 200-element limit, char scalars and doubles.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "gdb-format.h"

char fc_all_zero[8];
char fc_one_byte_zero[1];
char fc_no_terminator[4] = { 'a', 'b', 'c', 'd' };
char fc_exactly_full[5] = "abcd";
char fc_ten_repeats[12] = "xxxxxxxxxx";
char fc_eleven_repeats[13] = "xxxxxxxxxxx";
char fc_ten_nuls_inside[14] = "a\0\0\0\0\0\0\0\0\0\0bc";
char fc_eleven_nuls_inside[16] = "a\0\0\0\0\0\0\0\0\0\0\0bc";
char fc_nuls_then_repeat[32] = "ab\0\0cccccccccccccccc";
char fc_escapes[24] = "tab\there\nq\"s'\\\a\b\f\r\v";
char fc_high_bytes[6] = "\377\200A\033";
char fc_long[300];
char fc_long_repeat[300];
char fc_c_zero = 0;
char fc_c_quote = '\'';
char fc_c_dquote = '"';
char fc_c_backslash = '\\';
char fc_c_newline = '\n';
signed char fc_sc_negative = -1;
unsigned char fc_uc_high = 200;
unsigned char fc_uc_letter = 'z';
double fc_d_tenth = 0.1;
double fc_d_third = 1.0 / 3.0;
double fc_d_integral = 3.0;
double fc_d_negative_zero = -0.0;
double fc_d_big = 1e100;
double fc_d_small = 1.5e-7;
double fc_d_denormal = 4.9406564584124654e-324;
double fc_d_precise = 123456789.125;
double fc_d_inf = INFINITY;
double fc_d_minus_inf = -INFINITY;

#define ARRAY(name) check_array(#name, name, sizeof name)
#define CHAR(name) check_char(#name, name)
#define DOUBLE(name) check_double(#name, name)

static void check_array(const char *expr, const char *arr, size_t len)
{
    char out[1024];
    printf("CHECK %s = %s\n", expr, gdbfmt_char_array(out, sizeof out, arr, len));
}

static void check_char(const char *expr, int value)
{
    char out[64];
    printf("CHECK %s = %s\n", expr, gdbfmt_char(out, sizeof out, value));
}

static void check_double(const char *expr, double value)
{
    char out[64];
    printf("CHECK %s = %s\n", expr, gdbfmt_double(out, sizeof out, value));
}

int main(void)
{
    size_t i;
    /* Longer than gdb's 200-element limit: printed with a trailing "...". */
    for (i = 0; i < sizeof fc_long; i++)
        fc_long[i] = (char)('a' + i % 26);
    memset(fc_long_repeat, 'r', 205);

    ARRAY(fc_all_zero);
    ARRAY(fc_one_byte_zero);
    ARRAY(fc_no_terminator);
    ARRAY(fc_exactly_full);
    ARRAY(fc_ten_repeats);
    ARRAY(fc_eleven_repeats);
    ARRAY(fc_ten_nuls_inside);
    ARRAY(fc_eleven_nuls_inside);
    ARRAY(fc_nuls_then_repeat);
    ARRAY(fc_escapes);
    ARRAY(fc_high_bytes);
    ARRAY(fc_long);
    ARRAY(fc_long_repeat);
    CHAR(fc_c_zero);
    CHAR(fc_c_quote);
    CHAR(fc_c_dquote);
    CHAR(fc_c_backslash);
    CHAR(fc_c_newline);
    CHAR(fc_sc_negative);
    CHAR(fc_uc_high);
    CHAR(fc_uc_letter);
    DOUBLE(fc_d_tenth);
    DOUBLE(fc_d_third);
    DOUBLE(fc_d_integral);
    DOUBLE(fc_d_negative_zero);
    DOUBLE(fc_d_big);
    DOUBLE(fc_d_small);
    DOUBLE(fc_d_denormal);
    DOUBLE(fc_d_precise);
    DOUBLE(fc_d_inf);
    DOUBLE(fc_d_minus_inf);
    fflush(stdout);
    __builtin_trap(); /* TRAP-LINE: gdb prints the same expressions here */
    return 0;
}
