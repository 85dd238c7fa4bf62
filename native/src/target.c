#include "target.h"

#include "fail.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum verdict { MISSING, NOT_EXECUTABLE, IS_DIRECTORY, RUNNABLE };

static enum verdict check(const char *path)
{
    struct stat st;

    if (stat(path, &st) != 0)
        return errno == EACCES ? NOT_EXECUTABLE : MISSING;
    if (S_ISDIR(st.st_mode))
        return IS_DIRECTORY;
    if (!S_ISREG(st.st_mode) || access(path, X_OK) != 0)
        return NOT_EXECUTABLE;
    return RUNNABLE;
}

__attribute__((noreturn))
static void refuse(const char *path, enum verdict v)
{
    if (v == IS_DIRECTORY)
        fail_with(SYSCAGE_EXIT_CANNOT_EXEC,
                  "cannot execute %s: it is a directory; give the program to run", path);
    fail_with(SYSCAGE_EXIT_CANNOT_EXEC,
              "cannot execute %s: not an executable file or no permission; check its mode (chmod +x) and mount options",
              path);
}

const char *target_resolve(const char *cmd, char *buf, size_t size)
{
    const char *path_var, *p;
    enum verdict first_bad = MISSING;
    char first_bad_path[4096] = "";

    if (*cmd == '\0')
        fail_with(SYSCAGE_EXIT_NOT_FOUND, "the command is empty; give the program to run");
    if (strchr(cmd, '/') != NULL) {
        enum verdict v = check(cmd);

        if (v == MISSING)
            fail_with(SYSCAGE_EXIT_NOT_FOUND,
                      "cannot find %s: no such file; check the path", cmd);
        if (v != RUNNABLE)
            refuse(cmd, v);
        if (strlen(cmd) >= size)
            fail_with(SYSCAGE_EXIT_NOT_FOUND, "the path %.64s... is too long; shorten it", cmd);
        strcpy(buf, cmd);
        return buf;
    }

    path_var = getenv("PATH");
    if (path_var == NULL)
        path_var = "/bin:/usr/bin";     /* execvp's default */
    for (p = path_var;;) {
        const char *end = strchr(p, ':');
        size_t dir_len = end ? (size_t)(end - p) : strlen(p);
        const char *dir = dir_len ? p : ".";
        size_t use_len = dir_len ? dir_len : 1;

        if (use_len + 1 + strlen(cmd) < size) {
            enum verdict v;

            memcpy(buf, dir, use_len);
            buf[use_len] = '/';
            strcpy(buf + use_len + 1, cmd);
            v = check(buf);
            if (v == RUNNABLE)
                return buf;
            if (v != MISSING && first_bad == MISSING &&
                strlen(buf) < sizeof first_bad_path) {
                first_bad = v;
                strcpy(first_bad_path, buf);
            }
        }
        if (end == NULL)
            break;
        p = end + 1;
    }
    if (first_bad != MISSING)
        refuse(first_bad_path, first_bad);
    fail_with(SYSCAGE_EXIT_NOT_FOUND,
              "cannot find %s in PATH; give its full path or fix PATH", cmd);
}

void target_exec_failed(const char *path, int err)
{
    if (err == ENOENT || err == ENOTDIR)
        fail_with(SYSCAGE_EXIT_NOT_FOUND,
                  "cannot execute %s: %s (a missing script interpreter or ELF loader?); check the program",
                  path, strerror(err));
    if (err == ENOEXEC)
        fail_with(SYSCAGE_EXIT_CANNOT_EXEC,
                  "cannot execute %s: it is neither a program this kernel runs nor a script with a #! line; "
                  "add a first line such as #!/bin/sh", path);
    fail_with(SYSCAGE_EXIT_CANNOT_EXEC, "cannot execute %s: %s; check the program",
              path, strerror(err));
}
