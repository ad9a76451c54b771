// SPDX-License-Identifier: Apache-2.0
/*
 * The indicator engine and typology scorer: the stages after the scan. `run` updates account
 * state and computes every indicator for a batch, `score` turns fired indicators into typology
 * scores, `decide` emits alerts with their explanations. One engine per worker; it owns that
 * worker's state shard.
 */
#ifndef JAGA_MODELS_ENGINE_H
#define JAGA_MODELS_ENGINE_H

#include <stdint.h>

#include "core/alert.h"
#include "core/batch.h"
#include "core/refdata.h"
#include "core/state.h"
#include "models/pack.h"

struct jaga_engine_cfg {
    uint32_t struct_size;
    const struct jaga_pack *pack;         /* borrowed, must outlive the engine */
    const struct jaga_watchlist *watch;   /* borrowed, may be NULL */
    const struct jaga_accounts *accounts; /* borrowed, may be NULL */
    uint64_t expected_accounts;           /* initial state-table size */
    uint64_t max_accounts;                /* state-table cap, 0 = none */
    /* Above 0: a typology score that reaches `floor` but not the typology's threshold is also
     * written, with action "allow", for `jaga eval`'s threshold sweep. Not an alert: it is
     * counted in `below`, never in `alerts` or `subjects`, and changes no state. */
    float floor;
};

struct jaga_engine_stats {
    uint64_t alerts[JAGA_TYPO_MAX];   /* alerts per typology */
    uint64_t subjects[JAGA_TYPO_MAX]; /* distinct accounts alerted per typology */
    uint64_t below[JAGA_TYPO_MAX];    /* "allow" records under cfg.floor */
    uint64_t fired[JAGA_IND_COUNT];   /* transactions on which each indicator fired */
    struct jaga_state_stats state;
    struct jaga_state_stats warm; /* warm lines */
};

struct jaga_engine;

void jaga_engine_cfg_default(struct jaga_engine_cfg *cfg);
/** 0, -EINVAL or -ENOMEM; *out untouched on failure. COLD. */
int jaga_engine_create(const struct jaga_engine_cfg *cfg, struct jaga_engine **out);
void jaga_engine_destroy(struct jaga_engine *e);

/** Updates account state and fills b->fired / b->ind_val. HOT: no alloc/lock/syscall (the
 *  state table may grow between batches, at the top of this call). */
void jaga_engine_run(struct jaga_engine *e, struct jaga_batch *b);
/** Fills b->score for every typology of the pack. HOT. Pure function of the batch. */
void jaga_score_batch_c(const struct jaga_pack *p, struct jaga_batch *b);
/** Emits every alert of the batch, in record order then typology order. Alerts are rare, so
 *  this builds explanations on the spot. */
void jaga_engine_decide(struct jaga_engine *e, const struct jaga_batch *b, jaga_alert_fn fn,
                        void *ctx);

void jaga_engine_get_stats(const struct jaga_engine *e, struct jaga_engine_stats *out);

#endif
