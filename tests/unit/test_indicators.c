// SPDX-License-Identifier: Apache-2.0
/*
 * The profile, flow and channel indicators of the `asean` pack (RF-AMT-03, RF-CTY-01,
 * RF-CPY-01, RF-NEW-01, RF-FSEC-01, RF-MULE-01, RF-LAY-01, RF-TRV-01, RF-CH-*) and the five
 * typologies built on them, on hand-built batches. Every case works the pack's arithmetic out
 * in a comment (models/packs/asean/pack.yaml): where an indicator must fire, and just outside,
 * where it must not.
 *
 * Reference day D = 2026-03-02. Ages are whole years from 1 July of the birth year
 * (engine.c age_at), so on D: born 2005 -> 20, 2006 -> 19, 2007 -> 18, 2008 -> 17, 2010 -> 15.
 * FX (pack): EUR 1.16, IDR 0.00006, PHP 0.0172 USD per unit.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/codes.h"
#include "core/hash.h"
#include "core/mem.h"
#include "models/engine.h"
#include "models/pack.h"

static struct jaga_pack *pack;
static struct jaga_engine *eng;
static struct jaga_batch *b;

#define MINUTE INT64_C(60000)
#define HOUR   INT64_C(3600000)
#define DAY    (24 * HOUR)

#define NO_DATE INT32_MIN

/* Accounts-file rows of a test; the engine is created (and reads them) at the first run. */
#define MAX_REFS 64
static struct jaga_account_ref refs[MAX_REFS];
static struct jaga_accounts accts;

static uint64_t H(const char *s)
{
    return jaga_hash_id(s, strlen(s));
}

static int32_t day_of(int y, unsigned m, unsigned d)
{
    return (int32_t)jaga_days_from_civil(y, m, d);
}

/* Milliseconds of y-m-d hh:00Z. */
static int64_t at(int y, unsigned m, unsigned d, int hh)
{
    return (int64_t)day_of(y, m, d) * DAY + hh * HOUR;
}

/* D = 2026-03-02 at hour hh, plus whole days. */
static int64_t D(int days, int hh)
{
    return at(2026, 3, 2, hh) + days * DAY;
}

static const int32_t DAY_D = 20514; /* 2026-03-02, checked in setup */

static void acct(const char *id, uint8_t kind, uint16_t birth_year, const char *holder,
                 const char *guardian, int32_t opened_day)
{
    cr_assert_null(eng, "accounts rows go in before the first run");
    cr_assert_lt(accts.n, MAX_REFS);
    refs[accts.n++] = (struct jaga_account_ref){ .id_h = H(id),
                                                 .holder_h = holder ? H(holder) : 0,
                                                 .guardian_h = guardian ? H(guardian) : 0,
                                                 .opened_day = opened_day,
                                                 .birth_year = birth_year,
                                                 .kind = kind,
                                                 .kyc_level = -1 };
}

static struct jaga_engine *new_engine(void)
{
    struct jaga_engine_cfg cfg;
    jaga_engine_cfg_default(&cfg);
    cfg.pack = pack;
    cfg.accounts = &accts;
    cfg.expected_accounts = 1024;
    struct jaga_engine *e = NULL;
    cr_assert_eq(jaga_engine_create(&cfg, &e), 0);
    return e;
}

static void clear_batch(void)
{
    memset(b, 0, sizeof(*b));
}

static void setup(void)
{
    char err[512];
    cr_assert_eq(jaga_pack_load("asean", &pack, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(day_of(2026, 3, 2), DAY_D);
    accts.v = refs;
    accts.n = 0;
    eng = NULL;
    b = jaga_aligned_alloc(64, sizeof(*b));
    cr_assert_not_null(b);
    clear_batch();
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

/* Appends one transaction; amount in major units; countries may be NULL (absent). */
static uint32_t tx(int64_t ts, double amount, const char *ccy, const char *dcc, const char *ccc,
                   enum jaga_channel ch, const char *debtor, const char *creditor)
{
    cr_assert_lt(b->n, JAGA_BATCH_MAX);
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
    b->mcc[i] = JAGA_MCC_NONE;
    b->tx_id[i] = put(id);
    b->debtor_id[i] = put(debtor);
    b->creditor_id[i] = put(creditor);
    b->debtor_h[i] = H(debtor);
    b->creditor_h[i] = H(creditor);
    b->debtor_name[i] = b->creditor_name[i] = (struct jaga_sref){ 0, 0 };
    b->memo[i] = (struct jaga_sref){ 0, 0 };
    b->memo_hits[i] = 0;
    b->debtor_wl_name[i] = b->creditor_wl_name[i] = -1;
    return i;
}

/* A domestic Indonesian transfer in rupiah. */
static uint32_t idr(int64_t ts, double amount, enum jaga_channel ch, const char *debtor,
                    const char *creditor)
{
    return tx(ts, amount, "IDR", "ID", "ID", ch, debtor, creditor);
}

/* A card payment at merchant category `code`. */
static uint32_t card(int64_t ts, double usd, const char *dcc, const char *ccc, uint16_t code,
                     const char *debtor, const char *merchant)
{
    uint32_t i = tx(ts, usd, "USD", dcc, ccc, JAGA_CH_CARD, debtor, merchant);
    b->mcc[i] = code;
    return i;
}

static void set_names(uint32_t i, const char *debtor_name, const char *creditor_name)
{
    if (debtor_name)
        b->debtor_name[i] = put(debtor_name);
    if (creditor_name)
        b->creditor_name[i] = put(creditor_name);
}

static void run(void)
{
    if (!eng)
        eng = new_engine();
    jaga_engine_run(eng, b);
    jaga_score_batch_c(pack, b);
}

#define FIRED(i, k) ((b->fired[i] >> (k)) & 1)
#define VAL(k, i)   (b->ind_val[k][i])

static int typo(const char *name)
{
    for (uint32_t t = 0; t < pack->n_typo; t++)
        if (!strcmp(pack->typo[t].name, name))
            return (int)t;
    cr_assert_fail("no typology %s", name);
    return -1;
}

static float weight(const char *typology, enum jaga_ind k)
{
    return pack->typo[typo(typology)].weight[k];
}

/* The scores below are worked out from these weights and thresholds; a pack change that moves
 * them fails here first, with a clear message, rather than in an arithmetic assertion. */
static void expect_weight(const char *typology, enum jaga_ind k, float w)
{
    cr_assert_float_eq(weight(typology, k), w, 1e-6, "%s weight of %s", typology, jaga_ind_id(k));
}

static void expect_threshold(const char *typology, float th)
{
    cr_assert_float_eq(pack->typo[typo(typology)].threshold, th, 1e-6, "%s threshold", typology);
}

static float score(const char *typology, uint32_t i)
{
    return b->score[typo(typology)][i];
}

struct alerts {
    int n;
    uint64_t seq[64];
    const char *typology[64];
    const char *subject[64];
    const char *action[64];
};

static void collect(void *ctx, const struct jaga_alert *a)
{
    struct alerts *c = ctx;
    if (c->n < 64) {
        c->seq[c->n] = a->seq;
        c->typology[c->n] = a->typology;
        c->subject[c->n] = a->subject;
        c->action[c->n] = a->action;
        c->n++;
    }
}

static struct alerts decide(void)
{
    struct alerts c;
    memset(&c, 0, sizeof(c));
    jaga_engine_decide(eng, b, collect, &c);
    return c;
}

/* Index of the alert of `typology` on record i, or -1. */
static int alert_of(const struct alerts *c, uint32_t i, const char *typology)
{
    for (int k = 0; k < c->n; k++)
        if (c->seq[k] == i && !strcmp(c->typology[k], typology))
            return k;
    return -1;
}

/* The bit a payer sets in a flow line's 32-bit linear-counting bitmap (engine.c payer_bit). */
static unsigned payer_bit_of(const char *id)
{
    return (unsigned)((H(id) >> 40) & 31);
}

/* n ids "<prefix>-<j>" whose payer bits all differ: linear counting then estimates exactly n
 * payers (32 ln(32 / (32 - n)) rounds to n for n <= 5: 1, 2, 3, 4, 5). */
static void payer_ids(const char *prefix, int n, char ids[][32])
{
    uint32_t used = 0;
    for (int j = 0, k = 0; k < n; j++) {
        snprintf(ids[k], 32, "%s-%d", prefix, j);
        unsigned bit = payer_bit_of(ids[k]);
        if (!(used >> bit & 1)) {
            used |= 1u << bit;
            k++;
        }
    }
}

/* An id "<prefix>-<j>" that sets the same bitmap bit as `like` (a linear-counting collision). */
static void colliding_id(const char *prefix, const char *like, char out[32])
{
    for (int j = 0;; j++) {
        snprintf(out, 32, "%s-%d", prefix, j);
        if (strcmp(out, like) && payer_bit_of(out) == payer_bit_of(like))
            return;
    }
}

TestSuite(indicators, .init = setup, .fini = teardown);

/* ---------------------------------------------------------------------------------------- */
/* RF-AMT-03: debtor aged <= 19 (max_age), channel transfer/instant/ewallet/giftcard/gaming,
 * amount <= EUR 1,500 = USD 1,740 (1500 x 1.16). Value: the debtor's age. */
Test(indicators, amt03_age_channel_and_amount)
{
    acct("ID-Y19", JAGA_KIND_BANK, 2006, NULL, NULL, NO_DATE);
    acct("ID-Y20", JAGA_KIND_BANK, 2005, NULL, NULL, NO_DATE);
    acct("ID-YU", JAGA_KIND_BANK, 0, NULL, NULL, NO_DATE);
    /* 2006-07-01 -> 2026-03-02: 7184 days x 10000 / 3652425 = 19.67 -> 19. */
    uint32_t y19 = tx(D(0, 10), 1000, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "ID-Y19", "ID-C1");
    /* 2005-07-01 -> 2026-03-02: 7549 days = 20.67 years -> 20 > 19. */
    uint32_t y20 = tx(D(0, 10), 1000, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "ID-Y20", "ID-C1");
    /* No birth year in the accounts file, or no row at all: age unknown. */
    uint32_t yu = tx(D(0, 10), 1000, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "ID-YU", "ID-C1");
    uint32_t norow = tx(D(0, 10), 1000, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "ID-NOROW", "ID-C1");
    /* EUR 1,499.99 = USD 1,739.99 <= 1,740; EUR 1,500.01 = USD 1,740.01 > 1,740. */
    uint32_t under = tx(D(0, 11), 1499.99, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "ID-Y19", "ID-C2");
    uint32_t over = tx(D(0, 11), 1500.01, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "ID-Y19", "ID-C2");
    /* USD 2,000 = IDR 33,333,333 at 0.00006: over the ceiling in any currency. */
    uint32_t over_idr = idr(D(0, 11), 33333334, JAGA_CH_TRANSFER, "ID-Y19", "ID-C2");
    /* Channels: the six listed ones fire (a remittance app paying abroad is person to
     * person), card / crypto / none do not. */
    uint32_t ch_ok[6], ch_no[3];
    const enum jaga_channel ok[6] = { JAGA_CH_TRANSFER, JAGA_CH_INSTANT,  JAGA_CH_REMITTANCE,
                                      JAGA_CH_EWALLET,  JAGA_CH_GIFTCARD, JAGA_CH_GAMING };
    const enum jaga_channel no[3] = { JAGA_CH_CARD, JAGA_CH_CRYPTO, JAGA_CH_NONE };
    for (int k = 0; k < 6; k++)
        ch_ok[k] = tx(D(0, 12), 100, "EUR", "ID", "ID", ok[k], "ID-Y19", "ID-C3");
    for (int k = 0; k < 3; k++)
        ch_no[k] = tx(D(0, 12), 100, "EUR", "ID", "ID", no[k], "ID-Y19", "ID-C3");
    /* Birthday boundary, born 2006: 2006-07-01 -> 2026-06-30 is 7304 days = 19.998 years -> 19;
     * -> 2026-07-01 is 7305 days = 20.0004 years -> 20. */
    uint32_t last19 =
        tx(at(2026, 6, 30, 12), 100, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "ID-Y19", "ID-C4");
    uint32_t first20 =
        tx(at(2026, 7, 1, 12), 100, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "ID-Y19", "ID-C4");
    run();
    cr_assert(FIRED(y19, JAGA_IND_AMT_03));
    cr_assert_eq(VAL(JAGA_IND_AMT_03, y19), 19);
    cr_assert_not(FIRED(y20, JAGA_IND_AMT_03), "20 is older than max_age 19");
    cr_assert_not(FIRED(yu, JAGA_IND_AMT_03), "unknown birth year");
    cr_assert_not(FIRED(norow, JAGA_IND_AMT_03), "no accounts-file row");
    cr_assert(FIRED(under, JAGA_IND_AMT_03));
    cr_assert_not(FIRED(over, JAGA_IND_AMT_03), "EUR 1,500.01 is over EUR 1,500");
    cr_assert_not(FIRED(over_idr, JAGA_IND_AMT_03), "IDR 33.3m = USD 2,000");
    for (int k = 0; k < 6; k++)
        cr_assert(FIRED(ch_ok[k], JAGA_IND_AMT_03), "channel %d", ok[k]);
    for (int k = 0; k < 3; k++)
        cr_assert_not(FIRED(ch_no[k], JAGA_IND_AMT_03), "channel %d", no[k]);
    cr_assert(FIRED(last19, JAGA_IND_AMT_03));
    cr_assert_eq(VAL(JAGA_IND_AMT_03, last19), 19);
    cr_assert_not(FIRED(first20, JAGA_IND_AMT_03), "20 from 1 July 2026");
}

/* "Payments up to EUR 1,500" (FATF 2025): EUR 1,500 itself is inside. It converts to
 * 15,000,000e-4 x 1.16 x 1e-4 = USD 1740.0 in the engine, while the ceiling converts at load
 * as 1500 x 1.16 = 1739.9999999999998 (binary floating point), so a payment of exactly the
 * ceiling lands a hair above it unless the comparison allows for rounding. */
Test(indicators, amt03_eur_1500_ceiling_is_inclusive)
{
    acct("ID-Y19", JAGA_KIND_BANK, 2006, NULL, NULL, NO_DATE);
    uint32_t at_ceiling = tx(D(0, 10), 1500, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "ID-Y19", "C1");
    uint32_t over = tx(D(0, 10), 1500.01, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "ID-Y19", "C2");
    run();
    cr_assert_not(FIRED(over, JAGA_IND_AMT_03));
    cr_assert(FIRED(at_ceiling, JAGA_IND_AMT_03),
              "EUR 1,500 is 'up to EUR 1,500' (USD %.17g vs ceiling %.17g)",
              b->amount_e4[at_ceiling] * pack->usd_per[jaga_ccy_code("EUR", 3)] * 1e-4,
              pack->ind[JAGA_IND_AMT_03].max_usd);
}

/* A currency missing from the pack's FX table converts to USD 0, which pack.h defines as
 * "unknown -> amount rules skip" (RF-AMT-01 checks usd > 0). A sextortion-sized test on an
 * amount of unknown value must skip too, not read it as USD 0 (MNT is not in the table). */
Test(indicators, amt03_unknown_currency_is_not_sextortion_sized)
{
    acct("ID-Y19", JAGA_KIND_BANK, 2006, NULL, NULL, NO_DATE);
    cr_assert_eq(pack->usd_per[jaga_ccy_code("MNT", 3)], 0.0);
    uint32_t i = tx(D(0, 10), 50000000, "MNT", "ID", "ID", JAGA_CH_TRANSFER, "ID-Y19", "C1");
    uint32_t j = tx(D(0, 11), 50000000, "MNT", "ID", "ID", JAGA_CH_TRANSFER, "ID-Y19", "C2");
    run();
    cr_assert_not(FIRED(i, JAGA_IND_AMT_03), "MNT 50m has no known USD value");
    cr_assert_not(FIRED(j, JAGA_IND_FSEC_01), "nor does a burst of them");
}

/* ---------------------------------------------------------------------------------------- */
/* RF-FSEC-01: a holder aged <= 19 pays, by transfer, instant, e-wallet or gift card, a person
 * (or buys a gift card) first seen within 24 h (window_h); a burst lasts 24 clock hours from
 * its first payment; it fires from the 2nd payment (min_count 2) while the burst total is
 * <= EUR 1,500 (USD 1,740). Value: payments in the burst. EUR 100 = USD 116. */
Test(indicators, fsec01_burst_of_new_counterparties)
{
    const char *v[10] = { "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10" };
    for (int k = 0; k < 10; k++)
        acct(v[k], JAGA_KIND_BANK, k == 5 ? 2005 : 2008, NULL, NULL, NO_DATE);
    acct("SHOP-1", JAGA_KIND_MERCHANT, 0, NULL, NULL, NO_DATE);
    acct("SHOP-2", JAGA_KIND_MERCHANT, 0, NULL, NULL, NO_DATE);
#define PAY(who, h, eur, ch, to) tx(D(0, 0) + (h)*HOUR, eur, "EUR", "ID", "ID", ch, who, to)
    /* V1: X-A at D 10:00, X-B at D+1 09:00 (23 h into the burst): 2 payments -> fires. */
    uint32_t v1a = PAY("V1", 10, 100, JAGA_CH_TRANSFER, "X-A");
    uint32_t v1b = PAY("V1", 33, 100, JAGA_CH_TRANSFER, "X-B");
    /* V2: X-B at D+1 10:00 is 24 h after the start: a new burst of 1 -> no. */
    PAY("V2", 10, 100, JAGA_CH_TRANSFER, "X-A");
    uint32_t v2b = PAY("V2", 34, 100, JAGA_CH_TRANSFER, "X-B");
    /* V3: X-A again at D+1 11:00 was first seen 25 h before: not new, ignored; X-B at 12:00 is
     * new but 26 h after the burst's start: a new burst of 1 -> no. */
    PAY("V3", 10, 100, JAGA_CH_TRANSFER, "X-A");
    uint32_t v3a2 = PAY("V3", 35, 100, JAGA_CH_TRANSFER, "X-A");
    uint32_t v3b = PAY("V3", 36, 100, JAGA_CH_TRANSFER, "X-B");
    /* V4: as V3 but the 11:00 payment goes to a new X-C: a burst X-C, X-B of 2 -> fires. */
    PAY("V4", 10, 100, JAGA_CH_TRANSFER, "X-A");
    uint32_t v4c = PAY("V4", 35, 100, JAGA_CH_TRANSFER, "X-C");
    uint32_t v4b = PAY("V4", 36, 100, JAGA_CH_TRANSFER, "X-B");
    /* V5: X-A twice, 5 h apart: first seen 5 h before (< 24), still new -> 2, fires. */
    PAY("V5", 10, 100, JAGA_CH_EWALLET, "X-A");
    uint32_t v5 = PAY("V5", 15, 100, JAGA_CH_EWALLET, "X-A");
    /* V6 is 20: never. */
    PAY("V6", 10, 100, JAGA_CH_TRANSFER, "X-A");
    uint32_t v6 = PAY("V6", 11, 100, JAGA_CH_TRANSFER, "X-B");
    /* V7: EUR 800 + EUR 800 = USD 928 + 928 = USD 1,856 > 1,740 -> no. */
    PAY("V7", 10, 800, JAGA_CH_GIFTCARD, "X-A");
    uint32_t v7 = PAY("V7", 11, 800, JAGA_CH_GIFTCARD, "X-B");
    /* V8: card payments and game top-ups are not on the channel list -> no. */
    PAY("V8", 10, 100, JAGA_CH_CARD, "X-A");
    uint32_t v8 = PAY("V8", 11, 100, JAGA_CH_GAMING, "X-B");
    /* V9: transfers to merchants reach no person -> no; V10: gift cards from merchants do. */
    PAY("V9", 10, 100, JAGA_CH_TRANSFER, "SHOP-1");
    uint32_t v9 = PAY("V9", 11, 100, JAGA_CH_TRANSFER, "SHOP-2");
    PAY("V10", 10, 100, JAGA_CH_GIFTCARD, "SHOP-1");
    uint32_t v10 = PAY("V10", 11, 100, JAGA_CH_GIFTCARD, "SHOP-2");
#undef PAY
    run();
    cr_assert_not(FIRED(v1a, JAGA_IND_FSEC_01), "one payment is no burst");
    cr_assert(FIRED(v1b, JAGA_IND_FSEC_01));
    cr_assert_eq(VAL(JAGA_IND_FSEC_01, v1b), 2);
    cr_assert_not(FIRED(v2b, JAGA_IND_FSEC_01), "24 h after the start is outside the window");
    cr_assert_not(FIRED(v3a2, JAGA_IND_FSEC_01));
    cr_assert_not(FIRED(v3b, JAGA_IND_FSEC_01), "a counterparty first seen 25 h ago is not new");
    cr_assert_not(FIRED(v4c, JAGA_IND_FSEC_01));
    cr_assert(FIRED(v4b, JAGA_IND_FSEC_01));
    cr_assert_eq(VAL(JAGA_IND_FSEC_01, v4b), 2);
    cr_assert(FIRED(v5, JAGA_IND_FSEC_01));
    cr_assert_eq(VAL(JAGA_IND_FSEC_01, v5), 2);
    cr_assert_not(FIRED(v6, JAGA_IND_FSEC_01), "20 is older than max_age 19");
    cr_assert_not(FIRED(v7, JAGA_IND_FSEC_01), "burst total USD 1,856 > USD 1,740");
    cr_assert(FIRED(v7, JAGA_IND_AMT_03), "each payment alone is sextortion-sized");
    cr_assert_not(FIRED(v8, JAGA_IND_FSEC_01), "card and gaming are not burst channels");
    cr_assert_not(FIRED(v9, JAGA_IND_FSEC_01), "transfers to merchants");
    cr_assert(FIRED(v10, JAGA_IND_FSEC_01), "gift cards bought from merchants");
    cr_assert_eq(VAL(JAGA_IND_FSEC_01, v10), 2);
}

/* The burst ceiling is inclusive like RF-AMT-03's: EUR 750 + EUR 750 = EUR 1,500 =
 * 87,000 + 87,000 = 174,000 cents against a ceiling of 1739.9999999999998 x 100. */
Test(indicators, fsec01_burst_total_of_eur_1500_is_inside)
{
    acct("V1", JAGA_KIND_BANK, 2008, NULL, NULL, NO_DATE);
    tx(D(0, 10), 750, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "V1", "X-A");
    uint32_t i = tx(D(0, 11), 750, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "V1", "X-B");
    uint32_t j = tx(D(0, 12), 0.01, "EUR", "ID", "ID", JAGA_CH_TRANSFER, "V1", "X-C");
    run();
    cr_assert(FIRED(i, JAGA_IND_FSEC_01), "a burst of exactly EUR 1,500 is 'up to EUR 1,500'");
    cr_assert_not(FIRED(j, JAGA_IND_FSEC_01), "EUR 1,500.01 is over");
}

/* ---------------------------------------------------------------------------------------- */
/* RF-CPY-01: creditor aged < 18 (max_age), payer an adult or of unknown age, not linked to the
 * minor in the accounts file (payer's holder_id is neither the minor's guardian_id nor holder_id);
 * fires across a border every time, domestically the first time the payer pays the minor.
 * Value: the minor's age. IDR 100,000 = USD 6. */
Test(indicators, cpy01_strangers_guardians_and_borders)
{
    acct("M17", JAGA_KIND_BANK, 2008, "H-M17", "H-G", NO_DATE);  /* 17 */
    acct("M17-B", JAGA_KIND_EWALLET, 0, "H-M17", NULL, NO_DATE); /* same holder, no age */
    acct("M18", JAGA_KIND_BANK, 2007, "H-M18", NULL, NO_DATE);   /* 18: not a minor */
    acct("G", JAGA_KIND_BANK, 1980, "H-G", NULL, NO_DATE);       /* the guardian's account */
    acct("S2", JAGA_KIND_BANK, 1990, "H-S2", NULL, NO_DATE);     /* an adult, someone else */
    acct("K15", JAGA_KIND_BANK, 2010, "H-K15", NULL, NO_DATE);   /* a minor payer (15) */
    uint32_t g = idr(D(0, 10), 100000, JAGA_CH_TRANSFER, "G", "M17");
    uint32_t s1 = idr(D(0, 11), 100000, JAGA_CH_TRANSFER, "S", "M17"); /* S: no row */
    uint32_t s2 = idr(D(0, 13), 100000, JAGA_CH_TRANSFER, "S", "M17");
    uint32_t r1 = idr(D(0, 14), 100000, JAGA_CH_TRANSFER, "S2", "M17");
    /* US -> ID: cross-border, every time (USD 20). */
    uint32_t x1 = tx(D(0, 15), 20, "USD", "US", "ID", JAGA_CH_TRANSFER, "US-X", "M17");
    uint32_t x2 = tx(D(0, 17), 20, "USD", "US", "ID", JAGA_CH_TRANSFER, "US-X", "M17");
    uint32_t x3 = tx(D(3, 9), 20, "USD", "US", "ID", JAGA_CH_TRANSFER, "US-X", "M17");
    uint32_t adult = idr(D(0, 10), 100000, JAGA_CH_TRANSFER, "S", "M18");
    uint32_t minor_payer = idr(D(0, 18), 100000, JAGA_CH_TRANSFER, "K15", "M17");
    /* The guardian abroad is still the guardian; another account of the minor's holder (age
     * unknown, so it passes as a payer) is linked. */
    uint32_t g_abroad = tx(D(0, 19), 20, "USD", "SG", "ID", JAGA_CH_TRANSFER, "G", "M17");
    uint32_t own = idr(D(0, 20), 100000, JAGA_CH_EWALLET, "M17-B", "M17");
    run();
    cr_assert_not(FIRED(g, JAGA_IND_CPY_01), "guardian's account pays the minor");
    cr_assert(FIRED(s1, JAGA_IND_CPY_01), "a stranger pays the minor the first time");
    cr_assert_eq(VAL(JAGA_IND_CPY_01, s1), 17);
    cr_assert_not(FIRED(s2, JAGA_IND_CPY_01), "the same stranger, domestically, again");
    cr_assert(FIRED(r1, JAGA_IND_CPY_01), "an unrelated adult with an accounts row");
    cr_assert(FIRED(x1, JAGA_IND_CPY_01));
    cr_assert(FIRED(x2, JAGA_IND_CPY_01), "cross-border fires every time");
    cr_assert(FIRED(x3, JAGA_IND_CPY_01), "cross-border fires every time");
    cr_assert_eq(VAL(JAGA_IND_CPY_01, x3), 17);
    cr_assert_not(FIRED(adult, JAGA_IND_CPY_01), "18 is not below max_age 18");
    cr_assert_not(FIRED(minor_payer, JAGA_IND_CPY_01), "a minor paying a minor");
    cr_assert_not(FIRED(g_abroad, JAGA_IND_CPY_01), "guardian, across a border");
    cr_assert_not(FIRED(own, JAGA_IND_CPY_01), "same holder");
}

/* Born 2008, the holder turns 18 on 1 July 2026: whole years from 2008-07-01 to 2026-07-01
 * are 18 (6574 days). The engine divides days by 365.2425, and 6574 / 365.2425 = 17.999 (the
 * span holds 4 leap days, below the mean 4.37), so the minor stays 17 one day too long. */
Test(indicators, cpy01_minor_turns_18_on_1_july)
{
    acct("M08", JAGA_KIND_BANK, 2008, "H-M08", NULL, NO_DATE);
    uint32_t before = idr(at(2026, 6, 30, 12), 100000, JAGA_CH_TRANSFER, "S1", "M08");
    uint32_t on = idr(at(2026, 7, 1, 12), 100000, JAGA_CH_TRANSFER, "S2", "M08");
    uint32_t after = idr(at(2026, 7, 2, 12), 100000, JAGA_CH_TRANSFER, "S3", "M08");
    run();
    cr_assert(FIRED(before, JAGA_IND_CPY_01));
    cr_assert_eq(VAL(JAGA_IND_CPY_01, before), 17);
    cr_assert_not(FIRED(after, JAGA_IND_CPY_01), "18 on 2 July");
    cr_assert_not(FIRED(on, JAGA_IND_CPY_01), "18 on 1 July 2026, not 17 (age %u)",
                  VAL(JAGA_IND_CPY_01, on));
}

/* "For the first time": a stranger's second payment 20 minutes after the first, in the same
 * clock hour, is not the first time either. */
Test(indicators, cpy01_second_payment_in_the_same_hour_is_not_first)
{
    acct("M17", JAGA_KIND_BANK, 2008, "H-M17", NULL, NO_DATE);
    uint32_t s1 = idr(D(0, 11) + 10 * MINUTE, 100000, JAGA_CH_TRANSFER, "S", "M17");
    uint32_t s2 = idr(D(0, 11) + 30 * MINUTE, 100000, JAGA_CH_TRANSFER, "S", "M17");
    run();
    cr_assert(FIRED(s1, JAGA_IND_CPY_01));
    cr_assert_not(FIRED(s2, JAGA_IND_CPY_01), "second payment by the same stranger");
}

/* ---------------------------------------------------------------------------------------- */
/* RF-CTY-01: a corridor payment (RF-AMT-01 fired) where both names are present and share no
 * token of 3 or more bytes (case aside; tokens split at space , . -). US -> PH USD 50 by
 * remittance is in the EUR 10-200 band (USD 11.60-232). */
Test(indicators, cty01_no_name_in_common)
{
    struct {
        const char *dn, *cn;
        int fires;
    } c[] = {
        { "John Smith", "Maria Cruz", 1 },        /* nothing in common */
        { "Pedro Santos", "Ana Santos", 0 },      /* shared surname */
        { "PEDRO SANTOS", "ana santos", 0 },      /* case aside */
        { "Ana Santos-Reyes", "Pedro Reyes", 0 }, /* hyphen splits */
        { "Li Wu", "Wu Li", 1 },                  /* 2-byte tokens never count */
        { "Ann Lee", "Leena Park", 1 },           /* a prefix is not a token */
        { "John Smith", NULL, 0 },                /* creditor name absent */
        { NULL, "Maria Cruz", 0 },                /* debtor name absent */
    };
    uint32_t idx[8];
    for (int k = 0; k < 8; k++) {
        char d[16];
        snprintf(d, sizeof(d), "US-%d", k);
        idx[k] = tx(D(0, 10), 50, "USD", "US", "PH", JAGA_CH_REMITTANCE, d, "PH-1");
        set_names(idx[k], c[k].dn, c[k].cn);
    }
    /* Not corridor payments: domestic, and a corridor amount outside the band (USD 5,000). */
    uint32_t dom = tx(D(0, 10), 500, "PHP", "PH", "PH", JAGA_CH_TRANSFER, "PH-9", "PH-1");
    set_names(dom, "John Smith", "Maria Cruz");
    uint32_t big = tx(D(0, 10), 5000, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-9", "PH-1");
    set_names(big, "John Smith", "Maria Cruz");
    /* Countries of concern beyond the corridors (the pack lists NG, CI): any amount, no name in
     * common -> value 2; a shared name, or an unlisted country (GB), does not fire. */
    uint32_t ng = tx(D(0, 11), 5000, "PHP", "PH", "NG", JAGA_CH_REMITTANCE, "PH-7", "NG-1");
    set_names(ng, "Juan Cruz", "Ibrahim Bello");
    uint32_t ng_kin = tx(D(0, 11), 5000, "PHP", "PH", "NG", JAGA_CH_REMITTANCE, "PH-8", "NG-2");
    set_names(ng_kin, "Ada Okafor", "Chidi Okafor");
    uint32_t gb = tx(D(0, 11), 5000, "PHP", "PH", "GB", JAGA_CH_REMITTANCE, "PH-7", "GB-1");
    set_names(gb, "Juan Cruz", "Ibrahim Bello");
    run();
    for (int k = 0; k < 8; k++) {
        cr_assert(FIRED(idx[k], JAGA_IND_AMT_01), "case %d is a corridor payment", k);
        cr_assert_eq(FIRED(idx[k], JAGA_IND_CTY_01), (uint64_t)c[k].fires, "case %d: %s / %s", k,
                     c[k].dn ? c[k].dn : "-", c[k].cn ? c[k].cn : "-");
    }
    cr_assert_eq(VAL(JAGA_IND_CTY_01, idx[0]), 1);
    cr_assert_not(FIRED(dom, JAGA_IND_CTY_01), "domestic payment");
    cr_assert_not(FIRED(big, JAGA_IND_CTY_01), "USD 5,000 is no low-value corridor payment");
    cr_assert(FIRED(ng, JAGA_IND_CTY_01));
    cr_assert_eq(VAL(JAGA_IND_CTY_01, ng), 2);
    cr_assert_not(FIRED(ng_kin, JAGA_IND_CTY_01), "shared surname");
    cr_assert_not(FIRED(gb, JAGA_IND_CTY_01), "GB is not listed");
}

/* ---------------------------------------------------------------------------------------- */
/* RF-NEW-01: the account behind a pattern (debtor: VEL, FAN-OUT, FSEC, MULE, LAY; creditor:
 * FAN-IN, CPY) was opened at most 90 days (max_days) before the payment's day. Value: age in
 * days, top bit set when it is the creditor. */
Test(indicators, new01_opened_days_and_side)
{
    acct("US-N90", JAGA_KIND_BANK, 0, NULL, NULL, DAY_D - 90);
    acct("US-N91", JAGA_KIND_BANK, 0, NULL, NULL, DAY_D - 91);
    acct("US-N10", JAGA_KIND_BANK, 0, NULL, NULL, DAY_D - 10);
    acct("MN90", JAGA_KIND_EWALLET, 2010, NULL, NULL, DAY_D - 90);
    acct("MN91", JAGA_KIND_EWALLET, 2010, NULL, NULL, DAY_D - 91);
    /* Debtor side: the third corridor payment within 720 h fires RF-VEL-01 (min_count 3). */
    uint32_t n90[3], n91[3];
    for (int k = 0; k < 3; k++) {
        n90[k] = tx(D(0, 8 + k), 50, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-N90", "PH-1");
        n91[k] = tx(D(0, 8 + k), 50, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-N91", "PH-2");
    }
    /* A new account with no pattern: one corridor payment. */
    uint32_t lone = tx(D(0, 8), 50, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-N10", "PH-3");
    /* Creditor side: a stranger pays a minor (RF-CPY-01). */
    uint32_t m90 = idr(D(0, 12), 100000, JAGA_CH_TRANSFER, "S", "MN90");
    uint32_t m91 = idr(D(0, 12), 100000, JAGA_CH_TRANSFER, "S", "MN91");
    run();
    cr_assert_not(FIRED(n90[1], JAGA_IND_NEW_01), "no pattern yet");
    cr_assert(FIRED(n90[2], JAGA_IND_VEL_01));
    cr_assert(FIRED(n90[2], JAGA_IND_NEW_01), "opened 90 days before");
    cr_assert_eq(VAL(JAGA_IND_NEW_01, n90[2]), 90, "debtor side: top bit clear");
    cr_assert(FIRED(n91[2], JAGA_IND_VEL_01));
    cr_assert_not(FIRED(n91[2], JAGA_IND_NEW_01), "opened 91 days before");
    cr_assert_not(FIRED(lone, JAGA_IND_NEW_01), "new, but behind no pattern");
    cr_assert(FIRED(m90, JAGA_IND_CPY_01));
    cr_assert(FIRED(m90, JAGA_IND_NEW_01));
    cr_assert_eq(VAL(JAGA_IND_NEW_01, m90), 90u | 0x80000000u, "creditor side: top bit set");
    cr_assert(FIRED(m91, JAGA_IND_CPY_01));
    cr_assert_not(FIRED(m91, JAGA_IND_NEW_01));
}

/* ---------------------------------------------------------------------------------------- */
/* RF-MULE-01: payers aged <= 19 pay an adult (or unknown-age) account; when that account
 * moves money off-ramp (channel crypto or giftcard, a crypto account, or abroad) with >= 3
 * estimated distinct young payers (min_payers) in the 168 h window (3 buckets of 56 h), it
 * fires. Value: the estimate, round(32 ln(32 / zero bits)) of the payers' bitmap. */
Test(indicators, mule01_young_payers_then_off_ramp)
{
    char yp[3][32], clash[32];
    payer_ids("YP", 3, yp);
    colliding_id("YPC", yp[0], clash);
    for (int k = 0; k < 3; k++)
        acct(yp[k], JAGA_KIND_EWALLET, 2010, NULL, NULL, NO_DATE); /* 15 */
    acct(clash, JAGA_KIND_EWALLET, 2010, NULL, NULL, NO_DATE);
    acct("YP20", JAGA_KIND_EWALLET, 2005, NULL, NULL, NO_DATE); /* 20: not young */
    acct("CRY", JAGA_KIND_CRYPTO, 0, NULL, NULL, NO_DATE);
    const char *mc[5] = { "MC-CRYPTO", "MC-ABROAD", "MC-DOM", "MC-KIND", "MC-GIFT" };
    for (int m = 0; m < 5; m++)
        for (int k = 0; k < 3; k++)
            idr(D(0, 10 + k), 200000, JAGA_CH_TRANSFER, yp[k], mc[m]);
    /* MC-2: two young payers and a 20-year-old; MC-3: three young payers, two sharing a bit. */
    idr(D(0, 10), 200000, JAGA_CH_TRANSFER, yp[0], "MC-2");
    idr(D(0, 11), 200000, JAGA_CH_TRANSFER, yp[1], "MC-2");
    idr(D(0, 12), 200000, JAGA_CH_TRANSFER, "YP20", "MC-2");
    idr(D(0, 10), 200000, JAGA_CH_TRANSFER, yp[0], "MC-3");
    idr(D(0, 11), 200000, JAGA_CH_TRANSFER, clash, "MC-3");
    uint32_t in3 = idr(D(0, 12), 200000, JAGA_CH_TRANSFER, yp[1], "MC-3");
    /* The outflows, a day later (IDR 500,000 = USD 30). */
    uint32_t o_crypto = idr(D(1, 10), 500000, JAGA_CH_CRYPTO, "MC-CRYPTO", "EXCH-1");
    uint32_t o_abroad = tx(D(1, 10), 30, "USD", "ID", "SG", JAGA_CH_TRANSFER, "MC-ABROAD", "SG-1");
    uint32_t o_dom = idr(D(1, 10), 500000, JAGA_CH_TRANSFER, "MC-DOM", "ID-BANK-1");
    uint32_t o_dom_then = idr(D(1, 11), 500000, JAGA_CH_GIFTCARD, "MC-DOM", "GC-1");
    uint32_t o_kind = idr(D(1, 10), 500000, JAGA_CH_TRANSFER, "MC-KIND", "CRY");
    uint32_t o_gift = idr(D(1, 10), 500000, JAGA_CH_GIFTCARD, "MC-GIFT", "GC-1");
    uint32_t o_2 = idr(D(1, 10), 500000, JAGA_CH_CRYPTO, "MC-2", "EXCH-1");
    uint32_t o_3 = idr(D(1, 10), 500000, JAGA_CH_CRYPTO, "MC-3", "EXCH-1");
    /* An account nobody young paid. */
    uint32_t o_none = idr(D(1, 10), 500000, JAGA_CH_CRYPTO, "ID-PLAIN", "EXCH-1");
    run();
    cr_assert_not(FIRED(in3, JAGA_IND_MULE_01), "inflows never fire");
    cr_assert(FIRED(o_crypto, JAGA_IND_MULE_01), "3 young payers -> crypto channel");
    cr_assert_eq(VAL(JAGA_IND_MULE_01, o_crypto), 3, "32 ln(32/29) = 3.1 -> 3");
    cr_assert(FIRED(o_abroad, JAGA_IND_MULE_01), "3 young payers -> abroad");
    cr_assert_not(FIRED(o_dom, JAGA_IND_MULE_01), "a plain domestic transfer is no off-ramp");
    cr_assert(FIRED(o_dom_then, JAGA_IND_MULE_01), "the same collector, then gift cards");
    cr_assert(FIRED(o_kind, JAGA_IND_MULE_01), "transfer to a crypto account");
    cr_assert(FIRED(o_gift, JAGA_IND_MULE_01));
    cr_assert_not(FIRED(o_2, JAGA_IND_MULE_01), "2 young payers: a 20-year-old does not count");
    cr_assert_not(FIRED(o_3, JAGA_IND_MULE_01), "2 bits set: 32 ln(32/30) = 2.07 -> 2 payers");
    cr_assert_not(FIRED(o_none, JAGA_IND_MULE_01));
}

/* ---------------------------------------------------------------------------------------- */
/* RF-LAY-01, micro band (ID, IDR 10,000-165,000 = USD 0.60-9.90) and broker band (IDR
 * 2,000,000-5,000,000 = USD 120-300): domestic in-band inflows of a collector from >= 5
 * estimated distinct payers (min_payers), then outflows of >= 80 % (min_share) of the inflow
 * within 72 h (3 UTC-day buckets of 24 h). Value: percent | band bit << 16 (micro 1, broker 2).
 * IDR 100,000 = 600 cents; 5 of them = 3,000; 80 % = 2,400 = IDR 400,000. */
static void collect_from(char payers[][32], int n, const char *collector, double amount, int64_t t0)
{
    for (int k = 0; k < n; k++)
        idr(t0 + k * MINUTE, amount, JAGA_CH_TRANSFER, payers[k], collector);
}

Test(indicators, lay01_share_payers_window_and_bands)
{
    char lp[5][32], clash[32];
    payer_ids("LP", 5, lp);
    colliding_id("LPC", lp[0], clash);
    const uint32_t micro = 1u << 16, broker = 2u << 16;
    collect_from(lp, 5, "K-80", 100000, D(0, 0));
    collect_from(lp, 5, "K-79", 100000, D(0, 0));
    collect_from(lp, 4, "K-4P", 100000, D(0, 0));
    collect_from(lp, 5, "K-LATE", 100000, D(0, 0));
    collect_from(lp, 5, "K-CUM", 100000, D(0, 0));
    /* K-OUT: 4 in-band payers, one at IDR 170,000 (USD 10.20 > 9.90), one from abroad. */
    collect_from(lp, 4, "K-OUT", 100000, D(0, 0));
    idr(D(0, 1), 170000, JAGA_CH_TRANSFER, "LP-BIG", "K-OUT");
    tx(D(0, 1), 6, "USD", "US", "ID", JAGA_CH_TRANSFER, "US-LP", "K-OUT");
    /* K-CLASH: 5 payers but two share a bit: 4 bits set, 32 ln(32/28) = 4.27 -> 4 payers. */
    collect_from(lp, 4, "K-CLASH", 100000, D(0, 0));
    idr(D(0, 1), 100000, JAGA_CH_TRANSFER, clash, "K-CLASH");
    /* Broker band: 5 x IDR 3,000,000 = 5 x 18,000 = 90,000 cents; 80 % = IDR 12,000,000. */
    collect_from(lp, 5, "K-BROKER", 3000000, D(0, 0));

    /* Outflows to the collector's own bank account, D+2 23:00 (71 h after D 00:00). */
    uint32_t o80 = idr(D(2, 23), 400000, JAGA_CH_TRANSFER, "K-80", "K-80-BANK");
    /* 399,000 = 2,394 cents: 239,400 < 80 x 3,000 = 240,000. */
    uint32_t o79 = idr(D(2, 23), 399000, JAGA_CH_TRANSFER, "K-79", "K-79-BANK");
    uint32_t o4p = idr(D(2, 23), 500000, JAGA_CH_TRANSFER, "K-4P", "K-4P-BANK");
    /* D+3 00:00 is 72 h after the inflows: their bucket has left the window. */
    uint32_t olate = idr(D(3, 0), 500000, JAGA_CH_TRANSFER, "K-LATE", "K-LATE-BANK");
    /* 300,000 (60 %), then 100,000 more: 2,400 of 3,000 = 80 %. */
    uint32_t ocum1 = idr(D(1, 9), 300000, JAGA_CH_TRANSFER, "K-CUM", "K-CUM-BANK");
    uint32_t ocum2 = idr(D(1, 10), 100000, JAGA_CH_EWALLET, "K-CUM", "K-CUM-EW");
    uint32_t oout = idr(D(1, 9), 1000000, JAGA_CH_TRANSFER, "K-OUT", "K-OUT-BANK");
    uint32_t oclash = idr(D(1, 9), 1000000, JAGA_CH_TRANSFER, "K-CLASH", "K-CLASH-BANK");
    uint32_t obroker = idr(D(1, 9), 12000000, JAGA_CH_TRANSFER, "K-BROKER", "K-BROKER-BANK");
    /* IDR 11,999,000 = 71,994 cents < 72,000 = 80 % (a second broker collector). */
    collect_from(lp, 5, "K-BROKER2", 3000000, D(0, 0));
    uint32_t obroker2 = idr(D(1, 9), 11999000, JAGA_CH_TRANSFER, "K-BROKER2", "K-B2-BANK");
    run();
    cr_assert(FIRED(o80, JAGA_IND_LAY_01));
    cr_assert_eq(VAL(JAGA_IND_LAY_01, o80), 80u | micro, "2,400 / 3,000 = 80 %%, micro band");
    cr_assert_not(FIRED(o79, JAGA_IND_LAY_01), "79.8 %% is below 80 %%");
    cr_assert_not(FIRED(o4p, JAGA_IND_LAY_01), "4 payers < 5");
    cr_assert_not(FIRED(olate, JAGA_IND_LAY_01), "72 h after the inflows");
    cr_assert_not(FIRED(ocum1, JAGA_IND_LAY_01), "60 %%");
    cr_assert(FIRED(ocum2, JAGA_IND_LAY_01), "outflows add up: 80 %%");
    cr_assert_eq(VAL(JAGA_IND_LAY_01, ocum2), 80u | micro);
    cr_assert_not(FIRED(oout, JAGA_IND_LAY_01), "out-of-band and foreign payers do not count");
    cr_assert_not(FIRED(oclash, JAGA_IND_LAY_01), "the bitmap estimates 4 payers");
    cr_assert(FIRED(obroker, JAGA_IND_LAY_01));
    cr_assert_eq(VAL(JAGA_IND_LAY_01, obroker), 80u | broker, "72,000 / 90,000, broker band");
    cr_assert_not(FIRED(obroker2, JAGA_IND_LAY_01), "79.99 %%");
}

/* The warm lines (collectors, young holders) live in a table of their own. It must grow with
 * the accounts that need one like the hot table does: with 1024 expected accounts it starts
 * at 4096 slots, full at 7/8 (3584 lines). 4000 collectors with one in-band inflow each, then
 * a collector that takes 5 payments and sweeps them all (100 %) must still fire. */
Test(indicators, lay01_many_collectors_keep_their_lines)
{
    char id[32], payer[32];
    for (int k = 0; k < 4000; k++) {
        if (b->n == JAGA_BATCH_MAX) {
            run();
            clear_batch();
        }
        snprintf(id, sizeof(id), "KW-%d", k);
        snprintf(payer, sizeof(payer), "PW-%d", k);
        idr(D(0, 0) + k * 1000, 100000, JAGA_CH_TRANSFER, payer, id);
    }
    run();
    clear_batch();
    char lp[5][32];
    payer_ids("LP", 5, lp);
    collect_from(lp, 5, "K-LAST", 100000, D(0, 2));
    uint32_t out = idr(D(0, 3), 500000, JAGA_CH_TRANSFER, "K-LAST", "K-LAST-BANK");
    run();
    cr_assert(FIRED(out, JAGA_IND_LAY_01), "collector #4001 lost its flow line");
    cr_assert_eq(VAL(JAGA_IND_LAY_01, out), 100u | 1u << 16);
}

/* Customers of an omnibus (remitter) account have their own hot state (engine.c party()),
 * and so must their warm lines: Ani collects 5 micro payments through the omnibus account,
 * Budi 1; Budi's sweep of IDR 500,000 is about Budi's 1 payer (5x his inflow, but 1 < 5
 * payers), not Ani's (shared, the line would show 6 payers and 3,000 of 3,600 = 83 %). */
Test(indicators, lay01_omnibus_customers_have_their_own_lines)
{
    acct("OMNI", JAGA_KIND_REMITTER, 0, NULL, NULL, NO_DATE);
    char lp[6][32];
    payer_ids("LP", 6, lp);
    for (int k = 0; k < 5; k++) {
        uint32_t i = idr(D(0, 1) + k * MINUTE, 100000, JAGA_CH_TRANSFER, lp[k], "OMNI");
        set_names(i, NULL, "Ani Wijaya");
    }
    uint32_t i = idr(D(0, 2), 100000, JAGA_CH_TRANSFER, lp[5], "OMNI");
    set_names(i, NULL, "Budi Santoso");
    uint32_t budi = idr(D(0, 3), 500000, JAGA_CH_TRANSFER, "OMNI", "BUDI-BANK");
    set_names(budi, "Budi Santoso", NULL);
    uint32_t ani = idr(D(0, 4), 500000, JAGA_CH_TRANSFER, "OMNI", "ANI-BANK");
    set_names(ani, "Ani Wijaya", NULL);
    run();
    cr_assert(FIRED(ani, JAGA_IND_LAY_01), "Ani: 5 payers, 3,000 of 3,000 cents");
    cr_assert_not(FIRED(budi, JAGA_IND_LAY_01), "Budi has one payer of his own");
}

/* ---------------------------------------------------------------------------------------- */
/* RF-TRV-01: a debtor in a demand country pays, in a supply country, by ATM or at a travel
 * MCC (3000-3299, 3501-3999, 4511, 4722, 7011, 6011, 5944), after >= 3 corridor payments
 * (min_count) within 2160 h (window_h) by the same account or, through the accounts file's
 * holder_id, another (non-card) account of the same holder. Value: the corridor payments. */
Test(indicators, trv01_travel_after_corridor_payments)
{
    acct("US-TB", JAGA_KIND_BANK, 0, "H-T", NULL, NO_DATE);
    acct("US-TC", JAGA_KIND_CARD, 0, "H-T", NULL, NO_DATE);
    acct("US-XC", JAGA_KIND_CARD, 0, "H-X", NULL, NO_DATE);
    const char *payers[5] = { "US-T1", "US-T2", "US-TB", "US-T3", "US-T4" };
    const int n_pay[5] = { 3, 2, 3, 3, 3 };
    for (int p = 0; p < 5; p++)
        for (int k = 0; k < n_pay[p]; k++)
            tx(D(k, 10), 50, "USD", "US", "PH", JAGA_CH_REMITTANCE, payers[p], "PH-R1");
    uint32_t hotel = card(D(10, 10), 300, "US", "PH", 7011, "US-T1", "PH-HOTEL");
    uint32_t grocery = card(D(10, 11), 30, "US", "PH", 5411, "US-T1", "PH-SHOP");
    uint32_t atm = tx(D(10, 12), 200, "USD", "US", "PH", JAGA_CH_ATM, "US-T1", "PH-ATM");
    uint32_t airline = card(D(10, 13), 400, "US", "PH", 3100, "US-T1", "PH-AIR");
    uint32_t home = card(D(10, 14), 300, "US", "US", 7011, "US-T1", "US-HOTEL");
    uint32_t demand = card(D(10, 15), 300, "US", "SG", 7011, "US-T1", "SG-HOTEL");
    uint32_t two = card(D(10, 10), 300, "US", "PH", 7011, "US-T2", "PH-HOTEL");
    uint32_t linked = card(D(10, 10), 300, "US", "PH", 7011, "US-TC", "PH-HOTEL");
    uint32_t unlinked = card(D(10, 10), 300, "US", "PH", 7011, "US-XC", "PH-HOTEL");
    /* Payments at D, D+1, D+2 10:00. At D+90 09:00 the first is 2159 h old: inside. At
     * D+90 10:00 it is 2160 h old: outside, 2 left. */
    uint32_t in90 = card(D(90, 9), 300, "US", "PH", 7011, "US-T3", "PH-HOTEL");
    uint32_t out90 = card(D(90, 10), 300, "US", "PH", 7011, "US-T4", "PH-HOTEL");
    run();
    cr_assert(FIRED(hotel, JAGA_IND_TRV_01), "3 corridor payments, then lodging in PH");
    cr_assert_eq(VAL(JAGA_IND_TRV_01, hotel), 3);
    cr_assert_not(FIRED(grocery, JAGA_IND_TRV_01), "MCC 5411 is not travel");
    cr_assert(FIRED(atm, JAGA_IND_TRV_01), "cash at an ATM");
    cr_assert(FIRED(airline, JAGA_IND_TRV_01), "MCC 3100 is in 3000-3299");
    cr_assert_not(FIRED(home, JAGA_IND_TRV_01), "a hotel at home");
    cr_assert_not(FIRED(demand, JAGA_IND_TRV_01), "SG is not a supply country");
    cr_assert_not(FIRED(two, JAGA_IND_TRV_01), "2 corridor payments < 3");
    cr_assert(FIRED(linked, JAGA_IND_TRV_01), "the holder's bank account paid the corridor");
    cr_assert_eq(VAL(JAGA_IND_TRV_01, linked), 3);
    cr_assert_not(FIRED(unlinked, JAGA_IND_TRV_01));
    cr_assert(FIRED(in90, JAGA_IND_TRV_01));
    cr_assert_eq(VAL(JAGA_IND_TRV_01, in90), 3);
    cr_assert_not(FIRED(out90, JAGA_IND_TRV_01), "the first payment left the 2160 h window");
}

/* ---------------------------------------------------------------------------------------- */
/* RF-CH-*: the channel (value 1), else an account kind of either party (2), else the merchant
 * category (3). RF-CH-01 only on corridor payments (a band exists for the countries). */
static const enum jaga_ind ch_inds[8] = { JAGA_IND_CH_01, JAGA_IND_CH_02, JAGA_IND_CH_03,
                                          JAGA_IND_CH_04, JAGA_IND_CH_05, JAGA_IND_CH_06,
                                          JAGA_IND_CH_09, JAGA_IND_CH_10 };

/* Which RF-CH-* fired on record i: a string of their numbers, e.g. "02". */
static const char *ch_fired(uint32_t i, char *out)
{
    static const char *num[8] = { "01", "02", "03", "04", "05", "06", "09", "10" };
    out[0] = 0;
    for (int k = 0; k < 8; k++)
        if (FIRED(i, ch_inds[k])) {
            strcat(out, out[0] ? " " : "");
            strcat(out, num[k]);
        }
    return out;
}

Test(indicators, ch_channels_kinds_and_mccs)
{
    acct("EW", JAGA_KIND_EWALLET, 0, NULL, NULL, NO_DATE);
    acct("CR", JAGA_KIND_CRYPTO, 0, NULL, NULL, NO_DATE);
    acct("PP", JAGA_KIND_PREPAID, 0, NULL, NULL, NO_DATE);
    acct("RM", JAGA_KIND_REMITTER, 0, NULL, NULL, NO_DATE);
    static const struct {
        double usd;
        const char *dcc, *ccc;
        enum jaga_channel ch;
        uint16_t mcc;
        const char *debtor, *creditor;
        const char *want; /* the RF-CH-* that fire */
        enum jaga_ind k;  /* and the value of this one (0: not checked) */
        uint32_t v;
    } c[] = {
        { 50, "US", "PH", JAGA_CH_REMITTANCE, 0, "A", "B", "01", JAGA_IND_CH_01, 1 },
        /* A corridor by its countries, whatever the amount. */
        { 5000, "US", "PH", JAGA_CH_REMITTANCE, 0, "A", "B", "01", JAGA_IND_CH_01, 1 },
        { 50, "PH", "PH", JAGA_CH_REMITTANCE, 0, "A", "B", "", JAGA_IND_CH_01, 0 },
        { 50, "US", "US", JAGA_CH_REMITTANCE, 0, "A", "B", "", JAGA_IND_CH_01, 0 },
        { 50, "US", "PH", JAGA_CH_TRANSFER, 0, "RM", "B", "01 02", JAGA_IND_CH_01, 2 },
        { 50, "US", "US", JAGA_CH_TRANSFER, 0, "RM", "B", "02", JAGA_IND_CH_02, 1 },
        { 50, "US", "US", JAGA_CH_INSTANT, 0, "A", "B", "02", JAGA_IND_CH_02, 1 },
        { 50, "ID", "ID", JAGA_CH_EWALLET, 0, "A", "B", "03", JAGA_IND_CH_03, 1 },
        { 50, "ID", "ID", JAGA_CH_QR, 0, "EW", "B", "03", JAGA_IND_CH_03, 2 },
        { 50, "ID", "ID", JAGA_CH_QR, 0, "A", "EW", "03", JAGA_IND_CH_03, 2 },
        /* The channel goes first: an e-wallet payment to an e-wallet is value 1. */
        { 50, "ID", "ID", JAGA_CH_EWALLET, 0, "A", "EW", "03", JAGA_IND_CH_03, 1 },
        { 50, "ID", "ID", JAGA_CH_CRYPTO, 0, "A", "B", "04", JAGA_IND_CH_04, 1 },
        { 50, "ID", "ID", JAGA_CH_CARD, 5411, "A", "CR", "04", JAGA_IND_CH_04, 2 },
        { 50, "ID", "ID", JAGA_CH_GIFTCARD, 0, "A", "B", "05", JAGA_IND_CH_05, 1 },
        { 50, "ID", "ID", JAGA_CH_GAMING, 0, "A", "B", "05", JAGA_IND_CH_05, 1 },
        { 50, "ID", "ID", JAGA_CH_CARD, 5411, "PP", "B", "05", JAGA_IND_CH_05, 2 },
        { 50, "ID", "ID", JAGA_CH_CARD, 5816, "A", "B", "05", JAGA_IND_CH_05, 3 },
        /* Gift-card channel and game MCC: the channel (1) goes first. */
        { 50, "ID", "ID", JAGA_CH_GIFTCARD, 5816, "A", "B", "05", JAGA_IND_CH_05, 1 },
        { 50, "ID", "ID", JAGA_CH_CARD, 5967, "A", "B", "06", JAGA_IND_CH_06, 3 },
        { 50, "ID", "ID", JAGA_CH_CARD, 5818, "A", "B", "06", JAGA_IND_CH_06, 3 },
        { 50, "ID", "ID", JAGA_CH_CARD, 5966, "A", "B", "", JAGA_IND_CH_06, 0 },
        { 50, "ID", "ID", JAGA_CH_OTHER, 0, "A", "B", "09", JAGA_IND_CH_09, 1 },
        { 50, "ID", "ID", JAGA_CH_CARD, 4829, "A", "B", "09", JAGA_IND_CH_09, 3 },
        { 50, "ID", "ID", JAGA_CH_CROWDFUNDING, 0, "A", "B", "10", JAGA_IND_CH_10, 1 },
        { 50, "ID", "ID", JAGA_CH_CARD, 5411, "A", "B", "", JAGA_IND_CH_10, 0 },
        { 50, "ID", "ID", JAGA_CH_NONE, 0, "A", "B", "", JAGA_IND_CH_10, 0 },
    };
    const size_t nc = sizeof(c) / sizeof(c[0]);
    uint32_t idx[sizeof(c) / sizeof(c[0])];
    for (size_t k = 0; k < nc; k++) {
        idx[k] =
            tx(D(0, 1), c[k].usd, "USD", c[k].dcc, c[k].ccc, c[k].ch, c[k].debtor, c[k].creditor);
        if (c[k].mcc)
            b->mcc[idx[k]] = c[k].mcc;
    }
    run();
    char got[64];
    for (size_t k = 0; k < nc; k++) {
        cr_assert_str_eq(ch_fired(idx[k], got), c[k].want, "case %zu", k);
        if (c[k].v)
            cr_assert_eq(VAL(c[k].k, idx[k]), c[k].v, "case %zu: %s value", k, jaga_ind_id(c[k].k));
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Typologies. Scores are the sum of the weights of the fired indicators, capped at 1, and 0
 * unless the required ones fired; an alert needs score >= threshold. */

/* csam_seller (threshold 0.7, requires RF-LAY-01 in the micro band): LAY 0.5 + CH-09 0.2
 * (the sweep goes out through a processor, channel other) = 0.7 -> alert. The same sweep as a
 * plain transfer: LAY 0.5 (RF-CH-02 has no weight) = 0.5 < 0.7 -> none. domestic_broker takes
 * RF-LAY-01 only from the broker band: 0 on both. */
Test(indicators, typology_csam_seller)
{
    expect_threshold("csam_seller", 0.7f);
    expect_weight("csam_seller", JAGA_IND_LAY_01, 0.5f);
    expect_weight("csam_seller", JAGA_IND_CH_09, 0.2f);
    expect_weight("csam_seller", JAGA_IND_CH_02, 0.0f);
    char lp[5][32];
    payer_ids("LP", 5, lp);
    collect_from(lp, 5, "SELLER-1", 100000, D(0, 0));
    collect_from(lp, 5, "SELLER-2", 100000, D(0, 0));
    uint32_t hit = idr(D(1, 9), 400000, JAGA_CH_OTHER, "SELLER-1", "SELLER-1-BANK");
    uint32_t low = idr(D(1, 9), 400000, JAGA_CH_TRANSFER, "SELLER-2", "SELLER-2-BANK");
    run();
    cr_assert(FIRED(hit, JAGA_IND_LAY_01) && FIRED(hit, JAGA_IND_CH_09));
    cr_assert_float_eq(score("csam_seller", hit), 0.7f, 1e-6);
    cr_assert_float_eq(score("domestic_broker", hit), 0.0f, 1e-9, "micro band only");
    cr_assert(FIRED(low, JAGA_IND_LAY_01));
    cr_assert_float_eq(score("csam_seller", low), 0.5f, 1e-6);
    struct alerts a = decide();
    int k = alert_of(&a, hit, "csam_seller");
    cr_assert_geq(k, 0, "0.7 reaches the threshold");
    cr_assert_str_eq(a.subject[k], "SELLER-1");
    cr_assert_str_eq(a.action[k], "review");
    cr_assert_lt(alert_of(&a, low, "csam_seller"), 0);
    cr_assert_lt(alert_of(&a, hit, "domestic_broker"), 0);
}

/* domestic_broker (threshold 0.7, requires RF-LAY-01 in the broker band): a broker collector
 * opened 30 days before its sweep: NEW-01 0.2 + LAY 0.5 = 0.7 -> alert. An older one sweeping
 * to an e-wallet: LAY 0.5 + CH-03 0.1 = 0.6 < 0.7 -> none. csam_seller: 0 (micro band only). */
Test(indicators, typology_domestic_broker)
{
    expect_threshold("domestic_broker", 0.7f);
    expect_weight("domestic_broker", JAGA_IND_LAY_01, 0.5f);
    expect_weight("domestic_broker", JAGA_IND_NEW_01, 0.2f);
    expect_weight("domestic_broker", JAGA_IND_CH_03, 0.1f);
    acct("BROKER-NEW", JAGA_KIND_BANK, 0, NULL, NULL, DAY_D + 1 - 30);
    char lp[5][32];
    payer_ids("LP", 5, lp);
    collect_from(lp, 5, "BROKER-NEW", 3000000, D(0, 0));
    collect_from(lp, 5, "BROKER-OLD", 3000000, D(0, 0));
    uint32_t hit = idr(D(1, 9), 12000000, JAGA_CH_TRANSFER, "BROKER-NEW", "B-1");
    uint32_t low = idr(D(1, 9), 12000000, JAGA_CH_EWALLET, "BROKER-OLD", "B-2");
    run();
    cr_assert(FIRED(hit, JAGA_IND_LAY_01));
    cr_assert_eq(VAL(JAGA_IND_LAY_01, hit), 80u | 2u << 16);
    cr_assert(FIRED(hit, JAGA_IND_NEW_01));
    cr_assert_eq(VAL(JAGA_IND_NEW_01, hit), 30, "debtor opened 30 days before");
    cr_assert_float_eq(score("domestic_broker", hit), 0.7f, 1e-6);
    cr_assert_float_eq(score("csam_seller", hit), 0.0f, 1e-9, "broker band only");
    cr_assert(FIRED(low, JAGA_IND_CH_03));
    cr_assert_float_eq(score("domestic_broker", low), 0.6f, 1e-6);
    struct alerts a = decide();
    cr_assert_geq(alert_of(&a, hit, "domestic_broker"), 0);
    cr_assert_lt(alert_of(&a, low, "domestic_broker"), 0);
    cr_assert_lt(alert_of(&a, hit, "csam_seller"), 0);
}

/* sextortion_victim (threshold 0.7, hold; requires RF-AMT-03 and RF-FSEC-01, and one of
 * RF-NEW-01 (the payee's account is new) or RF-CTY-01 (no name in common with a payee in a
 * corridor or a country of concern)). A 17-year-old pays two new counterparties EUR 100 by
 * e-wallet within the hour; X-B was opened 10 days before: the 2nd scores AMT-03 0.3 + FSEC 0.4
 * + CH-03 0.05 + NEW-01 0.2 = 0.95 -> alert. The 1st has no burst yet: FSEC is required -> 0.
 * The same burst by another teen to two old accounts (friends) has neither NEW nor CTY -> 0.
 * A US 17-year-old paying two PH strangers (no name in common) USD 100 by instant transfer,
 * a corridor payment: AMT-03 0.3 + CTY-01 0.1 + FSEC 0.4 + CH-02 0.1 = 0.9. */
Test(indicators, typology_sextortion_victim)
{
    expect_threshold("sextortion_victim", 0.7f);
    expect_weight("sextortion_victim", JAGA_IND_AMT_03, 0.3f);
    expect_weight("sextortion_victim", JAGA_IND_FSEC_01, 0.4f);
    expect_weight("sextortion_victim", JAGA_IND_CH_03, 0.05f);
    expect_weight("sextortion_victim", JAGA_IND_CH_02, 0.1f);
    expect_weight("sextortion_victim", JAGA_IND_CTY_01, 0.1f);
    acct("ID-V", JAGA_KIND_EWALLET, 2008, NULL, NULL, NO_DATE);
    acct("US-V", JAGA_KIND_BANK, 2008, NULL, NULL, NO_DATE);
    acct("ID-F", JAGA_KIND_EWALLET, 2008, NULL, NULL, NO_DATE);
    acct("X-B", JAGA_KIND_EWALLET, 1990, NULL, NULL, DAY_D - 10);
    uint32_t first = tx(D(0, 22), 100, "EUR", "ID", "ID", JAGA_CH_EWALLET, "ID-V", "X-A");
    uint32_t second =
        tx(D(0, 22) + 40 * MINUTE, 100, "EUR", "ID", "ID", JAGA_CH_EWALLET, "ID-V", "X-B");
    tx(D(0, 20), 100, "EUR", "ID", "ID", JAGA_CH_EWALLET, "ID-F", "F-A");
    uint32_t friends = tx(D(0, 21), 100, "EUR", "ID", "ID", JAGA_CH_EWALLET, "ID-F", "F-B");
    uint32_t u1 = tx(D(0, 3), 100, "USD", "US", "PH", JAGA_CH_INSTANT, "US-V", "PH-X1");
    set_names(u1, "Tom Baker", "Jun Reyes");
    uint32_t u2 = tx(D(0, 4), 100, "USD", "US", "PH", JAGA_CH_INSTANT, "US-V", "PH-X2");
    set_names(u2, "Tom Baker", "Rico Cruz");
    run();
    cr_assert(FIRED(first, JAGA_IND_AMT_03) && !FIRED(first, JAGA_IND_FSEC_01));
    cr_assert_float_eq(score("sextortion_victim", first), 0.0f, 1e-9);
    cr_assert(FIRED(second, JAGA_IND_AMT_03) && FIRED(second, JAGA_IND_FSEC_01));
    cr_assert(FIRED(second, JAGA_IND_NEW_01));
    cr_assert_eq(VAL(JAGA_IND_NEW_01, second), 10u | 0x80000000u, "the payee, 10 days old");
    cr_assert_float_eq(score("sextortion_victim", second), 0.95f, 1e-6);
    cr_assert(FIRED(friends, JAGA_IND_FSEC_01) && !FIRED(friends, JAGA_IND_NEW_01));
    cr_assert_float_eq(score("sextortion_victim", friends), 0.0f, 1e-9);
    cr_assert(FIRED(u2, JAGA_IND_AMT_01) && FIRED(u2, JAGA_IND_CTY_01));
    cr_assert_float_eq(score("sextortion_victim", u2), 0.9f, 1e-6);
    struct alerts a = decide();
    int k = alert_of(&a, second, "sextortion_victim");
    cr_assert_geq(k, 0);
    cr_assert_str_eq(a.subject[k], "ID-V");
    cr_assert_str_eq(a.action[k], "hold");
    cr_assert_lt(alert_of(&a, first, "sextortion_victim"), 0);
    cr_assert_geq(alert_of(&a, u2, "sextortion_victim"), 0);
}

/* sextortion_mule (threshold 0.7, hold; requires RF-MULE-01): 3 young payers, then crypto:
 * MULE 0.5 + CH-04 0.2 = 0.7 -> alert. The same collection sent abroad by transfer: MULE 0.5
 * (CH-02 no weight) = 0.5 -> none. A collector opened 20 days before, off-ramping by gift card:
 * NEW-01 0.3 + MULE 0.5 + CH-05 0.2 = 1.0. */
Test(indicators, typology_sextortion_mule)
{
    expect_threshold("sextortion_mule", 0.7f);
    expect_weight("sextortion_mule", JAGA_IND_MULE_01, 0.5f);
    expect_weight("sextortion_mule", JAGA_IND_CH_04, 0.2f);
    expect_weight("sextortion_mule", JAGA_IND_CH_05, 0.2f);
    expect_weight("sextortion_mule", JAGA_IND_NEW_01, 0.3f);
    char yp[3][32];
    payer_ids("YP", 3, yp);
    for (int k = 0; k < 3; k++)
        acct(yp[k], JAGA_KIND_EWALLET, 2009, NULL, NULL, NO_DATE); /* 16 */
    acct("MULE-NEW", JAGA_KIND_BANK, 0, NULL, NULL, DAY_D + 1 - 20);
    const char *mc[3] = { "MULE-1", "MULE-2", "MULE-NEW" };
    for (int m = 0; m < 3; m++)
        for (int k = 0; k < 3; k++)
            idr(D(0, 10 + k), 200000, JAGA_CH_TRANSFER, yp[k], mc[m]);
    uint32_t hit = idr(D(1, 10), 500000, JAGA_CH_CRYPTO, "MULE-1", "EXCH");
    uint32_t low = tx(D(1, 10), 30, "USD", "ID", "SG", JAGA_CH_TRANSFER, "MULE-2", "SG-1");
    uint32_t full = idr(D(1, 10), 500000, JAGA_CH_GIFTCARD, "MULE-NEW", "GC");
    run();
    cr_assert(FIRED(hit, JAGA_IND_MULE_01) && FIRED(hit, JAGA_IND_CH_04));
    cr_assert_float_eq(score("sextortion_mule", hit), 0.7f, 1e-6);
    cr_assert(FIRED(low, JAGA_IND_MULE_01));
    cr_assert_float_eq(score("sextortion_mule", low), 0.5f, 1e-6);
    cr_assert(FIRED(full, JAGA_IND_NEW_01));
    cr_assert_eq(VAL(JAGA_IND_NEW_01, full), 20);
    cr_assert_float_eq(score("sextortion_mule", full), 1.0f, 1e-6);
    struct alerts a = decide();
    int k = alert_of(&a, hit, "sextortion_mule");
    cr_assert_geq(k, 0, "0.7 reaches the threshold");
    cr_assert_str_eq(a.subject[k], "MULE-1");
    cr_assert_str_eq(a.action[k], "hold");
    cr_assert_lt(alert_of(&a, low, "sextortion_mule"), 0);
    cr_assert_geq(alert_of(&a, full, "sextortion_mule"), 0);
}

/* travel_to_offend (threshold 0.6; requires RF-TRV-01): after 3 corridor payments, a hotel in
 * PH: TRV 0.6 = 0.6 -> alert. After 2: no RF-TRV-01, 0 -> none. */
Test(indicators, typology_travel_to_offend)
{
    expect_threshold("travel_to_offend", 0.6f);
    expect_weight("travel_to_offend", JAGA_IND_TRV_01, 0.6f);
    for (int k = 0; k < 3; k++)
        tx(D(k, 10), 50, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-T3", "PH-R1");
    for (int k = 0; k < 2; k++)
        tx(D(k, 10), 50, "USD", "US", "PH", JAGA_CH_REMITTANCE, "US-T2", "PH-R1");
    uint32_t hit = card(D(20, 10), 300, "US", "PH", 7011, "US-T3", "PH-HOTEL");
    uint32_t low = card(D(20, 10), 300, "US", "PH", 7011, "US-T2", "PH-HOTEL");
    run();
    cr_assert_float_eq(score("travel_to_offend", hit), 0.6f, 1e-6);
    cr_assert_float_eq(score("travel_to_offend", low), 0.0f, 1e-9);
    struct alerts a = decide();
    int k = alert_of(&a, hit, "travel_to_offend");
    cr_assert_geq(k, 0, "0.6 reaches the threshold");
    cr_assert_str_eq(a.subject[k], "US-T3");
    cr_assert_str_eq(a.action[k], "review");
    cr_assert_lt(alert_of(&a, low, "travel_to_offend"), 0);
}

/* ---------------------------------------------------------------------------------------- */
/* Determinism: one batch on which every new indicator fires, run twice in fresh engines,
 * gives bit-identical fired masks, values and scores. */
static void mix_accounts(void)
{
    char yp[3][32];
    payer_ids("YP", 3, yp);
    for (int k = 0; k < 3; k++)
        acct(yp[k], JAGA_KIND_EWALLET, 2010, NULL, NULL, NO_DATE);
    acct("MIX-V", JAGA_KIND_EWALLET, 2008, NULL, NULL, NO_DATE);
    acct("MIX-M", JAGA_KIND_BANK, 2009, NULL, "H-G", DAY_D - 10);
    acct("MIX-RM", JAGA_KIND_REMITTER, 0, NULL, NULL, NO_DATE);
}

static void mix_batch(void)
{
    char lp[5][32], yp[3][32];
    payer_ids("LP", 5, lp);
    payer_ids("YP", 3, yp);
    collect_from(lp, 5, "MIX-K", 100000, D(0, 0));
    for (int k = 0; k < 3; k++)
        idr(D(0, 10 + k), 200000, JAGA_CH_TRANSFER, yp[k], "MIX-MC");
    tx(D(0, 9), 100, "EUR", "ID", "ID", JAGA_CH_EWALLET, "MIX-V", "X-A");
    tx(D(0, 10), 100, "EUR", "ID", "ID", JAGA_CH_GIFTCARD, "MIX-V", "X-B");
    idr(D(0, 11), 100000, JAGA_CH_INSTANT, "MIX-S", "MIX-M");
    for (int k = 0; k < 3; k++) {
        uint32_t i = tx(D(k, 3), 50, "USD", "US", "PH", JAGA_CH_REMITTANCE, "MIX-T", "PH-R1");
        set_names(i, "Tom Baker", "Jun Reyes");
    }
    idr(D(1, 9), 400000, JAGA_CH_OTHER, "MIX-K", "MIX-K-BANK");
    idr(D(1, 10), 500000, JAGA_CH_CRYPTO, "MIX-MC", "EXCH");
    card(D(10, 10), 300, "US", "PH", 7011, "MIX-T", "PH-HOTEL");
    card(D(10, 11), 20, "US", "US", 5967, "MIX-T", "US-LIVE");
    tx(D(10, 12), 20, "USD", "US", "US", JAGA_CH_CROWDFUNDING, "MIX-T", "US-FUND");
    tx(D(10, 13), 20, "USD", "US", "PH", JAGA_CH_TRANSFER, "MIX-RM", "PH-R2");
}

Test(indicators, run_is_deterministic)
{
    static uint64_t fired[JAGA_BATCH_MAX];
    static uint32_t val[JAGA_IND_COUNT][JAGA_BATCH_MAX];
    static float sc[JAGA_TYPO_MAX][JAGA_BATCH_MAX];
    mix_accounts();
    mix_batch();
    run();
    uint32_t n = b->n;
    uint64_t any = 0;
    for (uint32_t i = 0; i < n; i++)
        any |= b->fired[i];
    const enum jaga_ind want[] = { JAGA_IND_AMT_03, JAGA_IND_CTY_01,  JAGA_IND_CPY_01,
                                   JAGA_IND_NEW_01, JAGA_IND_FSEC_01, JAGA_IND_MULE_01,
                                   JAGA_IND_LAY_01, JAGA_IND_TRV_01,  JAGA_IND_CH_01,
                                   JAGA_IND_CH_02,  JAGA_IND_CH_03,   JAGA_IND_CH_04,
                                   JAGA_IND_CH_05,  JAGA_IND_CH_06,   JAGA_IND_CH_09,
                                   JAGA_IND_CH_10 };
    for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
        cr_assert(any >> want[k] & 1, "%s fires somewhere in the mix", jaga_ind_id(want[k]));
    float total = 0.0f;
    memcpy(fired, b->fired, n * sizeof(fired[0]));
    for (uint32_t k = 0; k < JAGA_IND_COUNT; k++)
        memcpy(val[k], b->ind_val[k], n * sizeof(val[k][0]));
    for (uint32_t t = 0; t < pack->n_typo; t++) {
        memcpy(sc[t], b->score[t], n * sizeof(sc[t][0]));
        for (uint32_t i = 0; i < n; i++)
            total += sc[t][i];
    }
    cr_assert_gt(total, 0.0f, "some typology scores");

    jaga_engine_destroy(eng);
    eng = NULL;
    clear_batch();
    mix_batch();
    cr_assert_eq(b->n, n);
    run();
    cr_assert_arr_eq(b->fired, fired, n * sizeof(fired[0]));
    for (uint32_t k = 0; k < JAGA_IND_COUNT; k++)
        cr_assert_arr_eq(b->ind_val[k], val[k], n * sizeof(val[k][0]), "%s values", jaga_ind_id(k));
    for (uint32_t t = 0; t < pack->n_typo; t++)
        cr_assert_arr_eq(b->score[t], sc[t], n * sizeof(sc[t][0]), "%s scores", pack->typo[t].name);
}

/* ---------------------------------------------------------------------------------------- */
/* `jaga pack show`: every new indicator with its parameters. */
static char *pack_text(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    cr_assert_not_null(fp);
    jaga_pack_print(pack, fp);
    fclose(fp);
    return buf;
}

/* The lines of indicator `id` in the printout: from its heading to the next heading. */
static char *ind_block(const char *text, const char *id, char *out, size_t cap)
{
    char head[48];
    snprintf(head, sizeof(head), "\n%s  ", id);
    const char *s = strstr(text, head);
    cr_assert_not_null(s, "%s is listed", id);
    s++;
    const char *e = s + 1;
    while (*e && !(e[-1] == '\n' && e[0] != ' '))
        e++;
    size_t n = (size_t)(e - s) < cap - 1 ? (size_t)(e - s) : cap - 1;
    memcpy(out, s, n);
    out[n] = 0;
    return out;
}

Test(indicators, pack_print_lists_new_indicator_parameters)
{
    static const struct {
        const char *id;
        const char *params[12];
    } want[] = {
        { "RF-AMT-03",
          { "max_age=19", "max_amount=1500 EUR (USD 1740.00)", "channel=transfer",
            "channel=instant", "channel=ewallet", "channel=giftcard", "channel=gaming" } },
        { "RF-CTY-01", { "source: FINTRAC 2020" } },
        { "RF-CPY-01", { "max_age=18" } },
        { "RF-NEW-01", { "max_days=90" } },
        { "RF-FSEC-01",
          { "window_h=24", "min_count=2", "max_age=19", "max_amount=1500 EUR (USD 1740.00)",
            "channel=transfer", "channel=instant", "channel=ewallet", "channel=giftcard" } },
        { "RF-MULE-01",
          { "window_h=168", "max_age=19", "min_payers=3", "channel=crypto", "channel=giftcard" } },
        { "RF-LAY-01", { "window_h=72", "min_payers=5", "min_share=80" } },
        { "RF-TRV-01",
          { "window_h=2160", "min_count=3", "channel=atm", "mcc=3000-3299", "mcc=3501-3999",
            "mcc=4511", "mcc=4722", "mcc=7011", "mcc=6011", "mcc=5944" } },
        { "RF-CH-01", { "channel=remittance", "kind=remitter", "corridor_only" } },
        { "RF-CH-02", { "channel=transfer", "channel=instant" } },
        { "RF-CH-03", { "channel=ewallet", "kind=ewallet" } },
        { "RF-CH-04", { "channel=crypto", "kind=crypto" } },
        { "RF-CH-05", { "channel=giftcard", "channel=gaming", "kind=prepaid", "mcc=5816" } },
        { "RF-CH-06", { "mcc=5967", "mcc=5818" } },
        { "RF-CH-09", { "channel=other", "mcc=4829" } },
        { "RF-CH-10", { "channel=crowdfunding" } },
    };
    char *text = pack_text();
    char block[2048];
    for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
        ind_block(text, want[k].id, block, sizeof(block));
        cr_assert_not_null(strstr(block, "    source: "), "%s cites its source", want[k].id);
        for (int q = 0; q < 12 && want[k].params[q]; q++)
            cr_assert_not_null(strstr(block, want[k].params[q]), "%s lists '%s' in:\n%s",
                               want[k].id, want[k].params[q], block);
    }
    /* And the new typologies. */
    static const char *const typos[] = { "csam_seller", "domestic_broker", "sextortion_victim",
                                         "sextortion_mule", "travel_to_offend" };
    for (size_t k = 0; k < sizeof(typos) / sizeof(typos[0]); k++) {
        char head[64];
        snprintf(head, sizeof(head), "typology %s: ", typos[k]);
        cr_assert_not_null(strstr(text, head), "%s is listed", typos[k]);
    }
    free(text);
}

/* The domestic bands RF-LAY-01 follows, in the units the pack gives them (Rp2-5 juta is
 * IDR 2000000-5000000, not 2e+06-5e+06). */
Test(indicators, pack_print_domestic_bands_in_full)
{
    char *text = pack_text();
    cr_assert_not_null(strstr(text, "domestic band micro: IDR 10000-165000 (USD 0.60-9.90)"), "%s",
                       text);
    cr_assert_not_null(
        strstr(text, "domestic band broker: IDR 2000000-5000000 (USD 120.00-300.00)"),
        "broker band printed as: %s", strstr(text, "domestic band broker"));
    free(text);
}

/* ---------------------------------------------------------------------------------------- */
/* RF-ESC-01: periods are whole 2160-hour windows of clock hours since 1970 (period p holds
 * hours [p * 2160, (p + 1) * 2160)). US-E's line is created in period P-2 (one payment); in
 * P-1 it pays USD 40 twice; in P it pays USD 70 three times. On the 3rd payment of P: count
 * 3 >= 3 and 3 x 100 >= 2 x 150; mean 70 x 100 >= 40 x 150 -> fires, value 3 x 100 / 2 = 150.
 * US-F does the same but is first seen in P-1: the previous period was not seen whole -> no
 * fire. US-G escalates in count but not in amount (USD 40 again) -> no fire. */
Test(indicators, esc01_period_growth)
{
    const int64_t P = 229, H = 3600000LL;
    const char *who[3] = { "US-E", "US-F", "US-G" };
    uint32_t last[3] = { 0 }, second[3] = { 0 };
    for (int w = 0; w < 3; w++) {
        if (w != 1)
            tx(((P - 2) * 2160 + 10) * H, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, who[w],
               "PH-E0");
        for (int k = 0; k < 2; k++)
            tx(((P - 1) * 2160 + 10 + k) * H, 40, "USD", "US", "PH", JAGA_CH_REMITTANCE, who[w],
               "PH-E1");
        for (int k = 0; k < 3; k++) {
            uint32_t i = tx((P * 2160 + 10 + k) * H, w == 2 ? 40 : 70, "USD", "US", "PH",
                            JAGA_CH_REMITTANCE, who[w], "PH-E2");
            if (k == 1)
                second[w] = i;
            last[w] = i;
        }
    }
    run();
    cr_assert_not(FIRED(second[0], JAGA_IND_ESC_01), "2 payments: below min_count 3");
    cr_assert(FIRED(last[0], JAGA_IND_ESC_01));
    cr_assert_eq(VAL(JAGA_IND_ESC_01, last[0]), 150);
    cr_assert_not(FIRED(last[1], JAGA_IND_ESC_01), "previous period not seen whole");
    cr_assert_not(FIRED(last[2], JAGA_IND_ESC_01), "count up, mean amount not");
}

/* RF-MICRO-01: >= 5 payments of at most USD 100 to one merchant of MCC 5967 or 5818 within
 * 720 h. ID-M pays M-1 USD 10 five times a day apart: the 5th fires (value 5), the 4th does
 * not. A USD 150 payment is not counted; a payment to another merchant starts over; a game
 * top-up (MCC 5816) is not a platform payment. */
Test(indicators, micro01_repeated_platform_payments)
{
    uint32_t p[5];
    for (int k = 0; k < 5; k++)
        p[k] = card(D(k, 12), 10, "ID", "ID", 5967, "ID-M", "M-1");
    uint32_t big = card(D(5, 12), 150, "ID", "ID", 5967, "ID-N", "M-1");
    for (int k = 0; k < 4; k++)
        card(D(k, 13), 10, "ID", "ID", 5818, "ID-N", "M-2");
    uint32_t other = card(D(4, 14), 10, "ID", "ID", 5818, "ID-N", "M-3");
    uint32_t game[5];
    for (int k = 0; k < 5; k++)
        game[k] = card(D(k, 15), 10, "ID", "ID", 5816, "ID-T", "G-1");
    run();
    cr_assert_not(FIRED(p[3], JAGA_IND_MICRO_01));
    cr_assert(FIRED(p[4], JAGA_IND_MICRO_01));
    cr_assert_eq(VAL(JAGA_IND_MICRO_01, p[4]), 5);
    cr_assert_not(FIRED(big, JAGA_IND_MICRO_01), "USD 150 is over max_amount");
    cr_assert_not(FIRED(other, JAGA_IND_MICRO_01), "another merchant starts over");
    cr_assert_not(FIRED(game[4], JAGA_IND_MICRO_01), "game credits are RF-CH-05's");
}
