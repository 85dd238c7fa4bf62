#include "stamp.h"

#include "fail.h"
#include "sysname.h"

#include <errno.h>
#include <string.h>
#include <seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Bumped when the meaning of a plan changes, so a stamp of an older build is
 * not taken for one of this build's filters. */
#define STAMP_VERSION 1u

/* Each probe's answer is an errno from 256 to 4094: above every errno the
 * kernel returns by itself, so only a stamp can produce it, and below 4095,
 * the largest libseccomp takes (SCMP_ACT_ERRNO(4095) is refused with EINVAL,
 * which left one token in about a thousand without its stamp). */
#define STAMP_ERRNO_MIN 256u
#define STAMP_ERRNO_SPAN (4095u - STAMP_ERRNO_MIN)

static uint64_t fnv1a(uint64_t h, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        h ^= (v >> (8 * i)) & 0xFF;
        h *= 0x100000001B3ull;
    }
    return h;
}

uint64_t stamp_tag(const struct filter_plan *plan, uint32_t run)
{
    uint64_t h = 0xCBF29CE484222325ull;

    h = fnv1a(h, STAMP_VERSION);
    h = fnv1a(h, run);
    h = fnv1a(h, plan->listed);
    h = fnv1a(h, plan->other);
    h = fnv1a(h, plan->badarch);
    for (unsigned i = 0; plan->set && i < plan->set->count; i++) {
        const struct rule *r = &plan->set->rules[i];

        if (!(r->phases & plan->phases))
            continue;
        h = fnv1a(h, r->abi);
        h = fnv1a(h, (uint32_t)r->nr);
    }
    return h;
}

static int probe_errno(uint64_t tag, unsigned k)
{
    return (int)(STAMP_ERRNO_MIN + ((tag >> (16 * k)) & 0xFFFF) % STAMP_ERRNO_SPAN);
}

static int inherited_at(uint32_t op_base, uint64_t tag)
{
    int saved = errno, found = 1;

    for (unsigned k = 0; k < STAMP_PROBES && found; k++) {
        /* as longs: the stamp compares all 64 bits of the operation */
        long r = syscall(SYS_seccomp, (long)(op_base + k), 0L, 0L);

        found = r == -1 && errno == probe_errno(tag, k);
    }
    errno = saved;
    return found;
}

/* Allowed, not merely logged: under the action log (a dry run), a call the
 * policy lacks must stay visible, as it would be refused when enforcing. */
static int lets_through(uint32_t action)
{
    return action == SCMP_ACT_ALLOW;
}

int stamp_fits(const struct filter_plan *plan)
{
    uint32_t native = sysname_native();

    for (unsigned i = 0; plan->set && i < plan->set->count; i++) {
        const struct rule *r = &plan->set->rules[i];

        if (r->abi == native && r->nr == SYS_seccomp && (r->phases & plan->phases))
            return lets_through(plan->listed);
    }
    return lets_through(plan->other);
}

/* 0 when installed, else a negative errno. */
static int install_at(uint32_t op_base, uint64_t tag)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    int rc;

    if (ctx == NULL)
        return -ENOMEM;
    /* No NO_NEW_PRIVS call (the main filter set it), TSYNC so that every thread
     * carries the same filters (a later TSYNC by the program needs that), and no
     * LOG: the stamp's answers are not refusals and must not reach the audit log. */
    rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ALLOW);
    if (rc == 0)
        rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
    if (rc == 0)
        rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
    for (unsigned k = 0; rc == 0 && k < STAMP_PROBES; k++)
        rc = seccomp_rule_add_exact(ctx, SCMP_ACT_ERRNO(probe_errno(tag, k)), SCMP_SYS(seccomp), 1,
                                    SCMP_A0_32(SCMP_CMP_EQ, op_base + k));
    if (rc == 0)
        rc = seccomp_load(ctx);
    return rc;
}

int stamp_inherited(uint64_t tag)
{
    return inherited_at(STAMP_OP_BASE, tag);
}

void stamp_install(uint64_t tag)
{
    /* A stamp that does not take only costs the next program a filter of its own. */
    (void)install_at(STAMP_OP_BASE, tag);
}

/* No plan: the token and a constant of its own where a plan's actions would be. */
static uint64_t profiling_tag(uint32_t token)
{
    return fnv1a(fnv1a(fnv1a(0xCBF29CE484222325ull, STAMP_VERSION), token), 0x50524F46u);
}

int stamp_profiling_inherited(uint32_t token)
{
    return inherited_at(STAMP_PROFILING_OP_BASE, profiling_tag(token));
}

void stamp_profiling_install(uint32_t token)
{
    int rc = install_at(STAMP_PROFILING_OP_BASE, profiling_tag(token));

    /* Without it the preload would refuse SYSCAGE_PROFILE as inherited: say why here. */
    if (rc != 0)
        fail("cannot install the profiling stamp: %s; the kernel needs seccomp filters", strerror(-rc));
}
