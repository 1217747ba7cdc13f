/* Benchmark program for bench/gdb_bench.py: two 32 MiB arrays, then a trap.
 *   random_bytes  pseudo-random bytes: nothing for run-length encoding to shorten, so the cost is
 *                 all in moving and decoding hex (gdb's side dominates).
 *   heap_like     what a heap or a big table mostly looks like: in every 64-byte line a pointer,
 *                 a counter and a flag, the rest zeros.
 * The benchmark reads them with `dump binary memory` through stock gdbserver (the live process)
 * and through tldb serve (a gcore of it). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SIZE (32u << 20)
unsigned char random_bytes[SIZE];
unsigned char heap_like[SIZE];

int main(void) {
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (unsigned i = 0; i < SIZE; i += 8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        memcpy(random_bytes + i, &x, 8);
    }
    for (unsigned i = 0; i < SIZE; i += 64) {
        uint64_t ptr = (uint64_t) (uintptr_t) (heap_like + ((i * 7919u) % SIZE));
        uint32_t counter = i / 64;
        memcpy(heap_like + i, &ptr, 8);
        memcpy(heap_like + i + 8, &counter, 4);
        heap_like[i + 12] = (unsigned char) (i >> 6 & 1);
    }
    printf("ARRAYS %p %p %u\n", (void *) random_bytes, (void *) heap_like, SIZE);
    fflush(stdout);
    __builtin_trap(); /* the benchmarks read memory here */
    return 0;
}
