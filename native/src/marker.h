/* Markers: reserved system call numbers that a logging filter records in
 * the audit stream (README "Markers"). */
#ifndef SYSCAGE_MARKER_H
#define SYSCAGE_MARKER_H

#include <stdint.h>

#define MARKER_BASE 0x10000000u
#define MARKER_KIND_STEP 0x01000000u
#define MARKER_TOKEN_MAX 0xFFFFFFu
/* The end key: 48 bits, sent as two markers of 24 bits (high half first). */
#define MARKER_KEY_MAX 0xFFFFFFFFFFFFull

/* Each kind's number is part of the contract (NativeContract.MarkerKind
 * spells the same numbers): never renumber, only add. */
enum marker_kind {
    MARKER_START = 0,
    MARKER_MAIN = 1,
    MARKER_END = 2,
    MARKER_NUDGE = 3,
    MARKER_CROSS = 4,
    MARKER_KEY = 5,
};

/* Call the marker KIND with TOKEN.  The kernel logs it (under a filter
 * whose action for it is log) and fails it with ENOSYS; the result is
 * ignored. */
void marker_call(enum marker_kind kind, uint32_t token);

/* The two markers KIND that carry KEY: its high 24 bits, then its low 24. */
void marker_call_key(enum marker_kind kind, uint64_t key);

/* Parse a decimal TOKEN, 0 ... MARKER_TOKEN_MAX.  Returns 0 or -1. */
int marker_parse_token(const char *text, uint32_t *token);

/* Parse a decimal end KEY, 0 ... MARKER_KEY_MAX.  Returns 0 or -1. */
int marker_parse_key(const char *text, uint64_t *key);

#endif
