/* myos: calls uname(2) and prints the kernel's sysname. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>

int main(void)
{
    struct utsname u;

    if (uname(&u) != 0) {
        perror("myos: uname");
        return EXIT_FAILURE;
    }
    if (printf("My OS is %s!\n", u.sysname) < 0 || fflush(stdout) == EOF) {
        perror("myos: write");
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
