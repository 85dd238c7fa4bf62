/* The stamp: a second, tiny filter that the preload library installs after
 * its main-phase filter.  It answers a probe (seccomp(2) operations the
 * kernel does not have) with a tag of that filter's plan, so a program the
 * confined process executes can tell that it already runs under this very
 * filter, inherited, and need not install it again (README "Inherited
 * filters"). */
#ifndef SYSCAGE_STAMP_H
#define SYSCAGE_STAMP_H

#include "filter.h"

#include <stdint.h>

#define STAMP_OP_BASE 0x5C5C0000u   /* probe K is seccomp(STAMP_OP_BASE + K, 0, NULL) */
#define STAMP_PROBES 4

#define STAMP_ENFORCING 0xFFFFFFFFu  /* the RUN of an enforcing filter: no marker token is that large */

/* The tag of PLAN (its actions and its listed calls, in order) as installed
 * for RUN: a profiling run's marker token, or STAMP_ENFORCING. */
uint64_t stamp_tag(const struct filter_plan *plan, uint32_t run);

/* The launcher's profiling stamp for TOKEN: the preload honours
 * SYSCAGE_PROFILE=TOKEN only under it, so an inherited environment cannot
 * turn a process that syscage-exec --profile did not start into the
 * log-only profiling mode.  Its probes are operations of their own
 * (STAMP_PROFILING_OP_BASE + K), so a main-phase stamp stacked above it
 * (whose answers would win) does not hide it. */
#define STAMP_PROFILING_OP_BASE 0x5C5D0000u
int stamp_profiling_inherited(uint32_t token);
void stamp_profiling_install(uint32_t token);

/* Whether every probe answers with TAG's errno: a stamp of TAG, and so the
 * filter it follows, is inherited.  Under no filter, or other filters, the
 * kernel answers EINVAL, which no tag uses. */
int stamp_inherited(uint64_t tag);

/* Whether PLAN lets seccomp(2) through: only then can the stamp be installed
 * after PLAN's filter, and only then can the programs the process executes
 * probe for it (their constructors run under it). */
int stamp_fits(const struct filter_plan *plan);

/* Install the stamp of TAG.  Called after the main-phase filter (and when
 * profiling, after the MAIN marker); its only system call is the seccomp(2)
 * that installs it.  A failure is ignored: the process is confined already,
 * and the programs it executes then install their own filter. */
void stamp_install(uint64_t tag);

#endif
