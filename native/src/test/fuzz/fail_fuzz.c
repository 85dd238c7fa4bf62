/* fail_with() for the fuzzer: formats the message exactly as the real one does (so format
 * bugs are found), then returns to the harness instead of exiting. */
#include "../../fail.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

extern jmp_buf fuzz_rejected;

void fail_with(int status, const char *fmt, ...)
{
    char line[1024];
    va_list ap;

    (void)status;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    longjmp(fuzz_rejected, 1);
}
