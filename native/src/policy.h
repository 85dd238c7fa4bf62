/* The policy file format (README "Policy file"): strict, line-numbered
 * errors, read into a static buffer, no allocation of its own. */
#ifndef SYSCAGE_POLICY_H
#define SYSCAGE_POLICY_H

#include "ruleset.h"

#define POLICY_MAX_BYTES (1024 * 1024)  /* per file */
#define POLICY_MAX_LINE 255             /* bytes per line, without the newline */

/* Read and check PATH and add its syscall lines to SET (which starts
 * empty).  Any problem ends the process with status 125 and a message
 * naming PATH and the line. */
void policy_load(const char *path, struct ruleset *set);

#endif
