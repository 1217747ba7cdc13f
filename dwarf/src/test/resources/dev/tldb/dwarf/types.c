/* Declarations whose types gdb's whatis/ptype spell in every C way tldb must match. */
#include <stddef.h>

struct pair { int a; int b; };
struct node { struct node *next; int small : 3; unsigned flags : 5; long tail; };
union value { int i; double d; char bytes[8]; };
enum color { RED, GREEN = 5, BLUE };
enum neg { MINUS = -2, ZERO = 0, BIG = 100 };
typedef struct pair pair_t;
typedef int (*binop_t)(int, int);
struct with_flex { int n; char data[]; };
struct nested {
    struct { int x, y; } pos;
    union { int i; float f; } u;
    pair_t *pp;
    binop_t op;
    char name[16];
    const char *label;
    unsigned char bit : 1;
    unsigned char rest : 7;
    short tail;
};

int v_int; unsigned int v_uint; unsigned long v_ulong; long long v_ll; unsigned long long v_ull;
short v_short; unsigned short v_ushort; signed char v_schar; unsigned char v_uchar; char v_char;
_Bool v_bool; float v_float; double v_double; long double v_ldouble;
__int128 v_i128; unsigned __int128 v_u128;
const char *v_str; char *const v_cptr = 0; const volatile int v_cv; volatile unsigned long v_vul;
int *v_intp; int **v_intpp; void *v_voidp; const void *v_cvoidp;
char v_buf[32]; double v_matrix[3][4]; char *v_strings[4]; char (*v_row)[8];
int (*v_fp)(int); void (*v_vfp)(void); int (*v_varfp)(const char *, ...); char *(*v_retp)(int);
int (*v_fparr[3])(int);
struct pair v_pair; struct node v_node; union value v_value; enum color v_color; enum neg v_neg;
pair_t v_td; binop_t v_binop; struct with_flex *v_flex; const struct pair *const v_cpp = &v_pair;
struct nested v_nested; pair_t *v_tdp; size_t v_size; int v_zero[0];
_Atomic int v_atomic; int *restrict v_restrict;
struct { int anon_a; char anon_b; } v_anon;
int v_2d[2][3]; struct pair v_pairs[2];

int f_add(int a, int b) { return a + b; }
static void f_void(void) { v_int++; }
int f_var(int n, ...) { return n; }
int f_knr(a) int a; { return a; }

int main(void) {
    f_void();
    return f_add(v_int, f_var(1, 2)) + f_knr(3) + v_nested.rest;
}
