/* euid: prints its real and effective user ids, to show what a setuid bit does (or does not do)
 * under a sandbox that set PR_SET_NO_NEW_PRIVS. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    return printf("uid %u euid %u\n", (unsigned)getuid(), (unsigned)geteuid()) < 0;
}
