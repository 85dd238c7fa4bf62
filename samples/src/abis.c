/* abis: one getpid through each ABI an x86_64 kernel accepts, and one system call that
 * libseccomp 2.5.4 has no name for (462, mseal, Linux 6.10).  A profile must keep all four
 * apart: getpid, x86:getpid (int 0x80), x32:getpid, and 462 by number.  Prints whether each
 * call returned the same as the native one, so the output is the same run after run.
 * With the argument --no-i386 it makes no int 0x80 call: a kernel without IA32 emulation
 * answers that with a fault (SIGSEGV) before seccomp sees it. */
#define _GNU_SOURCE /* strerrorname_np */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define X32_BIT 0x40000000L

static long raw(long nr)
{
    long ret;

    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
    return ret;
}

static long int80(long nr)
{
    long ret;

    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory");
    return ret;
}

static const char *outcome(long got, long want)
{
    if (got == want)
        return "same as native";
    if (got < 0)
        return strerrorname_np((int)-got);
    return "different";
}

int main(int argc, char **argv)
{
    int no_i386 = argc > 1 && strcmp(argv[1], "--no-i386") == 0;
    long native = raw(39);                 /* x86_64 getpid */
    long i386 = no_i386 ? native : int80(20); /* i386 getpid */
    long x32 = raw(X32_BIT | 39);          /* x32 getpid; ENOSYS on kernels without x32 */
    long mseal = raw(462);                 /* mseal(0, 0, 0): no name in libseccomp 2.5.4 */

    if (printf("i386 getpid: %s\nx32 getpid: %s\nsyscall 462: %s\n",
               no_i386 ? "not called" : outcome(i386, native),
               outcome(x32, native), mseal == 0 ? "ok" : strerrorname_np((int)-mseal)) < 0)
        return 1;
    return fflush(stdout) == 0 ? 0 : 1;
}
