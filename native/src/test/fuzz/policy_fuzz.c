/* libFuzzer harness for the policy parser (README "Fuzzing").  Built with ASan and UBSan by
 * `make fuzz`; fail_fuzz.c turns the parser's fail() into a jump back here, so a rejected
 * input is an ordinary outcome and only crashes, leaks and undefined behaviour are findings. */
#include "../../policy.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

jmp_buf fuzz_rejected;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct ruleset set;
    /* The parser writes a terminator after the last byte, as into its static buffer. */
    char *text = malloc(size + 1);

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    memset(&set, 0, sizeof set);
    if (setjmp(fuzz_rejected) == 0)
        policy_parse(text, size, "fuzz.policy", &set);
    free(text);
    return 0;
}
