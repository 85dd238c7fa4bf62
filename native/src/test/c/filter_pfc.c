/* Writes the filter a plan of the launcher or the library would install, as
 * libseccomp's pseudo code (seccomp_export_pfc), for any architecture syscage
 * knows, so the tests can keep golden files of x86_64 and aarch64 filters on
 * any machine (FilterGoldenTest).  Nothing is installed.
 *
 *   filter-pfc ARCH launcher POLICY ACTION   the launcher's init ∪ main filter
 *   filter-pfc ARCH profiling POLICY         the launcher's profiling filter
 *   filter-pfc ARCH preload                  the library's main-phase filter, configured
 *                                            from the environment as its constructor is */
#include "action.h"
#include "config.h"
#include "fail.h"
#include "filter.h"
#include "policy.h"
#include "sysname.h"

#include <seccomp.h>
#include <string.h>
#include <unistd.h>

static struct ruleset rules;

int main(int argc, char **argv)
{
    uint32_t arch;

    if (argc < 3)
        fail("usage: filter-pfc ARCH launcher POLICY ACTION | ARCH profiling POLICY | ARCH preload");
    arch = seccomp_arch_resolve_name(argv[1]);
    if (arch == 0)
        fail("unknown architecture \"%s\"", argv[1]);
    sysname_set_native(arch);
    if (!strcmp(argv[2], "launcher") && argc == 5) {
        struct action action;
        struct filter_plan plan;

        if (action_parse(argv[4], &action) != 0)
            fail("%s is not an action", argv[4]);
        policy_load(argv[3], &rules);
        plan = filter_plan_launcher(&rules, action.scmp);
        filter_export_pfc(&plan, STDOUT_FILENO);
    } else if (!strcmp(argv[2], "profiling") && argc == 4) {
        struct filter_plan plan;

        policy_load(argv[3], &rules);
        plan = filter_plan_launcher(&rules, SCMP_ACT_LOG);
        filter_export_pfc(&plan, STDOUT_FILENO);
    } else if (!strcmp(argv[2], "preload") && argc == 3) {
        static struct config cfg;

        config_from_env(&cfg, &rules);
        filter_export_pfc(&cfg.plan, STDOUT_FILENO);
    } else {
        fail("usage: filter-pfc ARCH launcher POLICY ACTION | ARCH profiling POLICY | ARCH preload");
    }
    return 0;
}
