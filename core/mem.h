// SPDX-License-Identifier: Apache-2.0
/*
 * All heap allocation goes through these (off the hot path only). With the jemalloc feature the
 * process links jemalloc, which replaces the libc allocator; large tables ask for huge pages.
 */
#ifndef JAGA_CORE_MEM_H
#define JAGA_CORE_MEM_H

#include <stddef.h>

void *jaga_malloc(size_t sz);
void *jaga_calloc(size_t n, size_t sz);
void *jaga_realloc(void *p, size_t sz);
/** 64-byte (or larger power of two) aligned allocation; free with jaga_free. */
void *jaga_aligned_alloc(size_t align, size_t sz);
void jaga_free(void *p);
char *jaga_strndup(const char *s, size_t n);

/** Large zeroed region for tables: mmap, madvise(MADV_HUGEPAGE) where the kernel allows, so a
 *  multi-GiB state table is not dominated by TLB misses (perf.md §1). Free with jaga_huge_free.
 *  Returns NULL on failure. */
void *jaga_huge_alloc(size_t sz);
void jaga_huge_free(void *p, size_t sz);

#endif
