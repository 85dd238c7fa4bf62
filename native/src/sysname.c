#include "sysname.h"

#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct abi_name {
    uint32_t token;
    const char *name;
    uint32_t native;    /* the native ABI this one is secondary to, or 0 */
};

/* The ABIs syscage knows by name, and which native ABI admits them. */
static const struct abi_name abis[] = {
    { SCMP_ARCH_X86_64, "x86_64", 0 },
    { SCMP_ARCH_X86, "x86", SCMP_ARCH_X86_64 },
    { SCMP_ARCH_X32, "x32", SCMP_ARCH_X86_64 },
    { SCMP_ARCH_AARCH64, "aarch64", 0 },
    { SCMP_ARCH_ARM, "arm", SCMP_ARCH_AARCH64 },
};

static uint32_t native_override;

uint32_t sysname_native(void)
{
    return native_override != 0 ? native_override : seccomp_arch_native();
}

void sysname_set_native(uint32_t abi)
{
    native_override = abi;
}

static const char *abi_name(uint32_t token)
{
    for (size_t i = 0; i < sizeof abis / sizeof abis[0]; i++)
        if (abis[i].token == token)
            return abis[i].name;
    return "this machine's ABI";
}

const char *sysname_native_abi(void)
{
    return abi_name(sysname_native());
}

static int valid_name(const char *name)
{
    size_t len = strlen(name);

    if (len == 0 || len > 64)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

static int all_digits(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* The number a rule is given for N, a number of the native ABI: libseccomp
 * takes rule numbers in the build host's native ABI and translates them by
 * name to each ABI of the filter.  So under sysname_set_native (another native
 * ABI than the host's: the golden-file program only) N is given as the host's
 * number, or libseccomp's pseudo number, of the same name. */
static int rule_number(int n)
{
    char *name;
    int host;

    if (sysname_native() == seccomp_arch_native())
        return n;
    name = seccomp_syscall_resolve_num_arch(sysname_native(), n);
    if (name == NULL)
        return n;
    host = seccomp_syscall_resolve_name(name);
    free(name);
    return host == __NR_SCMP_ERROR ? n : host;
}

int sysname_resolve_native_name(const char *name, int *nr,
                                char *why, size_t why_size)
{
    int n;

    if (!valid_name(name) || all_digits(name)) {
        snprintf(why, why_size,
                 "\"%s\" is not a system call name; use a libseccomp name such as openat",
                 name);
        return -1;
    }
    n = seccomp_syscall_resolve_name_arch(sysname_native(), name);
    if (n < 0) {
        if (seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR)
            snprintf(why, why_size,
                     "unknown system call \"%s\"; use a libseccomp name (see scmp_sys_resolver)",
                     name);
        else
            snprintf(why, why_size,
                     "%s has no system call \"%s\"; remove it or name the ABI that has it (x86:%s)",
                     sysname_native_abi(), name, name);
        return -1;
    }
    *nr = rule_number(n);
    return 0;
}

/* Does libseccomp accept an allow rule for NR (a native or pseudo number,
 * translated by name) on the single ABI ABI?  Tried on a scratch context, so
 * that a bad entry is reported with its line whichever phase it is in. */
static int abi_accepts(uint32_t abi, int nr)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    int rc = -1;

    if (ctx == NULL)
        return -1;
    if (seccomp_arch_add(ctx, abi) == 0 &&
        seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE) == 0 &&
        seccomp_rule_add_exact(ctx, SCMP_ACT_ALLOW, nr, 0) == 0)
        rc = 0;
    seccomp_release(ctx);
    return rc;
}

static int resolve_foreign(const char *abi_text, const char *name, uint32_t *abi,
                           int *nr, char *why, size_t why_size)
{
    uint32_t native = sysname_native();
    const struct abi_name *found = NULL;
    int n;

    for (size_t i = 0; i < sizeof abis / sizeof abis[0]; i++)
        if (!strcmp(abis[i].name, abi_text))
            found = &abis[i];
    if (found == NULL || found->token == native) {
        if (found != NULL)
            snprintf(why, why_size,
                     "\"%s:%s\" names the native ABI; write just \"%s\"",
                     abi_text, name, name);
        else
            snprintf(why, why_size,
                     "unknown ABI \"%s\"; use x86 or x32 (on x86_64), arm (on aarch64), or no prefix for the native ABI",
                     abi_text);
        return -1;
    }
    if (found->native != native) {
        snprintf(why, why_size,
                 "ABI %s is not an ABI of this %s machine; remove the line",
                 abi_text, sysname_native_abi());
        return -1;
    }
    if (all_digits(name)) {
        snprintf(why, why_size,
                 "\"%s:%s\": numbers are only accepted for the native ABI; give %s's name for the call",
                 abi_text, name, abi_text);
        return -1;
    }
    if (!valid_name(name)) {
        snprintf(why, why_size,
                 "\"%s\" is not a system call name; use a libseccomp name such as %s:getpid",
                 name, abi_text);
        return -1;
    }
    /* libseccomp adds rules by native (or pseudo) number and translates
     * them by name to each ABI; so the native number of the name is what
     * a rule for this ABI is given. */
    n = seccomp_syscall_resolve_name(name);
    if (n == __NR_SCMP_ERROR) {
        snprintf(why, why_size,
                 "unknown system call \"%s\"; use a libseccomp name (see scmp_sys_resolver -a %s)",
                 name, abi_text);
        return -1;
    }
    if (abi_accepts(found->token, n) != 0) {
        snprintf(why, why_size,
                 "ABI %s has no system call \"%s\"; remove it or check scmp_sys_resolver -a %s %s",
                 abi_text, name, abi_text, name);
        return -1;
    }
    *abi = found->token;
    *nr = n;
    return 0;
}

int sysname_resolve(const char *spec, uint32_t *abi, int *nr,
                    char *why, size_t why_size)
{
    const char *colon = strchr(spec, ':');

    if (colon != NULL) {
        char abi_text[16];
        size_t len = (size_t)(colon - spec);

        if (len == 0 || len >= sizeof abi_text) {
            snprintf(why, why_size,
                     "\"%s\" is not ABI:NAME; write e.g. x86:getpid", spec);
            return -1;
        }
        memcpy(abi_text, spec, len);
        abi_text[len] = '\0';
        return resolve_foreign(abi_text, colon + 1, abi, nr, why, why_size);
    }
    if (all_digits(spec)) {
        unsigned long n = 0;

        for (const char *p = spec; *p; p++) {
            n = n * 10 + (unsigned long)(*p - '0');
            if (n > SYSNAME_MAX_NUMBER)
                break;
        }
        if (n > SYSNAME_MAX_NUMBER) {
            snprintf(why, why_size,
                     "system call number %s is out of range; numbers go from 0 to %d (higher ones are x32 calls: write x32:NAME)",
                     spec, SYSNAME_MAX_NUMBER);
            return -1;
        }
        *abi = sysname_native();
        *nr = rule_number((int)n);
        return 0;
    }
    if (sysname_resolve_native_name(spec, nr, why, why_size) != 0)
        return -1;
    *abi = sysname_native();
    return 0;
}
