// SPDX-License-Identifier: Apache-2.0
/*
 * Heap wrappers for the whole engine. They are thin on purpose: when the jemalloc feature is on,
 * jemalloc replaces the libc allocator at link time, so routing everything through these names
 * is what lets us swap or instrument the allocator in one place. The huge-page allocator is for
 * large, long-lived tables only; it is not a general allocator.
 */
#include "core/mem.h"
#include "core/base.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

void *jaga_malloc(size_t sz)
{
    return malloc(sz);
}

void *jaga_calloc(size_t n, size_t sz)
{
    return calloc(n, sz);
}

void *jaga_realloc(void *p, size_t sz)
{
    return realloc(p, sz);
}

void *jaga_aligned_alloc(size_t align, size_t sz)
{
    void *p = NULL;

    /* posix_memalign needs a power of two multiple of sizeof(void *); round small requests up
     * so callers can pass 8 or 16 without caring. */
    if (align < sizeof(void *))
        align = sizeof(void *);
    if (align & (align - 1))
        return NULL;
    if (sz == 0)
        sz = 1;
    if (posix_memalign(&p, align, sz) != 0)
        return NULL;
    return p;
}

void jaga_free(void *p)
{
    free(p);
}

char *jaga_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = malloc(len + 1);

    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

JAGA_COLD void *jaga_huge_alloc(size_t sz)
{
    void *p;

    if (sz == 0)
        return NULL;
    p = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_HUGEPAGE
    /* Transparent huge pages may be disabled or unsupported; the table still works with small
     * pages, only with more TLB misses, so a failure here is not an error. */
    (void)madvise(p, sz, MADV_HUGEPAGE);
#endif
    return p;
}

JAGA_COLD void jaga_huge_free(void *p, size_t sz)
{
    if (p)
        munmap(p, sz);
}
