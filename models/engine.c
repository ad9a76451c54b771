// SPDX-License-Identifier: Apache-2.0
/*
 * The indicator engine (models/engine.h). Per batch, in stages (STYLE.md §3.7): stateless
 * per-record indicators over columns, then a prefetch pass over every account the batch will
 * touch, then one in-order pass that updates and reads account state (two transactions of one
 * account in a batch see each other's effects in input order), then the typology scorer.
 * Nothing here reads the wall clock: every window runs on the transactions' event time.
 */
#include "models/engine.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "core/base.h"
#include "core/hash.h"
#include "core/idmap.h"
#include "core/mem.h"

/* The watch-list indicators, in the order of their bits in jaga_engine.wl_bits. RF-WL-03
 * matches names (the scanner's whole-field name hits), the others account ids. */
#define WL_KINDS 4
static const enum jaga_ind wl_kinds[WL_KINDS] = { JAGA_IND_WL_01, JAGA_IND_WL_02, JAGA_IND_WL_05,
                                                  JAGA_IND_WL_03 };

/* Longest customer name kept for keying (names are at most 560 bytes, io/csv.h). */
#define JAGA_PARTY_NAME_MAX 576

struct jaga_engine {
    const struct jaga_pack *p;
    const struct jaga_watchlist *wl;
    const struct jaga_accounts *acc;
    struct jaga_state *st;
    struct jaga_idmap wl_acct; /* listed account hash -> watch-list entry index */
    struct jaga_engine_stats stats;

    /* Per-batch scratch, kept for decide(). */
    struct jaga_acct *dptr[JAGA_BATCH_MAX];
    struct jaga_acct *cptr[JAGA_BATCH_MAX];
    double usd[JAGA_BATCH_MAX];
    uint8_t band[JAGA_BATCH_MAX];
    uint32_t wl_d[JAGA_BATCH_MAX]; /* watch-list entry of the debtor's account, or UINT32_MAX */
    uint32_t wl_c[JAGA_BATCH_MAX];
    uint32_t wl_hit[WL_KINDS][JAGA_BATCH_MAX]; /* entry behind each fired RF-WL-* */
    uint8_t listed[JAGA_BATCH_MAX]; /* bit 0 debtor, bit 1 creditor: an account RF-WL fired */
    uint8_t *wl_bits;               /* per entry: bit q = wl_kinds[q] covers its list */
    uint8_t night[JAGA_BATCH_MAX];  /* debtor-local time in the RF-TIM-01 night hours */
    char unit[4];                   /* currency code of the alert being explained */
};

static void init_from_ref(struct jaga_acct *a, const struct jaga_account_ref *r);

void jaga_engine_cfg_default(struct jaga_engine_cfg *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->struct_size = sizeof(*cfg);
    cfg->expected_accounts = 1u << 20;
}

JAGA_COLD int jaga_engine_create(const struct jaga_engine_cfg *cfg, struct jaga_engine **out)
{
    if (!cfg || cfg->struct_size < sizeof(*cfg) || !cfg->pack)
        return -EINVAL;
    struct jaga_engine *e = jaga_aligned_alloc(64, sizeof(*e));
    if (!e)
        return -ENOMEM;
    memset(e, 0, sizeof(*e));
    e->p = cfg->pack;
    e->wl = cfg->watch;
    e->acc = cfg->accounts;
    int rc = jaga_state_create(cfg->expected_accounts, cfg->max_accounts, &e->st);
    if (rc)
        goto fail;
    size_t nwl = e->wl ? e->wl->n : 0;
    if ((rc = jaga_idmap_init(&e->wl_acct, nwl)))
        goto fail;
    e->wl_bits = jaga_calloc(nwl ? nwl : 1, 1);
    if (!e->wl_bits) {
        rc = -ENOMEM;
        goto fail;
    }
    for (size_t k = 0; k < nwl; k++) {
        for (int q = 0; q < WL_KINDS; q++) {
            const struct jaga_ind_def *d = &e->p->ind[wl_kinds[q]];
            int on = d->enabled && !d->n_lists;
            for (uint32_t j = 0; d->enabled && j < d->n_lists; j++)
                on |= !strcmp(d->lists[j], e->wl->v[k].list);
            e->wl_bits[k] |= (uint8_t)(on << q);
        }
    }
    for (size_t k = 0; k < nwl; k++)
        if (e->wl->v[k].account_h)
            jaga_idmap_put(&e->wl_acct, e->wl->v[k].account_h, (uint32_t)k);
    /* The accounts file goes into the state table now, so that the hot path never looks an
     * account up twice: an entry that has not transacted yet has last_h == 0 and gets its
     * time base at its first transaction. */
    size_t nacc = e->acc ? e->acc->n : 0;
    if (nacc && (rc = jaga_state_reserve(e->st, (uint32_t)JAGA_MIN(nacc, UINT32_MAX))))
        goto fail;
    for (size_t k = 0; k < nacc; k++)
        init_from_ref(jaga_state_get(e->st, e->acc->v[k].id_h, 0), &e->acc->v[k]);
    *out = e;
    return 0;
fail:
    jaga_free(e->wl_bits);
    jaga_idmap_free(&e->wl_acct);
    jaga_state_destroy(e->st);
    jaga_free(e);
    return rc;
}

JAGA_COLD void jaga_engine_destroy(struct jaga_engine *e)
{
    if (!e)
        return;
    jaga_free(e->wl_bits);
    jaga_idmap_free(&e->wl_acct);
    jaga_state_destroy(e->st);
    jaga_free(e);
}

/* What the accounts file says about an account, copied into its state entry at load. */
static void init_from_ref(struct jaga_acct *a, const struct jaga_account_ref *r)
{
    a->flags |= JAGA_ACCT_REF;
    a->kind = r->kind;
    if (r->birth_year >= 1901 && r->birth_year <= 2155)
        a->byear = (uint8_t)(r->birth_year - 1900);
    if (r->sex == 'M')
        a->flags |= JAGA_ACCT_SEX_M;
    else if (r->sex == 'F')
        a->flags |= JAGA_ACCT_SEX_F;
}

/* The state key of a party. A money-transfer operator's omnibus account (kind remitter in the
 * accounts file) carries many customers, told apart only by the name in the message (ISO
 * 20022 Dbtr/Nm beside an agent's account): its customers get their own state, keyed by
 * account and normalised name, or every diaspora remittance through one operator would look
 * like one sender paying thousands of people. */
static uint64_t customer_key(uint64_t acct_h, const char *name, uint32_t len)
{
    char norm[JAGA_PARTY_NAME_MAX];
    uint32_t n = 0;
    int gap = 0;
    for (uint32_t k = 0; k < len && n + 1 < sizeof(norm); k++) {
        unsigned char c = (unsigned char)name[k];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            gap = n > 0;
            continue;
        }
        if (gap)
            norm[n++] = ' ';
        gap = 0;
        norm[n++] = (char)c;
    }
    return (jaga_hash_id(norm, n) ^ (acct_h * 0x9E3779B97F4A7C15u)) | 1;
}

/* Resolves the state entry of one side of a transaction; *person is 0 for an institution
 * account without a customer name, whose counters would mean nothing. */
static struct jaga_acct *party(struct jaga_engine *e, uint64_t h, const struct jaga_batch *b,
                               struct jaga_sref name, uint32_t now_min, int *person)
{
    struct jaga_acct *a = jaga_state_get(e->st, h, now_min);
    if (!a->last_h) /* first transaction: loaded from the accounts file, or new */
        a->base_min = now_min - now_min % 60;
    *person = 1;
    if (jaga_likely(a->kind != JAGA_KIND_REMITTER && a->kind != JAGA_KIND_MERCHANT))
        return a;
    if (a->kind == JAGA_KIND_MERCHANT || !name.len) {
        *person = 0;
        return a;
    }
    struct jaga_acct *c =
        jaga_state_get(e->st, customer_key(h, jaga_batch_str(b, name), name.len), now_min);
    c->flags |= JAGA_ACCT_CUSTOMER;
    return c;
}

static inline uint16_t fingerprint(uint64_t h)
{
    uint16_t f = (uint16_t)h;
    return f ? f : 1;
}

/* Inserts a stamp into a ring, replacing the oldest (empty slots are 0, the oldest of all). */
static inline unsigned ring_push(uint16_t *ring, unsigned n, uint16_t stamp)
{
    unsigned old = 0;
    for (unsigned k = 1; k < n; k++)
        if (ring[k] < ring[old])
            old = k;
    ring[old] = stamp;
    return old;
}

static inline uint32_t ring_count(const uint16_t *ring, unsigned n, uint16_t now, uint32_t win_h)
{
    uint32_t c = 0;
    for (unsigned k = 0; k < n; k++)
        c += ring[k] && jaga_stamp_age(now, ring[k]) < win_h;
    return c;
}

/* Distinct-counterparty set: entries are flag << 31 | 15-bit fingerprint << 16 | stamp. A
 * known counterparty gets its stamp and flag refreshed; a new one takes an empty or the oldest
 * slot. Exact up to the slot count, which is why a pack may not ask for more distinct
 * counterparties than slots. The flag is the latest payment's (in the sender set: paid at the
 * sender's local night, RF-TIM-02). */
static inline void set_touch(uint32_t *set, unsigned n, uint16_t fp, uint16_t stamp, int flag)
{
    uint32_t key = (uint32_t)(fp & 0x7fffu) << 16, nb = flag ? 0x80000000u : 0;
    unsigned old = 0;
    for (unsigned k = 0; k < n; k++) {
        if ((set[k] & 0x7fff0000u) == key && (set[k] & 0xffffu)) {
            if ((set[k] & 0xffffu) <= stamp)
                set[k] = nb | key | stamp;
            return;
        }
        if ((set[k] & 0xffffu) < (set[old] & 0xffffu))
            old = k;
    }
    set[old] = nb | key | stamp;
}

static inline uint32_t set_count(const uint32_t *set, unsigned n, uint16_t now, uint32_t win_h)
{
    uint32_t c = 0;
    for (unsigned k = 0; k < n; k++) {
        uint16_t s = (uint16_t)(set[k] & 0xffffu);
        c += s && jaga_stamp_age(now, s) < win_h;
    }
    return c;
}

#define BIT(k) (1u << (k))

/* Records of state prefetch kept in flight ahead of the update loop. */
#ifndef PF_DIST
#    define PF_DIST 16
#endif

JAGA_HOT void jaga_engine_run(struct jaga_engine *e, struct jaga_batch *b)
{
    const struct jaga_pack *p = e->p;
    const uint32_t n = b->n;
    jaga_state_reserve(e->st, 2 * n);

    /* Stage 1: per-record indicators that need no state. */
    const struct jaga_ind_def *ind = p->ind;
    for (uint32_t i = 0; i < n; i++) {
        double usd = (double)b->amount_e4[i] * p->usd_per[b->currency[i]] * 1e-4;
        uint8_t band = p->corridor[(uint32_t)b->debtor_cc[i] * JAGA_CC_SPACE + b->creditor_cc[i]];
        uint32_t f = 0;
        e->usd[i] = usd;
        e->band[i] = band;
        if (ind[JAGA_IND_AMT_01].enabled && band && p->corridor_channel[b->channel[i]] &&
            usd >= p->bands[band - 1].min_usd && usd <= p->bands[band - 1].max_usd && usd > 0) {
            f |= BIT(JAGA_IND_AMT_01);
            b->ind_val[JAGA_IND_AMT_01][i] = 1;
        }
        uint32_t mh = b->memo_hits[i];
        static const enum jaga_ind text[4] = { JAGA_IND_TXT_01, JAGA_IND_TXT_02, JAGA_IND_TXT_03,
                                               JAGA_IND_TXT_04 };
        for (int q = 0; q < 4; q++) {
            const struct jaga_ind_def *d = &ind[text[q]];
            if (d->enabled && (mh & d->categories)) {
                f |= BIT(text[q]);
                b->ind_val[text[q]][i] = mh & d->categories;
            }
        }
        /* RF-AMT-02: a whole multiple of the currency's round unit (FATF: even amounts). */
        if (ind[JAGA_IND_AMT_02].enabled) {
            uint32_t unit = p->round_e4[b->currency[i]];
            if (!unit)
                unit = ind[JAGA_IND_AMT_02].units * 10000u;
            if (b->amount_e4[i] % unit == 0) {
                f |= BIT(JAGA_IND_AMT_02);
                b->ind_val[JAGA_IND_AMT_02][i] = unit / 10000u;
            }
        }
        /* Debtor-local night (RF-TIM-01 counts it over the debtor's corridor payments). */
        e->night[i] = 0;
        if (ind[JAGA_IND_TIM_01].enabled && p->tz_known[b->debtor_cc[i]]) {
            int64_t local_min = b->ts_ms[i] / 60000 + p->tz_min[b->debtor_cc[i]];
            uint32_t h = (uint32_t)(((local_min / 60) % 24 + 24) % 24);
            uint32_t from = ind[JAGA_IND_TIM_01].night_from, to = ind[JAGA_IND_TIM_01].night_to;
            e->night[i] = from > to ? (h >= from || h < to) : (h >= from && h < to);
        }
        e->wl_d[i] = jaga_idmap_get(&e->wl_acct, b->debtor_h[i]);
        e->wl_c[i] = jaga_idmap_get(&e->wl_acct, b->creditor_h[i]);
        /* Watch-list indicators: an account (or, for RF-WL-03, a whole name) on one of the
         * lists the indicator covers, on the side it looks at, at or above its severity. */
        e->listed[i] = 0;
        for (int q = 0; e->wl && q < WL_KINDS; q++) {
            enum jaga_ind k = wl_kinds[q];
            const struct jaga_ind_def *d = &ind[k];
            if (!d->enabled)
                continue;
            uint32_t ed = e->wl_d[i], ec = e->wl_c[i];
            if (k == JAGA_IND_WL_03) {
                ed = b->debtor_wl_name[i] >= 0 ? (uint32_t)b->debtor_wl_name[i] : UINT32_MAX;
                ec = b->creditor_wl_name[i] >= 0 ? (uint32_t)b->creditor_wl_name[i] : UINT32_MAX;
            }
            uint32_t best = UINT32_MAX, sev = 0;
            if (d->side != JAGA_SIDE_CREDITOR && ed != UINT32_MAX && (e->wl_bits[ed] >> q & 1) &&
                e->wl->v[ed].severity >= d->min_severity) {
                best = ed;
                sev = e->wl->v[ed].severity;
                e->listed[i] |= k != JAGA_IND_WL_03 ? 1 : 0;
            }
            if (d->side != JAGA_SIDE_DEBTOR && ec != UINT32_MAX && (e->wl_bits[ec] >> q & 1) &&
                e->wl->v[ec].severity >= d->min_severity) {
                if (e->wl->v[ec].severity >= sev) {
                    best = ec;
                    sev = e->wl->v[ec].severity;
                }
                e->listed[i] |= k != JAGA_IND_WL_03 ? 2 : 0;
            }
            if (best != UINT32_MAX) {
                f |= BIT(k);
                b->ind_val[k][i] = sev;
                e->wl_hit[q][i] = best;
            }
        }
        b->fired[i] = f;
    }

    /* Stage 2: start the first account lines on their way; stage 3 keeps PF_DIST records of
     * prefetches in flight ahead of itself. A whole batch at once (512 lines) would overrun
     * the core's miss buffers and drop most of them (perf.md §4: batch-32 prefetch). */
    for (uint32_t i = 0; i < n && i < PF_DIST; i++) {
        jaga_state_prefetch(e->st, b->debtor_h[i]);
        jaga_state_prefetch(e->st, b->creditor_h[i]);
    }

    /* Stage 3: state, in input order. */
    const uint32_t vel_w = ind[JAGA_IND_VEL_01].window_h;
    const uint32_t out_w = ind[JAGA_IND_FAN_OUT_01].window_h;
    const uint32_t in_w = ind[JAGA_IND_FAN_IN_01].window_h;
    const uint32_t in_sw = ind[JAGA_IND_FAN_IN_01].short_window_h;
    for (uint32_t i = 0; i < n; i++) {
        if (i + PF_DIST < n) {
            jaga_state_prefetch(e->st, b->debtor_h[i + PF_DIST]);
            jaga_state_prefetch(e->st, b->creditor_h[i + PF_DIST]);
        }
        uint32_t now_min = (uint32_t)(b->ts_ms[i] / 60000);
        int d_person, c_person;
        struct jaga_acct *d = party(e, b->debtor_h[i], b, b->debtor_name[i], now_min, &d_person);
        uint16_t sd = jaga_acct_stamp(d, now_min);
        if (sd > d->last_h)
            d->last_h = sd;
        struct jaga_acct *c =
            party(e, b->creditor_h[i], b, b->creditor_name[i], now_min, &c_person);
        uint16_t sc = jaga_acct_stamp(c, now_min);
        if (sc > c->last_h)
            c->last_h = sc;
        e->dptr[i] = d;
        e->cptr[i] = c;

        uint32_t f = b->fired[i];
        if (!(f & BIT(JAGA_IND_AMT_01)) || !d_person)
            continue;
        /* A low-value corridor payment: it feeds the debtor's velocity and fan-out and, when
         * it crosses a border, the creditor's fan-in. */
        unsigned slot = ring_push(d->vel_h, JAGA_VEL_SLOTS, sd);
        uint16_t night_bit = (uint16_t)(1u << (12 + slot));
        d->corr = (uint16_t)((d->corr & ~night_bit) | (e->night[i] ? night_bit : 0));
        if (JAGA_CORR_COUNT(d->corr) < JAGA_CORR_COUNT_MAX)
            d->corr++;
        set_touch(d->out_set, JAGA_OUT_SLOTS, fingerprint(b->creditor_h[i]), sd, 0);
        uint32_t vel = ring_count(d->vel_h, JAGA_VEL_SLOTS, sd, vel_w);
        uint32_t fan_out = set_count(d->out_set, JAGA_OUT_SLOTS, sd, out_w);
        if (ind[JAGA_IND_VEL_01].enabled && vel >= ind[JAGA_IND_VEL_01].min_count) {
            f |= BIT(JAGA_IND_VEL_01);
            b->ind_val[JAGA_IND_VEL_01][i] = vel;
        }
        const struct jaga_ind_def *tim = &ind[JAGA_IND_TIM_01];
        if (tim->enabled) {
            /* Share of the debtor's corridor payments in the window made at local night. */
            uint32_t all = 0, nights = 0;
            for (unsigned k = 0; k < JAGA_VEL_SLOTS; k++) {
                if (d->vel_h[k] && jaga_stamp_age(sd, d->vel_h[k]) < tim->window_h) {
                    all++;
                    nights += JAGA_CORR_NIGHT(d->corr, k);
                }
            }
            if (all >= tim->min_count && nights * 100 >= tim->min_share * all) {
                f |= BIT(JAGA_IND_TIM_01);
                b->ind_val[JAGA_IND_TIM_01][i] = nights * 100 / all;
            }
        }
        if (ind[JAGA_IND_FAN_OUT_01].enabled && fan_out >= ind[JAGA_IND_FAN_OUT_01].min_count) {
            f |= BIT(JAGA_IND_FAN_OUT_01);
            b->ind_val[JAGA_IND_FAN_OUT_01][i] = fan_out;
        }
        if (b->debtor_cc[i] != b->creditor_cc[i] && c_person) {
            set_touch(c->in_set, JAGA_IN_SLOTS, fingerprint(b->debtor_h[i]), sc, e->night[i]);
            const struct jaga_ind_def *fi = &ind[JAGA_IND_FAN_IN_01];
            uint32_t fan_in = set_count(c->in_set, JAGA_IN_SLOTS, sc, in_w);
            uint32_t fan_in_s = in_sw ? set_count(c->in_set, JAGA_IN_SLOTS, sc, in_sw) : 0;
            if (fi->enabled && fan_in >= fi->min_count) {
                f |= BIT(JAGA_IND_FAN_IN_01);
                b->ind_val[JAGA_IND_FAN_IN_01][i] = fan_in;
            } else if (fi->enabled && in_sw && fan_in_s >= fi->short_min_count) {
                f |= BIT(JAGA_IND_FAN_IN_01);
                /* Marked with the top bit: the short window fired, not the long one. */
                b->ind_val[JAGA_IND_FAN_IN_01][i] = fan_in_s | 0x80000000u;
            }
            /* RF-TIM-02: of the distinct foreign senders in the window, the share whose latest
             * payment came at their local night (buyers pay across time zones at night). */
            const struct jaga_ind_def *t2 = &ind[JAGA_IND_TIM_02];
            if (t2->enabled) {
                uint32_t all = 0, nights = 0;
                for (unsigned k = 0; k < JAGA_IN_SLOTS; k++) {
                    uint16_t st = (uint16_t)(c->in_set[k] & 0xffffu);
                    if (st && jaga_stamp_age(sc, st) < t2->window_h) {
                        all++;
                        nights += c->in_set[k] >> 31;
                    }
                }
                if (all >= t2->min_count && nights * 100 >= t2->min_share * all) {
                    f |= BIT(JAGA_IND_TIM_02);
                    b->ind_val[JAGA_IND_TIM_02][i] = nights * 100 / all;
                }
            }
        }
        b->fired[i] = f;
    }
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t k = 0; k < JAGA_IND_COUNT; k++)
            e->stats.fired[k] += b->fired[i] >> k & 1;
}

/* Reference scorer. The sum runs in indicator order so the float result is the same on every
 * machine; SIMD variants must reproduce it bit for bit. */
JAGA_HOT void jaga_score_batch_c(const struct jaga_pack *p, struct jaga_batch *b)
{
    for (uint32_t t = 0; t < p->n_typo; t++) {
        const struct jaga_typo_def *ty = &p->typo[t];
        for (uint32_t i = 0; i < b->n; i++) {
            uint32_t f = b->fired[i];
            float s = 0.0f;
            for (uint32_t k = 0; k < JAGA_IND_COUNT; k++)
                s += (f >> k & 1) ? ty->weight[k] : 0.0f;
            int ok = (f & ty->require_all) == ty->require_all &&
                     (!ty->require_any || (f & ty->require_any));
            b->score[t][i] = ok ? (s < 1.0f ? s : 1.0f) : 0.0f;
        }
    }
}

static void explain(struct jaga_engine *e, const struct jaga_batch *b, uint32_t i,
                    const struct jaga_typo_def *ty, struct jaga_alert *a)
{
    const struct jaga_pack *p = e->p;
    uint32_t f = b->fired[i];
    a->n_ind = 0;
    for (uint32_t k = 0; k < JAGA_IND_COUNT; k++) {
        if (!(f >> k & 1) ||
            (ty->weight[k] == 0.0f && !((ty->require_all | ty->require_any) >> k & 1)))
            continue;
        const struct jaga_ind_def *d = &p->ind[k];
        struct jaga_alert_ind *x = &a->ind[a->n_ind++];
        memset(x, 0, sizeof(*x));
        x->id = d->id;
        x->threshold_lo = NAN;
        uint32_t v = b->ind_val[k][i];
        switch ((enum jaga_ind)k) {
        case JAGA_IND_AMT_01: {
            const struct jaga_band *bd = &p->bands[e->band[i] - 1];
            uint16_t ccy = jaga_ccy_code(bd->currency, 3);
            x->value = e->usd[i] / p->usd_per[ccy];
            x->threshold = bd->max;
            x->threshold_lo = bd->min;
            x->unit = bd->currency;
            break;
        }
        case JAGA_IND_VEL_01:
        case JAGA_IND_FAN_OUT_01:
            x->value = v;
            x->threshold = d->min_count;
            x->window_h = d->window_h;
            break;
        case JAGA_IND_FAN_IN_01:
            if (v & 0x80000000u) {
                x->value = v & 0x7fffffffu;
                x->threshold = d->short_min_count;
                x->window_h = d->short_window_h;
            } else {
                x->value = v;
                x->threshold = d->min_count;
                x->window_h = d->window_h;
            }
            break;
        case JAGA_IND_AMT_02: {
            char *u = e->unit;
            jaga_ccy_str(b->currency[i], u);
            x->value = (double)b->amount_e4[i] / 1e4;
            x->threshold = v;
            x->unit = u;
            x->detail_key = "rule";
            x->detail = "whole multiple of threshold";
            break;
        }
        case JAGA_IND_TIM_01:
            x->value = v;
            x->threshold = d->min_share;
            x->window_h = d->window_h;
            x->detail_key = "measure";
            x->detail = "percent of the debtor's corridor payments at sender-local night";
            break;
        case JAGA_IND_TIM_02:
            x->value = v;
            x->threshold = d->min_share;
            x->window_h = d->window_h;
            x->detail_key = "measure";
            x->detail = "percent of the creditor's foreign senders paying at their local night";
            break;
        case JAGA_IND_TXT_01:
        case JAGA_IND_TXT_02:
        case JAGA_IND_TXT_04:
        case JAGA_IND_TXT_03: {
            x->value = 1;
            x->threshold = 1;
            x->detail_key = "category";
            for (uint32_t c = 0; c < p->n_cats; c++)
                if (v >> c & 1) {
                    x->detail = p->cat_names[c];
                    break;
                }
            break;
        }
        case JAGA_IND_WL_01:
        case JAGA_IND_WL_02:
        case JAGA_IND_WL_03:
        case JAGA_IND_WL_05: {
            int q = 0;
            while (wl_kinds[q] != (enum jaga_ind)k)
                q++;
            x->value = v;
            x->threshold = d->min_severity;
            x->detail_key = k == JAGA_IND_WL_03 ? "entry_by_name" : "entry";
            x->detail = e->wl->v[e->wl_hit[q][i]].entry_id;
            break;
        }
        case JAGA_IND_COUNT: break;
        }
    }
}

static void emit(struct jaga_engine *e, const struct jaga_batch *b, uint32_t i, uint32_t t,
                 int creditor, jaga_alert_fn fn, void *ctx)
{
    const struct jaga_typo_def *ty = &e->p->typo[t];
    struct jaga_alert a;
    a.tx_id = jaga_batch_str(b, b->tx_id[i]);
    a.subject = jaga_batch_str(b, creditor ? b->creditor_id[i] : b->debtor_id[i]);
    struct jaga_acct *s = creditor ? e->cptr[i] : e->dptr[i];
    /* A customer of an omnibus account is named, since the account alone is not the subject. */
    a.subject_name = s->flags & JAGA_ACCT_CUSTOMER
                         ? jaga_batch_str(b, creditor ? b->creditor_name[i] : b->debtor_name[i])
                         : NULL;
    a.role = creditor ? "creditor" : "debtor";
    a.typology = ty->name;
    a.action = jaga_action_str(ty->action);
    a.pack = e->p->label;
    a.ts_ms = b->ts_ms[i];
    a.seq = b->seq[i];
    a.score = b->score[t][i];
    explain(e, b, i, ty, &a);
    e->stats.alerts[t]++;
    if (!(s->flags & JAGA_ACCT_ALERTED(t))) {
        s->flags |= JAGA_ACCT_ALERTED(t);
        e->stats.subjects[t]++;
    }
    fn(ctx, &a);
}

void jaga_engine_decide(struct jaga_engine *e, const struct jaga_batch *b, jaga_alert_fn fn,
                        void *ctx)
{
    const struct jaga_pack *p = e->p;
    for (uint32_t i = 0; i < b->n; i++) {
        if (!b->fired[i])
            continue;
        for (uint32_t t = 0; t < p->n_typo; t++) {
            const struct jaga_typo_def *ty = &p->typo[t];
            float s = b->score[t][i];
            if (s <= 0.0f || s < ty->threshold)
                continue;
            switch (ty->subject) {
            case JAGA_SUBJ_DEBTOR: emit(e, b, i, t, 0, fn, ctx); break;
            case JAGA_SUBJ_CREDITOR: emit(e, b, i, t, 1, fn, ctx); break;
            case JAGA_SUBJ_LISTED:
                /* Each listed party is a subject of its own; the creditor side first. */
                if (e->listed[i] & 2)
                    emit(e, b, i, t, 1, fn, ctx);
                if (e->listed[i] & 1)
                    emit(e, b, i, t, 0, fn, ctx);
                break;
            }
        }
    }
}

void jaga_engine_get_stats(const struct jaga_engine *e, struct jaga_engine_stats *out)
{
    *out = e->stats;
    jaga_state_get_stats(e->st, &out->state);
}
