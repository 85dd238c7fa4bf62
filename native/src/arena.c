/* The allocator of syscage's own code and of the libseccomp linked into it.
 *
 * The link wraps malloc, calloc, realloc, free and strdup (Makefile, -Wl,--wrap) so that
 * every allocation made while building a filter comes from this static arena and never
 * from the program's heap.  Why: glibc's heap decides when to call brk or mmap.  If the
 * constructor used it, the program's own allocations after the phase boundary would see
 * a heap shaped by how big the policy was, and a profile (built with an empty policy)
 * could learn other calls than enforcement makes.  With the arena the program's heap is
 * untouched, so profiling and enforcing leave it identical.  It also means free() can
 * never make a system call after the filter is installed.
 *
 * Memory is never reused: the constructor runs once per process.  The arena is .bss, so
 * only the pages actually touched cost memory, and touching them is a page fault, not a
 * system call. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ARENA_SIZE (16u << 20)
#define ALIGN 16u

static unsigned char arena[ARENA_SIZE] __attribute__((aligned(ALIGN)));
static size_t used;

/* Each block starts with its size, so realloc can copy it. */
struct header {
    size_t size;
    unsigned char pad[ALIGN - sizeof(size_t)];
};

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *old, size_t size);
void __wrap_free(void *block);
char *__wrap_strdup(const char *text);

void *__wrap_malloc(size_t size)
{
    size_t need = sizeof(struct header) + ((size + ALIGN - 1) & ~(size_t)(ALIGN - 1));
    struct header *h;

    if (size > ARENA_SIZE || need > ARENA_SIZE - used)
        return NULL; /* libseccomp reports ENOMEM; the caller fails closed */
    h = (struct header *)(arena + used);
    h->size = size;
    used += need;
    return h + 1;
}

void *__wrap_calloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    /* Arena memory is handed out once and starts zeroed (.bss). */
    return __wrap_malloc(count * size);
}

void *__wrap_realloc(void *old, size_t size)
{
    void *block;

    if (old == NULL)
        return __wrap_malloc(size);
    block = __wrap_malloc(size);
    if (block != NULL) {
        size_t before = ((struct header *)old - 1)->size;

        memcpy(block, old, before < size ? before : size);
    }
    return block;
}

void __wrap_free(void *block)
{
    (void)block;
}

char *__wrap_strdup(const char *text)
{
    size_t n = strlen(text) + 1;
    char *copy = __wrap_malloc(n);

    if (copy != NULL)
        memcpy(copy, text, n);
    return copy;
}
