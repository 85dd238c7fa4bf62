/* spawn: posix_spawn(3) of /bin/sh -c 'echo spawned', then waitpid.
 * glibc implements posix_spawn with clone(CLONE_VM|CLONE_VFORK), so no
 * fork handlers run in the child - useful for syscall attribution. */
#define _GNU_SOURCE
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(void)
{
    char *const argv[] = { "sh", "-c", "echo spawned", NULL };
    pid_t pid, w;
    int status, rc;

    if (fflush(stdout) == EOF) {
        perror("spawn: fflush");
        return EXIT_FAILURE;
    }
    rc = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ);
    if (rc != 0) {
        fprintf(stderr, "spawn: posix_spawn /bin/sh: %s\n", strerror(rc));
        return EXIT_FAILURE;
    }
    do {
        w = waitpid(pid, &status, 0);
    } while (w < 0 && errno == EINTR);
    if (w < 0) {
        perror("spawn: waitpid");
        return EXIT_FAILURE;
    }
    if (WIFEXITED(status)) {
        if (printf("spawned child exited with status %d\n",
                   WEXITSTATUS(status)) < 0 || fflush(stdout) == EOF) {
            perror("spawn: write");
            return EXIT_FAILURE;
        }
        return WEXITSTATUS(status) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
    }
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "spawn: child killed by signal %d\n",
                WTERMSIG(status));
        return EXIT_FAILURE;
    }
    fprintf(stderr, "spawn: unexpected wait status 0x%x\n", status);
    return EXIT_FAILURE;
}
