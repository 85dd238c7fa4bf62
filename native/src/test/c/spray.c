/* An unprivileged attacker for the tests of issue 14: it knows a profiling
 * run's TOKEN and tries to change that run's profile from outside it.
 *
 *   spray TOKEN MILLIS [PROGRAM]
 *
 * Under a SECCOMP_RET_LOG filter of its own (no privilege needed), for MILLIS
 * milliseconds, rounds of: a child that starts an audit session of its own
 * (writing /proc/self/loginuid, allowed while it is unset), then makes every
 * syscage marker with TOKEN and with guessed tokens, CROSS then MAIN as the
 * preload does, a sweep of END and KEY values, and system calls that the
 * victim never makes (unshare, setns, kexec_load, ptrace, process_vm_writev,
 * mount), about 40 rounds a second; then the child executes PROGRAM (the
 * victim's own, say), stdout to /dev/null, under the same filter.  Prints
 * the number of rounds. */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void marker(long kind, long payload)
{
    syscall(0x10000000L + kind * 0x01000000L + (payload & 0xFFFFFF));
}

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void round_of(long token, long sweep)
{
    int fd = open("/proc/self/loginuid", O_WRONLY);

    if (fd >= 0) {
        (void)!write(fd, "65534", 5);
        close(fd);
    }
    for (long kind = 0; kind <= 5; kind++) {
        marker(kind, token);
        for (long guess = 1; guess <= 16; guess++)
            marker(kind, token ^ guess);
    }
    marker(4, token);           /* CROSS, */
    marker(1, token);           /* then MAIN, as the preload sends them */
    for (long v = sweep; v < sweep + 64; v++) {
        marker(2, v);           /* END */
        marker(5, v);           /* KEY */
    }
    marker(2, token);
    syscall(SYS_unshare, 0L);
    syscall(SYS_setns, -1L, 0L);
    syscall(SYS_kexec_load, 0L, 0L, 0L, 0L);
    syscall(SYS_ptrace, -1L, -1L, 0L, 0L);
    syscall(SYS_process_vm_writev, -1L, 0L, 0L, 0L, 0L, 0L);
    syscall(SYS_mount, 0L, 0L, 0L, 0L, 0L);
}

int main(int argc, char **argv)
{
    struct sock_filter log_all[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_LOG) };
    struct sock_fprog prog = { .len = 1, .filter = log_all };
    long token, until, rounds = 0;

    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: spray TOKEN MILLIS [PROGRAM]\n");
        return 2;
    }
    token = atol(argv[1]);
    until = now_ms() + atol(argv[2]);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
        || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
        perror("spray: seccomp");
        return 1;
    }
    while (now_ms() < until) {
        pid_t child = fork();

        if (child == 0) {
            round_of(token, (rounds * 128) & 0xFFFFFF);
            if (argc == 4) {
                int null = open("/dev/null", O_WRONLY);

                if (null >= 0)
                    dup2(null, STDOUT_FILENO);
                execv(argv[3], argv + 3);
            }
            _exit(0);
        }
        if (child < 0 || waitpid(child, NULL, 0) != child)
            return 1;
        round_of(token, (rounds * 128 + 64) & 0xFFFFFF);
        rounds++;
        /* gently: a flood would make the victim lose records, which is
         * another attack (loss is reported), and disturb other runs */
        usleep(20000);
    }
    printf("%ld\n", rounds);
    return 0;
}
