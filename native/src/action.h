/* The action a call outside the policy gets (README "Actions"). */
#ifndef SYSCAGE_ACTION_H
#define SYSCAGE_ACTION_H

#include <stdint.h>

struct action {
    uint32_t scmp;      /* libseccomp action, e.g. SCMP_ACT_KILL_PROCESS */
    char name[16];      /* canonical spelling, e.g. "kill", "errno:13" */
};

/* Parse kill, kill-process, kill-thread, trap, errno, errno:N (0 < N < 4096)
 * or log, case-insensitively.  Returns 0 on success, -1 if TEXT is not an
 * action. */
int action_parse(const char *text, struct action *out);

/* Names accepted by action_parse, for error messages. */
#define ACTION_CHOICES "kill, kill-process, kill-thread, trap, errno, errno:N (0 < N < 4096) or log"

/* The profiling action: allow and audit. */
void action_log(struct action *out);

#endif
