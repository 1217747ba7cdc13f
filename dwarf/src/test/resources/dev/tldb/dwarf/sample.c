/* A program touching most of what the DWARF reader must handle: TLS, globals, statics, structs,
   bitfields, arrays, enums, typedefs, qualifiers, function pointers. */
#include <stdio.h>
#include <string.h>

__thread int tls_counter = 5;
__thread long tls_big[4];
static __thread char tls_name[16];
extern __thread int tls_declared_first;
__thread int tls_declared_first = 9;

int g_int = 3;
static int s_file_static;
const char *g_message = "hello";
char g_buf[32];
double g_matrix[3][4];
int (*g_callback)(int);
volatile unsigned long g_ticks;
const int g_const = 7;

struct pair { int a; int b; };
struct node { struct node *next; int small : 3; unsigned flags : 5; long tail; };
union value { int i; double d; char bytes[8]; };
enum color { RED, GREEN = 5, BLUE };
typedef struct pair pair_t;
typedef int (*binop_t)(int, int);
struct with_flex { int n; char data[]; };

struct pair g_pair = {1, 2};
struct node g_node;
union value g_value;
enum color g_color = BLUE;
pair_t g_typedefed;
binop_t g_binop;
struct with_flex *g_flex;
const struct pair *const g_const_ptr = &g_pair;
char *g_strings[4];
char (*g_row)[8];

static int square(int x) { static int calls; calls++; return x * x; }
int add(int a, int b) { return a + b; }

int main(int argc, char **argv) {
    struct node n;
    memset(&n, 0, sizeof n);
    g_callback = square;
    g_binop = add;
    tls_name[0] = (char) argc;
    s_file_static += argc;
    printf("%d %ld %d %d\n", tls_counter, tls_big[1], g_callback(3), g_binop(n.small, tls_declared_first));
    return argv[0][0] == 0;
}
