#include "guard.h"

#include "fail.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define RELEASE "release\n"

static void path_in(char *out, size_t size, const char *dir, const char *name)
{
    if ((size_t)snprintf(out, size, "%s/%s", dir, name) >= size)
        fail("the cgroup path %s is too long; use a shorter one", dir);
}

/* The whole of syscage's word, or less when the pipe ended first. */
static size_t read_word(char *buf, size_t size)
{
    size_t len = 0;

    while (len < size) {
        ssize_t n = read(0, buf + len, size - len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    return len;
}

/* Whether the cgroup still holds a process ("populated 1" in cgroup.events). */
static int populated(int events)
{
    char text[256];
    ssize_t n = pread(events, text, sizeof text - 1, 0);

    if (n <= 0)
        return 0;
    text[n] = '\0';
    return strstr(text, "populated 1") != NULL;
}

void guard_run(const char *dir)
{
    static char path[PATH_MAX];
    char word[sizeof RELEASE - 1];
    int events;

    /* a session of its own: a terminal's Ctrl-C or hang-up is for syscage and the run */
    setsid();
    if (read_word(word, sizeof word) != sizeof word || memcmp(word, RELEASE, sizeof word) != 0) {
        int fd;

        path_in(path, sizeof path, dir, "cgroup.kill");
        fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, "1", 1) != 1)
            fail("cannot kill the processes of the run in %s: %s; kill them by hand", dir, strerror(errno));
        close(fd);
    }
    /* The kernel notifies a change of cgroup.events as POLLPRI; the timeout
     * only bounds a missed notification. */
    path_in(path, sizeof path, dir, "cgroup.events");
    events = open(path, O_RDONLY | O_CLOEXEC);
    while (events >= 0 && populated(events)) {
        struct pollfd p = { .fd = events, .events = POLLPRI };

        poll(&p, 1, 1000);
    }
    rmdir(dir);
    _exit(0);
}
