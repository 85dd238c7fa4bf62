/* Finding the program to execute the way execvp(3) does, but reporting
 * "not found" (127) and "cannot execute" (126) with one clear line. */
#ifndef SYSCAGE_TARGET_H
#define SYSCAGE_TARGET_H

#include <stddef.h>

/* Resolve CMD (a path if it contains '/', else searched in $PATH, or in
 * /bin:/usr/bin if PATH is unset) into BUF.  Returns BUF.  Ends the
 * process with 127 if nothing is found, 126 if what is found cannot be
 * executed (a directory, no execute permission). */
const char *target_resolve(const char *cmd, char *buf, size_t size);

/* Report a failed execve(2) of PATH with errno ERR and exit 126 or 127. */
__attribute__((noreturn))
void target_exec_failed(const char *path, int err);

#endif
