/* syscage-exec --guard DIR (README "syscage-exec"). */
#ifndef SYSCAGE_GUARD_H
#define SYSCAGE_GUARD_H

/* Wait for syscage's word on stdin; without it (the pipe ended: syscage
 * died), kill every process in the cgroup DIR.  Then remove DIR once it is
 * empty, and exit 0. */
__attribute__((noreturn))
void guard_run(const char *dir);

#endif
