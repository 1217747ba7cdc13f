/* libplugin.so: dlopen'ed by tls-sample after some threads already exist. plugin_tls is
 * initialised so that the PT_TLS initialisation image is non-zero; plugin_buf is .tbss. */
#include <stdio.h>
#include "libplugin.h"

__thread int plugin_tls = 77;
__thread char plugin_buf[PLUGIN_BUF_SIZE];

void plugin_touch(int index)
{
    plugin_tls = 7700 + index;
    snprintf(plugin_buf, sizeof plugin_buf, "plugin-%d", index);
}

int *plugin_tls_address(void)
{
    return &plugin_tls;
}

char *plugin_buf_address(void)
{
    return plugin_buf;
}
