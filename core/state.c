// SPDX-License-Identifier: Apache-2.0
/*
 * The account state table (core/state.h): linear probing over a power-of-two array of 64-byte
 * entries on huge pages. The load factor is kept at or below 1/2 so that a lookup usually
 * touches one line (perf.md §4: load 0.75 costs 1.46 extra probes and -40% throughput).
 */
#include "core/state.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/base.h"
#include "core/mem.h"

struct jaga_state {
    struct jaga_acct *slots;
    uint64_t mask; /* capacity - 1 */
    uint64_t count;
    uint64_t max_cap; /* capacity cap (power of two) */
    uint64_t overflow;
    uint64_t grows;
    struct jaga_acct scratch; /* handed out when the table is at its cap */
};

/* Home slot from the high bits: the low 16 bits of a hash become counterparty fingerprints in
 * the sets, so keep the two independent. */
static inline uint64_t home(uint64_t key, uint64_t mask)
{
    return (key >> 20 ^ key >> 44) & mask;
}

static uint64_t pow2_at_least(uint64_t n)
{
    uint64_t c = 1024;
    while (c < n)
        c <<= 1;
    return c;
}

JAGA_COLD int jaga_state_create(uint64_t expected, uint64_t max_accounts, struct jaga_state **out)
{
    struct jaga_state *st = jaga_calloc(1, sizeof(*st));
    if (!st)
        return -ENOMEM;
    uint64_t cap = pow2_at_least(expected * 2 + 1);
    st->max_cap = max_accounts ? pow2_at_least(max_accounts * 2) : (UINT64_C(1) << 40);
    if (cap > st->max_cap)
        cap = st->max_cap;
    st->slots = jaga_huge_alloc(cap * sizeof(struct jaga_acct));
    if (!st->slots) {
        jaga_free(st);
        return -ENOMEM;
    }
    st->mask = cap - 1;
    *out = st;
    return 0;
}

JAGA_COLD void jaga_state_destroy(struct jaga_state *st)
{
    if (!st)
        return;
    jaga_huge_free(st->slots, (st->mask + 1) * sizeof(struct jaga_acct));
    jaga_free(st);
}

static JAGA_COLD int grow(struct jaga_state *st)
{
    uint64_t ncap = (st->mask + 1) * 2;
    struct jaga_acct *ns = jaga_huge_alloc(ncap * sizeof(struct jaga_acct));
    if (!ns)
        return -ENOMEM;
    uint64_t nmask = ncap - 1;
    for (uint64_t i = 0; i <= st->mask; i++) {
        const struct jaga_acct *a = &st->slots[i];
        if (!a->key)
            continue;
        uint64_t j = home(a->key, nmask);
        while (ns[j].key)
            j = (j + 1) & nmask;
        ns[j] = *a;
    }
    jaga_huge_free(st->slots, (st->mask + 1) * sizeof(struct jaga_acct));
    st->slots = ns;
    st->mask = nmask;
    st->grows++;
    return 0;
}

int jaga_state_reserve(struct jaga_state *st, uint32_t n)
{
    while ((st->count + n) * 2 > st->mask + 1 && st->mask + 1 < st->max_cap) {
        int rc = grow(st);
        if (rc)
            return rc;
    }
    return 0;
}

void jaga_state_prefetch(const struct jaga_state *st, uint64_t key)
{
    __builtin_prefetch(&st->slots[home(key, st->mask)], 1, 3);
}

/* The slot holding `key`, or the empty slot where it would go. */
static inline struct jaga_acct *probe(const struct jaga_state *st, uint64_t key)
{
    uint64_t i = home(key, st->mask);
    while (st->slots[i].key && st->slots[i].key != key)
        i = (i + 1) & st->mask;
    return &st->slots[i];
}

JAGA_HOT struct jaga_acct *jaga_state_get(struct jaga_state *st, uint64_t key, uint32_t now_min)
{
    struct jaga_acct *a = probe(st, key);
    if (a->key)
        return a;
    /* Past 7/8 load (only reachable at the cap) new accounts are not tracked: they share the
     * scratch entry, which is cleared for each use so nothing leaks between them. */
    if ((st->count + 1) * 8 > (st->mask + 1) * 7) {
        st->overflow++;
        memset(&st->scratch, 0, sizeof(st->scratch));
        st->scratch.key = key;
        st->scratch.base_min = now_min - now_min % 60;
        return &st->scratch;
    }
    a->key = key;
    a->base_min = now_min - now_min % 60;
    st->count++;
    return a;
}

JAGA_HOT struct jaga_acct *jaga_state_find(const struct jaga_state *st, uint64_t key)
{
    struct jaga_acct *a = probe(st, key);
    return a->key ? a : NULL;
}

void jaga_state_get_stats(const struct jaga_state *st, struct jaga_state_stats *out)
{
    out->count = st->count;
    out->capacity = st->mask + 1;
    out->overflow = st->overflow;
    out->grows = st->grows;
}

/* Stamps are 16-bit hours since base, plus one. When an event would land beyond the range,
 * move the base forward so the newest stamps keep ~3.4 years of history below them; anything
 * older than that is far outside every window and is cleared. */
#define STAMP_LIMIT 65000u
#define STAMP_SHIFT 30000u

static void shift16(uint16_t *s, unsigned n, uint32_t by)
{
    for (unsigned k = 0; k < n; k++)
        s[k] = s[k] > by ? (uint16_t)(s[k] - by) : 0;
}

static void shift32(uint32_t *s, unsigned n, uint32_t by)
{
    for (unsigned k = 0; k < n; k++) {
        uint32_t t = s[k] & 0xffffu;
        s[k] = t > by ? (s[k] & 0xffff0000u) | (t - by) : 0;
    }
}

JAGA_HOT uint16_t jaga_acct_stamp(struct jaga_acct *a, uint32_t now_min)
{
    /* Events older than the base (out-of-order input) count as happening at the base. */
    uint32_t h = now_min > a->base_min ? (now_min - a->base_min) / 60 : 0;
    if (jaga_unlikely(h + 1 > STAMP_LIMIT)) {
        uint32_t by = h - STAMP_SHIFT;
        a->base_min += by * 60;
        a->flags |= JAGA_ACCT_AGED;
        uint16_t last = a->last_h;
        shift16(&last, 1, by);
        a->last_h = last;
        shift16(a->vel_h, JAGA_VEL_SLOTS, by);
        shift32(a->out_set, JAGA_OUT_SLOTS, by);
        shift32(a->in_set, JAGA_IN_SLOTS, by);
        h -= by;
    }
    return (uint16_t)(h + 1);
}
