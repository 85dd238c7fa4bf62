#include "marker.h"

#include <unistd.h>

void marker_call(enum marker_kind kind, uint32_t token)
{
    long number = (long)(MARKER_BASE + (uint32_t)kind * MARKER_KIND_STEP +
                         (token & MARKER_TOKEN_MAX));

    (void)syscall(number);
}

void marker_call_key(enum marker_kind kind, uint64_t key)
{
    marker_call(kind, (uint32_t)(key >> 24) & MARKER_TOKEN_MAX);
    marker_call(kind, (uint32_t)key & MARKER_TOKEN_MAX);
}

static int parse_decimal(const char *text, uint64_t max, uint64_t *out)
{
    uint64_t n = 0;

    if (*text == '\0')
        return -1;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (uint64_t)(*p - '0');
        if (n > max)
            return -1;
    }
    *out = n;
    return 0;
}

int marker_parse_token(const char *text, uint32_t *token)
{
    uint64_t n;

    if (parse_decimal(text, MARKER_TOKEN_MAX, &n) != 0)
        return -1;
    *token = (uint32_t)n;
    return 0;
}

int marker_parse_key(const char *text, uint64_t *key)
{
    return parse_decimal(text, MARKER_KEY_MAX, key);
}
