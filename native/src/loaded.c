#include "loaded.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* syscage run --preload-only asks the constructor to say that it ran in
 * this process: a target that exits before syscage sees its filter in /proc
 * is then known to have had it (the constructor installs it or ends the
 * process), and one the library never reached (a loader in secure-execution
 * mode ignores LD_PRELOAD) is known to have run unconfined.  Called before
 * the filter, so it adds no system call to the main phase.  FILE is
 * syscage's (never created here); a failure only leaves the pid out, which
 * syscage takes as the library not having run. */
void loaded_report(void)
{
    const char *path = getenv("SYSCAGE_LOADED");
    char line[24];
    int fd, len;

    if (path == NULL)
        return;
    fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) {
        len = snprintf(line, sizeof line, "%ld\n", (long)getpid());
        /* a short write leaves the pid out, as above */
        (void)(write(fd, line, (size_t)len) == len);
        close(fd);
    }
    /* programs this one executes are not syscage's target */
    unsetenv("SYSCAGE_LOADED");
}
