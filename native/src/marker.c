#include "marker.h"

#include <unistd.h>

void marker_call(enum marker_kind kind, uint32_t token)
{
    long number = (long)(MARKER_BASE + (uint32_t)kind * MARKER_KIND_STEP +
                         (token & MARKER_TOKEN_MAX));

    (void)syscall(number);
}

int marker_parse_token(const char *text, uint32_t *token)
{
    uint32_t n = 0;

    if (*text == '\0')
        return -1;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (uint32_t)(*p - '0');
        if (n > MARKER_TOKEN_MAX)
            return -1;
    }
    *token = n;
    return 0;
}
