/* escape: tries to step out of its sandbox the two ways a program can.
 *   escape own-filter       installs its own seccomp filter that allows everything, then
 *                           calls getppid: filters stack, so the strictest one still decides.
 *   escape clean-exec PROG  removes LD_PRELOAD and every SYSCAGE_ and SECCOMP_ variable and
 *                           execs PROG: the filters are inherited across execve all the same. */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

static int own_filter(void)
{
    struct sock_filter allow_all = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog prog = {.len = 1, .filter = &allow_all};

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
        perror("escape: own filter");
        return 1;
    }
    printf("own filter installed; getppid %s\n", getppid() > 0 ? "ok" : "failed");
    return 0;
}

static int clean_exec(char **argv)
{
    /* Collect the names first: unsetenv changes environ while we walk it. */
    char *names[256];
    int n = 0;

    for (char **e = environ; *e && n < 256; e++) {
        if (!strncmp(*e, "LD_PRELOAD=", 11) || !strncmp(*e, "SYSCAGE_", 8) || !strncmp(*e, "SECCOMP_", 8))
            names[n++] = strndup(*e, (size_t)(strchr(*e, '=') - *e));
    }
    for (int i = 0; i < n; i++)
        unsetenv(names[i]);
    printf("removed %d variables\n", n);
    fflush(stdout);
    execv(argv[0], argv);
    perror("escape: exec");
    return 1;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "own-filter"))
        return own_filter();
    if (argc >= 3 && !strcmp(argv[1], "clean-exec"))
        return clean_exec(argv + 2);
    fprintf(stderr, "usage: escape own-filter | escape clean-exec PROG [ARGS]\n");
    return 2;
}
