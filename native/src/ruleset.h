/* A set of system calls, each tagged with the phases it is listed in.
 * Fixed size and static in the callers: no allocation. */
#ifndef SYSCAGE_RULESET_H
#define SYSCAGE_RULESET_H

#include <stdint.h>

#define RULESET_MAX 4096        /* the contract's limit of syscall lines */

enum { PHASE_INIT = 1u, PHASE_MAIN = 2u };

struct rule {
    uint32_t abi;   /* libseccomp arch token (SCMP_ARCH_X86_64, SCMP_ARCH_X86, ...) */
    int nr;         /* the number libseccomp's rule_add takes: native number,
                       or libseccomp's (possibly pseudo) native number of the
                       same name, which it translates to ABI's number */
    unsigned phases;
};

struct ruleset {
    unsigned count;
    struct rule rules[RULESET_MAX];
};

/* Add (abi, nr) in PHASES; a repeated call just gains the phases.
 * Returns 0, or -1 when the set is full. */
int ruleset_add(struct ruleset *set, uint32_t abi, int nr, unsigned phases);

#endif
