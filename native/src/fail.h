/* One-line error reports: "syscage: WHAT IS WRONG; HOW TO FIX IT". */
#ifndef SYSCAGE_FAIL_H
#define SYSCAGE_FAIL_H

/* Exit statuses of the contract (native/README.md). */
#define SYSCAGE_EXIT_SETUP 125
#define SYSCAGE_EXIT_CANNOT_EXEC 126
#define SYSCAGE_EXIT_NOT_FOUND 127

/* Print "syscage: <formatted>\n" to stderr with a single write(2) and
 * _exit(status).  Safe to call before any filter exists: it allocates
 * nothing and does not touch stdio. */
__attribute__((noreturn, format(printf, 2, 3)))
void fail_with(int status, const char *fmt, ...);

/* The same line as fail_with, without exiting: a warning. */
__attribute__((format(printf, 1, 2)))
void say(const char *fmt, ...);

/* fail_with(SYSCAGE_EXIT_SETUP, ...): the sandbox could not be set up. */
#define fail(...) fail_with(SYSCAGE_EXIT_SETUP, __VA_ARGS__)

#endif
