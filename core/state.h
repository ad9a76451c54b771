// SPDX-License-Identifier: Apache-2.0
/*
 * Per-account state: an open-addressing, linear-probing table of 64-byte entries keyed by the
 * 64-bit hash of the account id. One entry is one cache line, so an account update touches one
 * line (perf.md §4). The table grows by doubling between batches (never inside one, so entry
 * pointers taken for a batch stay valid) up to a cap; past the cap new accounts share a scratch
 * entry and are counted, instead of failing.
 *
 * Times inside an entry are 16-bit stamps of UTC clock hours relative to the entry's own base
 * (stamp = clock hours since base + 1, 0 = empty; the base is the start of the clock hour of
 * first sight), rebased forward when they would overflow. A window of W hours therefore holds
 * the events of the current clock hour and the W - 1 before it, whatever else the account did:
 * exact in clock hours, and independent of the account's history.
 */
#ifndef JAGA_CORE_STATE_H
#define JAGA_CORE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Capacities of the per-account rings; a pack's thresholds must not exceed them. */
#define JAGA_VEL_SLOTS 4
#define JAGA_OUT_SLOTS 4
#define JAGA_IN_SLOTS  5

/* jaga_acct.flags */
#define JAGA_ACCT_NEWOPEN     0x0001u /* opened within RF-NEW-01's days of its first transaction */
#define JAGA_ACCT_WL          0x0002u /* account id is on the watch list (exact) */
#define JAGA_ACCT_AGED        0x0004u /* base was rebased: first seen > ~3 years before base */
#define JAGA_ACCT_NAMECHK     0x0008u /* the holder's name was checked against the watch list */
#define JAGA_ACCT_SEX_M       0x0010u
#define JAGA_ACCT_SEX_F       0x0020u
#define JAGA_ACCT_CUSTOMER    0x0040u       /* a named customer of an omnibus (remitter) account */
#define JAGA_ACCT_NET         0x0080u       /* has paid a watch-listed account (RF-NET-01) */
#define JAGA_CORR_NAMEFP(c)   ((c)&0x07ffu) /* 1..2047: name and country last matched, 0 none */
#define JAGA_CORR_NAMEHIT     0x0800u       /* that name matched a watch-list name (fuzzy) */
#define JAGA_CORR_NIGHT(c, k) (((c) >> (12 + (k))) & 1u)

/* jaga_acct.kind: the account kind (enum jaga_acct_kind) in the low bits; above it, one bit
 * per warm-line class the account has (so the hot path looks a warm line up only when it
 * exists). */
#define JAGA_KIND_MASK   0x07u
#define JAGA_WARM_BIT(c) ((uint8_t)(0x08u << (c)))
enum {
    JAGA_WARM_DBAND0 = 0, /* inflows in domestic band 0 (RF-LAY-01) */
    JAGA_WARM_DBAND1,     /* inflows in domestic band 1 (RF-LAY-01) */
    JAGA_WARM_YOUNGPAY,   /* inflows from young payers (RF-MULE-01) */
    JAGA_WARM_YOUNG,      /* a young holder's own line (RF-FSEC-01, RF-CPY-01) */
    JAGA_WARM_PAYER,      /* a corridor or platform payer's line (RF-ESC-01, RF-MICRO-01) */
    JAGA_WARM_CLASSES
};
_Static_assert(JAGA_WARM_CLASSES <= 5, "warm-line bits must fit above the kind in a byte");

/* Bit 8 + t: typology t has alerted on this account (distinct-subject counts). */
#define JAGA_ACCT_ALERTED(t) ((uint16_t)(0x0100u << (t)))

struct jaga_acct {
    uint64_t key;                     /* jaga_hash_id(account id); 0 = empty slot */
    uint32_t base_min;                /* minutes since 1970 of the stamp base, a whole clock hour */
    uint16_t flags;                   /* JAGA_ACCT_* */
    uint8_t kind;                     /* account kind from the accounts file, 0 unknown */
    uint8_t byear;                    /* birth year - 1900, 0 unknown */
    uint16_t last_h;                  /* stamp of the latest transaction seen */
    uint16_t corr;                    /* JAGA_CORR_NAMEFP and JAGA_CORR_NAMEHIT: the name last
                                       * matched (RF-WL-03) and whether it matched;
                                       * JAGA_CORR_NIGHT: night bit
                                       * per vel_h slot */
    uint16_t vel_h[JAGA_VEL_SLOTS];   /* stamps of the latest low-value corridor debits */
    uint32_t out_set[JAGA_OUT_SLOTS]; /* 15-bit creditor fingerprint << 16 | stamp */
    uint32_t in_set[JAGA_IN_SLOTS];   /* night << 31 | 15-bit debtor fp << 16 | stamp */
};

_Static_assert(sizeof(struct jaga_acct) == 64, "account state must be one cache line");

/*
 * Warm lines: a second tier of per-account state, in a table of its own, for the few accounts
 * that need more than the hot line holds (collectors, young holders). Same table code, so the
 * same rules: 64 bytes, key first, the table writes base_min at insert. A warm line's key is the
 * account key mixed with its class (jaga_warm_key).
 *
 * A flow line follows money in and out of an account in three clock-aligned buckets of
 * `bucket_h` hours (a window of W hours uses buckets of ceil(W / 3) hours): inflow and outflow
 * in US cents, and the distinct payers of each bucket as a 32-bit linear-counting bitmap.
 */
#define JAGA_FLOW_BUCKETS    3
#define JAGA_FLOW_PAYERS_MAX 40 /* the 3 x 32-bit bitmaps estimate this many payers well */
struct jaga_flow {
    uint64_t key;
    uint32_t base_min;                  /* written by the table; unused */
    uint32_t slot[JAGA_FLOW_BUCKETS];   /* bucket number + 1 (clock hours / bucket_h); 0 = empty */
    uint32_t in_c[JAGA_FLOW_BUCKETS];   /* inflow, US cents, saturating */
    uint32_t out_c[JAGA_FLOW_BUCKETS];  /* outflow, US cents, saturating */
    uint32_t payers[JAGA_FLOW_BUCKETS]; /* bit (payer hash % 32) per distinct payer */
    uint32_t pad;
};
_Static_assert(sizeof(struct jaga_flow) == 64, "a flow line is one cache line");

/* A young holder's line: the current burst of payments to new counterparties (RF-FSEC-01) and
 * the counterparties seen so far in either direction (15-bit fingerprint << 16 | hours since
 * base, saturating), oldest replaced first. */
#define JAGA_YOUNG_KNOWN 8
struct jaga_young {
    uint64_t key;
    uint32_t base_min; /* minutes since 1970 of the line's first use, a whole clock hour */
    uint32_t burst_h;  /* clock hour (since 1970) the current burst started; 0 = none */
    uint32_t burst_c;  /* burst total, US cents */
    uint16_t burst_n;  /* payments in the burst */
    uint16_t loaded;   /* 1 once holder_fp / guardian_fp are read from the accounts file */
    uint32_t holder_fp, guardian_fp; /* 32-bit fingerprints of the holder and guardian, 0 none */
    uint32_t known[JAGA_YOUNG_KNOWN];
};
_Static_assert(sizeof(struct jaga_young) == 64, "a young holder's line is one cache line");

/* A payer's line: corridor payments in the current and the previous period of the RF-ESC-01
 * window (count and US cents), and the payments to one platform merchant (RF-MICRO-01: its
 * 15-bit fingerprint and the clock hours of its latest payments, oldest replaced first). */
#define JAGA_MICRO_SLOTS 8
struct jaga_payer {
    uint64_t key;
    uint32_t base_min; /* written by the table; unused */
    uint32_t period;   /* period number + 1 of cur_* (clock hours / window); 0 = none */
    uint32_t cur_c, prev_c;
    uint16_t cur_n, prev_n;
    uint16_t micro_fp;
    uint16_t pad;
    uint32_t micro_h[JAGA_MICRO_SLOTS]; /* clock hour + 1 since 1970; 0 = empty */
};
_Static_assert(sizeof(struct jaga_payer) == 64, "a payer's line is one cache line");

static inline uint64_t jaga_warm_key(uint64_t acct_key, unsigned cls)
{
    uint64_t k = (acct_key ^ (0x9E3779B97F4A7C15ull * (cls + 1))) * 0xD6E8FEB86659FD93ull;
    return (k ^ k >> 32) | 1;
}

struct jaga_state;

struct jaga_state_stats {
    uint64_t count;    /* accounts held */
    uint64_t capacity; /* slots */
    uint64_t overflow; /* lookups that found the table at its cap (shared scratch entry) */
    uint64_t grows;    /* doublings so far */
};

/** Creates a table sized for `expected` accounts (load <= 0.5), growing up to `max_accounts`
 *  (0 = no cap but memory). 0 or -ENOMEM; *out untouched on failure. COLD. */
int jaga_state_create(uint64_t expected, uint64_t max_accounts, struct jaga_state **out);
/** Frees the table; NULL is fine. COLD. */
void jaga_state_destroy(struct jaga_state *st);

/** Makes room for `n` more accounts before a batch (may grow; invalidates entry pointers).
 *  Returns 0, or -ENOMEM when growth failed (the table keeps working at its size). COLD-ish:
 *  once per batch. */
int jaga_state_reserve(struct jaga_state *st, uint32_t n);

/** Prefetches the home slot of `key`. HOT. */
void jaga_state_prefetch(const struct jaga_state *st, uint64_t key);

/** Finds or inserts `key` (base set to `now_min` on insert). Never NULL: at the cap, returns a
 *  zeroed scratch entry and counts it. Pointers stay valid until the next reserve. HOT. */
struct jaga_acct *jaga_state_get(struct jaga_state *st, uint64_t key, uint32_t now_min);
/** Finds `key` without inserting; NULL when absent. HOT. */
struct jaga_acct *jaga_state_find(const struct jaga_state *st, uint64_t key);

void jaga_state_get_stats(const struct jaga_state *st, struct jaga_state_stats *out);

/** Stamp of event time `now_min` for entry `a`, rebasing the entry first when needed. HOT. */
uint16_t jaga_acct_stamp(struct jaga_acct *a, uint32_t now_min);

/** Hours between two stamps of one entry (now - then), 0 when then is later. */
static inline uint32_t jaga_stamp_age(uint16_t now, uint16_t then)
{
    return now > then ? (uint32_t)(now - then) : 0;
}

#endif
