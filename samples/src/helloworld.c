/* helloworld: the smallest possible sample - one line on stdout. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    if (printf("Hello, world!\n") < 0 || fflush(stdout) == EOF) {
        perror("helloworld: write");
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
