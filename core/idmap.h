// SPDX-License-Identifier: Apache-2.0
/*
 * A small immutable map from 64-bit id hashes to 32-bit values, for reference data consulted on
 * the hot path (watch-listed accounts, the accounts file). Built once at load; lookups are a
 * few probes in a table sized at load <= 1/2.
 */
#ifndef JAGA_CORE_IDMAP_H
#define JAGA_CORE_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct jaga_idmap_slot {
    uint64_t key; /* 0 = empty */
    uint32_t val;
    uint32_t pad_;
};

/* Key and value share a 16-byte slot, so a lookup touches one cache line; the table lives on
 * huge pages where the kernel gives them (a miss on a 4 KiB page in a guest costs a
 * two-dimensional page walk on top of the cache miss). */
struct jaga_idmap {
    struct jaga_idmap_slot *slots;
    uint64_t mask;
    uint64_t count;
    size_t bytes; /* size of the allocation */
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
        const struct jaga_idmap_slot *s = &m->slots[i];
        if (s->key == key)
            return s->val;
        if (!s->key)
            return UINT32_MAX;
        i = (i + 1) & m->mask;
    }
}

#endif
