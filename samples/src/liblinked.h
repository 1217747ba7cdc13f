/* liblinked.so: a shared library linked at start-up, so its TLS block is static TLS
 * (glibc: allocated with every thread, fixed l_tls_offset). */
#ifndef TLDB_LIBLINKED_H
#define TLDB_LIBLINKED_H

extern __thread int lib_tls;    /* .tdata, initial value 7 */
extern __thread long lib_tbss;  /* .tbss */

/* Sets this thread's lib_* values from the thread index (the library writes its own TLS). */
void liblinked_set(int index);

#endif
