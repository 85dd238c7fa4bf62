/* libsyscage.so: its constructor installs the main-phase filter
 * (README "libsyscage.so"). */
#include "audit_session.h"
#include "config.h"
#include "filter.h"
#include "marker.h"
#include "ruleset.h"
#include "stamp.h"

#include <unistd.h>

/* Static: the library allocates nothing of its own, and nothing at all
 * once the filter is installed. */
static struct ruleset rules;
static struct config cfg;

/* Priority 101, the first one available to programs: run before the
 * library's other constructors (it has none) and before any constructor
 * of the same priority class in libraries initialized after it. */
__attribute__((constructor(101)))
static void syscage_preload(void)
{
    uint64_t tag;
    int fd;

    config_from_env(&cfg, &rules);
    if (!cfg.profiling) {
        /* A program executed by a confined process inherits its filters: if
         * they include this very one, installing it again changes nothing. */
        tag = stamp_tag(&cfg.plan);
        if (stamp_inherited(tag))
            return;
        filter_install(&cfg.plan);
        /* enforcing: no system call after the filter but the stamp's install */
        if (stamp_fits(&cfg.plan))
            stamp_install(tag);
        return;
    }
    filter_install(&cfg.plan);

    /* Profiling, in the contract's order: new audit session (failure is
     * allowed, syscage then attributes by pid), MAIN marker, close. */
    fd = audit_session_try_start(cfg.auid);
    marker_call(MARKER_MAIN, cfg.token);
    if (fd >= 0)
        close(fd);
}
