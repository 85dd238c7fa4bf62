/* getppid-loop: the benchmarks' syscall-bound workload. Makes N getppid calls (default 1,000,000),
 * split evenly over T threads (default 1), and prints the total. getppid is the cheapest syscall
 * there is (no arguments, no locks), so the run time is the per-call cost of whatever watches the
 * calls: seccomp filters, audit, ptrace. The output does not depend on scheduling. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static long calls_per_thread;

static void *loop(void *arg)
{
    long *done = arg;
    for (long i = 0; i < calls_per_thread; i++)
        if (syscall(SYS_getppid) > 0) /* through syscall(): glibc must not cache or elide it */
            (*done)++;
    return NULL;
}

int main(int argc, char **argv)
{
    long calls = argc > 1 ? atol(argv[1]) : 1000000;
    long threads = argc > 2 ? atol(argv[2]) : 1;
    if (calls < 1 || threads < 1 || threads > 64 || calls % threads != 0) {
        fprintf(stderr, "usage: getppid-loop [CALLS [THREADS]] (THREADS 1-64, dividing CALLS)\n");
        return 2;
    }
    calls_per_thread = calls / threads;
    pthread_t tid[64];
    long done[64] = { 0 };
    for (long t = 1; t < threads; t++)
        if (pthread_create(&tid[t], NULL, loop, &done[t]) != 0) {
            perror("pthread_create");
            return 1;
        }
    loop(&done[0]); /* the main thread is worker 0 */
    long total = done[0];
    for (long t = 1; t < threads; t++) {
        pthread_join(tid[t], NULL);
        total += done[t];
    }
    printf("%ld getppid calls in %ld threads\n", total, threads);
    return total == calls ? 0 : 1;
}
