/* threads: 4 pthreads, each doing a few syscalls (getpid, gettid,
 * nanosleep, write to a shared pipe) plus a deterministic computation.
 * The main thread joins them and prints a summary that does not depend
 * on scheduling order. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 4

struct job {
    int index;
    int pipe_wr;
    unsigned long result;
    int ok;
};

static void *worker(void *arg)
{
    struct job *job = arg;
    struct timespec ts = { 0, 1000000 }; /* 1 ms */
    unsigned long sum = 0;
    unsigned char token;

    job->ok = 0;
    if (getpid() <= 0)
        return NULL;
    if (syscall(SYS_gettid) <= 0)
        return NULL;
    while (nanosleep(&ts, &ts) != 0) {
        if (errno != EINTR)
            return NULL;
    }
    for (unsigned long i = 1; i <= 1000; i++)
        sum += i * (unsigned long)(job->index + 1);
    job->result = sum;

    token = (unsigned char)('0' + job->index);
    for (;;) {
        ssize_t n = write(job->pipe_wr, &token, 1);
        if (n == 1)
            break;
        if (n < 0 && errno == EINTR)
            continue;
        return NULL;
    }
    job->ok = 1;
    return NULL;
}

int main(void)
{
    pthread_t tids[NTHREADS];
    struct job jobs[NTHREADS];
    int fds[2];
    int started = 0, failed = 0, rc;
    unsigned long total = 0;
    unsigned char seen[NTHREADS] = { 0 };
    int received = 0;

    if (pipe(fds) != 0) {
        perror("threads: pipe");
        return EXIT_FAILURE;
    }
    for (int i = 0; i < NTHREADS; i++) {
        jobs[i].index = i;
        jobs[i].pipe_wr = fds[1];
        jobs[i].result = 0;
        jobs[i].ok = 0;
        rc = pthread_create(&tids[i], NULL, worker, &jobs[i]);
        if (rc != 0) {
            fprintf(stderr, "threads: pthread_create: %s\n", strerror(rc));
            failed = 1;
            break;
        }
        started++;
    }
    for (int i = 0; i < started; i++) {
        rc = pthread_join(tids[i], NULL);
        if (rc != 0) {
            fprintf(stderr, "threads: pthread_join: %s\n", strerror(rc));
            failed = 1;
            continue;
        }
        if (!jobs[i].ok) {
            fprintf(stderr, "threads: worker %d failed\n", i);
            failed = 1;
        }
        total += jobs[i].result;
    }
    if (close(fds[1]) != 0) {
        perror("threads: close");
        failed = 1;
    }
    /* Drain the pipe: every worker wrote exactly one token. */
    for (;;) {
        unsigned char buf[16];
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            perror("threads: read");
            failed = 1;
            break;
        }
        if (n == 0)
            break;
        for (ssize_t k = 0; k < n; k++) {
            int idx = buf[k] - '0';
            if (idx < 0 || idx >= NTHREADS || seen[idx]) {
                fprintf(stderr, "threads: unexpected token\n");
                failed = 1;
                continue;
            }
            seen[idx] = 1;
            received++;
        }
    }
    close(fds[0]);
    if (failed || started != NTHREADS || received != NTHREADS) {
        fprintf(stderr, "threads: failed (started=%d, tokens=%d)\n",
                started, received);
        return EXIT_FAILURE;
    }
    if (printf("%d threads done, tokens=%d, total=%lu\n",
               NTHREADS, received, total) < 0 || fflush(stdout) == EOF) {
        perror("threads: write");
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
