// SPDX-License-Identifier: Apache-2.0
/*
 * A small immutable map from 64-bit id hashes to 32-bit values, for reference data consulted on
 * the hot path (watch-listed accounts, the accounts file). Built once at load; lookups are a
 * few probes in a table sized at load <= 1/2.
 */
#ifndef JAGA_CORE_IDMAP_H
#define JAGA_CORE_IDMAP_H

#include <stdint.h>

struct jaga_idmap {
    uint64_t *keys; /* 0 = empty */
    uint32_t *vals;
    uint64_t mask;
    uint64_t count;
};

/** Sizes an empty map for n keys. 0 or -ENOMEM. COLD. */
int jaga_idmap_init(struct jaga_idmap *m, uint64_t n);
void jaga_idmap_free(struct jaga_idmap *m);
/** Inserts key -> val unless key is present (the first value wins). COLD. */
void jaga_idmap_put(struct jaga_idmap *m, uint64_t key, uint32_t val);

/** Value of key, or UINT32_MAX. HOT. */
static inline uint32_t jaga_idmap_get(const struct jaga_idmap *m, uint64_t key)
{
    if (!m->count)
        return UINT32_MAX;
    uint64_t i = (key ^ key >> 29) & m->mask;
    for (;;) {
        if (m->keys[i] == key)
            return m->vals[i];
        if (!m->keys[i])
            return UINT32_MAX;
        i = (i + 1) & m->mask;
    }
}

#endif
