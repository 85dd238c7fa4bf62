/* The preload library's configuration, from the environment
 * (README "libsyscage.so"). */
#ifndef SYSCAGE_CONFIG_H
#define SYSCAGE_CONFIG_H

#include "action.h"
#include "filter.h"
#include "ruleset.h"

#include <stdint.h>

struct config {
    struct filter_plan plan;    /* the main-phase filter to install */
    struct action action;
    int profiling;              /* SYSCAGE_PROFILE was set */
    uint32_t token;             /* its TOKEN */
    uint32_t auid;              /* SYSCAGE_AUID */
};

/* Fill CFG from the environment, reading the policy into SET.  Every
 * problem, including no configuration at all, ends the process with
 * status 125 (fail closed). */
void config_from_env(struct config *cfg, struct ruleset *set);

#endif
