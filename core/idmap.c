// SPDX-License-Identifier: Apache-2.0
/*
 * Construction of the id map of core/idmap.h; lookups are inline in the header.
 */
#include "core/idmap.h"

#include <errno.h>

#include "core/mem.h"

int jaga_idmap_init(struct jaga_idmap *m, uint64_t n)
{
    uint64_t cap = 16;
    while (cap < n * 2 + 1)
        cap <<= 1;
    m->bytes = cap * sizeof(*m->slots);
    /* Huge-page memory comes zeroed from the kernel: empty slots have key 0. */
    m->slots = jaga_huge_alloc(m->bytes);
    if (!m->slots) {
        m->bytes = 0;
        return -ENOMEM;
    }
    m->mask = cap - 1;
    m->count = 0;
    return 0;
}

void jaga_idmap_free(struct jaga_idmap *m)
{
    if (m->slots)
        jaga_huge_free(m->slots, m->bytes);
    m->slots = NULL;
    m->bytes = 0;
    m->count = 0;
}

void jaga_idmap_put(struct jaga_idmap *m, uint64_t key, uint32_t val)
{
    uint64_t i = (key ^ key >> 29) & m->mask;
    while (m->slots[i].key) {
        if (m->slots[i].key == key)
            return;
        i = (i + 1) & m->mask;
    }
    m->slots[i].key = key;
    m->slots[i].val = val;
    m->count++;
}
