#include "ruleset.h"

int ruleset_add(struct ruleset *set, uint32_t abi, int nr, unsigned phases)
{
    for (unsigned i = 0; i < set->count; i++) {
        if (set->rules[i].abi == abi && set->rules[i].nr == nr) {
            set->rules[i].phases |= phases;
            return 0;
        }
    }
    if (set->count >= RULESET_MAX)
        return -1;
    set->rules[set->count].abi = abi;
    set->rules[set->count].nr = nr;
    set->rules[set->count].phases = phases;
    set->count++;
    return 0;
}
