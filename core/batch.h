// SPDX-License-Identifier: Apache-2.0
/*
 * The struct-of-arrays transaction batch every stage works on. A source fills it (parse), the
 * scanner adds memo and name hits, the indicator engine adds features and the scorer adds
 * typology scores; sinks read it. A batch owns copies of its strings in its arena, so it never
 * points into a reader's buffer and can cross a ring to another core.
 */
#ifndef JAGA_CORE_BATCH_H
#define JAGA_CORE_BATCH_H

#include <stdalign.h>
#include <stdint.h>

/* Records per batch. 256 keeps every column in L1/L2 and amortises per-call costs
 * (perf.md §2: Hyperscan over concatenated batches of 256 is as fast as one huge scan). */
#define JAGA_BATCH_MAX 256

/* Longest record accepted (bytes, one CSV record including quoted newlines). */
#define JAGA_REC_MAX (64 * 1024)

/* Arena for the batch's strings. A source closes a batch early when less than JAGA_REC_MAX
 * bytes remain, so one record always fits. */
#define JAGA_ARENA_SIZE (1024 * 1024)

/* Indicator slots and typology slots a pack may define. */
#define JAGA_IND_MAX  64
#define JAGA_TYPO_MAX 8

enum jaga_channel {
    JAGA_CH_NONE = 0, /* column absent or empty */
    JAGA_CH_TRANSFER,
    JAGA_CH_INSTANT,
    JAGA_CH_REMITTANCE,
    JAGA_CH_EWALLET,
    JAGA_CH_CARD,
    JAGA_CH_QR,
    JAGA_CH_ATM,
    JAGA_CH_CRYPTO,
    JAGA_CH_GIFTCARD,
    JAGA_CH_GAMING,
    JAGA_CH_CROWDFUNDING,
    JAGA_CH_OTHER,
    JAGA_CH_COUNT
};

/* A byte slice of the batch arena. len == 0 means absent or empty. */
struct jaga_sref {
    uint32_t off;
    uint32_t len;
};

/* Bits of jaga_batch.memo_hits: one bit per lexicon category (see models/rules/scan.h). */
#define JAGA_MEMO_MAX_CATEGORIES 32

struct jaga_batch {
    uint32_t n;          /* records in the batch */
    uint32_t arena_used; /* bytes of arena in use */
    uint32_t source;     /* index of the input the records came from */
    uint32_t pad_;

    /* Position: seq is the record's 0-based index over the whole run (alerts are ordered by
     * it); line is the 1-based physical line where the record starts in its source. */
    alignas(64) uint64_t seq[JAGA_BATCH_MAX];
    alignas(64) uint64_t line[JAGA_BATCH_MAX];

    /* Parsed columns (io/csv.c). */
    alignas(64) int64_t ts_ms[JAGA_BATCH_MAX];     /* event time, ms since 1970-01-01 UTC */
    alignas(64) int64_t amount_e4[JAGA_BATCH_MAX]; /* amount x 10^4 in `currency` units */
    alignas(64) uint64_t debtor_h[JAGA_BATCH_MAX]; /* jaga_hash_id(debtor_id) */
    alignas(64) uint64_t creditor_h[JAGA_BATCH_MAX];
    alignas(64) uint16_t currency[JAGA_BATCH_MAX];  /* jaga_ccy_code(), never 0 */
    alignas(64) uint16_t debtor_cc[JAGA_BATCH_MAX]; /* jaga_cc_code(), 0 = absent */
    alignas(64) uint16_t creditor_cc[JAGA_BATCH_MAX];
    alignas(64) uint16_t mcc[JAGA_BATCH_MAX];     /* 0..9999, JAGA_MCC_NONE when absent */
    alignas(64) uint8_t channel[JAGA_BATCH_MAX];  /* enum jaga_channel */
    alignas(64) uint32_t purpose[JAGA_BATCH_MAX]; /* up to 4 ASCII bytes packed, 0 = absent */

    alignas(64) struct jaga_sref tx_id[JAGA_BATCH_MAX];
    alignas(64) struct jaga_sref debtor_id[JAGA_BATCH_MAX];
    alignas(64) struct jaga_sref creditor_id[JAGA_BATCH_MAX];
    alignas(64) struct jaga_sref debtor_name[JAGA_BATCH_MAX];
    alignas(64) struct jaga_sref creditor_name[JAGA_BATCH_MAX];
    alignas(64) struct jaga_sref memo[JAGA_BATCH_MAX];

    /* Scanner output (models/rules/scan.c). */
    alignas(64) uint32_t memo_hits[JAGA_BATCH_MAX];     /* bit c set: lexicon category c matched */
    alignas(64) int32_t debtor_wl_name[JAGA_BATCH_MAX]; /* watch-list entry index, -1 none */
    alignas(64) int32_t creditor_wl_name[JAGA_BATCH_MAX];

    /* Indicator engine output (models/engine.c): fired[i] bit k = indicator slot k fired;
     * ind_val[k][i] its value (count, severity, ...). */
    alignas(64) uint64_t fired[JAGA_BATCH_MAX];
    alignas(64) uint32_t ind_val[JAGA_IND_MAX][JAGA_BATCH_MAX];

    /* Scorer output: score of typology t for record i, in [0, 1]. */
    alignas(64) float score[JAGA_TYPO_MAX][JAGA_BATCH_MAX];

    alignas(64) char arena[JAGA_ARENA_SIZE];
};

#define JAGA_MCC_NONE 0xffffu

static inline const char *jaga_batch_str(const struct jaga_batch *b, struct jaga_sref s)
{
    return b->arena + s.off;
}

#endif
