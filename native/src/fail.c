#include "fail.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static void put_line(const char *fmt, va_list ap)
{
    /* Static, so that reporting needs no stack-heavy buffer and no heap. */
    static char line[1024];
    static const char prefix[] = "syscage: ";
    size_t len = sizeof prefix - 1;
    int n;

    for (size_t i = 0; i < len; i++)
        line[i] = prefix[i];
    n = vsnprintf(line + len, sizeof line - len - 1, fmt, ap);
    if (n < 0)
        n = 0;
    if ((size_t)n > sizeof line - len - 2)
        n = (int)(sizeof line - len - 2);
    len += (size_t)n;
    /* The message is one line: flatten any newline a value smuggled in. */
    for (size_t i = 0; i < len; i++)
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    line[len++] = '\n';

    for (size_t off = 0; off < len;) {
        ssize_t w = write(STDERR_FILENO, line + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
}

void fail_with(int status, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    put_line(fmt, ap);
    va_end(ap);
    _exit(status);
}

void say(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    put_line(fmt, ap);
    va_end(ap);
}
