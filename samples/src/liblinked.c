/* liblinked.so: linked at start-up (DT_NEEDED of tls-sample), so glibc gives its TLS a
 * static-TLS slot next to the executable's. See samples/README.md for the values. */
#include "liblinked.h"

__thread int lib_tls = 7;
__thread long lib_tbss;

void liblinked_set(int index)
{
    lib_tls = 700 + index;
    lib_tbss = 70000L + index;
}
