#include "config.h"

#include "fail.h"
#include "marker.h"
#include "audit_session.h"
#include "policy.h"
#include "stamp.h"
#include "sysname.h"

#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

static void parse_action(const char *var, struct action *out)
{
    const char *text = getenv(var);

    if (text == NULL) {
        action_parse("kill", out);
        return;
    }
    if (action_parse(text, out) != 0)
        fail("%s=%s is not an action; use " ACTION_CHOICES, var, text);
}

static void from_policy(struct config *cfg, struct ruleset *set, const char *path)
{
    const char *profile = getenv("SYSCAGE_PROFILE");

    if (*path == '\0')
        fail("SYSCAGE_POLICY is empty; set it to a policy file or unset it");
    parse_action("SYSCAGE_ACTION", &cfg->action);
    if (profile != NULL) {
        const char *auid = getenv("SYSCAGE_AUID");

        if (marker_parse_token(profile, &cfg->token) != 0)
            fail("SYSCAGE_PROFILE=%s is not a token; use a decimal number from 0 to %u",
                 profile, MARKER_TOKEN_MAX);
        if (auid == NULL || audit_parse_uid(auid, &cfg->auid) != 0)
            fail("SYSCAGE_AUID=%s is not a login uid; profile through syscage-exec --profile, which sets it",
                 auid ? auid : "(unset)");
        /* Profiling refuses nothing: honour it only under the launcher's
         * profiling stamp of this token, never from an inherited environment. */
        if (!stamp_profiling_inherited(cfg->token))
            fail("SYSCAGE_PROFILE=%s is set but this process was not started by syscage-exec --profile (an inherited environment would turn the sandbox into log-only profiling); unset SYSCAGE_PROFILE and SYSCAGE_AUID",
                 profile);
        cfg->profiling = 1;
        action_log(&cfg->action);
    }
    policy_load(path, set);
    if (!cfg->profiling && cfg->action.scmp == SCMP_ACT_LOG && prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 0) {
        /* Bare LD_PRELOAD with the action log (SYSCAGE_ACTION may be inherited):
         * say loudly that this sandbox refuses nothing.  Under a filter (the
         * launcher's, e.g. syscage verify) log was asked for on its command line. */
        say("warning: SYSCAGE_ACTION=%s: nothing is refused, calls outside %s are only logged (log-only); unset SYSCAGE_ACTION to enforce",
            getenv("SYSCAGE_ACTION"), path);
    }
    cfg->plan.set = set;
    cfg->plan.phases = PHASE_MAIN;
    cfg->plan.listed = SCMP_ACT_ALLOW;
    cfg->plan.other = cfg->action.scmp;
    cfg->plan.badarch = cfg->action.scmp;
}

/* The Cloudflare-compatible list VAR=a:b:c of native names into SET. */
static void parse_list(const char *var, const char *list, struct ruleset *set)
{
    char name[80];
    const char *p = list;

    set->count = 0;
    if (*list == '\0')
        return;
    for (;;) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char why[256];
        int nr;

        if (len == 0)
            fail("%s has an empty name; separate system call names with single colons", var);
        if (len >= sizeof name)
            fail("%s has a name longer than %zu bytes; check the list", var, sizeof name - 1);
        memcpy(name, p, len);
        name[len] = '\0';
        if (sysname_resolve_native_name(name, &nr, why, sizeof why) != 0)
            fail("%s: %s", var, why);
        if (ruleset_add(set, sysname_native(), nr, PHASE_MAIN) != 0)
            fail("%s lists more than %d system calls; shorten it", var, RULESET_MAX);
        if (end == NULL)
            break;
        p = end + 1;
    }
}

void config_from_env(struct config *cfg, struct ruleset *set)
{
    const char *policy = getenv("SYSCAGE_POLICY");
    const char *allow = getenv("SECCOMP_SYSCALL_ALLOW");
    const char *deny = getenv("SECCOMP_SYSCALL_DENY");

    memset(cfg, 0, sizeof *cfg);
    if (policy != NULL) {
        from_policy(cfg, set, policy);
        return;
    }
    if (allow != NULL && deny != NULL)
        fail("both SECCOMP_SYSCALL_ALLOW and SECCOMP_SYSCALL_DENY are set; set only one of them");
    if (allow == NULL && deny == NULL)
        fail("libsyscage.so is preloaded but no policy is set; set SYSCAGE_POLICY, SECCOMP_SYSCALL_ALLOW or SECCOMP_SYSCALL_DENY, or remove it from LD_PRELOAD");
    parse_action("SECCOMP_DEFAULT_ACTION", &cfg->action);
    parse_list(allow ? "SECCOMP_SYSCALL_ALLOW" : "SECCOMP_SYSCALL_DENY",
               allow ? allow : deny, set);
    cfg->plan.set = set;
    cfg->plan.phases = PHASE_MAIN;
    if (allow != NULL) {
        cfg->plan.listed = SCMP_ACT_ALLOW;
        cfg->plan.other = cfg->action.scmp;
    } else {
        cfg->plan.listed = cfg->action.scmp;
        cfg->plan.other = SCMP_ACT_ALLOW;
    }
    /* Other ABIs (i386 int 0x80, x32) are the classic way around a
     * denylist: they get the action too. */
    cfg->plan.badarch = cfg->action.scmp;
}
