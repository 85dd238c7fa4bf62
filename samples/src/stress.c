/* stress: a heavy, many-process workload with an exactly known number of
 * getppid(2) calls, for checking that profiling loses nothing.
 *
 *   stress [CALLS [THREADS [CHILDREN]]]      default 1000000 16 50
 *
 * CALLS getppid calls in all: CHILD_CALLS in each of CHILDREN short-lived
 * children, the rest split over THREADS threads of the main process.  The
 * children rotate through every way a process starts another: fork, vfork +
 * exec, a raw clone, posix_spawn, an exec chain (the program execs itself
 * twice more), and a daemon that double-forks and setsid()s.  The main
 * process waits for all of them (the daemons through a pipe they hold open),
 * so every call is made before it exits.  glibc never calls getppid itself,
 * so a profile's getppid count must be exactly CALLS.
 *
 * A few calls whose use by glibc depends on timing (futex in pthread_join,
 * munmap and madvise of thread stacks, sched_yield) are made once outright, so
 * the set of distinct syscalls is the same on every run.
 *
 * Internal modes: stress --child N (make N calls, exit 0) and
 * stress --chain DEPTH N (exec itself DEPTH more times, then --child N). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD_CALLS 100
#define MAX_THREADS 256

extern char **environ;

static char self[PATH_MAX];

static void die(const char *what)
{
    perror(what);
    exit(EXIT_FAILURE);
}

static void calls(long n)
{
    for (long i = 0; i < n; i++)
        syscall(SYS_getppid);
}

static void *thread_main(void *arg)
{
    calls(*(long *)arg);
    return NULL;
}

static long number(const char *text, long min, long max, const char *what)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || end == text || v < min || v > max) {
        fprintf(stderr, "stress: %s must be a number from %ld to %ld, not '%s'\n", what, min, max, text);
        exit(2);
    }
    return v;
}

static void exec_self(const char *mode, const char *a, const char *b)
{
    char *argv[] = { "stress", (char *)mode, (char *)a, (char *)b, NULL };

    execv(self, argv);
    _exit(127);
}

static void wait_for(pid_t pid)
{
    int status;
    pid_t w;

    do {
        w = waitpid(pid, &status, 0);
    } while (w < 0 && errno == EINTR);
    if (w < 0)
        die("stress: waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "stress: child %d failed (status 0x%x)\n", (int)pid, status);
        exit(EXIT_FAILURE);
    }
}

/* Starts child number i; returns the pid to wait for. */
static pid_t start_child(int i)
{
    char n[32];
    pid_t pid;

    snprintf(n, sizeof n, "%d", CHILD_CALLS);
    switch (i % 6) {
    case 0: /* fork */
        pid = fork();
        if (pid == 0) {
            calls(CHILD_CALLS);
            _exit(0);
        }
        break;
    case 1: /* vfork + exec */
        pid = vfork();
        if (pid == 0)
            exec_self("--child", n, NULL);
        break;
    case 2: /* raw clone, as a runtime without glibc's fork would */
        pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
        if (pid == 0) {
            calls(CHILD_CALLS);
            _exit(0);
        }
        break;
    case 3: { /* posix_spawn: clone(CLONE_VM|CLONE_VFORK) + exec */
        char *argv[] = { "stress", "--child", n, NULL };
        int rc = posix_spawn(&pid, self, NULL, NULL, argv, environ);

        if (rc != 0) {
            errno = rc;
            die("stress: posix_spawn");
        }
        break;
    }
    case 4: /* exec chain: fork, then exec itself three times in all */
        pid = fork();
        if (pid == 0)
            exec_self("--chain", "2", n);
        break;
    default: /* a daemon: double fork, new session; the pipe tells when it is done */
        pid = fork();
        if (pid == 0) {
            pid_t grandchild = fork();

            if (grandchild < 0)
                _exit(1);
            if (grandchild == 0) {
                setsid();
                calls(CHILD_CALLS);
            }
            _exit(0);
        }
        break;
    }
    if (pid < 0)
        die("stress: starting a child");
    return pid;
}

int main(int argc, char **argv)
{
    long total = 1000000, threads = 16, children = 50, per_thread[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int done[2], futex_word = 0;
    ssize_t len;
    char byte;
    void *page;

    len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len < 0)
        die("stress: readlink /proc/self/exe");
    self[len] = '\0';

    if (argc == 3 && strcmp(argv[1], "--child") == 0) {
        calls(number(argv[2], 0, LONG_MAX, "N"));
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "--chain") == 0) {
        long depth = number(argv[2], 0, 10, "DEPTH");
        char next[24];

        if (depth == 0)
            exec_self("--child", argv[3], NULL);
        snprintf(next, sizeof next, "%ld", depth - 1);
        exec_self("--chain", next, argv[3]);
    }
    if (argc > 4) {
        fprintf(stderr, "usage: stress [CALLS [THREADS [CHILDREN]]]\n");
        return 2;
    }
    if (argc > 2)
        threads = number(argv[2], 1, MAX_THREADS, "THREADS");
    if (argc > 3)
        children = number(argv[3], 0, 10000, "CHILDREN");
    if (argc > 1)
        total = number(argv[1], children * CHILD_CALLS, LONG_MAX / 2, "CALLS");

    /* The calls glibc makes or not depending on timing, made once for sure. */
    syscall(SYS_futex, &futex_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    sched_yield();
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED)
        die("stress: mmap");
    madvise(page, 4096, MADV_DONTNEED);
    munmap(page, 4096);

    if (pipe2(done, O_CLOEXEC) != 0)
        die("stress: pipe2");
    for (long t = 0; t < threads; t++) {
        per_thread[t] = (total - children * CHILD_CALLS) / threads
                        + (t == 0 ? (total - children * CHILD_CALLS) % threads : 0);
        if (pthread_create(&tid[t], NULL, thread_main, &per_thread[t]) != 0)
            die("stress: pthread_create");
    }
    for (long i = 0; i < children; i++)
        wait_for(start_child((int)i));
    for (long t = 0; t < threads; t++)
        pthread_join(tid[t], NULL);
    /* Every daemon holds the write end until it exits: EOF means all are done. */
    close(done[1]);
    while (read(done[0], &byte, 1) > 0)
        ;
    printf("stress: %ld getppid calls from %ld threads and %ld children: ok\n", total, threads, children);
    return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
