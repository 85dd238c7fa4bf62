/* libctorthread.so: its constructor starts a thread, as some libraries do (loggers, runtimes).
 * That thread exists before syscage's preload constructor installs the main-phase filter, so
 * only TSYNC confines it.  It waits until main() asks, then calls getppid. */
#include <pthread.h>
#include <unistd.h>

static pthread_t worker;
static int ready[2];
static int request[2];
static int reply[2];

static void *work(void *unused)
{
    char c = 'r';

    (void)unused;
    if (write(ready[1], &c, 1) != 1)
        return NULL;
    if (read(request[0], &c, 1) != 1)
        return NULL;
    c = getppid() > 0 ? 'y' : 'n';
    if (write(reply[1], &c, 1) != 1)
        return NULL;
    /* Parked until exit_group ends it: a join or a thread exit would race with main's exit
     * and make futex or exit appear in some runs only. */
    (void)read(request[0], &c, 1);
    return NULL;
}

/* Waits until the thread runs, as libraries that start workers usually do: the thread's own
 * start-up calls then happen before syscage's constructor, every run, not whenever it is scheduled. */
__attribute__((constructor)) static void start(void)
{
    char c;

    if (pipe(ready) != 0 || pipe(request) != 0 || pipe(reply) != 0
        || pthread_create(&worker, NULL, work, NULL) != 0 || read(ready[0], &c, 1) != 1)
        _exit(3);
}

/* Asks the constructor's thread to make its call; returns its answer. */
char ctorthread_ask(void)
{
    char c = 'a';

    if (write(request[1], &c, 1) != 1 || read(reply[0], &c, 1) != 1)
        return '?';
    return c;
}
