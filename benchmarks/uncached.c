/* uncached: runs CMD under a seccomp filter of the size of a typical allowlist (a linear chain of
 * 200 syscall-number comparisons, as a naive allowlist compiles to) that allows everything but
 * also reads the first syscall argument. The kernel (>= 5.11) caches "allow" for filters whose decision depends only on the
 * syscall number and architecture and then skips them; this one it must run on every call. The
 * benchmark compares it with syscage's filters, which stay cacheable, to show what the cache saves.
 * Usage: uncached CMD [ARGS...] */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    enum { CHAIN = 200 };
    struct sock_filter code[CHAIN + 3];
    int n = 0;
    code[n++] = (struct sock_filter) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    for (int i = 0; i < CHAIN; i++) /* numbers no syscall has: every call walks the whole chain */
        code[n++] = (struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 100000 + i, CHAIN - i, 0);
    code[n++] = (struct sock_filter) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]));
    code[n++] = (struct sock_filter) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog prog = { .len = n, .filter = code };
    if (argc < 2) {
        fprintf(stderr, "usage: uncached CMD [ARGS...]\n");
        return 2;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
        perror("uncached: seccomp");
        return 125;
    }
    execvp(argv[1], argv + 1);
    perror("uncached: execvp");
    return 127;
}
