/* hello-static: like helloworld, but the Makefile links it with -static,
 * so there is no dynamic loader and no shared-library start-up. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    if (printf("Hello, static world!\n") < 0 || fflush(stdout) == EOF) {
        perror("hello-static: write");
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
