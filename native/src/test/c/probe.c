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
 *   exit:N        exit_group(N) at once
 */
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
        if (!strncmp(a, "exit:", 5))
            raw_syscall3(SYS_exit_group, strtol(a + 5, NULL, 10), 0, 0);
        if (!strncmp(a, "print:", 6)) {
            out(a + 6);
            out("\n");
            continue;
        }
        if (!strcmp(a, "getppid"))
            r = raw_syscall0(SYS_getppid);
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
