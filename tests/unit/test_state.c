// SPDX-License-Identifier: Apache-2.0
/*
 * Account state table: lookups, collisions, growth, the cap, and hour stamps with rebasing.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "core/state.h"

/* Keys whose home slot is equal in any table up to 2^20 slots: the home index uses bits 20+
 * (core/state.c), so keys differing only in their low 20 bits collide. */
static uint64_t colliding(unsigned k)
{
    return UINT64_C(0x5a5a000000000000) | (uint64_t)(k + 1);
}

Test(state, insert_find_and_collisions)
{
    struct jaga_state *st;
    cr_assert_eq(jaga_state_create(1000, 0, &st), 0);
    for (unsigned k = 0; k < 50; k++) {
        struct jaga_acct *a = jaga_state_get(st, colliding(k), 1000);
        cr_assert_eq(a->key, colliding(k));
        a->corr = (uint16_t)(k + 7);
    }
    for (unsigned k = 0; k < 50; k++) {
        struct jaga_acct *a = jaga_state_find(st, colliding(k));
        cr_assert_not_null(a);
        cr_assert_eq(a->corr, k + 7, "entry %u lost its value across a probe chain", k);
        cr_assert_eq(jaga_state_get(st, colliding(k), 5000), a, "get must not re-insert");
    }
    cr_assert_null(jaga_state_find(st, colliding(999)));
    struct jaga_state_stats s;
    jaga_state_get_stats(st, &s);
    cr_assert_eq(s.count, 50);
    jaga_state_destroy(st);
}

Test(state, grows_and_keeps_every_entry)
{
    struct jaga_state *st;
    cr_assert_eq(jaga_state_create(16, 0, &st), 0);
    struct jaga_state_stats s;
    jaga_state_get_stats(st, &s);
    uint64_t cap0 = s.capacity;
    const unsigned n = 200000;
    for (unsigned k = 0; k < n; k += 256) {
        cr_assert_eq(jaga_state_reserve(st, 256), 0);
        for (unsigned j = k; j < k + 256 && j < n; j++) {
            struct jaga_acct *a = jaga_state_get(st, (uint64_t)j * 0x9E3779B97F4A7C15u + 1, j);
            a->corr = (uint16_t)j;
        }
    }
    jaga_state_get_stats(st, &s);
    cr_assert_eq(s.count, n);
    cr_assert_gt(s.capacity, cap0);
    cr_assert_geq(s.capacity, 2 * s.count, "load must stay <= 1/2");
    cr_assert_eq(s.overflow, 0);
    for (unsigned j = 0; j < n; j++) {
        struct jaga_acct *a = jaga_state_find(st, (uint64_t)j * 0x9E3779B97F4A7C15u + 1);
        cr_assert_not_null(a);
        cr_assert_eq(a->corr, (uint16_t)j);
        cr_assert_eq(a->base_min, j - j % 60, "base is the start of the clock hour");
    }
    jaga_state_destroy(st);
}

Test(state, cap_uses_scratch_and_counts)
{
    struct jaga_state *st;
    /* Cap 1000 accounts -> 2048 slots; beyond 7/8 load new accounts are not tracked. */
    cr_assert_eq(jaga_state_create(1000, 1000, &st), 0);
    for (unsigned k = 0; k < 3000; k++) {
        jaga_state_reserve(st, 1);
        struct jaga_acct *a = jaga_state_get(st, (uint64_t)k * 0x9E3779B97F4A7C15u + 7, 1);
        cr_assert_eq(a->key, (uint64_t)k * 0x9E3779B97F4A7C15u + 7);
        cr_assert_eq(a->corr, 0, "a new or scratch entry starts empty");
        a->corr = 1;
    }
    struct jaga_state_stats s;
    jaga_state_get_stats(st, &s);
    cr_assert_eq(s.capacity, 2048);
    cr_assert_eq(s.count, 1792);
    cr_assert_eq(s.overflow, 3000 - 1792);
    /* Tracked accounts are still there. */
    cr_assert_not_null(jaga_state_find(st, 7));
    jaga_state_destroy(st);
}

Test(state, stamps_are_hours_since_base)
{
    struct jaga_acct a;
    memset(&a, 0, sizeof(a));
    a.base_min = 600000;
    cr_assert_eq(jaga_acct_stamp(&a, 600000), 1);
    cr_assert_eq(jaga_acct_stamp(&a, 600059), 1);
    cr_assert_eq(jaga_acct_stamp(&a, 600060), 2);
    cr_assert_eq(jaga_acct_stamp(&a, 600000 + 720 * 60), 721);
    /* Out-of-order events before the base count as at the base. */
    cr_assert_eq(jaga_acct_stamp(&a, 10), 1);
    cr_assert_eq(jaga_stamp_age(721, 1), 720);
    cr_assert_eq(jaga_stamp_age(1, 721), 0);
}

Test(state, rebase_keeps_recent_and_clears_old)
{
    struct jaga_acct a;
    memset(&a, 0, sizeof(a));
    a.base_min = 0;
    uint32_t recent_h = 64990, old_h = 100; /* stamps are hours + 1 */
    a.vel_h[0] = (uint16_t)(recent_h + 1);
    a.vel_h[1] = (uint16_t)(old_h + 1);
    a.out_set[0] = 0xabcd0000u | (recent_h + 1);
    a.in_set[0] = 0x12340000u | (old_h + 1);
    uint32_t now_h = 65100;
    uint16_t s = jaga_acct_stamp(&a, now_h * 60);
    cr_assert(a.flags & JAGA_ACCT_AGED);
    cr_assert_eq(jaga_stamp_age(s, a.vel_h[0]), now_h - recent_h, "age of a recent stamp kept");
    cr_assert_eq(a.vel_h[1], 0, "years-old stamp cleared");
    cr_assert_eq(a.out_set[0] >> 16, 0xabcd, "fingerprint kept");
    cr_assert_eq(jaga_stamp_age(s, (uint16_t)a.out_set[0]), now_h - recent_h);
    cr_assert_eq(a.in_set[0], 0);
    cr_assert_eq(a.base_min + (uint32_t)(s - 1) * 60, now_h * 60);
}
