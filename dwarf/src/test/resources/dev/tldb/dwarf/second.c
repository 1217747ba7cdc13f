/* A second unit for multi-unit tests: its own statics (one shares a name with sample.c's) and TLS. */
static int s_file_static = 11;
__thread short tls_second = 2;
static __thread int tls_second_static;
int second_global;
enum second_enum { SECOND_A = 1, SECOND_B };
enum second_enum second_value = SECOND_B;
int second_function(int x) { tls_second_static += x; return x + s_file_static + tls_second; }
