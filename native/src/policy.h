/* The policy file format (README "Policy file"): strict, line-numbered
 * errors, read into a static buffer, no allocation of its own. */
#ifndef SYSCAGE_POLICY_H
#define SYSCAGE_POLICY_H

#include "ruleset.h"

#include <stddef.h>

#define POLICY_MAX_BYTES (1024 * 1024)  /* per file */
#define POLICY_MAX_LINE 255             /* bytes per line, without the newline */

/* Read and check PATH and add its syscall lines to SET (which starts
 * empty).  Any problem ends the process with status 125 and a message
 * naming PATH and the line. */
void policy_load(const char *path, struct ruleset *set);

/* Parse the LEN bytes of TEXT (a policy read from NAME) into SET, in place: TEXT must have
 * one writable byte after LEN.  Errors as policy_load.  Separate so the fuzzer can feed it. */
void policy_parse(char *text, size_t len, const char *name, struct ruleset *set);

#endif
