// SPDX-License-Identifier: Apache-2.0
/*
 * The screening pipeline (tools/pipeline.h). Setup loads the pack, reference data and the
 * Hyperscan database, then one loop runs the stages over each batch. Timing is per batch
 * (a clock read per stage per 256 records), never per record.
 */
#include "tools/pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/mem.h"
#include "io/alerts.h"
#include "io/csv.h"
#include "io/rejects.h"
#include "models/engine.h"
#include "models/pack.h"
#include "models/rules/scan.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

const char *jaga_stage_name(enum jaga_stage s)
{
    static const char *const names[JAGA_ST_COUNT] = { "read+parse", "scan", "state+indicators",
                                                      "score", "decide+write" };
    return (unsigned)s < JAGA_ST_COUNT ? names[s] : "?";
}

void jaga_pipeline_cfg_default(struct jaga_pipeline_cfg *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->struct_size = sizeof(*cfg);
    cfg->pack = "asean";
    cfg->threads = 1;
    cfg->expected_accounts = 1u << 20;
}

static void progress(const struct jaga_pipeline_stats *st, uint64_t t0)
{
    double s = (double)(now_ns() - t0) / 1e9;
    fprintf(stderr, "\rjaga: %llu records, %llu alerts, %.2f M records/s   ",
            (unsigned long long)st->read, (unsigned long long)st->alerts_total,
            s > 0 ? (double)st->read / s / 1e6 : 0.0);
}

int jaga_pipeline_run(const struct jaga_pipeline_cfg *cfg, struct jaga_pipeline_stats *st,
                      char *err, size_t errlen)
{
    uint64_t t_setup = now_ns();
    memset(st, 0, sizeof(*st));
    struct jaga_pack *pack = NULL;
    struct jaga_accounts accts = { 0 };
    struct jaga_watchlist wl = { 0 };
    struct jaga_scan_db *db = NULL;
    struct jaga_scanner *sc = NULL;
    struct jaga_engine *eng = NULL;
    struct jaga_rejects *rej = NULL;
    struct jaga_alerts *out = NULL;
    struct jaga_batch *b = NULL;
    int rc;

    if ((rc = jaga_pack_load(cfg->pack ? cfg->pack : "asean", &pack, err, errlen)))
        goto done;
    snprintf(st->pack_label, sizeof(st->pack_label), "%s", pack->label);
    if (cfg->accounts && (rc = jaga_accounts_load(cfg->accounts, &accts, err, errlen)))
        goto done;
    if (cfg->watchlist && (rc = jaga_watchlist_load(cfg->watchlist, &wl, err, errlen)))
        goto done;
    struct jaga_lexicon lex = jaga_pack_lexicon(pack);
    if ((rc = jaga_scan_db_build(&lex, cfg->watchlist ? &wl : NULL, &db, err, errlen)))
        goto done;
    if ((rc = jaga_scanner_create(db, &sc))) {
        snprintf(err, errlen, "cannot create a scanner: %s", strerror(-rc));
        goto done;
    }
    struct jaga_engine_cfg ecfg;
    jaga_engine_cfg_default(&ecfg);
    ecfg.pack = pack;
    ecfg.watch = cfg->watchlist ? &wl : NULL;
    ecfg.accounts = cfg->accounts ? &accts : NULL;
    if (cfg->expected_accounts)
        ecfg.expected_accounts = cfg->expected_accounts;
    ecfg.floor = cfg->floor;
    if (accts.n > ecfg.expected_accounts)
        ecfg.expected_accounts = accts.n;
    if ((rc = jaga_engine_create(&ecfg, &eng))) {
        snprintf(err, errlen, "cannot create the engine: %s", strerror(-rc));
        goto done;
    }
    if ((rc = jaga_rejects_open(cfg->rejects, &rej))) {
        snprintf(err, errlen, "%s: %s", cfg->rejects, strerror(-rc));
        goto done;
    }
    if ((rc = jaga_alerts_open(cfg->alerts, &out))) {
        snprintf(err, errlen, "%s: %s", cfg->alerts, strerror(-rc));
        goto done;
    }
    b = jaga_aligned_alloc(64, sizeof(*b));
    if (!b) {
        rc = -ENOMEM;
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    st->n_typo = pack->n_typo;
    for (uint32_t t = 0; t < pack->n_typo; t++)
        snprintf(st->typo_name[t], sizeof(st->typo_name[t]), "%s", pack->typo[t].name);

    /* Open every input before screening any, so an unreadable file is a configuration error
     * (exit 2) and not a half-done run. */
    size_t n_in = cfg->n_inputs ? cfg->n_inputs : 1;
    struct jaga_txsrc **srcs = jaga_calloc(n_in, sizeof(*srcs));
    if (!srcs) {
        rc = -ENOMEM;
        goto done;
    }
    for (size_t k = 0; k < n_in; k++) {
        const char *path = cfg->n_inputs ? cfg->inputs[k] : NULL;
        if ((rc = jaga_txsrc_open(path, (uint32_t)k, rej, &srcs[k], err, errlen))) {
            for (size_t q = 0; q < k; q++)
                jaga_txsrc_close(srcs[q]);
            jaga_free(srcs);
            goto done;
        }
    }
    st->setup_ns = now_ns() - t_setup;

    uint64_t seq = 0, t0 = now_ns(), next_progress = 0;
    for (size_t k = 0; k < n_in; k++) {
        struct jaga_txsrc *src = srcs[k];
        for (;;) {
            uint64_t t1 = now_ns();
            unsigned n = jaga_txsrc_fill(src, b, &seq);
            uint64_t t2 = now_ns();
            st->stage_ns[JAGA_ST_PARSE] += t2 - t1;
            if (!n)
                break;
            st->batches++;
            if (cfg->scan_per_record)
                jaga_scanner_run_per_record(sc, b);
            else
                jaga_scanner_run(sc, b);
            uint64_t t3 = now_ns();
            jaga_engine_run(eng, b);
            uint64_t t4 = now_ns();
            jaga_score_batch_c(pack, b);
            uint64_t t5 = now_ns();
            jaga_engine_decide(eng, b, jaga_alerts_write, out);
            uint64_t t6 = now_ns();
            st->stage_ns[JAGA_ST_SCAN] += t3 - t2;
            st->stage_ns[JAGA_ST_STATE] += t4 - t3;
            st->stage_ns[JAGA_ST_SCORE] += t5 - t4;
            st->stage_ns[JAGA_ST_DECIDE] += t6 - t5;
            st->screened += n;
            if (cfg->progress && st->batches >= next_progress) {
                st->read = seq;
                /* Alerts only: the engine's count, without --floor's allow records. */
                struct jaga_engine_stats ps;
                jaga_engine_get_stats(eng, &ps);
                st->alerts_total = 0;
                for (uint32_t t = 0; t < pack->n_typo; t++)
                    st->alerts_total += ps.alerts[t];
                progress(st, t0);
                next_progress = st->batches + 4096;
            }
        }
        struct jaga_txsrc_stats ss;
        jaga_txsrc_get_stats(src, &ss);
        st->read += ss.read;
        st->rejected += ss.rejected;
        st->bytes += ss.bytes;
        snprintf(st->backend, sizeof(st->backend), "%s", jaga_txsrc_backend(src));
        int e = jaga_txsrc_error(src);
        if (e && !rc) {
            rc = e;
            snprintf(err, errlen, "%s: read error: %s", cfg->n_inputs ? cfg->inputs[k] : "stdin",
                     strerror(-e));
        }
        jaga_txsrc_close(src);
    }
    jaga_free(srcs);
    if (cfg->progress)
        fputc('\n', stderr);
    int wrc = jaga_alerts_close(out);
    out = NULL;
    st->wall_ns = now_ns() - t0;
    if (wrc && !rc) {
        rc = wrc;
        snprintf(err, errlen, "writing alerts: %s", strerror(-wrc));
    }

    struct jaga_engine_stats es;
    jaga_engine_get_stats(eng, &es);
    st->alerts_total = 0; /* the progress line's running count is replaced */
    for (uint32_t t = 0; t < pack->n_typo; t++) {
        st->alerts[t] = es.alerts[t];
        st->subjects[t] = es.subjects[t];
        st->alerts_total += es.alerts[t];
        st->below += es.below[t];
    }
    st->accounts = es.state.count;
    st->warm = es.warm.count;
    st->state_overflow = es.state.overflow;
done:
    if (rej) {
        int r2 = jaga_rejects_close(rej);
        if (r2 && !rc) {
            rc = r2;
            snprintf(err, errlen, "writing rejects: %s", strerror(-r2));
        }
    }
    jaga_alerts_close(out);
    jaga_free(b);
    jaga_engine_destroy(eng);
    jaga_scanner_destroy(sc);
    jaga_scan_db_destroy(db);
    jaga_watchlist_free(&wl);
    jaga_accounts_free(&accts);
    jaga_pack_destroy(pack);
    return rc;
}

void jaga_pipeline_print_summary(const struct jaga_pipeline_stats *st)
{
    double s = (double)st->wall_ns / 1e9;
    fprintf(stderr, "jaga: read %llu records: %llu screened, %llu rejected (%.1f MB, %s reader)\n",
            (unsigned long long)st->read, (unsigned long long)st->screened,
            (unsigned long long)st->rejected, (double)st->bytes / 1e6, st->backend);
    fprintf(stderr, "jaga: pack %s; %llu alerts\n", st->pack_label,
            (unsigned long long)st->alerts_total);
    for (uint32_t t = 0; t < st->n_typo; t++)
        fprintf(stderr, "jaga:   %-20s %8llu alerts on %6llu subjects\n", st->typo_name[t],
                (unsigned long long)st->alerts[t], (unsigned long long)st->subjects[t]);
    if (st->below)
        fprintf(stderr, "jaga: %llu below-threshold records (action allow, --floor)\n",
                (unsigned long long)st->below);
    fprintf(stderr,
            "jaga: %llu accounts in state, %llu warm lines; %.3f s, %.2f M records/s (setup "
            "%.2f s)\n",
            (unsigned long long)st->accounts, (unsigned long long)st->warm, s,
            s > 0 ? (double)st->read / s / 1e6 : 0.0, (double)st->setup_ns / 1e9);
    if (st->state_overflow)
        fprintf(stderr, "jaga: state table full: %llu lookups of new accounts not tracked\n",
                (unsigned long long)st->state_overflow);
}
