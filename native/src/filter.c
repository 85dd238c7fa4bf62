#include "filter.h"

#include "fail.h"
#include "sysname.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <string.h>

/* seccomp_load() frees the generated program after installing it; that free() is
 * harmless because libseccomp allocates from syscage's static arena (arena.c), where
 * free() does nothing, so no system call follows the seccomp(2) that installs. */

#define MAX_ABIS 4

/* A context holding only ABI, with PLAN's actions. */
static scmp_filter_ctx abi_context(const struct filter_plan *plan, uint32_t abi)
{
    scmp_filter_ctx ctx = seccomp_init(plan->other);
    int rc;

    if (ctx == NULL)
        fail("libseccomp cannot create a filter (out of memory?); retry or report a bug");
    rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, plan->badarch);
    if (rc == 0 && abi != seccomp_arch_native()) {
        rc = seccomp_arch_add(ctx, abi);
        if (rc == 0)
            rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
    }
    if (rc != 0)
        fail("libseccomp refused to set up a filter: %s; report a bug", strerror(-rc));
    return ctx;
}

static void add_rules(const struct filter_plan *plan, uint32_t abi, scmp_filter_ctx ctx)
{
    for (unsigned i = 0; i < plan->set->count; i++) {
        const struct rule *r = &plan->set->rules[i];
        int rc;

        if (r->abi != abi || !(r->phases & plan->phases))
            continue;
        rc = seccomp_rule_add_exact(ctx, plan->listed, r->nr, 0);
        if (rc != 0)
            fail("libseccomp refused a rule for system call %d: %s; check the policy",
                 r->nr, strerror(-rc));
    }
}

/* The merged filter of every ABI the plan lists, with the install attributes set. */
static scmp_filter_ctx build(const struct filter_plan *plan)
{
    uint32_t native = sysname_native();
    uint32_t abis[MAX_ABIS];
    unsigned nabis = 0;
    scmp_filter_ctx ctx;
    int rc;

    /* The native ABI always has a section; another ABI only if the plan
     * lists a call of it, otherwise its calls get the bad-arch action. */
    abis[nabis++] = native;
    for (unsigned i = 0; plan->set && i < plan->set->count; i++) {
        const struct rule *r = &plan->set->rules[i];
        unsigned j;

        if (!(r->phases & plan->phases))
            continue;
        for (j = 0; j < nabis && abis[j] != r->abi; j++)
            ;
        if (j == nabis) {
            if (nabis == MAX_ABIS)
                fail("too many ABIs in the policy; report a bug");
            abis[nabis++] = r->abi;
        }
    }

    ctx = abi_context(plan, native);
    if (plan->set)
        add_rules(plan, native, ctx);
    for (unsigned j = 1; j < nabis; j++) {
        scmp_filter_ctx other = abi_context(plan, abis[j]);

        add_rules(plan, abis[j], other);
        /* seccomp_merge() consumes OTHER on success. */
        rc = seccomp_merge(ctx, other);
        if (rc != 0)
            fail("libseccomp cannot merge the filters of two ABIs: %s; report a bug",
                 strerror(-rc));
    }

    /* NNP is libseccomp's default; TSYNC covers threads started by earlier
     * constructors; LOG makes errno and trap refusals audited too; RAWRC keeps
     * the kernel's errno for the messages below. */
    rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
    if (rc == 0)
        rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
    if (rc == 0)
        rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_LOG, 1);
    if (rc == 0)
        rc = seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
    if (rc != 0)
        fail("libseccomp cannot set the filter attributes: %s; the kernel needs seccomp TSYNC and LOG (Linux >= 4.14)",
             strerror(-rc));
    return ctx;
}

void filter_install(const struct filter_plan *plan)
{
    int rc = seccomp_load(build(plan));

    /* The context is not released: that would only free arena memory, and the
     * process makes no call after this point that the policy did not learn. */
    if (rc == -ESRCH)
        fail("cannot install the filter: another thread has a different seccomp filter; start the program without it");
    if (rc == -EINVAL && seccomp_api_get() < 3)
        fail("the kernel refused the seccomp filter: it lacks TSYNC or LOG; syscage needs Linux >= 4.14");
    if (rc == -ENOMEM)
        fail("the filter does not fit the kernel's limits (4096 instructions); allow fewer system calls");
    if (rc != 0)
        fail("the kernel refused the seccomp filter: %s; it needs Linux >= 4.14 with seccomp filters enabled",
             strerror(-rc));
}

struct filter_plan filter_plan_launcher(const struct ruleset *set, uint32_t other)
{
    struct filter_plan plan = {
        .set = set,
        .phases = PHASE_INIT | PHASE_MAIN,
        .listed = SCMP_ACT_ALLOW,
        .other = other,
        .badarch = other,
    };

    return plan;
}

void filter_export_pfc(const struct filter_plan *plan, int fd)
{
    int rc = seccomp_export_pfc(build(plan), fd);

    if (rc != 0)
        fail("cannot write the filter's pseudo code: %s; give a writable output", strerror(-rc));
}

void filter_export_bpf(const struct filter_plan *plan, int fd)
{
    int rc = seccomp_export_bpf(build(plan), fd);

    if (rc != 0)
        fail("cannot write the BPF program: %s; give a writable output", strerror(-rc));
}

void filter_install_log_all(void)
{
    struct filter_plan plan = {
        .set = NULL,
        .phases = 0,
        .listed = SCMP_ACT_ALLOW,
        .other = SCMP_ACT_LOG,
        .badarch = SCMP_ACT_LOG,
    };

    filter_install(&plan);
}
