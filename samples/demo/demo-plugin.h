/* libdemo-plugin.so: dlopen'ed by demo; only some threads touch its TLS. */
#ifndef TLDB_DEMO_PLUGIN_H
#define TLDB_DEMO_PLUGIN_H

/* Sets this thread's demo_plugin_tls (the first access allocates the thread's block). */
void demo_plugin_touch(int index);
/* Address of this thread's demo_plugin_tls (allocates too: call after demo_plugin_touch). */
int *demo_plugin_address(void);

#endif
