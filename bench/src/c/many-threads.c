/*
 * many-threads: a process with many threads, each with its own values in TLS, for tldb's
 * benchmarks (a core where per-thread work dominates). Starts N workers (argv[1], default 200),
 * each sets its TLS and reports it as the samples do ("TLS <lwp> <expr> = <value>", gdb's
 * format), then blocks; main waits for all reports, prints READY and traps, so that a core
 * taken there (gdb's gcore) holds N + 1 threads.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

__thread int tls_int = 42;
__thread char tls_label[16];

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_reported = PTHREAD_COND_INITIALIZER;
static int reported;

static void report(void)
{
    pthread_mutex_lock(&lock);
    printf("TLS %ld tls_int = %d\n", (long) syscall(SYS_gettid), tls_int);
    reported++;
    pthread_cond_broadcast(&all_reported);
    pthread_mutex_unlock(&lock);
}

static void *worker(void *arg)
{
    int i = (int) (long) arg;
    tls_int = 1000 + i;
    snprintf(tls_label, sizeof tls_label, "worker-%d", i);
    report();
    for (;;)
        pause();
    return NULL;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200;
    pthread_attr_t attr;

    mallopt(M_ARENA_MAX, 1); /* one heap: a small core */
    printf("START %d\n", n); /* stdout's buffer comes from main's arena */
    tls_int = 1000;
    snprintf(tls_label, sizeof tls_label, "main");
    report();
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (int i = 1; i <= n; i++) {
        pthread_t t;
        if (pthread_create(&t, &attr, worker, (void *) (long) i) != 0) {
            perror("pthread_create");
            return 2;
        }
    }
    pthread_mutex_lock(&lock);
    while (reported < n + 1)
        pthread_cond_wait(&all_reported, &lock);
    pthread_mutex_unlock(&lock);
    printf("READY\n");
    fflush(stdout);
    __builtin_trap();
}
