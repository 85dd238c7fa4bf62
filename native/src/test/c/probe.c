/* A target for the native tests: each argument names one system call to
 * make; its result is printed as "NAME=RESULT" (RESULT is the raw kernel
 * return value, -errno on failure).  It then exits with exit_group(0).
 *
 * Its main phase is therefore exactly: the listed calls, write, exit_group.
 *
 *   getppid       native getppid
 *   i386-getpid   getpid through int 0x80 (i386 ABI, eax = 20)
 *   x32-getpid    getpid through the x32 ABI (0x40000000 | 39)
 *   sys:N         native system call number N (decimal or 0x hex), no arguments
 *   int80:N       i386 system call number N through int 0x80
 *   print:TEXT    just print TEXT
 *   env:NAME      print NAME=VALUE from the environment (or NAME unset)
 *   filters       print "filters=N", N from Seccomp_filters in /proc/self/status
 *   exec:PATH     execve PATH with the remaining arguments (and this environment)
 *   setenv:N=V    replace the variable N in this environment by N=V (no allocation)
 *   exit:N        exit_group(N) at once
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long raw_syscall3(long nr, long a, long b, long c)
{
    long ret;

    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c)
                     : "rcx", "r11", "memory");
    return ret;
}

static long raw_syscall0(long nr)
{
    return raw_syscall3(nr, 0, 0, 0);
}

static long int80(long nr)
{
    long ret;

    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory");
    return ret;
}

static void out(const char *s)
{
    size_t len = strlen(s);

    /* raw write: no stdio, so no other system calls */
    raw_syscall3(SYS_write, 1, (long)s, (long)len);
}

static void out_num(long v)
{
    char buf[24];
    int i = sizeof buf - 1;
    int neg = v < 0;
    unsigned long u = neg ? -(unsigned long)v : (unsigned long)v;

    buf[i] = '\0';
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg)
        buf[--i] = '-';
    out(buf + i);
}

/* Seccomp_filters from /proc/self/status, or -1. */
static long seccomp_filters(void)
{
    static char buf[8192];
    const char *key = "Seccomp_filters:";
    long fd = raw_syscall3(SYS_openat, AT_FDCWD, (long)"/proc/self/status", O_RDONLY), len;
    char *at;

    if (fd < 0)
        return -1;
    len = raw_syscall3(SYS_read, fd, (long)buf, sizeof buf - 1);
    raw_syscall3(SYS_close, fd, 0, 0);
    if (len <= 0)
        return -1;
    buf[len] = '\0';
    at = strstr(buf, key);
    return at ? strtol(at + strlen(key), NULL, 10) : -1;
}

int main(int argc, char **argv, char **envp)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        long r;

        if (!strncmp(a, "env:", 4)) {
            const char *name = a + 4, *value = NULL;
            size_t len = strlen(name);

            for (char **e = envp; *e; e++)
                if (!strncmp(*e, name, len) && (*e)[len] == '=')
                    value = *e + len + 1;
            out(name);
            out(value ? "=" : " unset");
            out(value ? value : "");
            out("\n");
            continue;
        }
        if (!strncmp(a, "exec:", 5)) {
            argv[i] = (char *)a + 5;
            raw_syscall3(SYS_execve, (long)argv[i], (long)(argv + i), (long)envp);
            out("exec failed\n");
            raw_syscall3(SYS_exit_group, 3, 0, 0);
        }
        if (!strncmp(a, "setenv:", 7)) {
            const char *eq = strchr(a + 7, '=');
            size_t len = eq ? (size_t)(eq - a - 7) + 1 : 0;

            for (char **e = envp; len && *e; e++)
                if (!strncmp(*e, a + 7, len))
                    *e = (char *)a + 7;
            continue;
        }
        if (!strncmp(a, "exit:", 5))
            raw_syscall3(SYS_exit_group, strtol(a + 5, NULL, 10), 0, 0);
        if (!strncmp(a, "print:", 6)) {
            out(a + 6);
            out("\n");
            continue;
        }
        if (!strcmp(a, "getppid"))
            r = raw_syscall0(SYS_getppid);
        else if (!strcmp(a, "filters"))
            r = seccomp_filters();
        else if (!strcmp(a, "i386-getpid"))
            r = int80(20);
        else if (!strcmp(a, "x32-getpid"))
            r = raw_syscall0(0x40000000L | SYS_getpid);
        else if (!strncmp(a, "sys:", 4))
            r = raw_syscall0(strtol(a + 4, NULL, 0));
        else if (!strncmp(a, "int80:", 6))
            r = int80(strtol(a + 6, NULL, 0));
        else {
            out("unknown probe ");
            out(a);
            out("\n");
            raw_syscall3(SYS_exit_group, 2, 0, 0);
            continue;
        }
        out(a);
        out("=");
        out_num(r);
        out("\n");
    }
    for (;;)
        raw_syscall3(SYS_exit_group, 0, 0, 0);
}
