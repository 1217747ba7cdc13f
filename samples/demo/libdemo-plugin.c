/* libdemo-plugin.so: dynamic TLS, allocated per thread on first access. */
#include "demo-plugin.h"

__thread int demo_plugin_tls = 5;

void demo_plugin_touch(int index)
{
    demo_plugin_tls = 500 + index;
}

int *demo_plugin_address(void)
{
    return &demo_plugin_tls;
}
