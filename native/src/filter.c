#include "filter.h"

#include "fail.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Why not seccomp_load()?  It frees the generated program after the
 * seccomp(2) call, and free() may return memory to the kernel (munmap,
 * brk), which would be a system call after installation that the policy
 * never learned.  So the program is exported into this static buffer, all
 * libseccomp state is released, and the filter is installed by hand with
 * the flags seccomp_load() would use for the attributes NNP, TSYNC and
 * CTL_LOG. */
static struct sock_filter program[BPF_MAXINSNS + 1];

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

/* Build the merged filter and export it as BPF into program[].
 * Returns the number of instructions. */
static unsigned short build(const struct filter_plan *plan)
{
    uint32_t native = seccomp_arch_native();
    uint32_t abis[MAX_ABIS];
    unsigned nabis = 0;
    scmp_filter_ctx ctx;
    size_t got = 0;
    int fd, rc;

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

    fd = memfd_create("syscage-bpf", MFD_CLOEXEC);
    if (fd < 0)
        fail("cannot create a memory file for the filter: %s; the kernel must allow memfd_create",
             strerror(errno));
    rc = seccomp_export_bpf(ctx, fd);
    seccomp_release(ctx);
    if (rc != 0)
        fail("libseccomp cannot generate the filter: %s; report a bug", strerror(-rc));
    if (lseek(fd, 0, SEEK_SET) != 0)
        fail("cannot rewind the filter's memory file: %s; report a bug", strerror(errno));
    while (got < sizeof program) {
        ssize_t n = read(fd, (char *)program + got, sizeof program - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail("cannot read back the filter: %s; report a bug", strerror(errno));
        if (n == 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (got > BPF_MAXINSNS * sizeof program[0])
        fail("the filter has more than %d instructions, the kernel's limit; allow fewer system calls",
             BPF_MAXINSNS);
    if (got == 0 || got % sizeof program[0] != 0)
        fail("libseccomp generated a malformed filter (%zu bytes); report a bug", got);
    return (unsigned short)(got / sizeof program[0]);
}

void filter_install(const struct filter_plan *plan)
{
    static struct sock_fprog prog;
    long rc;

    prog.len = build(plan);
    prog.filter = program;

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        fail("cannot set no_new_privs: %s; the kernel refused prctl(PR_SET_NO_NEW_PRIVS)",
             strerror(errno));
    rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                 SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG, &prog);
    if (rc > 0)
        fail("cannot install the filter: thread %ld has a different seccomp filter; start the program without it",
             rc);
    if (rc != 0)
        fail("the kernel refused the seccomp filter: %s; it needs Linux >= 4.14 with seccomp filters enabled",
             strerror(errno));
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
