#include "policy.h"

#include "fail.h"
#include "sysname.h"

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

/* One spare byte: reading it tells a file of exactly the limit from a
 * longer one. */
static char text[POLICY_MAX_BYTES + 1];

/* Like sshd's StrictModes: a policy that someone else can rewrite is no policy.  The file
 * and its directory must belong to root or to the user the process runs as, and nobody
 * else may write them (a directory that others may write is fine when it is sticky, like
 * /tmp: they cannot replace a file they do not own). */
static void check_owner(const char *what, const char *path, const struct stat *st, int sticky_ok)
{
    /* From the auxiliary vector the kernel passed at exec: geteuid() would be one more
     * system call in every program's init phase. */
    uid_t me = (uid_t)getauxval(AT_EUID);

    if (st->st_uid != 0 && st->st_uid != me)
        fail("policy %s: %s is owned by uid %u, not by root or by uid %u; chown it to one of them",
             path, what, (unsigned)st->st_uid, (unsigned)me);
    if ((st->st_mode & (S_IWGRP | S_IWOTH)) && !(sticky_ok && (st->st_mode & S_ISVTX)))
        fail("policy %s: %s is writable by others (mode %04o); run chmod go-w on it",
             path, what, (unsigned)(st->st_mode & 07777));
}

/* Every directory from / down to the file, as sshd's StrictModes checks the resolved path: whoever may
 * write any of them can swap what lies below.  A symbolic link on the way is refused, not followed: checking
 * its target's directories would need readlink, a call the learned init phase does not have (stat and open
 * are what it has), and the launcher passes the preload the resolved path anyway. */
static void check_directories(const char *path)
{
    static char walk[PATH_MAX], label[PATH_MAX + 16];
    size_t len;
    struct stat st;

    if (path[0] == '/') {
        len = strlen(path);
        if (len >= sizeof walk)
            fail("policy path %s is too long; use a shorter path", path);
        memcpy(walk, path, len + 1);
    } else {
        if (getcwd(walk, sizeof walk) == NULL)
            fail("cannot determine the current directory: %s; give the policy as an absolute path", strerror(errno));
        len = strlen(walk);
        if (len + 1 + strlen(path) >= sizeof walk)
            fail("policy path %s is too long; use a shorter path", path);
        walk[len++] = '/';
        strcpy(walk + len, path);
        len = strlen(walk);
    }
    for (size_t i = 0; i < len; i++) {
        size_t end = i == 0 ? 1 : i;   /* "/" itself, then each directory before a later slash */
        char saved;

        if (walk[i] != '/')
            continue;
        saved = walk[end];
        walk[end] = '\0';
        if (lstat(walk, &st) != 0)
            fail("cannot stat %s, a directory of policy %s: %s; check the path", walk, path, strerror(errno));
        if (S_ISLNK(st.st_mode))
            fail("policy %s: %s is a symbolic link; give the resolved path (realpath %s)", path, walk, path);
        snprintf(label, sizeof label, "the directory %s", walk);
        check_owner(label, path, &st, 1);
        walk[end] = saved;
    }
}

static void check_permissions(int fd, const char *path)
{
    struct stat st;

    if (fstat(fd, &st) != 0)
        fail("cannot stat policy %s: %s; give a readable policy file", path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        fail("policy %s is not a regular file; give a policy file written by syscage export", path);
    check_owner("the file", path, &st, 0);
    check_directories(path);
}

static size_t read_file(const char *path)
{
    size_t len = 0;
    int fd;

    do
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    while (fd < 0 && errno == EINTR);
    if (fd < 0 && errno == ELOOP)
        fail("policy %s is a symbolic link; give the resolved path (realpath %s)", path, path);
    if (fd < 0)
        fail("cannot open policy %s: %s; check the path and its permissions",
             path, strerror(errno));
    check_permissions(fd, path);
    while (len < sizeof text) {
        ssize_t n = read(fd, text + len, sizeof text - len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail("cannot read policy %s: %s; give a readable policy file",
                 path, strerror(errno));
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (len > POLICY_MAX_BYTES)
        fail("policy %s is larger than 1 MiB; a policy file is at most %d bytes",
             path, POLICY_MAX_BYTES);
    return len;
}

#define MAX_WORDS 3

/* Split LINE (NUL-terminated, already checked for bad bytes) at blanks.
 * Returns the number of words, MAX_WORDS + 1 if there are more. */
static int split(char *line, char *words[MAX_WORDS])
{
    int n = 0;
    char *p = line;

    for (;;) {
        while (*p == ' ' || *p == '\t')
            *p++ = '\0';
        if (*p == '\0')
            return n;
        if (n == MAX_WORDS)
            return MAX_WORDS + 1;
        words[n++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
}

void policy_load(const char *path, struct ruleset *set)
{
    size_t len = read_file(path);

    policy_parse(text, len, path, set);
}

void policy_parse(char *text, size_t len, const char *path, struct ruleset *set)
{
    size_t pos = 0;
    unsigned lineno = 0;
    unsigned calls = 0;
    int seen_header = 0, seen_arch = 0;

    set->count = 0;
    while (pos < len) {
        char *line = text + pos;
        char *end = memchr(line, '\n', len - pos);
        size_t line_len = end ? (size_t)(end - line) : len - pos;
        char *words[MAX_WORDS];
        int nwords;

        lineno++;
        pos += line_len + (end ? 1 : 0);
        if (line_len > POLICY_MAX_LINE)
            fail("%s:%u: line is longer than %d bytes; shorten it",
                 path, lineno, POLICY_MAX_LINE);
        for (size_t i = 0; i < line_len; i++) {
            unsigned char c = (unsigned char)line[i];

            if (c == '\r')
                fail("%s:%u: carriage return in line; use Unix line endings (\\n)",
                     path, lineno);
            if (c < 0x20 && c != '\t')
                fail("%s:%u: control character 0x%02x in line; a policy is plain text",
                     path, lineno, c);
        }
        line[line_len] = '\0';  /* the '\n', or the spare byte after the end */

        nwords = split(line, words);
        if (nwords == 0 || words[0][0] == '#')
            continue;

        if (!seen_header) {
            if (strcmp(words[0], "syscage-policy") != 0)
                fail("%s:%u: expected \"syscage-policy 1\" as the first line; is this a syscage policy?",
                     path, lineno);
            if (nwords != 2 || strcmp(words[1], "1") != 0)
                fail("%s:%u: unsupported format \"%s%s%s\"; this syscage reads \"syscage-policy 1\"",
                     path, lineno, words[0], nwords > 1 ? " " : "",
                     nwords > 1 ? words[1] : "");
            seen_header = 1;
            continue;
        }
        if (nwords > 2)
            fail("%s:%u: unexpected text after \"%s %s\"; one item per line, comments on their own line",
                 path, lineno, words[0], words[1]);

        if (!strcmp(words[0], "syscage-policy")) {
            fail("%s:%u: repeated \"syscage-policy\" line; keep only the first",
                 path, lineno);
        } else if (!strcmp(words[0], "arch")) {
            uint32_t token;

            if (nwords != 2)
                fail("%s:%u: \"arch\" needs an ABI name; write e.g. \"arch %s\"",
                     path, lineno, sysname_native_abi());
            if (seen_arch)
                fail("%s:%u: repeated arch line; a policy names its architecture once",
                     path, lineno);
            token = seccomp_arch_resolve_name(words[1]);
            if (token == 0)
                fail("%s:%u: unknown architecture \"%s\"; write \"arch %s\"",
                     path, lineno, words[1], sysname_native_abi());
            if (token != sysname_native())
                fail("%s:%u: policy is for %s but this machine is %s; learn the policy on this machine",
                     path, lineno, words[1], sysname_native_abi());
            seen_arch = 1;
        } else if (!strcmp(words[0], "init") || !strcmp(words[0], "main")) {
            unsigned phase = words[0][0] == 'i' ? PHASE_INIT : PHASE_MAIN;
            char why[256];
            uint32_t abi;
            int nr;

            if (nwords != 2)
                fail("%s:%u: \"%s\" needs a system call; write e.g. \"%s openat\"",
                     path, lineno, words[0], words[0]);
            if (!seen_arch)
                fail("%s:%u: system call line before the arch line; put \"arch %s\" first",
                     path, lineno, sysname_native_abi());
            if (++calls > RULESET_MAX)
                fail("%s:%u: more than %d system call lines; a policy has at most %d",
                     path, lineno, RULESET_MAX, RULESET_MAX);
            if (sysname_resolve(words[1], &abi, &nr, why, sizeof why) != 0)
                fail("%s:%u: %s", path, lineno, why);
            if (ruleset_add(set, abi, nr, phase) != 0)
                fail("%s:%u: more than %d system calls; a policy has at most %d",
                     path, lineno, RULESET_MAX, RULESET_MAX);
        } else {
            fail("%s:%u: unknown keyword \"%s\"; lines are \"arch\", \"init\" or \"main\", or # comments",
                 path, lineno, words[0]);
        }
    }
    if (!seen_header)
        fail("%s: no \"syscage-policy 1\" line; the file is empty or not a syscage policy",
             path);
    if (!seen_arch)
        fail("%s: no arch line; add \"arch %s\" after \"syscage-policy 1\"",
             path, sysname_native_abi());
}
