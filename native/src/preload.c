/* libsyscage.so: its constructor installs the main-phase filter
 * (README "libsyscage.so"). */
#include "audit_session.h"
#include "config.h"
#include "filter.h"
#include "loaded.h"
#include "marker.h"
#include "ruleset.h"
#include "stamp.h"

#include <unistd.h>

/* Static: the library allocates nothing of its own; after the filter is
 * installed only the stamp's libseccomp context, from the static arena. */
static struct ruleset rules;
static struct config cfg;

/* No priority: a priority orders constructors within one object only, and
 * this library has one. Across objects the loader decides (dependencies
 * first), so other libraries' constructors may run before it: that is why
 * the init phase includes them (native/README.md, "Phases"). */
__attribute__((constructor))
static void syscage_preload(void)
{
    int probe, fd, renewed;
    uint64_t tag = 0;

    config_from_env(&cfg, &rules);
    loaded_report();
    /* A program executed by a confined process inherits its filters: if they
     * include this very one (when profiling: of this run, and the process is in
     * a main-phase session already), installing it again changes nothing.  Only
     * a plan that lets seccomp through can carry a stamp: otherwise there is
     * nothing to probe for (a first profile, which logs every call, never does). */
    probe = stamp_fits(&cfg.plan);
    if (probe) {
        tag = stamp_tag(&cfg.plan, cfg.profiling ? cfg.token : STAMP_ENFORCING);
        if (stamp_inherited(tag))
            return;
    }
    /* Profiling, in the contract's order: CROSS marker from the session the
     * process has (one of the run's), the filter, new audit session (failure is
     * allowed, syscage then attributes by pid), MAIN marker from the new one,
     * close.  syscage takes a MAIN only after a CROSS of the same pid from a
     * session of the run, so no process outside the run can add its session;
     * and the calls between the two markers are this library's, not the
     * program's (installing the filter, writing the login uid). */
    if (cfg.profiling)
        marker_call(MARKER_CROSS, cfg.token);
    filter_install(&cfg.plan);
    if (cfg.profiling) {
        fd = audit_session_try_start(cfg.auid, &renewed);
        marker_call(MARKER_MAIN, cfg.token);
        if (fd >= 0)
            close(fd);
        /* The programs this process executes skip their own marker only if
         * they inherit a main-phase session. */
        if (!renewed)
            return;
    }
    /* When enforcing, the stamp's install is the only system call after the filter. */
    if (probe)
        stamp_install(tag);
}
