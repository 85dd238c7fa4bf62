/* Building a seccomp filter from a ruleset with libseccomp and installing it. */
#ifndef SYSCAGE_FILTER_H
#define SYSCAGE_FILTER_H

#include "ruleset.h"

#include <stdint.h>

struct filter_plan {
    const struct ruleset *set;  /* may be NULL: no listed calls */
    unsigned phases;            /* rules of these phases are listed */
    uint32_t listed;            /* libseccomp action for listed calls */
    uint32_t other;             /* ... for every other call of a listed ABI */
    uint32_t badarch;           /* ... for calls of ABIs with no listed call */
};

/* Build the filter PLAN describes and install it with PR_SET_NO_NEW_PRIVS,
 * SECCOMP_FILTER_FLAG_TSYNC and SECCOMP_FILTER_FLAG_LOG.
 *
 * libseccomp allocates from the static arena (arena.c), whose free() does
 * nothing, so its free() after installing makes no system call: the last
 * system call this function makes is the seccomp(2) that installs it, and a
 * caller that makes no further call after it returns really makes none.
 * Failures end the process with status 125. */
void filter_install(const struct filter_plan *plan);

/* The launcher's plan: SET's init and main calls allowed, every other call and
 * ABI gets OTHER (the action refusing them, or SCMP_ACT_LOG when profiling). */
struct filter_plan filter_plan_launcher(const struct ruleset *set, uint32_t other);

/* Write the filter PLAN describes to FD as libseccomp's pseudo-filter code
 * (seccomp_export_pfc), for the golden files of the tests. */
void filter_export_pfc(const struct filter_plan *plan, int fd);

/* Write the filter PLAN describes to FD as the raw BPF program the kernel
 * would load (struct sock_filter[]), for tools that install a filter
 * themselves (bwrap --seccomp FD).  Failures end the process with 125. */
void filter_export_bpf(const struct filter_plan *plan, int fd);

/* A plan that logs every call of every ABI (profiling, markers). */
void filter_install_log_all(void);

#endif
