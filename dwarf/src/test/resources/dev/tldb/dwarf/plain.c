/* No includes: compiles for any target without its C library (e.g. gcc -m32 -c). */
__thread int tls_a = 1;
__thread long long tls_b;
static __thread short tls_c[3];
int global_x = 4;
struct point { int x, y; } origin;
int get_c(int i) { return tls_c[i] + tls_a + (int) tls_b; }
int main(void) { return get_c(1) + global_x + origin.x; }
