/*
 * demo: the program behind tldb's built-in demo. Five threads (main + 4 workers) count in
 * their own tls_counter and name themselves in tls_name; threads 0, 2 and 4 also touch the
 * dlopen'ed libdemo-plugin.so's demo_plugin_tls, threads 1 and 3 never do (their block stays
 * unallocated). Every thread reports itself in the sample output format (samples/README.md):
 * THREAD, TLS, ADDR and UNTOUCHED lines, then READY.
 *
 *   demo          report, then block forever (attach a debugger, or gcore it)
 *   demo --trap   report, then trap in main (SIGILL: a kernel core if `ulimit -c` allows)
 *
 * libdemo-plugin.so is found through RUNPATH $ORIGIN: keep it beside the executable.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "demo-plugin.h"
#include "../src/gdb-format.h"

#define WORKERS 4

__thread int tls_counter;
__thread char tls_name[16];

static const char *const names[WORKERS + 1] = { "main", "alpha", "beta", "gamma", "delta" };
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static int workers_reported;
static void (*plugin_touch)(int);
static int *(*plugin_address)(void);

static void die(const char *what)
{
    fprintf(stderr, "demo: %s\n", what);
    exit(2);
}

static void run_thread(int index)
{
    long lwp = (long)syscall(SYS_gettid);
    int i, touched = index % 2 == 0;
    char v[128];

    snprintf(tls_name, sizeof tls_name, "%s", names[index]);
    for (i = 0; i < 10 * (index + 1); i++)
        tls_counter++;
    if (touched)
        plugin_touch(index);

    pthread_mutex_lock(&out_lock);
    printf("THREAD %d %ld\n", index, lwp);
    printf("TLS %ld tls_counter = %d\n", lwp, tls_counter);
    printf("TLS %ld tls_name = %s\n", lwp, gdbfmt_char_array(v, sizeof v, tls_name, sizeof tls_name));
    if (touched)
        printf("TLS %ld demo_plugin_tls = %d\n", lwp, *plugin_address());
    else
        printf("UNTOUCHED %ld demo_plugin_tls\n", lwp);
    printf("ADDR %ld tls_counter %p\n", lwp, (void *)&tls_counter);
    printf("ADDR %ld tls_name %p\n", lwp, (void *)tls_name);
    if (touched)
        printf("ADDR %ld demo_plugin_tls %p\n", lwp, (void *)plugin_address());
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);
}

static void *worker(void *arg)
{
    run_thread((int)(long)arg);
    __atomic_add_fetch(&workers_reported, 1, __ATOMIC_RELEASE);
    for (;;)
        pause();
    return NULL;
}

int main(int argc, char **argv)
{
    int trap = argc > 1 && strcmp(argv[1], "--trap") == 0;
    pthread_t threads[WORKERS];
    pthread_attr_t attr;
    void *handle;
    int i;

    setvbuf(stdout, NULL, _IOLBF, 0);
    mallopt(M_ARENA_MAX, 1); /* no 64 MiB per-thread arenas in cores */
    handle = dlopen("libdemo-plugin.so", RTLD_NOW);
    if (handle == NULL)
        die(dlerror());
    plugin_touch = (void (*)(int))dlsym(handle, "demo_plugin_touch");
    plugin_address = (int *(*)(void))dlsym(handle, "demo_plugin_address");
    if (plugin_touch == NULL || plugin_address == NULL)
        die("libdemo-plugin.so lacks demo_plugin_touch or demo_plugin_address");

    if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, 64 * 1024) != 0)
        die("pthread_attr_setstacksize failed");
    for (i = 0; i < WORKERS; i++)
        if (pthread_create(&threads[i], &attr, worker, (void *)(long)(i + 1)) != 0)
            die("pthread_create failed");
    run_thread(0);
    while (__atomic_load_n(&workers_reported, __ATOMIC_ACQUIRE) < WORKERS) {
        struct timespec ms = { 0, 1000000L };
        nanosleep(&ms, NULL);
    }
    pthread_mutex_lock(&out_lock);
    printf("READY\n");
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);

    if (trap)
        __builtin_trap(); /* TRAP-LINE */
    for (;;)
        pause();
}
