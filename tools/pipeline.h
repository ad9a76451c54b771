// SPDX-License-Identifier: Apache-2.0
/*
 * One screening run: sources -> parse -> scan -> state and indicators -> score -> decide ->
 * alerts, batch by batch, with per-stage timing. `jaga screen` and the benchmarks both drive
 * this, so what the benchmark measures is what the product runs.
 */
#ifndef JAGA_TOOLS_PIPELINE_H
#define JAGA_TOOLS_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/batch.h"

enum jaga_stage {
    JAGA_ST_PARSE = 0,
    JAGA_ST_SCAN,
    JAGA_ST_STATE,
    JAGA_ST_SCORE,
    JAGA_ST_DECIDE,
    JAGA_ST_COUNT
};

struct jaga_pipeline_cfg {
    uint32_t struct_size;
    const char *pack;          /* name or directory; default "asean" */
    const char *accounts;      /* NULL = none */
    const char *watchlist;     /* NULL = none */
    const char *alerts;        /* NULL or "-" = stdout; "/dev/null" to discard */
    const char *rejects;       /* NULL = count only */
    const char *const *inputs; /* NULL/empty = stdin */
    size_t n_inputs;
    uint32_t threads;
    uint64_t expected_accounts;
    bool scan_per_record; /* benchmark variant: one hs_scan per field */
    bool progress;        /* progress line on stderr (a terminal) */
    float floor;          /* jaga_engine_cfg.floor: "allow" records for jaga eval's sweep */
};

struct jaga_pipeline_stats {
    uint64_t read, screened, rejected, bytes, batches;
    uint64_t alerts_total;
    uint32_t n_typo;
    char typo_name[JAGA_TYPO_MAX][32];
    uint64_t alerts[JAGA_TYPO_MAX];
    uint64_t subjects[JAGA_TYPO_MAX];
    uint64_t below;    /* "allow" records written under cfg.floor */
    uint64_t accounts; /* accounts in state at the end */
    uint64_t warm;     /* warm lines (core/state.h) at the end */
    uint64_t state_overflow;
    uint64_t stage_ns[JAGA_ST_COUNT];
    uint64_t setup_ns, wall_ns; /* wall: first fill to last write, setup excluded */
    char backend[16];
    char pack_label[64];
};

void jaga_pipeline_cfg_default(struct jaga_pipeline_cfg *cfg);

/** Runs the whole screening. Returns 0 when the input was screened (rejected rows included),
 *  -EINVAL/-ENOENT for configuration errors (err holds a one-line reason), other -errno for
 *  I/O failures. COLD setup, HOT loop. */
int jaga_pipeline_run(const struct jaga_pipeline_cfg *cfg, struct jaga_pipeline_stats *st,
                      char *err, size_t errlen);

/** Prints the human summary of a run to stderr. */
void jaga_pipeline_print_summary(const struct jaga_pipeline_stats *st);

const char *jaga_stage_name(enum jaga_stage s);

#endif
