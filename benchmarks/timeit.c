/* timeit FILE CMD [ARGS...]: runs CMD and writes its wall time in seconds, to the microsecond, to FILE.
 * The benchmark wraps the target in it inside the profiler, so the target's own time comes apart from
 * the profiler's start-up (GNU time's %e has 10 ms steps: too coarse for programs of 20 ms). It makes
 * only fork, exec and wait4 calls around the target, all of them in any profile of a program that starts
 * another. Exits with CMD's status (128+N when a signal N ended it). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct timespec a, b;
    int status;
    pid_t pid;
    FILE *out;

    if (argc < 3) {
        fprintf(stderr, "usage: timeit FILE CMD [ARGS...]\n");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid = fork();
    if (pid < 0) {
        perror("timeit: fork");
        return 125;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror("timeit: exec");
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0) {
        perror("timeit: wait");
        return 125;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    out = fopen(argv[1], "w");
    if (out == NULL) {
        perror("timeit: output file");
        return 125;
    }
    fprintf(out, "%.6f\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
    fclose(out);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
