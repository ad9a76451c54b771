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
    m->keys = jaga_calloc(cap, sizeof(*m->keys));
    m->vals = jaga_calloc(cap, sizeof(*m->vals));
    if (!m->keys || !m->vals) {
        jaga_free(m->keys);
        jaga_free(m->vals);
        m->keys = NULL;
        m->vals = NULL;
        return -ENOMEM;
    }
    m->mask = cap - 1;
    m->count = 0;
    return 0;
}

void jaga_idmap_free(struct jaga_idmap *m)
{
    jaga_free(m->keys);
    jaga_free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->count = 0;
}

void jaga_idmap_put(struct jaga_idmap *m, uint64_t key, uint32_t val)
{
    uint64_t i = (key ^ key >> 29) & m->mask;
    while (m->keys[i]) {
        if (m->keys[i] == key)
            return;
        i = (i + 1) & m->mask;
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->count++;
}
