// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests for tools/eval.c (`jaga eval`): small hand-made truth, look-alike, transaction and
 * alert files in a temporary directory, with every expected number worked out by hand in the
 * comments. A perfect and an empty alerts file, a mixed case (recall, FP subjects by look-alike
 * group, other-offender subjects, time to detect in rows and hours, rates per 100k, the sweep
 * over allow records), the parsing details (quoted CSV records, CRLF, epoch and offset times,
 * JSON escapes) and the errors, which must name the file and line. The report files are checked
 * for shape only (JSON and SVG well-formedness, crudely); the binary is left to the e2e suite.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tools/eval.h"

static char tmpdir[64];
static struct jaga_eval_result res;
static char err[1024];

static void setup(void)
{
    strcpy(tmpdir, "/tmp/jaga_eval_XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
    memset(&res, 0, sizeof(res));
    err[0] = 0;
}

static void teardown(void)
{
    char cmd[128];

    jaga_eval_result_free(&res);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(eval, .init = setup, .fini = teardown);

static char *path_of(const char *name)
{
    static char p[8][160];
    static int k;

    k = (k + 1) % 8;
    snprintf(p[k], sizeof(p[k]), "%s/%s", tmpdir, name);
    return p[k];
}

static void put(const char *name, const char *text)
{
    FILE *f = fopen(path_of(name), "wb");

    cr_assert_not_null(f);
    cr_assert_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    cr_assert_eq(fclose(f), 0);
}

/* 20 transactions T00..T19, row i at 2026-03-01 i:00 UTC. Columns are in an unusual order,
 * row 1 has a quoted memo with a comma, a doubled quote and a line break (one record on two
 * lines), row 3 gives its time as epoch milliseconds, row 7 ends with CRLF and row 12 gives
 * 20:00+08:00 (12:00 UTC). */
static void put_tx(void)
{
    char buf[4096];
    size_t n = (size_t)snprintf(buf, sizeof(buf), "amount,ts,tx_id,memo\n");

    for (int i = 0; i < 20; i++) {
        char ts[40];
        if (i == 3)
            snprintf(ts, sizeof(ts), "1772334000000");
        else if (i == 12)
            snprintf(ts, sizeof(ts), "2026-03-01T20:00:00+08:00");
        else
            snprintf(ts, sizeof(ts), "2026-03-01T%02d:00:00.000Z", i);
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "10.00,%s,T%02d,%s%s", ts, i,
                              i == 1 ? "\"gift, \"\"love\"\"\nsecond line\"" : "",
                              i == 7 ? "\r\n" : "\n");
    }
    put("tx.csv", buf);
}

/* One alert line as io/alerts.c writes it; row selects the tx and its time, and name, when
 * not NULL, is the subject_name of a named customer of an omnibus account. */
static void alert_n(FILE *f, int row, const char *subject, const char *name, const char *typ,
                    const char *score, const char *action)
{
    fprintf(f,
            "{\"alert_id\":\"9315dfe26d40029139bb58a465bf9050\",\"tx_id\":\"T%02d\","
            "\"ts\":\"2026-03-01T%02d:00:00.000Z\",\"subject\":\"%s\"",
            row, row, subject);
    if (name)
        fprintf(f, ",\"subject_name\":\"%s\"", name);
    fprintf(f,
            ",\"role\":\"debtor\",\"typology\":\"%s\",\"score\":%s,\"action\":\"%s\"%s,"
            "\"indicators\":[{\"id\":\"RF-AMT-01\",\"value\":3403.5,\"threshold\":[1000,"
            "10000],\"unit\":\"PHP\"},{\"id\":\"RF-CTY-01\",\"value\":1,\"threshold\":1,"
            "\"rule\":\"a \\\"b\\\" c\"}],\"pack\":\"asean@1+ph@1\"}\n",
            typ, score, !strcmp(action, "allow-alert") ? "allow" : action,
            /* As jaga screen --floor writes them; "allow-alert" stands for an alert of a
             * typology whose action is allow. */
            !strcmp(action, "allow") ? ",\"below_threshold\":true" : "");
}

static void alert(FILE *f, int row, const char *subject, const char *typ, const char *score,
                  const char *action)
{
    alert_n(f, row, subject, NULL, typ, score, action);
}

static FILE *open_alerts(void)
{
    FILE *f = fopen(path_of("alerts.jsonl"), "wb");
    cr_assert_not_null(f);
    return f;
}

static struct jaga_eval_opts opts(bool lookalikes)
{
    return (struct jaga_eval_opts){
        .truth = path_of("truth.csv"),
        .tx = path_of("tx.csv"),
        .alerts = path_of("alerts.jsonl"),
        .lookalikes = lookalikes ? path_of("lookalikes.csv") : NULL,
    };
}

static const struct jaga_eval_typo *typo(const char *name)
{
    for (uint32_t t = 0; t < res.n_typo; t++)
        if (!strcmp(res.typo[t].name, name))
            return &res.typo[t];
    cr_assert_fail("no typology %s", name);
    return NULL;
}

static const struct jaga_eval_entity *entity(const char *account, const char *typ)
{
    for (size_t e = 0; e < res.n_ent; e++)
        if (!strcmp(res.ent[e].account, account) && !strcmp(res.typo[res.ent[e].typo].name, typ))
            return &res.ent[e];
    cr_assert_fail("no entity %s/%s", account, typ);
    return NULL;
}

static uint64_t group_fp(const struct jaga_eval_typo *ty, const char *group)
{
    for (uint32_t g = 0; g < res.n_groups; g++)
        if (!strcmp(res.group[g], group))
            return ty->fp_by_group[g];
    cr_assert_str_eq(group, "unlabelled");
    return ty->fp_by_group[res.n_groups];
}

static int run(const struct jaga_eval_opts *o)
{
    jaga_eval_result_free(&res);
    return jaga_eval_run(o, &res, err, sizeof(err));
}

Test(eval, perfect_alerts)
{
    put_tx();
    put("truth.csv", "account_id,role,typology,first_tx_id\n"
                     "B1,buyer,lsac_buyer,T02\n"
                     "F1,facilitator,lsac_facilitator,T03\n");
    FILE *f = open_alerts();
    alert(f, 2, "B1", "lsac_buyer", "0.9", "review");
    alert(f, 3, "F1", "lsac_facilitator", "1", "hold");
    fclose(f);
    struct jaga_eval_opts o = opts(false);
    cr_assert_eq(run(&o), 0, "%s", err);
    cr_assert_eq(res.tx_rows, 20);
    cr_assert_eq(res.alerts, 2);
    cr_assert_eq(res.n_groups, 0);
    for (uint32_t t = 0; t < res.n_typo; t++) {
        const struct jaga_eval_typo *ty = &res.typo[t];
        cr_assert_eq(ty->labelled, 1);
        cr_assert_eq(ty->detected, 1);
        cr_assert_float_eq(ty->recall, 1.0, 1e-12);
        cr_assert_eq(ty->fp_subjects, 0);
        cr_assert_eq(ty->other_offender, 0);
        cr_assert_eq(ty->fp_by_group[0], 0); /* unlabelled */
        cr_assert_eq(ty->ttd_n, 1);
        cr_assert_eq(ty->ttd_tx_max, 0);
        cr_assert_float_eq(ty->ttd_h_max, 0.0, 1e-12);
        cr_assert_eq(ty->ttd_h_hist[0], 1);
        cr_assert_float_eq(ty->alerts_per_100k, 5000.0, 1e-9); /* 1 of 20 rows */
    }
    cr_assert_eq(entity("F1", "lsac_facilitator")->first_alert_row, 3);
    cr_assert_str_eq(entity("F1", "lsac_facilitator")->first_alert_tx, "T03");
    /* No allow records: the sweep starts at each typology's lowest alert score. */
    const struct jaga_eval_typo *b = typo("lsac_buyer");
    cr_assert_eq(b->sweep_from_e4, 9000);
    cr_assert_not(b->sweep[16].available); /* 0.85 */
    cr_assert(b->sweep[17].available);     /* 0.90 */
    cr_assert_eq(b->sweep[17].detected, 1);
    cr_assert_eq(b->sweep[18].detected, 0);
    cr_assert_eq(typo("lsac_facilitator")->sweep_from_e4, 10000);
    cr_assert(typo("lsac_facilitator")->sweep[19].available);
    cr_assert_eq(typo("lsac_facilitator")->sweep[19].detected, 1);
}

Test(eval, empty_alerts)
{
    put_tx();
    put("truth.csv", "account_id,role,typology,first_tx_id\n"
                     "B1,buyer,lsac_buyer,T02\n"
                     "V1,victim,sextortion_victim,\n");
    put("alerts.jsonl", "");
    struct jaga_eval_opts o = opts(false);
    cr_assert_eq(run(&o), 0, "%s", err);
    cr_assert_eq(res.alerts, 0);
    cr_assert_eq(res.floor_e4, -1);
    cr_assert_eq(res.n_typo, 2);
    for (uint32_t t = 0; t < res.n_typo; t++) {
        const struct jaga_eval_typo *ty = &res.typo[t];
        cr_assert_eq(ty->labelled, 1);
        cr_assert_eq(ty->detected, 0);
        cr_assert_float_eq(ty->recall, 0.0, 1e-12);
        cr_assert_eq(ty->alerts, 0);
        cr_assert_eq(ty->fp_subjects, 0);
        cr_assert_eq(ty->ttd_n, 0);
        /* Nothing was written at any score: every count is 0, and no point is claimed as
         * measured (there is no floor and no alert score to start from). */
        cr_assert_eq(ty->sweep_from_e4, -1);
        for (int k = 0; k < JAGA_EVAL_SWEEP; k++) {
            cr_assert_eq(ty->sweep[k].detected, 0);
            cr_assert_eq(ty->sweep[k].fp_subjects, 0);
            cr_assert_not(ty->sweep[k].available);
        }
    }
    cr_assert_eq(typo("sextortion_victim")->no_first_tx, 1);
    cr_assert_eq(jaga_eval_write(&o, &res, path_of("report"), err, sizeof(err)), 0, "%s", err);
}

/*
 * The mixed case. Truth: buyers B1 (first T02), B2 (T05), B3 (T07), B4 (none); facilitator F1
 * (T03); victim V1 (T10). Look-alikes: X1 family_remittance, X2 online_seller + teen_gaming, X9
 * crowdfunding (never alerted). Records:
 *   B1 lsac_buyer T06 0.9 review, then T04 0.7 hold  -> detected; first alert row 4: ttd 2 rows,
 *                                                       2 h (file order is not row order)
 *   B2 lsac_buyer T05 0.8                              -> detected at its first tx: ttd 0
 *   B3 lsac_buyer T08 0.55 allow                       -> not detected (allow is no alert)
 *   F1 lsac_buyer T09 0.75                             -> other-offender subject
 *   F1 lsac_facilitator T12 0.95 (12:00Z)              -> detected: 9 rows, 9 h after T03 (epoch
 * ms) X1 lsac_buyer T11 0.65                             -> FP, family_remittance X2 lsac_buyer T13
 * 0.7 and T14 0.85                 -> one FP subject, online_seller + teen_gaming X3 lsac_buyer T15
 * 0.6                              -> FP, unlabelled X4 lsac_buyer T16 0.5 allow -> sweep only W1
 * watchlist T17 1 hold                            -> no ground truth lsac_buyer: labelled 4,
 * detected 2, recall 0.5, 8 alerts on 6 subjects, FP 3, other 1, 8 / 20 rows = 40000 alerts and
 * 15000 FP subjects per 100k; ttd rows {0, 2}: median 0, p90 2. Allow floor 0.5, lowest lsac_buyer
 * alert 0.6: sweep from 0.5. Max score per subject: B1 .9, B2 .8, B3 .55, F1 .75, X1 .65, X2 .85,
 * X3 .6, X4 .5.
 */
static void put_mixed(void)
{
    put_tx();
    put("truth.csv", "account_id,role,typology,first_tx_id\n"
                     "B1,buyer,lsac_buyer,T02\n"
                     "B2,buyer,lsac_buyer,T05\n"
                     "B3,buyer,lsac_buyer,T07\n"
                     "B4,buyer,lsac_buyer,\n"
                     "F1,facilitator,lsac_facilitator,T03\n"
                     "V1,victim,sextortion_victim,T10\n");
    put("lookalikes.csv", "account_id,group\n"
                          "X1,family_remittance\n"
                          "X2,online_seller\n"
                          "X2,teen_gaming\n"
                          "X9,crowdfunding\n");
    FILE *f = open_alerts();
    alert(f, 6, "B1", "lsac_buyer", "0.9", "review");
    alert(f, 4, "B\\u0031", "lsac_buyer", "0.7", "hold"); /* an escaped "B1" */
    alert(f, 5, "B2", "lsac_buyer", "0.8", "review");
    alert(f, 8, "B3", "lsac_buyer", "0.55", "allow");
    alert(f, 9, "F1", "lsac_buyer", "0.75", "review");
    alert(f, 12, "F1", "lsac_facilitator", "0.95", "review");
    alert(f, 11, "X1", "lsac_buyer", "0.65", "review");
    alert(f, 13, "X2", "lsac_buyer", "0.7", "review");
    alert(f, 14, "X2", "lsac_buyer", "0.85", "review");
    alert(f, 15, "X3", "lsac_buyer", "6e-1", "review");
    alert(f, 16, "X4", "lsac_buyer", "0.5", "allow");
    alert(f, 17, "W1", "watchlist", "1", "hold");
    fclose(f);
}

/* Only "below_threshold":true makes a record a --floor record: an alert of a typology whose
 * action is allow is an alert. */
Test(eval, below_threshold_field_not_action)
{
    put_tx();
    put("truth.csv", "account_id,role,typology,first_tx_id\n"
                     "B1,buyer,lsac_buyer,T02\n");
    FILE *f = open_alerts();
    alert(f, 3, "B1", "lsac_buyer", "0.7", "allow-alert");
    alert(f, 4, "X1", "lsac_buyer", "0.4", "allow");
    fclose(f);
    struct jaga_eval_opts o = opts(false);
    cr_assert_eq(run(&o), 0, "%s", err);
    const struct jaga_eval_typo *b = typo("lsac_buyer");
    cr_assert_eq(res.alerts, 1);
    cr_assert_eq(res.allow_records, 1);
    cr_assert_eq(b->detected, 1);
    cr_assert_eq(b->fp_subjects, 0);
    put("alerts.jsonl", "{\"alert_id\":\"a\",\"tx_id\":\"T03\",\"ts\":\"2026-03-01T03:00:00Z\","
                        "\"subject\":\"B1\",\"typology\":\"lsac_buyer\",\"score\":0.4,"
                        "\"action\":\"allow\",\"below_threshold\":1}\n");
    cr_assert_neq(run(&o), 0);
    cr_assert(strstr(err, "below_threshold"), "%s", err);
}

Test(eval, mixed_case)
{
    put_mixed();
    struct jaga_eval_opts o = opts(true);
    cr_assert_eq(run(&o), 0, "%s", err);
    cr_assert_eq(res.tx_rows, 20); /* the two-line quoted record is one row */
    cr_assert_eq(res.alert_records, 12);
    cr_assert_eq(res.alerts, 10);
    cr_assert_eq(res.allow_records, 2);
    cr_assert_eq(res.floor_e4, 5000);
    cr_assert_eq(res.n_groups, 4);

    const struct jaga_eval_typo *b = typo("lsac_buyer");
    cr_assert(b->ground_truth);
    cr_assert_eq(b->labelled, 4);
    cr_assert_eq(b->no_first_tx, 1);
    cr_assert_eq(b->detected, 2);
    cr_assert_float_eq(b->recall, 0.5, 1e-12);
    cr_assert_eq(b->alerts, 8);
    cr_assert_eq(b->allow_records, 2);
    cr_assert_eq(b->subjects, 6);
    cr_assert_eq(b->fp_subjects, 3);
    cr_assert_eq(b->other_offender, 1);
    cr_assert_float_eq(b->alerts_per_100k, 40000.0, 1e-9);
    cr_assert_float_eq(b->fp_per_100k, 15000.0, 1e-9);
    cr_assert_eq(group_fp(b, "family_remittance"), 1);
    cr_assert_eq(group_fp(b, "online_seller"), 1);
    cr_assert_eq(group_fp(b, "teen_gaming"), 1);
    cr_assert_eq(group_fp(b, "crowdfunding"), 0);
    cr_assert_eq(group_fp(b, "unlabelled"), 1);
    cr_assert_eq(b->lowest_alert_e4, 6000);

    cr_assert_eq(b->ttd_n, 2);
    cr_assert_eq(b->before_first_tx, 0);
    cr_assert_eq(b->ttd_tx_median, 0);
    cr_assert_eq(b->ttd_tx_p90, 2);
    cr_assert_eq(b->ttd_tx_max, 2);
    cr_assert_float_eq(b->ttd_h_median, 0.0, 1e-9);
    cr_assert_float_eq(b->ttd_h_p90, 2.0, 1e-9);
    cr_assert_eq(b->ttd_h_hist[0], 1); /* < 1 h */
    cr_assert_eq(b->ttd_h_hist[1], 1); /* 1-6 h */

    const struct jaga_eval_entity *b1 = entity("B1", "lsac_buyer");
    cr_assert_eq(b1->alerts, 2);
    cr_assert_eq(b1->first_tx_row, 2);
    cr_assert_eq(b1->first_alert_row, 4);
    cr_assert_str_eq(b1->first_alert_tx, "T04");
    cr_assert_eq(b1->max_score_e4, 9000);
    cr_assert_eq(entity("B3", "lsac_buyer")->alerts, 0);
    cr_assert_eq(entity("B3", "lsac_buyer")->max_score_e4, 5500);
    cr_assert_eq(entity("B4", "lsac_buyer")->first_tx_row, -1);

    const struct jaga_eval_typo *fa = typo("lsac_facilitator");
    cr_assert_eq(fa->detected, 1);
    cr_assert_eq(fa->ttd_tx_max, 9);
    cr_assert_float_eq(fa->ttd_h_max, 9.0, 1e-9); /* 12:00Z (given at +08:00) - epoch 03:00Z */
    cr_assert_eq(fa->ttd_h_hist[2], 1);           /* 6-24 h */
    cr_assert_eq(fa->fp_subjects, 0);
    cr_assert_eq(fa->by_hour[12], 1);

    const struct jaga_eval_typo *v = typo("sextortion_victim");
    cr_assert_eq(v->labelled, 1);
    cr_assert_eq(v->detected, 0);
    cr_assert_eq(v->sweep_from_e4, 5000); /* the allow floor applies to every typology */

    const struct jaga_eval_typo *w = typo("watchlist");
    cr_assert_not(w->ground_truth);
    cr_assert(isnan(w->recall));
    cr_assert_eq(w->alerts, 1);
    cr_assert_eq(w->subjects, 1);
    cr_assert_eq(w->fp_subjects, 0);
    cr_assert_eq(w->by_hour[17], 1);

    /* Alerts by hour: lsac_buyer alerts at rows 4, 5, 6, 9, 11, 13, 14, 15. */
    static const int hours[] = { 4, 5, 6, 9, 11, 13, 14, 15 };
    uint64_t sum = 0;
    for (size_t k = 0; k < sizeof(hours) / sizeof(hours[0]); k++)
        cr_assert_eq(b->by_hour[hours[k]], 1, "hour %d", hours[k]);
    for (int h = 0; h < 24; h++)
        sum += b->by_hour[h];
    cr_assert_eq(sum, 8);
}

Test(eval, sweep_with_allow_records)
{
    put_mixed();
    struct jaga_eval_opts o = opts(true);
    cr_assert_eq(run(&o), 0, "%s", err);
    const struct jaga_eval_typo *b = typo("lsac_buyer");
    cr_assert_eq(b->sweep_from_e4, 5000);
    /* Index k is threshold (k + 1) * 0.05; from 0.50 (k = 9) up. */
    // clang-format off
    static const struct { int det, fp, oth; } want[11] = {
        { 3, 4, 1 }, /* 0.50: B1 B2 B3 | X1 X2 X3 X4 | F1 */
        { 3, 3, 1 }, /* 0.55 */
        { 2, 3, 1 }, /* 0.60 */
        { 2, 2, 1 }, /* 0.65 */
        { 2, 1, 1 }, /* 0.70 */
        { 2, 1, 1 }, /* 0.75 */
        { 2, 1, 0 }, /* 0.80 */
        { 1, 1, 0 }, /* 0.85 */
        { 1, 0, 0 }, /* 0.90 */
        { 0, 0, 0 }, /* 0.95 */
        { 0, 0, 0 }, /* 1.00 */
    };
    // clang-format on
    for (int k = 0; k < 9; k++)
        cr_assert_not(b->sweep[k].available, "threshold %.2f", (k + 1) * 0.05);
    for (int k = 9; k < JAGA_EVAL_SWEEP; k++) {
        const struct jaga_eval_point *p = &b->sweep[k];
        cr_assert(p->available, "threshold %.2f", (k + 1) * 0.05);
        cr_assert_eq(p->detected, (uint64_t)want[k - 9].det, "threshold %.2f", (k + 1) * 0.05);
        cr_assert_eq(p->fp_subjects, (uint64_t)want[k - 9].fp, "threshold %.2f", (k + 1) * 0.05);
        cr_assert_eq(p->other_offender, (uint64_t)want[k - 9].oth, "threshold %.2f",
                     (k + 1) * 0.05);
    }
    /* The facilitator's only record is 0.95, but the allow floor covers it from 0.5. */
    const struct jaga_eval_typo *fa = typo("lsac_facilitator");
    cr_assert_eq(fa->sweep_from_e4, 5000);
    cr_assert(fa->sweep[9].available);
    cr_assert_eq(fa->sweep[18].detected, 1);
    cr_assert_eq(fa->sweep[19].detected, 0);

    /* Stating the floor screen ran with opens the low points; they equal the 0.50 point. */
    o.floor = 0.05;
    cr_assert_eq(run(&o), 0, "%s", err);
    b = typo("lsac_buyer");
    cr_assert_eq(res.sweep_floor_e4, 500);
    for (int k = 0; k < 10; k++) {
        cr_assert(b->sweep[k].available);
        cr_assert_eq(b->sweep[k].detected, 3);
        cr_assert_eq(b->sweep[k].fp_subjects, 4);
    }
    /* A stated floor above an allow record is a contradiction. */
    o.floor = 0.6;
    cr_assert_eq(run(&o), -EINVAL);
    cr_assert(strstr(err, "under the stated --floor"), "%s", err);
}

/* An alert before the entity's first offending transaction counts as 0 in the statistics and
 * keeps its sign per entity; an (account, typology) listed twice takes the earlier first tx. */
Test(eval, early_alert_and_duplicate_truth_row)
{
    put_tx();
    put("truth.csv", "account_id,typology,first_tx_id,role\n"
                     "B1,lsac_buyer,T08,buyer\n"
                     "B1,lsac_buyer,T06,buyer\n"
                     "B1,travel_to_offend,T10,traveller\n");
    FILE *f = open_alerts();
    alert(f, 4, "B1", "lsac_buyer", "0.9", "review");
    alert(f, 13, "B1", "travel_to_offend", "0.6", "review");
    fclose(f);
    struct jaga_eval_opts o = opts(false);
    cr_assert_eq(run(&o), 0, "%s", err);
    cr_assert_eq(res.n_ent, 2);
    const struct jaga_eval_entity *e = entity("B1", "lsac_buyer");
    cr_assert_eq(e->first_tx_row, 6);
    cr_assert_str_eq(e->first_tx, "T06");
    cr_assert_eq(e->first_alert_row - e->first_tx_row, -2);
    const struct jaga_eval_typo *b = typo("lsac_buyer");
    cr_assert_eq(b->labelled, 1);
    cr_assert_eq(b->before_first_tx, 1);
    cr_assert_eq(b->ttd_tx_max, 0);
    cr_assert_float_eq(b->ttd_h_max, 0.0, 1e-12);
    const struct jaga_eval_typo *t = typo("travel_to_offend");
    cr_assert_eq(t->ttd_tx_max, 3);
    cr_assert_eq(t->fp_subjects, 0);
    cr_assert_eq(t->other_offender, 0);
}

/* As in the engine, each named customer of an omnibus account is a subject of its own; truth
 * and look-alike groups are looked up by the account. R1 (remit_operator) has customers Ann
 * (twice) and Bob and one unnamed alert: 3 FP subjects, 3 in remit_operator. Cy is a named
 * customer of the labelled B1: B1 is detected at row 8, 6 rows after its first tx. */
Test(eval, named_customers_of_an_omnibus_account)
{
    put_tx();
    put("truth.csv", "account_id,role,typology,first_tx_id\nB1,buyer,lsac_buyer,T02\n");
    put("lookalikes.csv", "account_id,group\nR1,remit_operator\n");
    FILE *f = open_alerts();
    alert_n(f, 4, "R1", "Ann", "lsac_buyer", "0.7", "review");
    alert_n(f, 5, "R1", "Bob", "lsac_buyer", "0.7", "review");
    alert_n(f, 6, "R1", "Ann", "lsac_buyer", "0.8", "review");
    alert(f, 7, "R1", "lsac_buyer", "0.7", "review");
    alert_n(f, 8, "B1", "Cy \\\"C\\\"", "lsac_buyer", "0.9", "review");
    fclose(f);
    struct jaga_eval_opts o = opts(true);
    cr_assert_eq(run(&o), 0, "%s", err);
    const struct jaga_eval_typo *b = typo("lsac_buyer");
    cr_assert_eq(b->alerts, 5);
    cr_assert_eq(b->subjects, 4);
    cr_assert_eq(b->named_subjects, 3);
    cr_assert_eq(b->fp_subjects, 3);
    cr_assert_eq(group_fp(b, "remit_operator"), 3);
    cr_assert_eq(group_fp(b, "unlabelled"), 0);
    cr_assert_eq(b->detected, 1);
    cr_assert_eq(b->ttd_tx_max, 6);
    cr_assert_eq(entity("B1", "lsac_buyer")->alerts, 1);
    cr_assert_eq(b->sweep[13].fp_subjects, 3); /* 0.70 */
    cr_assert_eq(b->sweep[14].fp_subjects, 1); /* 0.75: only Ann reached 0.8 */
}

/* A crude well-formedness check: an XML declaration, then tags that nest and close. */
static void check_xml(const char *name)
{
    FILE *f = fopen(path_of(name), "rb");
    static char buf[1 << 20];
    char stack[32][32];
    int depth = 0, roots = 0;

    cr_assert_not_null(f, "%s", name);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    cr_assert(!strncmp(buf, "<?xml version=\"1.0\"", 19), "%s: no XML declaration", name);
    for (char *p = strchr(buf, '<'); p; p = strchr(p, '<')) {
        if (p[1] == '?') {
            p = strstr(p, "?>");
            cr_assert_not_null(p);
            continue;
        }
        char *end = strchr(p, '>');
        cr_assert_not_null(end, "%s: unterminated tag", name);
        cr_assert_null(memchr(p + 1, '<', (size_t)(end - p - 1)), "%s: '<' inside a tag", name);
        bool closing = p[1] == '/', self = end[-1] == '/';
        const char *s = p + 1 + closing;
        size_t len = strcspn(s, " />\n");
        cr_assert(len > 0 && len < 32);
        if (closing) {
            cr_assert_gt(depth, 0, "%s: stray </%.*s>", name, (int)len, s);
            depth--;
            cr_assert(strlen(stack[depth]) == len && !strncmp(stack[depth], s, len),
                      "%s: </%.*s> closes <%s>", name, (int)len, s, stack[depth]);
        } else if (!self) {
            cr_assert_lt(depth, 32);
            roots += depth == 0;
            memcpy(stack[depth], s, len);
            stack[depth++][len] = 0;
        }
        /* Text between tags must not hold a raw '&' that is not an entity. */
        p = end + 1;
        char *next = strchr(p, '<');
        for (char *a = memchr(p, '&', next ? (size_t)(next - p) : strlen(p)); a;
             a = memchr(a + 1, '&', next ? (size_t)(next - a - 1) : strlen(a + 1)))
            cr_assert(!strncmp(a, "&lt;", 4) || !strncmp(a, "&gt;", 4) || !strncmp(a, "&amp;", 5) ||
                          !strncmp(a, "&quot;", 6),
                      "%s: bare '&'", name);
    }
    cr_assert_eq(depth, 0, "%s: <%s> not closed", name, depth ? stack[depth - 1] : "");
    cr_assert_eq(roots, 1, "%s: one root element", name);
    cr_assert(strstr(buf, "<svg xmlns=\"http://www.w3.org/2000/svg\""), "%s", name);
}

static char *slurp(const char *name)
{
    static char buf[1 << 20];
    FILE *f = fopen(path_of(name), "rb");

    cr_assert_not_null(f, "%s", name);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

Test(eval, report_files)
{
    put_mixed();
    struct jaga_eval_opts o = opts(true);
    cr_assert_eq(run(&o), 0, "%s", err);
    cr_assert_eq(jaga_eval_write(&o, &res, path_of("out/report"), err, sizeof(err)), 0, "%s", err);
    check_xml("out/report/sweep.svg");
    check_xml("out/report/alerts_by_hour.svg");
    check_xml("out/report/ttd.svg");
    const char *md = slurp("out/report/report.md");
    cr_assert(strstr(md, "](sweep.svg)"));
    cr_assert(strstr(md, "](alerts_by_hour.svg)"));
    cr_assert(strstr(md, "](ttd.svg)"));
    cr_assert(strstr(md, "| lsac_buyer | 4 | 2 | 0.500 | 8 |"), "%s", md);
    cr_assert(strstr(md, "UTC"));
    const char *js = slurp("out/report/eval.json");
    /* Balanced braces and brackets outside strings, and the key fields present. */
    int depth = 0;
    bool in_str = false;
    for (const char *p = js; *p; p++) {
        if (in_str) {
            if (*p == '\\')
                p++;
            else if (*p == '"')
                in_str = false;
            continue;
        }
        if (*p == '"')
            in_str = true;
        depth += (*p == '{' || *p == '[') - (*p == '}' || *p == ']');
        cr_assert_geq(depth, 0);
    }
    cr_assert_eq(depth, 0);
    cr_assert_not(in_str);
    cr_assert(strstr(js, "\"tx_rows\": 20,"));
    cr_assert(strstr(js, "\"score_floor\": 0.5,"));
    cr_assert(strstr(js, "\"hour_basis\": \"UTC\""));
    cr_assert(strstr(js, "\"fp_by_group\": {\"family_remittance\": 1, \"online_seller\": 1, "
                         "\"teen_gaming\": 1, \"crowdfunding\": 0, \"unlabelled\": 1}"),
              "%s", js);
    cr_assert(strstr(js, "{\"threshold\": 0.45, \"available\": false, \"detected\": null"));
    cr_assert(strstr(js, "{\"threshold\": 0.50, \"available\": true, \"detected\": 3, "
                         "\"recall\": 0.75, \"fp_subjects\": 4, \"fp_per_100k\": 20000,"));
    cr_assert(strstr(js, "\"name\": \"watchlist\", \"ground_truth\": false"));
    cr_assert(strstr(js, "\"ttd_tx\": 2, \"ttd_hours\": 2}"));
}

/* The command line: --gen finds the three files, a missing --out is a usage error. */
Test(eval, command_line)
{
    char alerts[160], out[160];

    put_mixed();
    snprintf(alerts, sizeof(alerts), "%s", path_of("alerts.jsonl"));
    snprintf(out, sizeof(out), "%s", path_of("cli"));
    char *ok[] = { "eval", "--gen", tmpdir, "--alerts", alerts, "--out", out };
    cr_assert_eq(jaga_eval_main(7, ok), 0);
    const char *js = slurp("cli/eval.json");
    cr_assert(strstr(js, "\"lookalikes\": \"/tmp/jaga_eval_"), "lookalikes.csv not picked up");
    char *no_out[] = { "eval", "--gen", tmpdir, "--alerts", alerts };
    cr_assert_eq(jaga_eval_main(5, no_out), 2);
    char *bad_floor[] = {
        "eval", "--gen", tmpdir, "--alerts", alerts, "--out", out, "--floor", "2"
    };
    cr_assert_eq(jaga_eval_main(9, bad_floor), 2);
    put("alerts.jsonl", "{\"tx_id\":\n");
    cr_assert_eq(jaga_eval_main(7, ok), 2);
}

/* Errors name the file and line. Criterion hands parameters to a re-executed process, so they
 * hold their strings rather than point at them. */
struct bad_alert {
    char line3[200]; /* the third line of an otherwise good alerts file */
    char why[48];    /* expected in the message */
};

// clang-format off
static struct bad_alert bad_alerts[] = {
    { "{\"tx_id\":\"T02\",\"ts\":\"2026-03-01T02:00:00Z\",\"subject\":\"B1\"", "malformed JSON" },
    { "not json", "not a JSON object" },
    { "", "empty line" },
    { "{\"tx_id\":\"T02\",\"ts\":\"2026-03-01T02:00:00Z\",\"subject\":\"B1\",\"typology\":\"lsac_buyer\",\"action\":\"review\"}", "no \"score\" field" },
    { "{\"tx_id\":\"T02\",\"ts\":\"2026-03-01T02:00:00Z\",\"subject\":\"B1\",\"typology\":\"lsac_buyer\",\"score\":0.9,\"action\":\"ignore\"}", "\"action\" must be" },
    { "{\"tx_id\":\"T02\",\"ts\":\"yesterday\",\"subject\":\"B1\",\"typology\":\"lsac_buyer\",\"score\":0.9,\"action\":\"review\"}", "\"ts\"" },
    { "{\"tx_id\":\"T02\",\"ts\":\"2026-03-01T02:00:00Z\",\"subject\":\"B1\",\"typology\":\"lsac_buyer\",\"score\":0.9,\"score\":1,\"action\":\"review\"}", "duplicate field" },
    { "{\"tx_id\":\"T02\",\"ts\":\"2026-03-01T02:00:00Z\",\"subject\":\"B1\",\"typology\":\"lsac_buyer\",\"score\":.9,\"action\":\"review\"}", "\"score\" must be a non-negative number" },
    { "{\"tx_id\":\"T02\",\"ts\":\"2026-03-01T02:00:00Z\",\"subject\":\"B\\x\",\"typology\":\"lsac_buyer\",\"score\":0.9,\"action\":\"review\"}", "bad escape" },
    { "{\"tx_id\":\"T02\",\"ts\":\"2026-03-01T02:00:00Z\",\"subject\":\"B1\",\"typology\":\"lsac_buyer\",\"score\":0.9,\"action\":\"review\"} x", "text after" },
    { "{\"tx_id\":\"T99\",\"ts\":\"2026-03-01T02:00:00Z\",\"subject\":\"B1\",\"typology\":\"lsac_buyer\",\"score\":0.9,\"action\":\"review\"}", "tx_id 'T99' is not in" },
};
// clang-format on

ParameterizedTestParameters(eval, bad_alert_line)
{
    return cr_make_param_array(struct bad_alert, bad_alerts,
                               sizeof(bad_alerts) / sizeof(bad_alerts[0]));
}

ParameterizedTest(struct bad_alert *b, eval, bad_alert_line)
{
    put_tx();
    put("truth.csv", "account_id,role,typology,first_tx_id\nB1,buyer,lsac_buyer,T02\n");
    FILE *f = open_alerts();
    alert(f, 2, "B1", "lsac_buyer", "0.9", "review");
    alert(f, 3, "B1", "lsac_buyer", "0.9", "review");
    fprintf(f, "%s\n", b->line3);
    alert(f, 4, "B1", "lsac_buyer", "0.9", "review");
    fclose(f);
    struct jaga_eval_opts o = opts(false);
    char want[200];
    snprintf(want, sizeof(want), "%s:3: ", o.alerts);
    cr_assert_eq(run(&o), -EINVAL, "%s", err);
    cr_assert(strstr(err, want), "'%s' lacks '%s'", err, want);
    cr_assert(strstr(err, b->why), "'%s' lacks '%s'", err, b->why);
}

Test(eval, bad_truth_and_tx)
{
    put_tx();
    put("alerts.jsonl", "");
    struct jaga_eval_opts o = opts(false);
    char want[200];

    put("truth.csv", "account_id,role,typology,first_tx_id\nB1,buyer,lsac_buyer,T02\n"
                     "B2,buyer,lsac_buyer\n");
    cr_assert_eq(run(&o), -EINVAL);
    snprintf(want, sizeof(want), "%s:3: 3 fields, the header has 4", o.truth);
    cr_assert(strstr(err, want), "%s", err);

    put("truth.csv", "account_id,role,typology,first_tx_id\nB1,buyer,LSAC buyer,T02\n");
    cr_assert_eq(run(&o), -EINVAL);
    cr_assert(strstr(err, ":2: typology must be"), "%s", err);

    put("truth.csv", "account,role,typology,first_tx_id\n");
    cr_assert_eq(run(&o), -EINVAL);
    cr_assert(strstr(err, ":1: header needs account_id"), "%s", err);

    put("truth.csv", "account_id,role,typology,first_tx_id\nB1,buyer,lsac_buyer,T02\n"
                     "B2,buyer,lsac_buyer,T77\n");
    cr_assert_eq(run(&o), -EINVAL);
    snprintf(want, sizeof(want), "%s:3: first_tx_id 'T77' is not in", o.truth);
    cr_assert(strstr(err, want), "%s", err);

    put("truth.csv", "account_id,role,typology,first_tx_id\nB1,buyer,\"lsac_buyer,T02\n");
    cr_assert_eq(run(&o), -EINVAL);
    cr_assert(strstr(err, ":2: bad quoting"), "%s", err);

    put("truth.csv", "account_id,role,typology,first_tx_id\nB1,buyer,lsac_buyer,T02\n");
    put("tx.csv", "tx_id,amount\nT02,1.00\n");
    cr_assert_eq(run(&o), -EINVAL);
    cr_assert(strstr(err, "tx.csv:1: header needs tx_id and ts"), "%s", err);

    o.alerts = path_of("missing.jsonl");
    cr_assert_eq(run(&o), -ENOENT);
    cr_assert(strstr(err, "missing.jsonl"), "%s", err);

    put_tx();
    o.alerts = path_of("alerts.jsonl");
    o.lookalikes = path_of("lookalikes.csv");
    put("lookalikes.csv", "account_id,group\nX1,unlabelled\n");
    cr_assert_eq(run(&o), -EINVAL);
    cr_assert(strstr(err, "lookalikes.csv:2: group must be"), "%s", err);
}
