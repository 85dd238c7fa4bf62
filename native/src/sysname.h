/* Turning the policy's names for system calls into libseccomp's terms. */
#ifndef SYSCAGE_SYSNAME_H
#define SYSCAGE_SYSNAME_H

#include <stddef.h>
#include <stdint.h>

/* Highest syscall number a policy may give as a decimal number. */
#define SYSNAME_MAX_NUMBER 0x3FFFFFFF  /* below X32_SYSCALL_BIT */

/* Resolve SPEC: a libseccomp name ("openat"), a decimal number
 * (0 ... SYSNAME_MAX_NUMBER = 1073741823, native ABI), or "ABI:NAME" for another ABI of
 * this machine ("x86:getpid", "x32:getpid").  On success stores the ABI's
 * libseccomp token and the number ruleset/filter use, and returns 0.  On
 * failure writes a reason ("WHAT; HOW TO FIX") to WHY and returns -1. */
int sysname_resolve(const char *spec, uint32_t *abi, int *nr,
                    char *why, size_t why_size);

/* Like sysname_resolve, but only names of the native ABI. */
int sysname_resolve_native_name(const char *name, int *nr,
                                char *why, size_t why_size);

/* libseccomp's name of the native ABI ("x86_64"). */
const char *sysname_native_abi(void);

/* The ABI that a policy's plain names and numbers, its "arch" line and the filter's
 * first section belong to: this machine's native one.  Only the filter golden-file
 * program (src/test/c/filter_pfc.c) sets another, to build aarch64 filters on x86_64;
 * the launcher and the library never do. */
uint32_t sysname_native(void);
void sysname_set_native(uint32_t abi);

#endif
