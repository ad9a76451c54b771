// SPDX-License-Identifier: Apache-2.0
/*
 * `jaga eval` (tools/eval.c): scores an alerts file (CONTRACT.md §3) against the ground truth
 * of `jaga gen` (truth.csv, optional lookalikes.csv) and the transactions it was screened from
 * (tx.csv): recall, time to detect, false-positive subjects by look-alike group, alert rates,
 * a threshold sweep and alerts by hour of day. It is a tool, not part of the engine: nothing in
 * core/, io/ or models/ includes this header. Cold code throughout.
 *
 * jaga_eval_run() computes everything into a struct jaga_eval_result; jaga_eval_write() turns
 * a result into REPORTDIR/eval.json, report.md and three hand-written SVG plots. Tests call the
 * two directly; jaga_eval_main() is the command line.
 *
 * Definitions (an "entity" is an (account, typology) pair of truth.csv; a "subject" is an
 * account alerted for a typology, counted once per typology however many alerts it has; as in
 * the engine, each named customer of an omnibus account (alerts with "subject_name") is a
 * subject of its own, looked up in truth and look-alike groups by its account):
 * - A record is an alert when its action is not "allow". "allow" records (`jaga screen
 *   --floor`) only feed the threshold sweep.
 * - detected: a labelled entity with at least one alert of its typology, at any time. recall =
 *   detected / labelled (entities without a first_tx_id stay in the denominator; they are also
 *   counted in no_first_tx).
 * - time to detect: from the first offending transaction (truth first_tx_id) to the entity's
 *   earliest alert (smallest row index in tx.csv), in rows of tx.csv and in hours of event
 *   time (alert ts minus the first offending transaction's ts). An alert before the first
 *   offending transaction counts as 0 in the statistics (and in before_first_tx); eval.json
 *   keeps the signed values per entity. Statistics use the nearest-rank percentile.
 * - fp subject: alerted for T and in no row of truth.csv; other-offender subject: alerted for
 *   T, in truth.csv, but not for T. FP subjects are broken down by look-alike group: an account
 *   in several groups counts in each; one in none counts as "unlabelled".
 * - sweep at threshold t (0.05, 0.10, ... 1.00): a subject counts as alerted for T when any
 *   record of T for it (allow or not) has score >= t, compared in units of 1e-4 (the alert
 *   writer's precision). A point is available only when the file holds every record that
 *   reaches it: t >= min(floor, lowest alert score of T), where the floor is the --floor screen
 *   ran with when the caller states it (opts.floor), otherwise the lowest allow score in the
 *   file; with neither, t >= lowest alert score of T. Other points are unavailable (reported
 *   as null), never guessed. Engine scores are coarse (e.g. 0.5, 0.6, ...), so the lowest
 *   allow score can sit well above the --floor used: stating it makes the low points usable.
 * - A typology with no ground truth ("watchlist") gets alerts, subjects, rates and the hourly
 *   profile only: recall "n/a", no FP split, no sweep.
 *
 * Every tx_id an alert names must be in tx.csv, and so must every truth first_tx_id: a missing
 * one is an error (the alerts were not screened from this file), not a skipped record. tx_ids of
 * allow records are not looked up, so a low --floor does not grow memory with the tx set.
 *
 * eval.json fields (times in hours are event time; "per_100k" is per 100,000 rows of tx.csv):
 *   tool, version, inputs{truth,tx,alerts,lookalikes|null}, tx_rows, alert_records,
 *   alerts, allow_records, score_floor (lowest allow score or null), declared_floor
 *   (opts.floor or null), sweep_floor (the floor the sweep used, or null), hour_basis ("UTC"),
 *   lookalike_groups[names..., "unlabelled"],
 *   typologies[]: name, ground_truth (bool), labelled, no_first_tx, detected, recall (null when
 *     n/a), alerts, subjects, alerts_per_100k, named_customer_subjects, fp_subjects,
 *     fp_per_100k,
 *     other_offender_subjects, fp_by_group{group: n}, allow_records, lowest_alert_score,
 *     ttd{n, before_first_tx, tx{median,p90,max}, hours{median,p90,max},
 *         hours_hist{edges_h[], counts[]}}, by_hour_utc[24],
 *     sweep{supported_from, points[]: threshold, available, detected, recall,
 *           fp_subjects, fp_per_100k, other_offender_subjects},
 *   entities[]: account_id, role, typology, first_tx_id, first_tx_row, detected, alerts,
 *     max_score, first_alert_tx_id, first_alert_row, ttd_tx, ttd_hours (signed; null when
 *     not detected or no first_tx_id).
 */
#ifndef JAGA_TOOLS_EVAL_H
#define JAGA_TOOLS_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JAGA_EVAL_MAX_TYPO   64 /* typologies in truth + alerts (bit masks) */
#define JAGA_EVAL_MAX_GROUPS 63 /* look-alike groups; one more slot is "unlabelled" */
#define JAGA_EVAL_SWEEP      20 /* thresholds 0.05 .. 1.00 */
#define JAGA_EVAL_TTD_BINS   8  /* hours histogram: see jaga_eval_ttd_edges_h */

struct jaga_eval_opts {
    const char *truth;      /* truth.csv (required) */
    const char *tx;         /* tx.csv (required) */
    const char *alerts;     /* alerts JSON Lines (required; "-" = stdin) */
    const char *lookalikes; /* lookalikes.csv, or NULL: every FP subject is "unlabelled" */
    /* Above 0: the --floor `jaga screen` ran with, so every score from it up is in the file
     * (an allow record under it is an error). 0: the floor is the lowest allow score seen. */
    double floor;
};

struct jaga_eval_point {
    bool available;
    uint64_t detected, fp_subjects, other_offender;
};

struct jaga_eval_typo {
    char name[32];
    bool ground_truth; /* false for "watchlist": alerts/subjects only */
    uint64_t labelled, no_first_tx, detected;
    double recall; /* NAN when n/a */
    uint64_t alerts, subjects, allow_records;
    uint64_t named_subjects; /* of subjects: named customers of omnibus accounts */
    uint64_t fp_subjects, other_offender;
    double alerts_per_100k, fp_per_100k;
    uint64_t fp_by_group[JAGA_EVAL_MAX_GROUPS + 1]; /* [n_groups] = unlabelled */
    int32_t lowest_alert_e4;                        /* -1: no alerts */
    /* Time to detect over the detected entities with a first_tx_id, clamped at 0. */
    uint64_t ttd_n, before_first_tx;
    int64_t ttd_tx_median, ttd_tx_p90, ttd_tx_max;
    double ttd_h_median, ttd_h_p90, ttd_h_max;
    double *ttd_h; /* ttd_n values, ascending (owned by the result) */
    uint64_t ttd_h_hist[JAGA_EVAL_TTD_BINS];
    uint64_t by_hour[24];  /* alerts by hour of day of the alert ts, UTC */
    int32_t sweep_from_e4; /* lowest supported threshold (1e-4 units), -1: none */
    struct jaga_eval_point sweep[JAGA_EVAL_SWEEP];
};

struct jaga_eval_entity {
    char account[65], role[32], first_tx[65], first_alert_tx[65];
    uint32_t typo;
    int64_t first_tx_row, first_alert_row; /* -1: none */
    int64_t first_tx_ts_ms, first_alert_ts_ms;
    uint64_t alerts;
    int32_t max_score_e4; /* any record, allow included; -1: none */
};

struct jaga_eval_result {
    uint64_t tx_rows, alert_records, alerts, allow_records;
    int32_t floor_e4;       /* lowest allow score, -1: no allow records */
    int32_t sweep_floor_e4; /* opts.floor if given, else floor_e4 */
    uint32_t n_typo, n_groups;
    bool have_lookalikes;
    struct jaga_eval_typo typo[JAGA_EVAL_MAX_TYPO];
    char group[JAGA_EVAL_MAX_GROUPS][32];
    struct jaga_eval_entity *ent; /* truth entities in file order (owned) */
    size_t n_ent;
};

/** Upper edges of the time-to-detect hours histogram bins; the last bin is open. */
extern const double jaga_eval_ttd_edges_h[JAGA_EVAL_TTD_BINS - 1];

/** Computes the evaluation. Streams tx.csv once; memory grows with the truth entities, the
 *  distinct alerted subjects and the tx_ids of alerts, not with the transactions. Returns 0,
 *  -EINVAL for malformed or inconsistent input ("FILE:LINE: reason" in err), -errno when a file
 *  cannot be read (with the path in err), -ENOMEM. *res is zeroed first; free it with
 *  jaga_eval_result_free() whatever the return value. COLD. */
int jaga_eval_run(const struct jaga_eval_opts *o, struct jaga_eval_result *res, char *err,
                  size_t errlen);

/** Frees what jaga_eval_run() allocated in res. NULL-safe. */
void jaga_eval_result_free(struct jaga_eval_result *res);

/** Writes eval.json, report.md, sweep.svg, alerts_by_hour.svg and ttd.svg into dir (created if
 *  missing). Returns 0 or -errno with the path in err. COLD. */
int jaga_eval_write(const struct jaga_eval_opts *o, const struct jaga_eval_result *res,
                    const char *dir, char *err, size_t errlen);

/** Prints the per-typology table to f. */
void jaga_eval_print(const struct jaga_eval_result *res, FILE *f);

/** Runs `jaga eval`; argv[0] is "eval". Returns the exit status: 0 on success, 2 for a usage
 *  error or bad input (one line on stderr), 1 when the report cannot be written. */
int jaga_eval_main(int argc, char **argv);

#endif
