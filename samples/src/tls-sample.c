/*
 * tls-sample: the ground-truth program for tldb's tests.
 *
 * Five threads (main = index 0, workers 1..4) give every TLS variable a distinct value derived
 * from the thread's index, print what they hold (in stock gdb 13's `print` format, see
 * gdb-format.h) and where (`&var`), then block. Main waits for every report, prints READY and
 * traps on the line marked TRAP-LINE, so a core taken at the trap holds all five threads.
 * The output format and the values are documented in samples/README.md.
 *
 * Build switches (set by samples/Makefile):
 *   WITH_LINKED  also report liblinked.so's TLS (library linked at start-up)
 *   WITH_PLUGIN  dlopen libplugin.so; only even-numbered threads touch its TLS
 */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#ifdef WITH_PLUGIN
#include <dlfcn.h>
#include "libplugin.h"
#endif
#ifdef WITH_LINKED
#include "liblinked.h"
#endif
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include "gdb-format.h"

#define WORKERS 4
#define NAME_SIZE 32

/* tls_ptr points into this array, so gdb shows it as <global_array+N>. */
int global_array[8] = { 0, 11, 22, 33, 44, 55, 66, 77 };

struct tls_pair {
    int a;
    double b;
};

enum tls_color { COLOR_RED, COLOR_GREEN, COLOR_BLUE, COLOR_CYAN, COLOR_MAGENTA, COLOR_YELLOW };
static const char *const color_names[] = {
    "COLOR_RED", "COLOR_GREEN", "COLOR_BLUE", "COLOR_CYAN", "COLOR_MAGENTA", "COLOR_YELLOW",
};

/* .tdata (initialised): the values below are the PT_TLS initialisation image. */
__thread int tls_int = 42;
__thread double tls_double = 3.25;
__thread struct tls_pair tls_pair = { 1, 2.5 };
static __thread int tls_static = 5;
__thread unsigned char tls_flag = 'A';
__thread enum tls_color tls_color = COLOR_YELLOW;

/* .tbss (zero-initialised). */
__thread long tls_long;
__thread char tls_name[NAME_SIZE];
__thread int *tls_ptr;
__thread long tls_aligned __attribute__((aligned(64)));
__thread int tls_untouched; /* nobody ever writes it: stays 0 in every thread */

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
#ifdef WITH_PLUGIN
static pthread_mutex_t plugin_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t plugin_cond = PTHREAD_COND_INITIALIZER;
#endif
/* Workers publish their LWP, then count themselves reported (lock-free: after the increment
 * a worker does nothing but block in pause(), so main can tell when it is parked). */
static long worker_lwps[WORKERS + 1];
static int workers_reported;

#ifdef WITH_PLUGIN
static int plugin_loaded;
static plugin_touch_fn plugin_touch_p;
static plugin_tls_address_fn plugin_tls_address_p;
static plugin_buf_address_fn plugin_buf_address_p;
#endif

static void die(const char *what)
{
    fprintf(stderr, "tls-sample: %s\n", what);
    exit(2);
}

static long current_lwp(void)
{
    return (long)syscall(SYS_gettid);
}

/* Every TLS variable of this thread gets a value derived from INDEX (0 = main). */
static void set_tls(int index)
{
    tls_int = 100 + index;
    tls_long = -(10000000000L * (index + 1)) - index;
    tls_double = 2 * index + 0.125;
    if (index == 0)
        snprintf(tls_name, sizeof tls_name, "main");
    else
        snprintf(tls_name, sizeof tls_name, "thread-%d", index);
    tls_pair.a = 11 + 10 * index;
    tls_pair.b = index + 0.1;
    tls_ptr = &global_array[index + 1];
    tls_aligned = 6400 + index;
    tls_static = 500 + index;
    tls_flag = (unsigned char)('B' + index);
    tls_color = (enum tls_color)index;
#ifdef WITH_LINKED
    liblinked_set(index);
#endif
}

static void tls_line(long lwp, const char *expr, const char *value)
{
    printf("TLS %ld %s = %s\n", lwp, expr, value);
}

static void tls_linef(long lwp, const char *expr, const char *fmt, ...)
{
    char value[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    tls_line(lwp, expr, value);
}

static void addr_line(long lwp, const char *expr, const void *address)
{
    printf("ADDR %ld %s %p\n", lwp, expr, address);
}

/* Prints this thread's report in one block (out_lock keeps threads' lines apart). */
static void report(int index, int touched_plugin)
{
    long lwp = current_lwp();
    char v[256], d[64];
    (void)touched_plugin;

    pthread_mutex_lock(&out_lock);
    printf("THREAD %d %ld\n", index, lwp);

    tls_linef(lwp, "tls_int", "%d", tls_int);
    tls_linef(lwp, "tls_long", "%ld", tls_long);
    tls_line(lwp, "tls_double", gdbfmt_double(d, sizeof d, tls_double));
    tls_line(lwp, "tls_name", gdbfmt_char_array(v, sizeof v, tls_name, sizeof tls_name));
    tls_linef(lwp, "tls_pair", "{a = %d, b = %s}", tls_pair.a,
              gdbfmt_double(d, sizeof d, tls_pair.b));
    tls_linef(lwp, "tls_pair.a", "%d", tls_pair.a);
    tls_line(lwp, "tls_pair.b", gdbfmt_double(d, sizeof d, tls_pair.b));
    {
        long offset = (long)((const char *)tls_ptr - (const char *)global_array);
        if (offset == 0)
            tls_linef(lwp, "tls_ptr", "(int *) %p <global_array>", (void *)tls_ptr);
        else
            tls_linef(lwp, "tls_ptr", "(int *) %p <global_array+%ld>", (void *)tls_ptr, offset);
    }
    tls_linef(lwp, "*tls_ptr", "%d", *tls_ptr);
    tls_linef(lwp, "tls_aligned", "%ld", tls_aligned);
    tls_linef(lwp, "tls_static", "%d", tls_static);
    tls_line(lwp, "tls_flag", gdbfmt_char(v, sizeof v, tls_flag));
    tls_line(lwp, "tls_color", color_names[tls_color]);
    tls_linef(lwp, "tls_untouched", "%d", tls_untouched);
#ifdef WITH_LINKED
    tls_linef(lwp, "lib_tls", "%d", lib_tls);
    tls_linef(lwp, "lib_tbss", "%ld", lib_tbss);
#endif
#ifdef WITH_PLUGIN
    if (touched_plugin) {
        const char *buf = plugin_buf_address_p();
        tls_linef(lwp, "plugin_tls", "%d", *plugin_tls_address_p());
        tls_line(lwp, "plugin_buf", gdbfmt_char_array(v, sizeof v, buf, PLUGIN_BUF_SIZE));
    } else {
        printf("UNTOUCHED %ld plugin_tls\n", lwp);
        printf("UNTOUCHED %ld plugin_buf\n", lwp);
    }
#endif

    addr_line(lwp, "tls_int", &tls_int);
    addr_line(lwp, "tls_long", &tls_long);
    addr_line(lwp, "tls_double", &tls_double);
    addr_line(lwp, "tls_name", &tls_name);
    addr_line(lwp, "tls_pair", &tls_pair);
    addr_line(lwp, "tls_ptr", &tls_ptr);
    addr_line(lwp, "tls_aligned", &tls_aligned);
    addr_line(lwp, "tls_static", &tls_static);
    addr_line(lwp, "tls_flag", &tls_flag);
    addr_line(lwp, "tls_color", &tls_color);
    addr_line(lwp, "tls_untouched", &tls_untouched);
#ifdef WITH_LINKED
    addr_line(lwp, "lib_tls", &lib_tls);
    addr_line(lwp, "lib_tbss", &lib_tbss);
#endif
#ifdef WITH_PLUGIN
    if (touched_plugin) {
        addr_line(lwp, "plugin_tls", plugin_tls_address_p());
        addr_line(lwp, "plugin_buf", plugin_buf_address_p());
    }
#endif
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);
}

/* Even-numbered threads (main included) touch the plugin's TLS; odd ones never do. */
static int touch_plugin(int index)
{
#ifdef WITH_PLUGIN
    if (index % 2 == 0) {
        plugin_touch_p(index);
        return 1;
    }
#endif
    (void)index;
    return 0;
}

static void *worker(void *arg)
{
    int index = (int)(long)arg;
    int touched;

    set_tls(index);
#ifdef WITH_PLUGIN
    pthread_mutex_lock(&plugin_lock);
    while (!plugin_loaded)
        pthread_cond_wait(&plugin_cond, &plugin_lock);
    pthread_mutex_unlock(&plugin_lock);
#endif
    touched = touch_plugin(index);
    report(index, touched);

    worker_lwps[index] = current_lwp();
    __atomic_add_fetch(&workers_reported, 1, __ATOMIC_RELEASE);
    for (;;)
        pause();
    return NULL;
}

/* Kernel state letter of one of our threads ('S' = sleeping), '?' if unreadable. Under
 * qemu-user this reads the host thread that runs the guest thread (same tid). */
static char thread_state(long lwp)
{
    char path[64], line[512], *close_paren;
    FILE *f;
    snprintf(path, sizeof path, "/proc/self/task/%ld/stat", lwp);
    f = fopen(path, "r");
    if (f == NULL)
        return '?';
    if (fgets(line, sizeof line, f) == NULL) {
        fclose(f);
        return '?';
    }
    fclose(f);
    close_paren = strrchr(line, ')');
    return close_paren != NULL && close_paren[1] == ' ' ? close_paren[2] : '?';
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Waits until every worker has reported and sits in pause(), so that a core taken at the
 * trap shows each worker parked (not halfway through its last unlock). Gives up waiting
 * for the parking after about 5 s; the report is complete either way. */
static void wait_for_workers(void)
{
    int i, stable = 0, rounds;
    while (__atomic_load_n(&workers_reported, __ATOMIC_ACQUIRE) < WORKERS)
        sleep_ms(1);
    for (rounds = 0; rounds < 5000 && stable < 3; rounds++) {
        int parked = 1;
        for (i = 1; i <= WORKERS; i++)
            if (thread_state(worker_lwps[i]) != 'S')
                parked = 0;
        stable = parked ? stable + 1 : 0;
        sleep_ms(1);
    }
}

#ifdef WITH_PLUGIN
static void load_plugin(void)
{
    /* Found through the executable's RUNPATH ($ORIGIN): the plugin sits beside it. */
    void *handle = dlopen("libplugin.so", RTLD_NOW);
    if (handle == NULL)
        die(dlerror());
    plugin_touch_p = (plugin_touch_fn)dlsym(handle, "plugin_touch");
    plugin_tls_address_p = (plugin_tls_address_fn)dlsym(handle, "plugin_tls_address");
    plugin_buf_address_p = (plugin_buf_address_fn)dlsym(handle, "plugin_buf_address");
    if (!plugin_touch_p || !plugin_tls_address_p || !plugin_buf_address_p)
        die("libplugin.so lacks a plugin_* function");
    pthread_mutex_lock(&plugin_lock);
    plugin_loaded = 1;
    pthread_cond_broadcast(&plugin_cond);
    pthread_mutex_unlock(&plugin_lock);
}
#endif

static void start_worker(pthread_t *thread, int index)
{
    pthread_attr_t attr;
    size_t stack = 64 * 1024; /* small stacks keep cores small */
#ifdef PTHREAD_STACK_MIN
    if (stack < (size_t)PTHREAD_STACK_MIN)
        stack = PTHREAD_STACK_MIN; /* aarch64 glibc needs 128 KiB */
#endif
    if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, stack) != 0)
        die("pthread_attr_setstacksize failed");
    if (pthread_create(thread, &attr, worker, (void *)(long)index) != 0)
        die("pthread_create failed");
    pthread_attr_destroy(&attr);
}

int main(void)
{
    pthread_t threads[WORKERS];
    int touched;

    setvbuf(stdout, NULL, _IOLBF, 0);
#ifdef __GLIBC__
    /* One malloc arena: otherwise each thread that mallocs (glibc allocates dynamic TLS
     * blocks with malloc) reserves a 64 MiB arena, and gcore writes all of it. */
    mallopt(M_ARENA_MAX, 1);
#endif
    set_tls(0);

    /* Workers 1 and 2 exist before the dlopen (their DTV predates the plugin's module id);
     * workers 3 and 4 are created after it. */
    start_worker(&threads[0], 1);
    start_worker(&threads[1], 2);
#ifdef WITH_PLUGIN
    load_plugin();
#endif
    start_worker(&threads[2], 3);
    start_worker(&threads[3], 4);

    touched = touch_plugin(0);
    report(0, touched);

    wait_for_workers();

    pthread_mutex_lock(&out_lock);
    printf("READY\n");
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);

    __builtin_trap(); /* TRAP-LINE */
    return 0;
}
