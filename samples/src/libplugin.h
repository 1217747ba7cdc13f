/* libplugin.so: loaded with dlopen, so its TLS is dynamic TLS: glibc allocates a thread's
 * block on that thread's first access (__tls_get_addr). tls-sample resolves these functions
 * with dlsym; only even-numbered threads call them, so odd threads never allocate the block. */
#ifndef TLDB_LIBPLUGIN_H
#define TLDB_LIBPLUGIN_H

#define PLUGIN_BUF_SIZE 16

/* Sets this thread's plugin_* values (first access: allocates the TLS block). */
void plugin_touch(int index);
/* Addresses of this thread's plugin_* variables (also allocate the block: call only after
 * plugin_touch). */
int *plugin_tls_address(void);
char *plugin_buf_address(void);

typedef void (*plugin_touch_fn)(int);
typedef int *(*plugin_tls_address_fn)(void);
typedef char *(*plugin_buf_address_fn)(void);

#endif
