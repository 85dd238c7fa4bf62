#include "action.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <strings.h>

static void set(struct action *out, uint32_t scmp, const char *name)
{
    out->scmp = scmp;
    snprintf(out->name, sizeof out->name, "%s", name);
}

int action_parse(const char *text, struct action *out)
{
    if (!strcasecmp(text, "kill") || !strcasecmp(text, "kill-process")) {
        set(out, SCMP_ACT_KILL_PROCESS, "kill");
        return 0;
    }
    if (!strcasecmp(text, "kill-thread")) {
        set(out, SCMP_ACT_KILL_THREAD, "kill-thread");
        return 0;
    }
    if (!strcasecmp(text, "trap")) {
        set(out, SCMP_ACT_TRAP, "trap");
        return 0;
    }
    if (!strcasecmp(text, "log")) {
        set(out, SCMP_ACT_LOG, "log");
        return 0;
    }
    if (!strcasecmp(text, "errno")) {
        set(out, SCMP_ACT_ERRNO(EPERM), "errno");
        return 0;
    }
    if (!strncasecmp(text, "errno:", 6)) {
        const char *p = text + 6;
        unsigned long n = 0;

        if (*p == '\0')
            return -1;
        for (; *p; p++) {
            if (*p < '0' || *p > '9')
                return -1;
            n = n * 10 + (unsigned long)(*p - '0');
            if (n >= 4096)
                return -1;
        }
        if (n == 0)
            return -1;
        out->scmp = SCMP_ACT_ERRNO((uint16_t)n);
        snprintf(out->name, sizeof out->name, "errno:%lu", n);
        return 0;
    }
    return -1;
}

void action_log(struct action *out)
{
    set(out, SCMP_ACT_LOG, "log");
}
