/* libctorthread.so: its constructor starts a thread, as some libraries do (loggers, runtimes).
 * That thread exists before syscage's preload constructor installs the main-phase filter, so
 * only TSYNC confines it.  It waits until main() asks, then calls getppid. */
#include <pthread.h>
#include <unistd.h>

static pthread_t worker;
static int request[2];
static int reply[2];

static void *work(void *unused)
{
    char c;

    (void)unused;
    if (read(request[0], &c, 1) != 1)
        return NULL;
    c = getppid() > 0 ? 'y' : 'n';
    if (write(reply[1], &c, 1) != 1)
        return NULL;
    return NULL;
}

__attribute__((constructor)) static void start(void)
{
    if (pipe(request) != 0 || pipe(reply) != 0 || pthread_create(&worker, NULL, work, NULL) != 0)
        _exit(3);
}

/* Asks the constructor's thread to make its call; returns its answer. */
char ctorthread_ask(void)
{
    char c = 'a';

    if (write(request[1], &c, 1) != 1 || read(reply[0], &c, 1) != 1 || pthread_join(worker, NULL) != 0)
        return '?';
    return c;
}
