#include "audit_session.h"

#include "fail.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char loginuid_path[] = "/proc/self/loginuid";

int audit_parse_uid(const char *text, uint32_t *uid)
{
    uint64_t n = 0;

    if (*text == '\0')
        return -1;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (uint64_t)(*p - '0');
        if (n >= AUDIT_UID_UNSET)
            return -1;
    }
    *uid = (uint32_t)n;
    return 0;
}

/* Read a small decimal /proc file.  Returns 0 or -1 (errno set). */
static int read_number(const char *path, uint32_t *value)
{
    char buf[32];
    size_t len = 0;
    uint64_t n = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return -1;
    while (len < sizeof buf - 1) {
        ssize_t r = read(fd, buf + len, sizeof buf - 1 - len);

        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int saved = errno;

            close(fd);
            errno = saved;
            return -1;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    close(fd);
    buf[len] = '\0';
    if (len == 0 || buf[0] < '0' || buf[0] > '9') {
        errno = EINVAL;
        return -1;
    }
    for (const char *p = buf; *p >= '0' && *p <= '9'; p++) {
        n = n * 10 + (uint64_t)(*p - '0');
        if (n > UINT32_MAX) {
            errno = ERANGE;
            return -1;
        }
    }
    *value = (uint32_t)n;
    return 0;
}

uint32_t audit_session_auid(void)
{
    uint32_t auid;

    if (read_number(loginuid_path, &auid) != 0)
        fail("cannot read %s: %s; the kernel needs audit support (CONFIG_AUDIT) for a new audit session",
             loginuid_path, strerror(errno));
    return auid == AUDIT_UID_UNSET ? (uint32_t)getuid() : auid;
}

static int write_auid(int fd, uint32_t auid)
{
    char text[16];
    int len = snprintf(text, sizeof text, "%u", auid);
    ssize_t w;

    do
        w = write(fd, text, (size_t)len);
    while (w < 0 && errno == EINTR);
    return w == len ? 0 : -1;
}

void audit_session_start(uint32_t auid)
{
    int fd = open(loginuid_path, O_WRONLY | O_CLOEXEC);

    if (fd < 0)
        fail("cannot open %s to start a new audit session: %s; the kernel needs audit support (CONFIG_AUDIT)",
             loginuid_path, strerror(errno));
    if (write_auid(fd, auid) != 0)
        fail("cannot start a new audit session (writing %u to %s: %s); run as root or with CAP_AUDIT_CONTROL, and do not make the login uid immutable (auditctl --loginuid-immutable)",
             auid, loginuid_path, strerror(errno));
    close(fd);
}

uint32_t audit_session_id(void)
{
    uint32_t ses;

    if (read_number("/proc/self/sessionid", &ses) != 0)
        fail("cannot read /proc/self/sessionid: %s; the kernel needs audit support (CONFIG_AUDIT)",
             strerror(errno));
    return ses;
}

int audit_session_try_start(uint32_t auid, int *renewed)
{
    int fd = open(loginuid_path, O_WRONLY | O_CLOEXEC);

    *renewed = fd >= 0 && write_auid(fd, auid) == 0;
    return fd;
}
