/* ctorthread: a program linked against libctorthread.so, whose constructor started a thread
 * before main.  The thread makes its call only when main asks (after every constructor ran). */
#include <stdio.h>

char ctorthread_ask(void);

int main(void)
{
    char answer = ctorthread_ask();

    printf("constructor thread answered %c\n", answer);
    return answer == 'y' ? 0 : 1;
}
