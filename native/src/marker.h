/* Markers: reserved system call numbers that a logging filter records in
 * the audit stream (README "Markers"). */
#ifndef SYSCAGE_MARKER_H
#define SYSCAGE_MARKER_H

#include <stdint.h>

#define MARKER_BASE 0x10000000u
#define MARKER_KIND_STEP 0x01000000u
#define MARKER_TOKEN_MAX 0xFFFFFFu

enum marker_kind { MARKER_START = 0, MARKER_MAIN = 1, MARKER_END = 2, MARKER_NUDGE = 3 };

/* Call the marker KIND with TOKEN.  The kernel logs it (under a filter
 * whose action for it is log) and fails it with ENOSYS; the result is
 * ignored. */
void marker_call(enum marker_kind kind, uint32_t token);

/* Parse a decimal TOKEN, 0 ... MARKER_TOKEN_MAX.  Returns 0 or -1. */
int marker_parse_token(const char *text, uint32_t *token);

#endif
