// SPDX-License-Identifier: Apache-2.0
/*
 * Indicators and typology scores of the `asean` pack on hand-built batches. Each case states
 * the pack parameter it exercises (models/packs/asean/pack.yaml) and the expected outcome.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "core/hash.h"
#include "core/mem.h"
#include "models/engine.h"
#include "models/pack.h"

static struct jaga_pack *pack;
static struct jaga_engine *eng;
static struct jaga_batch *b;
static struct jaga_watchlist wl;
static struct jaga_watch_entry wl_entries[4];

#define T0   INT64_C(1772400000000) /* 2026-03-01T21:20:00Z */
#define HOUR INT64_C(3600000)
#define DAY  (24 * HOUR)

static struct jaga_accounts accts;
static struct jaga_account_ref acct_refs[1];

static void setup(void)
{
    char err[512];
    acct_refs[0] = (struct jaga_account_ref){ .id_h = jaga_hash_id("US-X-1", 6),
                                              .kind = JAGA_KIND_REMITTER,
                                              .kyc_level = -1 };
    accts.v = acct_refs;
    accts.n = 1;
    cr_assert_eq(jaga_pack_load("asean", &pack, err, sizeof(err)), 0, "%s", err);
    static char id[] = "WL-1", list[] = "LE-FACILITATOR", acct[] = "PH-FAC-9", empty[] = "";
    static char id2[] = "WL-2", list2[] = "OFFENDER-REGISTRY", acct2[] = "AU-OFF-1";
    static char id3[] = "WL-3", list3[] = "EXITED-CUSTOMER", acct3[] = "PH-EX-1";
    static char id4[] = "WL-4", name4[] = "Maria Clara Santos";
    wl_entries[0] = (struct jaga_watch_entry){ .entry_id = id,
                                               .list = list,
                                               .account_id = acct,
                                               .account_h = jaga_hash_id(acct, strlen(acct)),
                                               .name = empty,
                                               .kind = JAGA_WL_ACCOUNT,
                                               .severity = 3 };
    wl_entries[1] = (struct jaga_watch_entry){ .entry_id = id2,
                                               .list = list2,
                                               .account_id = acct2,
                                               .account_h = jaga_hash_id(acct2, strlen(acct2)),
                                               .name = empty,
                                               .kind = JAGA_WL_ACCOUNT,
                                               .severity = 2 };
    wl_entries[2] = (struct jaga_watch_entry){ .entry_id = id3,
                                               .list = list3,
                                               .account_id = acct3,
                                               .account_h = jaga_hash_id(acct3, strlen(acct3)),
                                               .name = empty,
                                               .kind = JAGA_WL_ACCOUNT,
                                               .severity = 1 };
    wl_entries[3] = (struct jaga_watch_entry){ .entry_id = id4,
                                               .list = list2,
                                               .account_id = empty,
                                               .name = name4,
                                               .kind = JAGA_WL_PERSON,
                                               .severity = 2 };
    wl.v = wl_entries;
    wl.n = 4;
    struct jaga_engine_cfg cfg;
    jaga_engine_cfg_default(&cfg);
    cfg.pack = pack;
    cfg.watch = &wl;
    cfg.accounts = &accts;
    cfg.expected_accounts = 1024;
    cr_assert_eq(jaga_engine_create(&cfg, &eng), 0);
    b = jaga_aligned_alloc(64, sizeof(*b));
    b->n = 0;
    b->arena_used = 0;
}

static void teardown(void)
{
    jaga_free(b);
    jaga_engine_destroy(eng);
    jaga_pack_destroy(pack);
}

static struct jaga_sref put(const char *s)
{
    struct jaga_sref r = { b->arena_used, (uint32_t)strlen(s) };
    memcpy(b->arena + b->arena_used, s, r.len + 1);
    b->arena_used += r.len + 1;
    return r;
}

static uint32_t cat_bit(const char *name)
{
    for (uint32_t c = 0; c < pack->n_cats; c++)
        if (!strcmp(pack->cat_names[c], name))
            return 1u << c;
    cr_assert_fail("no category %s", name);
    return 0;
}

/* Appends one transaction; amount in major units. */
static uint32_t tx_named(int64_t ts, double amount, const char *ccy, const char *dcc,
                         const char *ccc, enum jaga_channel ch, const char *debtor,
                         const char *debtor_name, const char *creditor, uint32_t memo);

static uint32_t tx(int64_t ts, double amount, const char *ccy, const char *dcc, const char *ccc,
                   enum jaga_channel ch, const char *debtor, const char *creditor, uint32_t memo)
{
    uint32_t i = b->n++;
    char id[32];
    snprintf(id, sizeof(id), "T%u", i);
    b->seq[i] = i;
    b->ts_ms[i] = ts;
    b->amount_e4[i] = (int64_t)llround(amount * 1e4);
    b->currency[i] = jaga_ccy_code(ccy, 3);
    b->debtor_cc[i] = dcc ? jaga_cc_code(dcc, 2) : 0;
    b->creditor_cc[i] = ccc ? jaga_cc_code(ccc, 2) : 0;
    b->channel[i] = (uint8_t)ch;
    b->tx_id[i] = put(id);
    b->debtor_id[i] = put(debtor);
    b->creditor_id[i] = put(creditor);
    b->debtor_h[i] = jaga_hash_id(debtor, strlen(debtor));
    b->creditor_h[i] = jaga_hash_id(creditor, strlen(creditor));
    b->memo_hits[i] = memo;
    b->debtor_wl_name[i] = b->creditor_wl_name[i] = -1;
    /* No names or memo unless a test sets them (the batch memory is not zeroed). */
    b->debtor_name[i] = b->creditor_name[i] = b->memo[i] = (struct jaga_sref){ 0, 0 };
    b->mcc[i] = JAGA_MCC_NONE;
    b->purpose[i] = 0;
    return i;
}

static void run(void)
{
    jaga_engine_run(eng, b);
    jaga_score_batch_c(pack, b);
}

#define FIRED(i, k) ((b->fired[i] >> (k)) & 1)

static int typo(const char *name)
{
    for (uint32_t t = 0; t < pack->n_typo; t++)
        if (!strcmp(pack->typo[t].name, name))
            return (int)t;
    cr_assert_fail("no typology %s", name);
    return -1;
}

TestSuite(engine, .init = setup, .fini = teardown);

/* RF-AMT-01 bands: AU -> supply AUD 10-500; CA -> supply CAD 5-200; other demand -> supply
 * EUR 10-200 (USD 11.6-232 at the pack's FX); channels transfer/instant/remittance/ewallet. */
Test(engine, amt01_bands_corridors_and_channels)
{
    uint32_t in = tx(T0, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "PH1", 0);
    uint32_t hi = tx(T0, 600, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU2", "PH1", 0);
    uint32_t lo = tx(T0, 5, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU3", "PH1", 0);
    uint32_t dom = tx(T0, 50, "AUD", "PH", "PH", JAGA_CH_TRANSFER, "PH7", "PH1", 0);
    uint32_t card = tx(T0, 50, "AUD", "AU", "PH", JAGA_CH_CARD, "AU4", "PH1", 0);
    uint32_t usd = tx(T0, 100, "USD", "US", "TH", JAGA_CH_INSTANT, "US1", "TH1", 0);
    uint32_t usd_hi = tx(T0, 300, "USD", "US", "TH", JAGA_CH_INSTANT, "US2", "TH1", 0);
    uint32_t php = tx(T0, 5000, "PHP", "US", "PH", JAGA_CH_EWALLET, "US3", "PH2", 0);
    uint32_t nocc = tx(T0, 50, "USD", NULL, "PH", JAGA_CH_NONE, "X1", "PH2", 0);
    uint32_t back = tx(T0, 50, "USD", "PH", "US", JAGA_CH_REMITTANCE, "PH3", "US9", 0);
    run();
    cr_assert(FIRED(in, JAGA_IND_AMT_01));
    cr_assert_not(FIRED(hi, JAGA_IND_AMT_01), "AUD 600 is above the AUD 500 ceiling");
    cr_assert_not(FIRED(lo, JAGA_IND_AMT_01), "AUD 5 is below the AUD 10 floor");
    cr_assert_not(FIRED(dom, JAGA_IND_AMT_01), "domestic payment is no corridor");
    cr_assert_not(FIRED(card, JAGA_IND_AMT_01), "card is not a corridor channel");
    cr_assert(FIRED(usd, JAGA_IND_AMT_01));
    cr_assert_not(FIRED(usd_hi, JAGA_IND_AMT_01), "USD 300 > EUR 200 (USD 232)");
    cr_assert(FIRED(php, JAGA_IND_AMT_01), "PHP 5000 = USD 86 sits in the EUR 10-200 band");
    cr_assert_not(FIRED(nocc, JAGA_IND_AMT_01), "no debtor country, no corridor");
    cr_assert_not(FIRED(back, JAGA_IND_AMT_01), "supply -> demand is not a corridor");
}

/* RF-VEL-01: >= 3 corridor payments by one debtor within 720 h. */
Test(engine, vel01_counts_within_window)
{
    uint32_t a = tx(T0, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "PH1", 0);
    uint32_t c = tx(T0 + 10 * DAY, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "PH1", 0);
    uint32_t d = tx(T0 + 20 * DAY, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "PH1", 0);
    /* 31 days after the first: only the payments of day 10, 20 and 31 are in the window. */
    uint32_t e = tx(T0 + 31 * DAY, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "PH1", 0);
    /* 45 days: only 20, 31 and 45 -> still 3. At day 75 only 75 (and 45): 2. */
    uint32_t f = tx(T0 + 75 * DAY, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "PH1", 0);
    run();
    cr_assert_not(FIRED(a, JAGA_IND_VEL_01));
    cr_assert_not(FIRED(c, JAGA_IND_VEL_01));
    cr_assert(FIRED(d, JAGA_IND_VEL_01));
    cr_assert_eq(b->ind_val[JAGA_IND_VEL_01][d], 3);
    cr_assert(FIRED(e, JAGA_IND_VEL_01));
    cr_assert_eq(b->ind_val[JAGA_IND_VEL_01][e], 3);
    cr_assert_not(FIRED(f, JAGA_IND_VEL_01));
}

/* RF-FAN-OUT-01: >= 3 distinct corridor creditors within 720 h; repeats of one don't count. */
Test(engine, fanout01_distinct_creditors)
{
    uint32_t r1 = tx(T0, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US1", "PH1", 0);
    uint32_t r2 = tx(T0 + HOUR, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US1", "PH1", 0);
    uint32_t r3 = tx(T0 + 2 * HOUR, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US1", "PH2", 0);
    uint32_t r4 = tx(T0 + 3 * HOUR, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US1", "PH3", 0);
    run();
    cr_assert_not(FIRED(r2, JAGA_IND_FAN_OUT_01));
    cr_assert_not(FIRED(r3, JAGA_IND_FAN_OUT_01));
    cr_assert(FIRED(r4, JAGA_IND_FAN_OUT_01));
    cr_assert_eq(b->ind_val[JAGA_IND_FAN_OUT_01][r4], 3);
    (void)r1;
    /* lsac_buyer on r4: AMT 0.25 + VEL (4 payments) 0.2 + FAN-OUT 0.35 = 0.8 >= 0.6; the
     * remittance channel (RF-CH-01) fires but weighs nothing for a buyer. */
    cr_assert(FIRED(r4, JAGA_IND_VEL_01));
    cr_assert(FIRED(r4, JAGA_IND_CH_01));
    cr_assert_float_eq(b->score[typo("lsac_buyer")][r4], 0.8f, 1e-6);
    /* r3: AMT + VEL (3) but no FAN-OUT/FAN-IN/WL: frequent remitting alone scores 0. */
    cr_assert(FIRED(r3, JAGA_IND_VEL_01));
    cr_assert_float_eq(b->score[typo("lsac_buyer")][r3], 0.0f, 1e-9);
}

/* RF-FAN-IN-01: >= 5 distinct foreign low-value senders in 720 h, or >= 3 in 24 h. */
Test(engine, fanin01_long_and_short_windows)
{
    const char *s[] = { "AU1", "US1", "GB1", "NO1", "SE1" };
    const char *cc[] = { "AU", "US", "GB", "NO", "SE" };
    const char *ccy[] = { "AUD", "USD", "GBP", "NOK", "SEK" };
    const double amt[] = { 60, 40, 30, 300, 300 };
    uint32_t idx[5];
    for (int k = 0; k < 5; k++)
        idx[k] =
            tx(T0 + k * 2 * DAY, amt[k], ccy[k], cc[k], "PH", JAGA_CH_REMITTANCE, s[k], "PH-F", 0);
    /* Three senders within 24 h to another beneficiary. */
    uint32_t q1 = tx(T0, 40, "USD", "US", "PH", JAGA_CH_EWALLET, "US7", "PH-G", 0);
    uint32_t q2 = tx(T0 + 3 * HOUR, 40, "USD", "US", "PH", JAGA_CH_EWALLET, "US8", "PH-G", 0);
    uint32_t q3 = tx(T0 + 9 * HOUR, 40, "USD", "CA", "PH", JAGA_CH_EWALLET, "CA8", "PH-G", 0);
    run();
    for (int k = 0; k < 5; k++)
        cr_assert(FIRED(idx[k], JAGA_IND_AMT_01), "sender %d in band", k);
    for (int k = 0; k < 4; k++)
        cr_assert_not(FIRED(idx[k], JAGA_IND_FAN_IN_01), "only %d senders so far", k + 1);
    cr_assert(FIRED(idx[4], JAGA_IND_FAN_IN_01));
    cr_assert_eq(b->ind_val[JAGA_IND_FAN_IN_01][idx[4]], 5);
    cr_assert_not(FIRED(q2, JAGA_IND_FAN_IN_01));
    cr_assert(FIRED(q3, JAGA_IND_FAN_IN_01));
    cr_assert_eq(b->ind_val[JAGA_IND_FAN_IN_01][q3], 3u | 0x80000000u, "short window fired");
    (void)q1;
    /* lsac_facilitator: AMT 0.1 + FAN-IN 0.5 = 0.6 >= 0.6. */
    cr_assert_float_eq(b->score[typo("lsac_facilitator")][idx[4]], 0.6f, 1e-6);
    cr_assert_float_eq(b->score[typo("lsac_facilitator")][idx[3]], 0.0f, 1e-9);
}

/* Memo categories become RF-TXT-01 (cover) and RF-TXT-03 (age, child); text alone scores 0. */
Test(engine, text_indicators_never_alert_alone)
{
    uint32_t cover = cat_bit("cover"), age = cat_bit("age");
    uint32_t t1 = tx(T0, 50, "PHP", "PH", "PH", JAGA_CH_TRANSFER, "PH1", "PH2", cover | age);
    uint32_t t2 = tx(T0, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "PH2", cover | age);
    run();
    cr_assert(FIRED(t1, JAGA_IND_TXT_01));
    cr_assert(FIRED(t1, JAGA_IND_TXT_03));
    for (uint32_t t = 0; t < pack->n_typo; t++) {
        cr_assert_float_eq(b->score[t][t1], 0.0f, 1e-9, "%s fired on text", pack->typo[t].name);
        cr_assert_float_eq(b->score[t][t2], 0.0f, 1e-9, "%s fired on AMT + text",
                           pack->typo[t].name);
    }
}

struct collected {
    int n;
    char line[8][1024];
    const char *typology[8];
    const char *role[8];
    const char *subject[8];
    const char *subject_name[8];
};

static void collect(void *ctx, const struct jaga_alert *a)
{
    struct collected *c = ctx;
    if (c->n < 8) {
        c->typology[c->n] = a->typology;
        c->role[c->n] = a->role;
        c->subject[c->n] = a->subject;
        c->subject_name[c->n] = a->subject_name;
        c->n++;
    }
}

/* RF-WL-01: paying a listed account. The watchlist typology holds the listed party; the
 * buyer typology needs AMT-01 + WL-01 = 0.25 + 0.6 = 0.85. */
Test(engine, wl01_and_decide)
{
    uint32_t i = tx(T0, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "PH-FAC-9", 0);
    uint32_t j = tx(T0, 5000, "PHP", "PH", "PH", JAGA_CH_TRANSFER, "PH5", "PH6", 0);
    run();
    cr_assert(FIRED(i, JAGA_IND_WL_01));
    cr_assert_eq(b->ind_val[JAGA_IND_WL_01][i], 3);
    cr_assert_not(FIRED(j, JAGA_IND_WL_01));
    struct collected c = { 0 };
    jaga_engine_decide(eng, b, collect, &c);
    cr_assert_eq(c.n, 2);
    cr_assert_str_eq(c.typology[0], "lsac_buyer");
    cr_assert_str_eq(c.subject[0], "AU1");
    cr_assert_str_eq(c.role[0], "debtor");
    cr_assert_str_eq(c.typology[1], "watchlist");
    cr_assert_str_eq(c.subject[1], "PH-FAC-9");
    cr_assert_str_eq(c.role[1], "creditor");
    struct jaga_engine_stats st;
    jaga_engine_get_stats(eng, &st);
    cr_assert_eq(st.alerts[typo("watchlist")], 1);
    cr_assert_eq(st.subjects[typo("lsac_buyer")], 1);
}

/* The same account twice in one batch sees its own earlier update (input order). */
Test(engine, same_batch_updates_are_sequential)
{
    for (int k = 0; k < 3; k++)
        tx(T0 + k, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "PH1", 0);
    run();
    cr_assert_eq(b->ind_val[JAGA_IND_VEL_01][2], 3);
    cr_assert_not(FIRED(1, JAGA_IND_VEL_01));
}

static uint32_t tx_named(int64_t ts, double amount, const char *ccy, const char *dcc,
                         const char *ccc, enum jaga_channel ch, const char *debtor,
                         const char *debtor_name, const char *creditor, uint32_t memo)
{
    uint32_t i = tx(ts, amount, ccy, dcc, ccc, ch, debtor, creditor, memo);
    b->debtor_name[i] = put(debtor_name);
    return i;
}

/* An omnibus remitter account (accounts file kind remitter) carries many customers: three
 * different senders through it paying three beneficiaries are not one sender fanning out;
 * one named customer doing so is, and is named in the alert. */
Test(engine, omnibus_remitter_customers_are_separate_senders)
{
    uint32_t a1 =
        tx_named(T0, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-X-1", "Ann Lee", "PH1", 0);
    uint32_t a2 = tx_named(T0 + HOUR, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-X-1",
                           "Bob Ray", "PH2", 0);
    uint32_t a3 = tx_named(T0 + 2 * HOUR, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-X-1",
                           "Cy Dorn", "PH3", 0);
    uint32_t c1 = tx_named(T0 + 3 * HOUR, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-X-1",
                           "DAN  MOSS", "PH4", 0);
    uint32_t c2 = tx_named(T0 + 4 * HOUR, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-X-1",
                           "Dan Moss", "PH5", 0);
    uint32_t c3 = tx_named(T0 + 5 * HOUR, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-X-1",
                           "dan moss", "PH6", 0);
    run();
    cr_assert_not(FIRED(a3, JAGA_IND_FAN_OUT_01), "three customers, one payment each");
    cr_assert_not(FIRED(a3, JAGA_IND_VEL_01));
    cr_assert(FIRED(c3, JAGA_IND_FAN_OUT_01), "one customer (name case and spacing aside)");
    cr_assert_eq(b->ind_val[JAGA_IND_FAN_OUT_01][c3], 3);
    struct collected c = { 0 };
    jaga_engine_decide(eng, b, collect, &c);
    cr_assert_eq(c.n, 1);
    cr_assert_str_eq(c.subject[0], "US-X-1");
    cr_assert_str_eq(c.subject_name[0], "dan moss");
    (void)a1, (void)a2, (void)c1, (void)c2;
}

/* RF-AMT-02: whole multiples of 5 units, or of the pack's per-currency step (PHP 500,
 * IDR 50,000). */
Test(engine, amt02_round_amounts)
{
    uint32_t a = tx(T0, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "A1", "P1", 0);
    uint32_t b1 = tx(T0, 51.5, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "A2", "P1", 0);
    uint32_t c = tx(T0, 5000, "PHP", "PH", "PH", JAGA_CH_TRANSFER, "P2", "P3", 0);
    uint32_t d = tx(T0, 5250, "PHP", "PH", "PH", JAGA_CH_TRANSFER, "P2", "P3", 0);
    uint32_t e1 = tx(T0, 150000, "IDR", "ID", "ID", JAGA_CH_TRANSFER, "I1", "I2", 0);
    uint32_t f = tx(T0, 120000, "IDR", "ID", "ID", JAGA_CH_TRANSFER, "I1", "I2", 0);
    run();
    cr_assert(FIRED(a, JAGA_IND_AMT_02));
    cr_assert_eq(b->ind_val[JAGA_IND_AMT_02][a], 5);
    cr_assert_not(FIRED(b1, JAGA_IND_AMT_02));
    cr_assert(FIRED(c, JAGA_IND_AMT_02));
    cr_assert_eq(b->ind_val[JAGA_IND_AMT_02][c], 500);
    cr_assert_not(FIRED(d, JAGA_IND_AMT_02), "PHP 5250 is not a multiple of PHP 500");
    cr_assert(FIRED(e1, JAGA_IND_AMT_02));
    cr_assert_not(FIRED(f, JAGA_IND_AMT_02));
}

/* RF-TIM-01: of the debtor's corridor payments in 720 h (ring of 4), at least 2 and at least
 * 50 % at 22:00-06:00 sender-local time. AU is UTC+10 in the pack. */
Test(engine, tim01_night_share)
{
    int64_t day = T0 - T0 % DAY; /* 00:00Z */
    uint32_t p1 = tx(day + 13 * HOUR, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "P1", 0);
    uint32_t p2 = tx(day + 14 * HOUR, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "P1", 0);
    uint32_t p3 = tx(day + 26 * HOUR, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "P1", 0);
    uint32_t p4 = tx(day + 27 * HOUR, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "P1", 0);
    uint32_t p5 = tx(day + 28 * HOUR, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU1", "P1", 0);
    run();
    /* p1 23:00 local (night), alone: below 2 payments. */
    cr_assert_not(FIRED(p1, JAGA_IND_TIM_01));
    /* p2 00:00 local: 2 of 2 at night. */
    cr_assert(FIRED(p2, JAGA_IND_TIM_01));
    cr_assert_eq(b->ind_val[JAGA_IND_TIM_01][p2], 100);
    /* p3 12:00 local: 2 of 3 (66 %); p4 13:00: 2 of 4 (50 %). */
    cr_assert_eq(b->ind_val[JAGA_IND_TIM_01][p3], 66);
    cr_assert(FIRED(p4, JAGA_IND_TIM_01));
    cr_assert_eq(b->ind_val[JAGA_IND_TIM_01][p4], 50);
    /* p5 14:00: the ring keeps the last 4 (p2..p5), 1 at night: 25 %. */
    cr_assert_not(FIRED(p5, JAGA_IND_TIM_01));
}

/* RF-TXT-02 and RF-TXT-04 follow their lexicon categories like the other text indicators. */
Test(engine, txt02_txt04_from_categories)
{
    uint32_t h = tx(T0, 50, "PHP", "PH", "PH", JAGA_CH_TRANSFER, "P1", "P2", cat_bit("handle"));
    uint32_t s = tx(T0, 50, "IDR", "ID", "ID", JAGA_CH_TRANSFER, "I1", "I2", cat_bit("slang"));
    run();
    cr_assert(FIRED(h, JAGA_IND_TXT_02));
    cr_assert_not(FIRED(h, JAGA_IND_TXT_04));
    cr_assert(FIRED(s, JAGA_IND_TXT_04));
    cr_assert_not(FIRED(s, JAGA_IND_TXT_02));
}

/* RF-TIM-02: of a beneficiary's distinct foreign senders in 720 h (at least 3), the share whose
 * latest payment came at their local night (22:00-06:00; US is UTC-5, GB UTC+0). */
Test(engine, tim02_senders_at_night)
{
    int64_t day = T0 - T0 % DAY;
    /* US 04:00 local (night), GB 23:00 (night), GB 14:00 (day). */
    uint32_t a = tx(day + 9 * HOUR, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US1", "F", 0);
    uint32_t c = tx(day + 23 * HOUR, 30, "GBP", "GB", "PH", JAGA_CH_REMITTANCE, "GB1", "F", 0);
    uint32_t d = tx(day + 38 * HOUR, 30, "GBP", "GB", "PH", JAGA_CH_REMITTANCE, "GB2", "F", 0);
    /* GB1 pays again by day: its latest payment is no longer at night (1 of 3). */
    uint32_t e2 = tx(day + 39 * HOUR, 30, "GBP", "GB", "PH", JAGA_CH_REMITTANCE, "GB1", "F", 0);
    run();
    cr_assert_not(FIRED(a, JAGA_IND_TIM_02));
    cr_assert_not(FIRED(c, JAGA_IND_TIM_02), "2 senders: below the minimum of 3");
    cr_assert(FIRED(d, JAGA_IND_TIM_02));
    cr_assert_eq(b->ind_val[JAGA_IND_TIM_02][d], 66);
    cr_assert_not(FIRED(e2, JAGA_IND_TIM_02));
}

/* RF-WL-02 (offender registry, debtor side), RF-WL-05 (exited customer, either side), RF-WL-03
 * (whole-name match, either side) next to RF-WL-01 (any list, either side). */
Test(engine, wl_lists_sides_and_names)
{
    uint32_t off_d = tx(T0, 50, "AUD", "AU", "PH", JAGA_CH_REMITTANCE, "AU-OFF-1", "PH1", 0);
    uint32_t off_c = tx(T0, 50, "AUD", "PH", "AU", JAGA_CH_REMITTANCE, "PH2", "AU-OFF-1", 0);
    uint32_t ex = tx(T0, 500, "PHP", "PH", "PH", JAGA_CH_TRANSFER, "PH3", "PH-EX-1", 0);
    uint32_t nm = tx(T0, 500, "PHP", "PH", "PH", JAGA_CH_TRANSFER, "PH4", "PH5", 0);
    b->creditor_wl_name[nm] = 3; /* the scanner matched the creditor's name to WL-4 */
    run();
    cr_assert(FIRED(off_d, JAGA_IND_WL_02));
    cr_assert(FIRED(off_d, JAGA_IND_WL_01));
    cr_assert_eq(b->ind_val[JAGA_IND_WL_02][off_d], 2);
    cr_assert_not(FIRED(off_c, JAGA_IND_WL_02), "the registry indicator looks at the debtor");
    cr_assert(FIRED(off_c, JAGA_IND_WL_01));
    cr_assert(FIRED(ex, JAGA_IND_WL_05));
    cr_assert_not(FIRED(ex, JAGA_IND_WL_02));
    cr_assert(FIRED(nm, JAGA_IND_WL_03));
    cr_assert_not(FIRED(nm, JAGA_IND_WL_01), "a name is not an account");
    /* Buyer on the registered offender's corridor payment: AMT .25 + WL-01 .6 + WL-02 .4. */
    cr_assert_float_eq(b->score[typo("lsac_buyer")][off_d], 1.0f, 1e-6);
    struct collected c = { 0 };
    jaga_engine_decide(eng, b, collect, &c);
    /* off_d: buyer + watchlist (debtor); off_c: watchlist (creditor); ex: watchlist; nm: none,
     * a name match alone holds nothing. */
    cr_assert_eq(c.n, 4);
    cr_assert_str_eq(c.typology[0], "lsac_buyer");
    cr_assert_str_eq(c.typology[1], "watchlist");
    cr_assert_str_eq(c.subject[1], "AU-OFF-1");
    cr_assert_str_eq(c.role[1], "debtor");
    cr_assert_str_eq(c.subject[2], "AU-OFF-1");
    cr_assert_str_eq(c.role[2], "creditor");
    cr_assert_str_eq(c.subject[3], "PH-EX-1");
}

/* The match kind of RF-WL-03 in the first alert that carries it. */
static char wl03_match[32];
static void collect_match(void *ctx, const struct jaga_alert *a)
{
    (void)ctx;
    for (uint32_t k = 0; k < a->n_ind && !wl03_match[0]; k++)
        if (!strcmp(a->ind[k].id, "RF-WL-03") && a->ind[k].detail2)
            snprintf(wl03_match, sizeof(wl03_match), "%s", a->ind[k].detail2);
}

/* RF-WL-03 from fuzzy names: WL-4 lists "Maria Clara Santos" (offender registry, severity 2,
 * no birth year or country). US-MS, named "SANTOS, Maria" (surname first, middle name
 * missing), pays three PH beneficiaries: the name is checked at the first pattern (RF-VEL-01 on
 * the 3rd payment), matches as "partial" and then fires on every later payment too. US-MX,
 * "Maria Clara Santiago", does the same and never matches (another surname). Before the
 * pattern nobody's name is checked. */
Test(engine, wl03_fuzzy_name_checked_at_first_pattern)
{
    uint32_t r[4], x[3];
    for (int k = 0; k < 4; k++) {
        char cr[8];
        snprintf(cr, sizeof(cr), "PH-B%d", k);
        r[k] = tx(T0 + k * HOUR, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-MS", cr, 0);
        b->debtor_name[r[k]] = put("SANTOS, Maria");
    }
    for (int k = 0; k < 3; k++) {
        char cr[8];
        snprintf(cr, sizeof(cr), "PH-C%d", k);
        x[k] = tx(T0 + k * HOUR, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-MX", cr, 0);
        b->debtor_name[x[k]] = put("Maria Clara Santiago");
    }
    run();
    cr_assert_not(FIRED(r[0], JAGA_IND_WL_03), "no pattern yet: the name is not checked");
    cr_assert_not(FIRED(r[1], JAGA_IND_WL_03));
    cr_assert(FIRED(r[2], JAGA_IND_VEL_01));
    cr_assert(FIRED(r[2], JAGA_IND_WL_03));
    cr_assert_eq(b->ind_val[JAGA_IND_WL_03][r[2]], 2, "severity of WL-4");
    cr_assert(FIRED(r[3], JAGA_IND_WL_03), "remembered for later payments");
    cr_assert(FIRED(x[2], JAGA_IND_VEL_01));
    cr_assert_not(FIRED(x[2], JAGA_IND_WL_03), "Santiago is not Santos");
    /* lsac_buyer on r[2]: AMT .25 + VEL .2 + FAN-OUT .35 + WL-03 .2 = 1.0; the alert says how
     * the name matched. */
    wl03_match[0] = 0;
    jaga_engine_decide(eng, b, collect_match, NULL);
    cr_assert_str_eq(wl03_match, "partial");
}

/* RF-NET-01: PH-P1 pays the listed account PH-FAC-9 (WL-1): that payment fires RF-WL-01, not
 * RF-NET-01; every later payment of PH-P1, to anyone, fires RF-NET-01 (PH-P1 one hop from the
 * listed account, its payee two). PH-P2, who never paid a listed account, does not. */
Test(engine, net01_payer_of_a_listed_account)
{
    uint32_t before = tx(T0, 500, "PHP", "PH", "PH", JAGA_CH_TRANSFER, "PH-P1", "PH-Q1", 0);
    uint32_t paid = tx(T0 + HOUR, 500, "PHP", "PH", "PH", JAGA_CH_TRANSFER, "PH-P1", "PH-FAC-9", 0);
    uint32_t after =
        tx(T0 + 2 * HOUR, 500, "PHP", "PH", "PH", JAGA_CH_TRANSFER, "PH-P1", "PH-Q2", 0);
    uint32_t other =
        tx(T0 + 3 * HOUR, 500, "PHP", "PH", "PH", JAGA_CH_TRANSFER, "PH-P2", "PH-Q2", 0);
    run();
    cr_assert_not(FIRED(before, JAGA_IND_NET_01));
    cr_assert(FIRED(paid, JAGA_IND_WL_01));
    cr_assert_not(FIRED(paid, JAGA_IND_NET_01));
    cr_assert(FIRED(after, JAGA_IND_NET_01));
    cr_assert_eq(b->ind_val[JAGA_IND_NET_01][after], 1);
    cr_assert_not(FIRED(other, JAGA_IND_NET_01));
}
