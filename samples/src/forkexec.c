/* forkexec: fork(2); the child execs the sibling "helloworld" binary
 * (found next to /proc/self/exe); the parent waits and only then prints
 * the child's status, so output order is deterministic. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    char self[PATH_MAX];
    char target[PATH_MAX + 16];
    ssize_t len;
    char *slash;
    pid_t pid, w;
    int status;

    len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len < 0) {
        perror("forkexec: readlink /proc/self/exe");
        return EXIT_FAILURE;
    }
    self[len] = '\0';
    slash = strrchr(self, '/');
    if (slash == NULL) {
        fprintf(stderr, "forkexec: unexpected executable path '%s'\n", self);
        return EXIT_FAILURE;
    }
    *slash = '\0';
    if (snprintf(target, sizeof target, "%s/helloworld", self)
        >= (int)sizeof target) {
        fprintf(stderr, "forkexec: path too long\n");
        return EXIT_FAILURE;
    }
    if (access(target, X_OK) != 0) {
        fprintf(stderr, "forkexec: %s: %s\n", target, strerror(errno));
        return EXIT_FAILURE;
    }
    if (fflush(stdout) == EOF) {
        perror("forkexec: fflush");
        return EXIT_FAILURE;
    }

    pid = fork();
    if (pid < 0) {
        perror("forkexec: fork");
        return EXIT_FAILURE;
    }
    if (pid == 0) {
        char *const argv[] = { "helloworld", NULL };
        execv(target, argv);
        fprintf(stderr, "forkexec: execv %s: %s\n", target, strerror(errno));
        _exit(127);
    }

    do {
        w = waitpid(pid, &status, 0);
    } while (w < 0 && errno == EINTR);
    if (w < 0) {
        perror("forkexec: waitpid");
        return EXIT_FAILURE;
    }
    if (WIFEXITED(status)) {
        if (printf("child exited %d\n", WEXITSTATUS(status)) < 0
            || fflush(stdout) == EOF) {
            perror("forkexec: write");
            return EXIT_FAILURE;
        }
        return WEXITSTATUS(status) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
    }
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "forkexec: child killed by signal %d\n",
                WTERMSIG(status));
        return EXIT_FAILURE;
    }
    fprintf(stderr, "forkexec: unexpected wait status 0x%x\n", status);
    return EXIT_FAILURE;
}
