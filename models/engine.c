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
#include "core/clock.h"
#include "core/hash.h"
#include "core/idmap.h"
#include "core/mem.h"
#include "models/rules/names.h"

/* The watch-list indicators, in the order of their bits in jaga_engine.wl_bits. RF-WL-03
 * matches names (the scanner's whole-field name hits), the others account ids. */
#define WL_KINDS 4
_Static_assert(JAGA_WARM_DBAND0 + JAGA_DBANDS_MAX == JAGA_WARM_YOUNGPAY,
               "one warm-line class per domestic band");
#define WL_Q_03 3 /* RF-WL-03's index in wl_kinds */
static const enum jaga_ind wl_kinds[WL_KINDS] = { JAGA_IND_WL_01, JAGA_IND_WL_02, JAGA_IND_WL_05,
                                                  JAGA_IND_WL_03 };

/* Longest customer name kept for keying (names are at most 560 bytes, io/csv.h). */
#define JAGA_PARTY_NAME_MAX 576

struct name_hit {
    uint64_t key; /* state key of the account; 0 = empty */
    uint32_t entry;
    uint8_t how;
};

struct jaga_engine {
    const struct jaga_pack *p;
    const struct jaga_watchlist *wl;
    const struct jaga_accounts *acc;
    float floor; /* cfg.floor */
    struct jaga_state *st;
    struct jaga_state *warm;        /* warm lines (core/state.h), only for accounts that need one */
    struct jaga_idmap wl_acct;      /* listed account hash -> watch-list entry index */
    struct jaga_idmap acc_ix;       /* account hash -> accounts-file row (links, opening date) */
    struct jaga_idmap opened_ix;    /* account hash -> opening day (days since 1970) */
    struct jaga_idmap link_ix;      /* card hash -> row of a non-card account of the same holder */
    struct jaga_idmap holder_fp_ix; /* account hash -> id_fp(holder) (RF-CPY-01 links) */
    int64_t mid_day[256];           /* day of 1 July of birth year 1900 + k (ages, in days) */
    uint32_t lay_bucket_h, mule_bucket_h;
    /* Fuzzy watch-list names (RF-WL-03): the index, and the accounts whose holder's name
     * matched (key -> entry and how), filled as accounts are first checked. */
    struct jaga_names *names;
    struct name_hit *name_hits;
    uint64_t name_hits_mask, name_hits_n;
    struct jaga_engine_stats stats;

    /* Per-batch scratch, kept for decide(). */
    struct jaga_acct *dptr[JAGA_BATCH_MAX];
    struct jaga_acct *cptr[JAGA_BATCH_MAX];
    double usd[JAGA_BATCH_MAX];
    uint8_t band[JAGA_BATCH_MAX];
    uint32_t wl_d[JAGA_BATCH_MAX]; /* watch-list entry of the debtor's account, or UINT32_MAX */
    uint32_t wl_c[JAGA_BATCH_MAX];
    uint32_t wl_hit[WL_KINDS][JAGA_BATCH_MAX]; /* entry behind each fired RF-WL-* */
    uint8_t listed[JAGA_BATCH_MAX];   /* bit 0 debtor, bit 1 creditor: an account RF-WL fired */
    uint8_t *wl_bits;                 /* per entry: bit q = wl_kinds[q] covers its list */
    uint8_t night[JAGA_BATCH_MAX];    /* debtor-local time in the RF-TIM-01 night hours */
    uint8_t name_how[JAGA_BATCH_MAX]; /* RF-WL-03: enum jaga_name_how, 0 = the scanner's */
    uint8_t lay_cand[JAGA_BATCH_MAX]; /* RF-LAY-01: bit q, the amount and countries fit band q */
    char unit[4];                     /* currency code of the alert being explained */

    /* RF-CH-* as tables (bit k - JAGA_IND_CH_01 per enabled indicator), built once from the
     * pack so that a record costs three loads instead of a walk over every indicator's lists:
     * the channels, account kinds and merchant categories each indicator accepts, and those
     * that look at corridor payments only. */
    uint16_t ch_by_channel[JAGA_CH_COUNT];
    uint16_t ch_by_kind[JAGA_KIND_MASK + 1];
    uint16_t ch_corridor_only;
    uint16_t ch_by_mcc[10000];
    /* RF-WL-03 (name_matters()): the typologies that weigh or require it, and the union of what
     * else they require (a record that has none of it cannot bring any of them to its
     * threshold). */
    uint32_t n_wl3;
    uint8_t wl3_typo[JAGA_TYPO_MAX];
    uint64_t wl3_req;
    int wl3_all; /* some typology requires nothing else: every record is asked */
};

static void init_from_ref(struct jaga_acct *a, const struct jaga_account_ref *r);
static void build_channel_tables(struct jaga_engine *e);
static void build_wl3(struct jaga_engine *e);

/* A 32-bit fingerprint of a holder or guardian id hash, never 0 or UINT32_MAX; 0 for none. */
static inline uint32_t id_fp(uint64_t h)
{
    uint32_t f = (uint32_t)(h >> 32) | 1u;
    return h ? (f == UINT32_MAX ? 0xfffffffdu : f) : 0;
}

/* The fuzzy name index of every named watch-list entry (name and aliases), when RF-WL-03 is
 * on, and the table of accounts found to match (sized for many accounts per listed name; a
 * full table stops recording, which only costs later repeat checks). */
static int build_names(struct jaga_engine *e)
{
    size_t nwl = e->wl ? e->wl->n : 0, n = 0;
    if (!e->p->ind[JAGA_IND_WL_03].enabled || !nwl)
        return 0;
    for (size_t k = 0; k < nwl; k++)
        n += (e->wl->v[k].name[0] != 0) + e->wl->v[k].n_aliases;
    if (!n)
        return 0;
    struct jaga_name_src *src = jaga_calloc(n, sizeof(*src));
    if (!src)
        return -ENOMEM;
    n = 0;
    for (size_t k = 0; k < nwl; k++) {
        const struct jaga_watch_entry *w = &e->wl->v[k];
        for (uint32_t a = 0; a <= w->n_aliases; a++) {
            const char *nm = a ? w->aliases[a - 1] : w->name;
            if (!nm[0])
                continue;
            src[n++] = (struct jaga_name_src){ .name = nm,
                                               .len = strlen(nm),
                                               .birth_year = w->birth_year,
                                               .country = w->country,
                                               .entry = (uint32_t)k };
        }
    }
    int rc = jaga_names_build(src, n, &e->names);
    jaga_free(src);
    if (rc)
        return rc;
    uint64_t cap = 4096;
    while (cap < 64 * (uint64_t)nwl)
        cap <<= 1;
    if (!(e->name_hits = jaga_calloc(cap, sizeof(*e->name_hits))))
        return -ENOMEM;
    e->name_hits_mask = cap - 1;
    return 0;
}

static struct name_hit *name_hit_slot(const struct jaga_engine *e, uint64_t key)
{
    uint64_t i = (key ^ key >> 31) & e->name_hits_mask;
    while (e->name_hits[i].key && e->name_hits[i].key != key)
        i = (i + 1) & e->name_hits_mask;
    return &e->name_hits[i];
}

/* Room for n more remembered name matches at load at most 1/2, so that a match is never
 * dropped for want of space: the table doubles between batches when needed. COLD, rare. */
static int name_hits_reserve(struct jaga_engine *e, uint64_t n)
{
    if (!e->name_hits || (e->name_hits_n + n) * 2 <= e->name_hits_mask + 1)
        return 0;
    uint64_t cap = (e->name_hits_mask + 1) * 2;
    while ((e->name_hits_n + n) * 2 > cap)
        cap *= 2;
    struct name_hit *old = e->name_hits;
    uint64_t old_cap = e->name_hits_mask + 1;
    if (!(e->name_hits = jaga_calloc(cap, sizeof(*e->name_hits)))) {
        e->name_hits = old;
        return -ENOMEM;
    }
    e->name_hits_mask = cap - 1;
    for (uint64_t k = 0; k < old_cap; k++)
        if (old[k].key)
            *name_hit_slot(e, old[k].key) = old[k];
    jaga_free(old);
    return 0;
}

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
    e->floor = cfg->floor > 0.0f ? cfg->floor : 0.0f;
    int rc = jaga_state_create(cfg->expected_accounts, cfg->max_accounts, &e->st);
    if (rc)
        goto fail;
    /* Warm lines go to a good share of the accounts when the indicators that use them are on
     * (RF-LAY-01 alone gives one to most payees of domestic transfers: 0.8 per account on the
     * bench day), so the table starts at a quarter of the hot table's size, two doublings
     * (and copies) short of that, without reserving the whole of it for packs that need less. */
    const struct jaga_ind_def *wi = cfg->pack->ind;
    const int warm_on = wi[JAGA_IND_LAY_01].enabled || wi[JAGA_IND_MULE_01].enabled ||
                        wi[JAGA_IND_FSEC_01].enabled || wi[JAGA_IND_CPY_01].enabled ||
                        wi[JAGA_IND_ESC_01].enabled || wi[JAGA_IND_MICRO_01].enabled;
    if ((rc = jaga_state_create(warm_on ? JAGA_MAX(cfg->expected_accounts / 4, 1024) : 1024,
                                cfg->max_accounts, &e->warm)))
        goto fail;
    for (int k = 1; k < 256; k++)
        e->mid_day[k] = jaga_days_from_civil(1900 + k, 7, 1);
    e->lay_bucket_h = JAGA_MAX((e->p->ind[JAGA_IND_LAY_01].window_h + 2) / 3, 1u);
    build_channel_tables(e);
    build_wl3(e);
    e->mule_bucket_h = JAGA_MAX((e->p->ind[JAGA_IND_MULE_01].window_h + 2) / 3, 1u);
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
    /* The hot path asks one question per map, and a map is built only for an indicator the
     * pack enables: the accounts-file row and the holder of an account (RF-CPY-01), its
     * opening day (RF-NEW-01), the non-card account of a card's holder (RF-TRV-01). */
    const struct jaga_ind_def *ind = e->p->ind;
    const size_t n_cpy = ind[JAGA_IND_CPY_01].enabled ? nacc : 0;
    const size_t n_new = ind[JAGA_IND_NEW_01].enabled ? nacc : 0;
    const size_t n_trv = ind[JAGA_IND_TRV_01].enabled ? nacc : 0;
    struct jaga_idmap holder_ix = { 0 };
    if ((rc = jaga_idmap_init(&e->acc_ix, n_cpy)) ||
        (rc = jaga_idmap_init(&e->holder_fp_ix, n_cpy)) ||
        (rc = jaga_idmap_init(&e->opened_ix, n_new)) ||
        (rc = jaga_idmap_init(&e->link_ix, n_trv)) || (rc = jaga_idmap_init(&holder_ix, n_trv))) {
        jaga_idmap_free(&holder_ix);
        goto fail;
    }
    for (size_t k = 0; k < nacc && k < UINT32_MAX; k++) {
        const struct jaga_account_ref *r = &e->acc->v[k];
        if (n_cpy) {
            jaga_idmap_put(&e->acc_ix, r->id_h, (uint32_t)k);
            if (r->holder_h)
                jaga_idmap_put(&e->holder_fp_ix, r->id_h, id_fp(r->holder_h));
        }
        if (n_new && r->opened_day != INT32_MIN && r->opened_day >= 0)
            jaga_idmap_put(&e->opened_ix, r->id_h, (uint32_t)r->opened_day);
        if (n_trv && r->holder_h && r->kind != JAGA_KIND_CARD)
            jaga_idmap_put(&holder_ix, r->holder_h, (uint32_t)k);
    }
    for (size_t k = 0; n_trv && k < nacc && k < UINT32_MAX; k++) {
        const struct jaga_account_ref *r = &e->acc->v[k];
        uint32_t o = r->holder_h && r->kind == JAGA_KIND_CARD
                         ? jaga_idmap_get(&holder_ix, r->holder_h)
                         : UINT32_MAX;
        if (o != UINT32_MAX)
            jaga_idmap_put(&e->link_ix, r->id_h, o);
    }
    jaga_idmap_free(&holder_ix);
    if ((rc = build_names(e)))
        goto fail;
    *out = e;
    return 0;
fail:
    jaga_names_destroy(e->names);
    jaga_free(e->name_hits);
    jaga_free(e->wl_bits);
    jaga_idmap_free(&e->wl_acct);
    jaga_idmap_free(&e->acc_ix);
    jaga_idmap_free(&e->opened_ix);
    jaga_idmap_free(&e->link_ix);
    jaga_idmap_free(&e->holder_fp_ix);
    jaga_state_destroy(e->warm);
    jaga_state_destroy(e->st);
    jaga_free(e);
    return rc;
}

JAGA_COLD void jaga_engine_destroy(struct jaga_engine *e)
{
    if (!e)
        return;
    jaga_names_destroy(e->names);
    jaga_free(e->name_hits);
    jaga_free(e->wl_bits);
    jaga_idmap_free(&e->wl_acct);
    jaga_idmap_free(&e->acc_ix);
    jaga_idmap_free(&e->opened_ix);
    jaga_idmap_free(&e->link_ix);
    jaga_idmap_free(&e->holder_fp_ix);
    jaga_state_destroy(e->warm);
    jaga_state_destroy(e->st);
    jaga_free(e);
}

/* What the accounts file says about an account, copied into its state entry at load. */
static void init_from_ref(struct jaga_acct *a, const struct jaga_account_ref *r)
{
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
    if (!a->last_h) { /* first transaction: loaded from the accounts file, or new */
        a->base_min = now_min - now_min % 60;
        /* An account older than RF-NEW-01's limit at its first transaction never becomes
         * new again, so the opening day is looked up once, here, not per pattern. */
        const struct jaga_ind_def *nd = &e->p->ind[JAGA_IND_NEW_01];
        uint32_t od = nd->enabled ? jaga_idmap_get(&e->opened_ix, h) : UINT32_MAX;
        if (od != UINT32_MAX && now_min / 1440 <= od + nd->max_days)
            a->flags |= JAGA_ACCT_NEWOPEN;
    }
    *person = 1;
    uint8_t kind = a->kind & JAGA_KIND_MASK;
    if (jaga_likely(kind != JAGA_KIND_REMITTER && kind != JAGA_KIND_MERCHANT))
        return a;
    if (kind == JAGA_KIND_MERCHANT || !name.len) {
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

#define BIT(k) (1ull << (k))

/* Linear-counting estimate of distinct payers from the zero bits z of a 32-bit bitmap:
 * round(32 ln(32 / z)); z = 0 means the bitmap is saturated. */
static const uint8_t lc_est[33] = { 128, 111, 89, 76, 67, 59, 54, 49, 44, 41, 37,
                                    34,  31,  29, 26, 24, 22, 20, 18, 17, 15, 13,
                                    12,  11,  9,  8,  7,  5,  4,  3,  2,  1,  0 };

/* Whole years between 1 July of the birth year and `day`; -1 when the birth year is unknown. */
static inline int age_at(const struct jaga_engine *e, uint8_t byear, int64_t day)
{
    if (!byear)
        return -1;
    int64_t d = day - e->mid_day[byear];
    if (d < 0)
        return 0;
    /* Days / 365.2425 can fall a day short of a whole calendar year, never over: one step up
     * when the next 1 July has come. */
    int a = (int)(d * 10000 / 3652425);
    if (byear + a + 1 < 256 && day >= e->mid_day[byear + a + 1])
        a++;
    return a;
}

/* Hours from `then` to `now`, 0 when `then` is later (a record out of time order counts as
 * current, as the hot line's stamps do). */
static inline uint32_t hour_age(uint32_t now, uint32_t then)
{
    return now > then ? now - then : 0;
}

/* US cents of a dollar amount, rounded as payments' cents are. */
static inline uint64_t to_cents(double usd)
{
    return (uint64_t)(usd * 100.0 + 0.5);
}

static inline uint32_t sat_add(uint32_t a, uint64_t b)
{
    uint64_t s = a + b;
    return s > UINT32_MAX ? UINT32_MAX : (uint32_t)s;
}

/* The warm line of class `cls` for an account, created on first use (and flagged in the
 * account's hot line so that later lookups happen only when it exists). */
static inline void *warm_line(struct jaga_engine *e, const struct jaga_acct *a, unsigned cls,
                              uint32_t now_min)
{
    /* Keyed by the state entry, not the account id: an omnibus account's customers each have
     * their own entry (party()), and so their own warm lines. */
    return jaga_state_get(e->warm, jaga_warm_key(a->key, cls), now_min);
}

/* warm_line, and the account is flagged as having one. */
static inline void *warm_get(struct jaga_engine *e, struct jaga_acct *a, unsigned cls,
                             uint32_t now_min)
{
    a->kind |= JAGA_WARM_BIT(cls);
    return warm_line(e, a, cls, now_min);
}

/* The bucket of a flow line for clock bucket `bk`, reset when it held an older bucket. */
static inline unsigned flow_slot(struct jaga_flow *fl, uint32_t bk)
{
    unsigned old = 0;
    for (unsigned k = 0; k < JAGA_FLOW_BUCKETS; k++) {
        if (fl->slot[k] == bk + 1)
            return k;
        if (fl->slot[k] < fl->slot[old])
            old = k;
    }
    fl->slot[old] = bk + 1;
    fl->in_c[old] = fl->out_c[old] = fl->payers[old] = 0;
    return old;
}

/* Inflow, outflow and estimated distinct payers over the window ending in bucket `bk`. */
static inline uint32_t flow_window(const struct jaga_flow *fl, uint32_t bk, uint64_t *in,
                                   uint64_t *out)
{
    uint32_t bits = 0;
    *in = *out = 0;
    for (unsigned k = 0; k < JAGA_FLOW_BUCKETS; k++) {
        if (!fl->slot[k] || fl->slot[k] - 1 + JAGA_FLOW_BUCKETS <= bk)
            continue;
        bits |= fl->payers[k];
        *in += fl->in_c[k];
        *out += fl->out_c[k];
    }
    return lc_est[32 - __builtin_popcount(bits)];
}

static inline uint32_t payer_bit(uint64_t payer_h)
{
    return 1u << ((payer_h >> 40) & 31);
}

/* A payment into a flow line of class `cls` of payee `c`: every payee gets a line, but only a
 * collector (min_payers distinct payers in the window) is flagged for the outflow side, so an
 * ordinary payer's transfers never look a warm line up. */
static void flow_in(struct jaga_engine *e, struct jaga_acct *c, unsigned cls, uint32_t bk,
                    uint64_t cents, uint64_t payer_h, uint32_t min_payers, uint32_t now_min)
{
    struct jaga_flow *fl = warm_line(e, c, cls, now_min);
    unsigned s = flow_slot(fl, bk);
    fl->in_c[s] = sat_add(fl->in_c[s], cents);
    fl->payers[s] |= payer_bit(payer_h);
    uint64_t in, out;
    if (!(c->kind & JAGA_WARM_BIT(cls)) && flow_window(fl, bk, &in, &out) >= min_payers)
        c->kind |= JAGA_WARM_BIT(cls);
}

/* A payment out of a flagged collector's flow line: the window's inflow, outflow and
 * estimated distinct payers after it. */
static uint32_t flow_out(struct jaga_engine *e, struct jaga_acct *d, unsigned cls, uint32_t bk,
                         uint64_t cents, uint32_t now_min, uint64_t *in, uint64_t *out)
{
    struct jaga_flow *fl = warm_line(e, d, cls, now_min);
    unsigned s = flow_slot(fl, bk);
    fl->out_c[s] = sat_add(fl->out_c[s], cents);
    return flow_window(fl, bk, in, out);
}

/* A young holder's counterparty: returns the clock hour it was first seen, recording it now
 * (and setting *fresh) if it is new. */
static inline uint32_t young_known(struct jaga_young *y, uint64_t cp_h, uint32_t hour, int *fresh)
{
    uint32_t key = (uint32_t)(fingerprint(cp_h) & 0x7fffu) << 16, base = y->base_min / 60;
    unsigned pick = 0;
    *fresh = 0;
    for (unsigned k = 0; k < JAGA_YOUNG_KNOWN; k++) {
        uint32_t v = y->known[k];
        if (v && (v & 0x7fff0000u) == key)
            return base + (v & 0xffffu) - 1;
        if ((v & 0xffffu) < (y->known[pick] & 0xffffu))
            pick = k;
    }
    uint32_t rel = hour > base ? hour - base : 0;
    y->known[pick] = key | (rel >= 0xffff ? 0xffffu : rel + 1);
    *fresh = 1;
    return hour;
}

/* Whether the two names share a token of three or more bytes (ASCII case aside): the family
 * link RF-CTY-01 looks for (a surname in common). */
static int names_linked(const char *a, uint32_t an, const char *c, uint32_t cn)
{
    uint32_t ts[16], tl[16], nt = 0;
    for (uint32_t k = 0; k < cn && nt < 16;) {
        while (k < cn && (c[k] == ' ' || c[k] == ',' || c[k] == '.' || c[k] == '-'))
            k++;
        uint32_t s = k;
        while (k < cn && c[k] != ' ' && c[k] != ',' && c[k] != '.' && c[k] != '-')
            k++;
        if (k - s >= 3)
            ts[nt] = s, tl[nt++] = k - s;
    }
    for (uint32_t k = 0; k < an;) {
        while (k < an && (a[k] == ' ' || a[k] == ',' || a[k] == '.' || a[k] == '-'))
            k++;
        uint32_t s = k;
        while (k < an && a[k] != ' ' && a[k] != ',' && a[k] != '.' && a[k] != '-')
            k++;
        for (uint32_t t = 0; k - s >= 3 && t < nt; t++) {
            if (tl[t] != k - s)
                continue;
            uint32_t q = 0;
            while (q < tl[t] &&
                   ((a[s + q] | 0x20) == (c[ts[t] + q] | 0x20) || a[s + q] == c[ts[t] + q]))
                q++;
            if (q == tl[t])
                return 1;
        }
    }
    return 0;
}

/* RF-CTY-01's test on a record: both names are present and share no token. */
static int no_name_link(const struct jaga_batch *b, uint32_t i)
{
    return b->debtor_name[i].len && b->creditor_name[i].len &&
           !names_linked(jaga_batch_str(b, b->debtor_name[i]), b->debtor_name[i].len,
                         jaga_batch_str(b, b->creditor_name[i]), b->creditor_name[i].len);
}

static inline int channel_match(const struct jaga_ind_def *d, uint8_t ch, uint8_t dk, uint8_t ck,
                                uint16_t mcc)
{
    if (d->channels >> ch & 1)
        return 1;
    if ((d->kinds >> dk & 1) || (d->kinds >> ck & 1))
        return 2;
    for (uint32_t q = 0; mcc != JAGA_MCC_NONE && q < d->n_mccs; q++)
        if (mcc >= d->mcc_lo[q] && mcc <= d->mcc_hi[q])
            return 3;
    return 0;
}

/* Fills the RF-CH-* tables of the engine from the pack. COLD. */
static void build_channel_tables(struct jaga_engine *e)
{
    const struct jaga_ind_def *ind = e->p->ind;
    for (int k = JAGA_IND_CH_01; k <= JAGA_IND_CH_10; k++) {
        const struct jaga_ind_def *d = &ind[k];
        uint16_t bit = (uint16_t)(1u << (k - JAGA_IND_CH_01));
        if (!d->enabled)
            continue;
        for (unsigned c = 0; c < JAGA_CH_COUNT; c++)
            if (d->channels >> c & 1)
                e->ch_by_channel[c] |= bit;
        for (unsigned c = 0; c <= JAGA_KIND_MASK; c++)
            if (d->kinds >> c & 1)
                e->ch_by_kind[c] |= bit;
        for (uint32_t q = 0; q < d->n_mccs; q++)
            for (uint32_t m = d->mcc_lo[q]; m <= d->mcc_hi[q] && m < 10000; m++)
                e->ch_by_mcc[m] |= bit;
        if (d->corridor_only)
            e->ch_corridor_only |= bit;
    }
}

/* Records of state prefetch kept in flight ahead of the update loop. */
#ifndef PF_DIST
#    define PF_DIST 16
#endif

/* Patterns whose account RF-NEW-01 checks for its age: the debtor's, then the creditor's. */
/* For a victim's burst (RF-FSEC-01) the account that matters is the payee: sextortion money
 * goes to newly opened collection accounts (Operation Huntsman). */
#define NEW_DEBTOR_PATTERNS \
    (BIT(JAGA_IND_VEL_01) | BIT(JAGA_IND_FAN_OUT_01) | BIT(JAGA_IND_MULE_01) | BIT(JAGA_IND_LAY_01))
#define NEW_CREDITOR_PATTERNS \
    (BIT(JAGA_IND_FAN_IN_01) | BIT(JAGA_IND_CPY_01) | BIT(JAGA_IND_FSEC_01))

/* The accounts-file row of an account, or NULL. */
static inline const struct jaga_account_ref *acc_ref(const struct jaga_engine *e, uint64_t h)
{
    uint32_t k = jaga_idmap_get(&e->acc_ix, h);
    return k == UINT32_MAX ? NULL : &e->acc->v[k];
}

/* RF-NEW-01: the account a pattern is about was opened at most max_days before. The value is
 * its age in days, with the top bit set when it is the creditor. */
static uint64_t new_account(struct jaga_engine *e, struct jaga_batch *b, uint32_t i,
                            const struct jaga_acct *da, const struct jaga_acct *ca, uint64_t f)
{
    const struct jaga_ind_def *d = &e->p->ind[JAGA_IND_NEW_01];
    int64_t day = jaga_floor_div(b->ts_ms[i], 86400000);
    for (int side = 0; side < 2; side++) {
        if (!(f & (side ? NEW_CREDITOR_PATTERNS : NEW_DEBTOR_PATTERNS)) ||
            !((side ? ca : da)->flags & JAGA_ACCT_NEWOPEN))
            continue;
        uint32_t od = jaga_idmap_get(&e->opened_ix, side ? b->creditor_h[i] : b->debtor_h[i]);
        if (od == UINT32_MAX || day < (int32_t)od || day - (int32_t)od > (int64_t)d->max_days)
            continue;
        b->ind_val[JAGA_IND_NEW_01][i] = (uint32_t)(day - (int32_t)od) | (side ? 0x80000000u : 0);
        return BIT(JAGA_IND_NEW_01);
    }
    return 0;
}

/* Stage 3 indicators on the parties' profiles, channels and warm lines: RF-CH-*, RF-AMT-03,
 * RF-CPY-01, RF-FSEC-01, RF-MULE-01, RF-LAY-01. Returns the bits it fired. */
static uint64_t profile(struct jaga_engine *e, struct jaga_batch *b, uint32_t i,
                        struct jaga_acct *d, struct jaga_acct *c, int d_person, int c_person,
                        uint32_t now_min)
{
    const struct jaga_pack *p = e->p;
    const struct jaga_ind_def *ind = p->ind;
    uint64_t f = 0;
    const uint8_t ch = b->channel[i];
    const uint8_t dk = d->kind & JAGA_KIND_MASK, ck = c->kind & JAGA_KIND_MASK;
    const uint32_t hour = now_min / 60;
    const uint64_t cents = to_cents(e->usd[i]);
    const int cross = b->debtor_cc[i] && b->creditor_cc[i] && b->debtor_cc[i] != b->creditor_cc[i];

    /* RF-CH-*: the channel, an account kind of either party, or the merchant category. */
    {
        /* Value: 1 the channel matched, else 2 an account kind, else 3 the merchant category. */
        const uint16_t mcc = b->mcc[i];
        uint32_t by_ch = e->ch_by_channel[ch];
        uint32_t by_kind = (uint32_t)(e->ch_by_kind[dk] | e->ch_by_kind[ck]) & ~by_ch;
        uint32_t by_mcc = mcc < 10000 ? e->ch_by_mcc[mcc] & ~(by_ch | by_kind) : 0;
        uint32_t all = by_ch | by_kind | by_mcc;
        if (!e->band[i])
            all &= ~(uint32_t)e->ch_corridor_only;
        for (uint32_t m = all; m; m &= m - 1) {
            unsigned q = (unsigned)__builtin_ctz(m);
            f |= BIT(JAGA_IND_CH_01 + q);
            b->ind_val[JAGA_IND_CH_01 + q][i] = by_ch >> q & 1 ? 1 : by_kind >> q & 1 ? 2 : 3;
        }
    }

    int64_t day = jaga_floor_div(b->ts_ms[i], 86400000);
    int d_age = d_person ? age_at(e, d->byear, day) : -1;
    int c_age = c_person ? age_at(e, c->byear, day) : -1;

    /* RF-AMT-03: a sextortion-sized P2P, e-wallet or gift-card payment by a young holder. */
    const struct jaga_ind_def *a3 = &ind[JAGA_IND_AMT_03];
    if (a3->enabled && d_age >= 0 && (uint32_t)d_age <= a3->max_age && (a3->channels >> ch & 1) &&
        e->usd[i] > 0 && e->usd[i] <= a3->max_usd) {
        f |= BIT(JAGA_IND_AMT_03);
        b->ind_val[JAGA_IND_AMT_03][i] = (uint32_t)d_age;
    }

    /* RF-FSEC-01: a young holder's payments to counterparties first seen within the window,
     * summed while they keep coming within the window of the burst's start. A ransom has to
     * reach the extortionist: a person, or a gift card whose code is handed over; a top-up at a
     * merchant credits the holder's own account and is not counted. */
    const struct jaga_ind_def *fs = &ind[JAGA_IND_FSEC_01];
    if (fs->enabled && d_age >= 0 && (uint32_t)d_age <= fs->max_age && (fs->channels >> ch & 1) &&
        e->usd[i] > 0 && (c_person || ch == JAGA_CH_GIFTCARD)) {
        struct jaga_young *y = warm_get(e, d, JAGA_WARM_YOUNG, now_min);
        int fresh;
        uint32_t first = young_known(y, b->creditor_h[i], hour, &fresh);
        if (hour_age(hour, first) < fs->window_h) {
            if (!y->burst_h || hour_age(hour, y->burst_h) >= fs->window_h) {
                y->burst_h = hour;
                y->burst_n = 0;
                y->burst_c = 0;
            }
            if (y->burst_n < UINT16_MAX)
                y->burst_n++;
            y->burst_c = sat_add(y->burst_c, cents);
            if (y->burst_n >= fs->min_count && y->burst_c <= to_cents(fs->max_usd) &&
                y->burst_c >= to_cents(fs->min_usd)) {
                f |= BIT(JAGA_IND_FSEC_01);
                b->ind_val[JAGA_IND_FSEC_01][i] = y->burst_n;
            }
        }
    }

    /* RF-CPY-01: an adult with no household or guardian link pays a minor, across a border or
     * for the first time. */
    const struct jaga_ind_def *cp = &ind[JAGA_IND_CPY_01];
    if (cp->enabled && c_age >= 0 && (uint32_t)c_age < cp->max_age && d_person &&
        (d_age < 0 || (uint32_t)d_age >= cp->max_age)) {
        struct jaga_young *y = warm_get(e, c, JAGA_WARM_YOUNG, now_min);
        int fresh;
        young_known(y, b->debtor_h[i], hour, &fresh);
        int linked = 0;
        if (cross || fresh) {
            if (!y->loaded) {
                const struct jaga_account_ref *cr = acc_ref(e, b->creditor_h[i]);
                y->holder_fp = cr ? id_fp(cr->holder_h) : 0;
                y->guardian_fp = cr ? id_fp(cr->guardian_h) : 0;
                y->loaded = 1;
            }
            uint32_t dfp = jaga_idmap_get(&e->holder_fp_ix, b->debtor_h[i]);
            linked = dfp != UINT32_MAX && (dfp == y->guardian_fp || dfp == y->holder_fp);
        }
        if (!linked && (cross || fresh)) {
            f |= BIT(JAGA_IND_CPY_01);
            b->ind_val[JAGA_IND_CPY_01][i] = (uint32_t)c_age;
        }
    }

    /* RF-MULE-01: inflows from young payers are followed on the collector's warm line; the
     * indicator fires when the collector moves money off-ramp (a channel it lists, a crypto
     * account, or abroad) with enough distinct young payers in the window. */
    const struct jaga_ind_def *mu = &ind[JAGA_IND_MULE_01];
    if (mu->enabled) {
        uint32_t bk = hour / e->mule_bucket_h;
        /* Collectors are persons: merchants and crypto exchanges (kind crypto) serve many young
         * customers and move money to crypto by trade. A young collector counts (redflags.md:
         * "often newly opened or young holder"). */
        if (d_age >= 0 && (uint32_t)d_age <= mu->max_age && c_person && ck != JAGA_KIND_MERCHANT &&
            ck != JAGA_KIND_CRYPTO) {
            flow_in(e, c, JAGA_WARM_YOUNGPAY, bk, cents, b->debtor_h[i], mu->min_payers, now_min);
        }
        if (d_person && (d->kind & JAGA_WARM_BIT(JAGA_WARM_YOUNGPAY)) &&
            ((mu->channels >> ch & 1) || ck == JAGA_KIND_CRYPTO || cross)) {
            uint64_t in, out;
            uint32_t payers = flow_out(e, d, JAGA_WARM_YOUNGPAY, bk, cents, now_min, &in, &out);
            if (payers >= mu->min_payers) {
                f |= BIT(JAGA_IND_MULE_01);
                b->ind_val[JAGA_IND_MULE_01][i] = payers;
            }
        }
    }

    /* RF-LAY-01: domestic inflows in a band are followed on the creditor's warm line; the
     * indicator fires on an outflow when the window's distinct payers reach min_payers and its
     * outflow reaches min_share percent of its inflow. Value: percent | band bits << 16. */
    const struct jaga_ind_def *ly = &ind[JAGA_IND_LAY_01];
    if (ly->enabled && p->n_dbands) {
        uint32_t bk = hour / e->lay_bucket_h, bits = 0, pct = 0;
        for (uint32_t q = 0; q < p->n_dbands; q++) {
            if (ly->bands && !(ly->bands >> q & 1))
                continue;
            if (d_person && c_person && ck != JAGA_KIND_MERCHANT && (e->lay_cand[i] >> q & 1))
                flow_in(e, c, JAGA_WARM_DBAND0 + q, bk, cents, b->debtor_h[i], ly->min_payers,
                        now_min);
            if (d_person && (d->kind & JAGA_WARM_BIT(JAGA_WARM_DBAND0 + q))) {
                uint64_t in, out;
                uint32_t payers =
                    flow_out(e, d, JAGA_WARM_DBAND0 + q, bk, cents, now_min, &in, &out);
                if (in && payers >= ly->min_payers && out * 100 >= (uint64_t)ly->min_share * in) {
                    bits |= 1u << q;
                    uint64_t r = out * 100 / in;
                    pct = JAGA_MAX(pct, (uint32_t)JAGA_MIN(r, 999u));
                }
            }
        }
        if (bits) {
            f |= BIT(JAGA_IND_LAY_01);
            b->ind_val[JAGA_IND_LAY_01][i] = pct | bits << 16;
        }
    }
    /* RF-CTY-01 beyond the corridors: any payment to a country of concern the pack lists (the
     * sextortion destinations), again without a name in common. */
    const struct jaga_ind_def *cy = &ind[JAGA_IND_CTY_01];
    if (cy->enabled && cy->n_countries && cross && !e->band[i]) {
        int listed = 0;
        for (uint32_t q = 0; q < cy->n_countries; q++)
            listed |= cy->countries[q] == b->creditor_cc[i];
        if (listed && no_name_link(b, i)) {
            f |= BIT(JAGA_IND_CTY_01);
            b->ind_val[JAGA_IND_CTY_01][i] = 2;
        }
    }

    /* RF-MICRO-01: repeated small payments by one payer to one merchant of the listed
     * categories (platform tokens); the payer's line follows one merchant at a time. */
    const struct jaga_ind_def *mi = &ind[JAGA_IND_MICRO_01];
    if (mi->enabled && d_person && e->usd[i] <= mi->max_usd &&
        channel_match(mi, ch, 0, 0, b->mcc[i])) {
        struct jaga_payer *py = warm_get(e, d, JAGA_WARM_PAYER, now_min);
        uint16_t fp = fingerprint(b->creditor_h[i]) & 0x7fffu;
        if (py->micro_fp != (uint16_t)(fp | 0x8000u)) {
            py->micro_fp = (uint16_t)(fp | 0x8000u);
            memset(py->micro_h, 0, sizeof(py->micro_h));
        }
        unsigned old = 0;
        for (unsigned k = 1; k < JAGA_MICRO_SLOTS; k++)
            if (py->micro_h[k] < py->micro_h[old])
                old = k;
        py->micro_h[old] = hour + 1;
        uint32_t cnt = 0;
        for (unsigned k = 0; k < JAGA_MICRO_SLOTS; k++)
            cnt += py->micro_h[k] && hour_age(hour + 1, py->micro_h[k]) < mi->window_h;
        if (cnt >= mi->min_count) {
            f |= BIT(JAGA_IND_MICRO_01);
            b->ind_val[JAGA_IND_MICRO_01][i] = cnt;
        }
    }

    /* RF-NET-01: the payer has paid a watch-listed account before: every later payment ties it
     * (one hop) and its payee (two hops) to the listed account. */
    if (d_person && (d->flags & JAGA_ACCT_NET) && ind[JAGA_IND_NET_01].enabled) {
        f |= BIT(JAGA_IND_NET_01);
        b->ind_val[JAGA_IND_NET_01][i] = 1;
    }
    /* The listed accounts are those RF-WL-01 covers (its lists, at its severity). */
    if (d_person && e->wl_c[i] != UINT32_MAX && (e->wl_bits[e->wl_c[i]] & 1) &&
        e->wl->v[e->wl_c[i]].severity >= ind[JAGA_IND_WL_01].min_severity)
        d->flags |= JAGA_ACCT_NET;

    /* RF-TRV-01: a demand-side payer's card or cash spend on travel in a supply country, after
     * corridor payments of its own account or, through the accounts file, of another account
     * of the same holder. Value: corridor payments in the window. */
    const struct jaga_ind_def *tv = &ind[JAGA_IND_TRV_01];
    if (tv->enabled && d_person && p->demand[b->debtor_cc[i]] && p->supply[b->creditor_cc[i]] &&
        channel_match(tv, ch, 0, 0, b->mcc[i])) {
        uint32_t cnt =
            ring_count(d->vel_h, JAGA_VEL_SLOTS, jaga_acct_stamp(d, now_min), tv->window_h);
        if (cnt < tv->min_count) {
            uint32_t k = jaga_idmap_get(&e->link_ix, b->debtor_h[i]);
            struct jaga_acct *o =
                k != UINT32_MAX ? jaga_state_find(e->st, e->acc->v[k].id_h) : NULL;
            if (o && o->last_h)
                cnt =
                    ring_count(o->vel_h, JAGA_VEL_SLOTS, jaga_acct_stamp(o, now_min), tv->window_h);
        }
        if (cnt >= tv->min_count) {
            f |= BIT(JAGA_IND_TRV_01);
            b->ind_val[JAGA_IND_TRV_01][i] = cnt;
        }
    }
    return f;
}

/* The indicators a typology sees on a record, from its fired set f: a typology that names
 * domestic bands takes RF-LAY-01 only from those bands. The scorer, the explanation and
 * name_matters() all use it. */
static inline uint64_t typo_bits_of(const struct jaga_typo_def *ty, const struct jaga_batch *b,
                                    uint32_t i, uint64_t f)
{
    if (ty->lay_bands && (f & BIT(JAGA_IND_LAY_01)) &&
        !(b->ind_val[JAGA_IND_LAY_01][i] >> 16 & ty->lay_bands))
        f &= ~BIT(JAGA_IND_LAY_01);
    return f;
}

static inline uint64_t typo_bits(const struct jaga_typo_def *ty, const struct jaga_batch *b,
                                 uint32_t i)
{
    return typo_bits_of(ty, b, i, b->fired[i]);
}

/* A typology's score from the indicators it sees: 0 unless its requirements hold, else the
 * fired weights summed in 0.0001 steps (an integer sum: exact and order-free), capped at 1. */
static inline float typo_score(const struct jaga_typo_def *ty, uint64_t f)
{
    if ((f & ty->require_all) != ty->require_all || (ty->require_any && !(f & ty->require_any)))
        return 0.0f;
    uint32_t s = 0;
    for (uint64_t m = f; m; m &= m - 1)
        s += ty->weight_e4[__builtin_ctzll(m)];
    return jaga_e4_float(s < 10000u ? s : 10000u);
}

/* Fills the engine's RF-WL-03 typology list for name_matters(). COLD. */
static void build_wl3(struct jaga_engine *e)
{
    int wl3_any = 0;
    for (uint32_t t = 0; t < e->p->n_typo; t++) {
        const struct jaga_typo_def *ty = &e->p->typo[t];
        /* Weighed, or required (a requirement can hold a typology back at any weight). */
        if (!(ty->weight[JAGA_IND_WL_03] > 0.0f) &&
            !((ty->require_all | ty->require_any) & BIT(JAGA_IND_WL_03)))
            continue;
        e->wl3_typo[e->n_wl3++] = (uint8_t)t;
        /* A typology that requires nothing but RF-WL-03 could reach its threshold on a record
         * where nothing else fired: then every record has to be asked. */
        uint64_t other = ty->require_all & ~BIT(JAGA_IND_WL_03);
        e->wl3_req |= other;
        wl3_any |= !other;
    }
    if (wl3_any)
        e->wl3_req = ~UINT64_C(0);
    e->wl3_all = wl3_any;
}

/* Whether RF-WL-03 can change what is written for record i, whose other indicators are f:
 * 2 when some typology that weighs or requires it would reach its threshold with it, 1 when
 * one would reach only the --floor, else 0. Matching a name costs microseconds, so an
 * account's name is matched at the first record where the answer can change an alert, with
 * that record's name and country, and the answer is remembered while they stay the same; a
 * record that can only change an "allow" record is matched for itself and remembers nothing,
 * so that the alerts are the same with and without --floor. */
static int name_matters(const struct jaga_engine *e, const struct jaga_batch *b, uint32_t i,
                        uint64_t f)
{
    if (!e->wl3_all && !(f & e->wl3_req))
        return 0;
    int r = 0;
    for (uint32_t k = 0; k < e->n_wl3; k++) {
        const struct jaga_typo_def *ty = &e->p->typo[e->wl3_typo[k]];
        float s = typo_score(ty, typo_bits_of(ty, b, i, f | BIT(JAGA_IND_WL_03)));
        if (s > 0.0f && s >= ty->threshold)
            return 2;
        if (s > 0.0f && e->floor > 0.0f && s >= e->floor)
            r = 1;
    }
    return r;
}

/* The best RF-WL-03 match of a record so far: entry, its severity, how the name matched. */
struct wl3_best {
    uint32_t entry, sev;
    uint8_t how;
};

/* Takes watch-list entry en (matched as `how`) when it counts for RF-WL-03 (its list, its
 * severity) at or above the best severity so far. */
static inline void wl3_take(const struct jaga_engine *e, const struct jaga_ind_def *w3, uint32_t en,
                            uint8_t how, struct wl3_best *b)
{
    if (!(e->wl_bits[en] >> WL_Q_03 & 1) || e->wl->v[en].severity < w3->min_severity ||
        e->wl->v[en].severity < b->sev)
        return;
    *b = (struct wl3_best){ en, e->wl->v[en].severity, how };
}

/* An 11-bit fingerprint (1..2047) of a name as carried and the party's country: the account
 * is matched again when either changes. */
static inline uint16_t name_fp(const char *name, uint32_t len, uint16_t cc)
{
    uint64_t h = jaga_hash_id(name, len) ^ (uint64_t)cc * 0x9E3779B97F4A7C15u;
    return (uint16_t)(h % 2047u + 1u);
}

/* RF-WL-03 from fuzzy names: an account's holder name is matched at the first record where
 * the answer can change an alert (name_matters()), with the account's birth year and the
 * record's name and country, and the answer is remembered for the account's later records
 * under the same name and country (JAGA_CORR_NAMEFP); another name or country is matched
 * afresh. */
static uint64_t fuzzy_name(struct jaga_engine *e, struct jaga_batch *b, uint32_t i,
                           struct jaga_acct *d, struct jaga_acct *c, int d_person, int c_person,
                           uint64_t f)
{
    const struct jaga_ind_def *w3 = &e->p->ind[JAGA_IND_WL_03];
    struct wl3_best best = { UINT32_MAX, 0, 0 };
    int need = -1; /* name_matters(), computed at most once */
    for (int side = 0; side < 2; side++) {
        struct jaga_acct *a = side ? c : d;
        struct jaga_sref nm = side ? b->creditor_name[i] : b->debtor_name[i];
        if (!(side ? c_person : d_person) || !nm.len || !a->key ||
            w3->side == (side ? JAGA_SIDE_DEBTOR : JAGA_SIDE_CREDITOR))
            continue;
        uint16_t cc = side ? b->creditor_cc[i] : b->debtor_cc[i];
        /* Only an account matched before pays for the fingerprint on every record. */
        uint16_t fp = a->flags & JAGA_ACCT_NAMECHK ? name_fp(jaga_batch_str(b, nm), nm.len, cc) : 0;
        if (!fp || JAGA_CORR_NAMEFP(a->corr) != fp) {
            /* Not matched yet, or under another name or country than last time. */
            if (need < 0)
                need = name_matters(e, b, i, f);
            if (!need)
                continue;
            if (!fp)
                fp = name_fp(jaga_batch_str(b, nm), nm.len, cc);
            struct jaga_name_hit h;
            uint16_t by = a->byear ? (uint16_t)(1900 + a->byear) : 0;
            int hit = jaga_names_match(e->names, jaga_batch_str(b, nm), nm.len, by, cc, &h) == 1;
            if (need == 1) {
                /* For an "allow" record only: nothing is remembered. */
                if (hit)
                    wl3_take(e, w3, h.entry, h.how, &best);
                continue;
            }
            struct name_hit *s = hit ? name_hit_slot(e, a->key) : NULL;
            if (hit && !s->key && e->name_hits_n * 2 >= e->name_hits_mask) {
                /* No room (name_hits_reserve() failed): used here, matched again next time. */
                wl3_take(e, w3, h.entry, h.how, &best);
                continue;
            }
            a->corr = (uint16_t)((a->corr & ~(0x07ffu | JAGA_CORR_NAMEHIT)) | fp);
            if (hit) {
                if (!s->key)
                    e->name_hits_n++;
                s->key = a->key;
                s->entry = h.entry;
                s->how = h.how;
                a->corr |= JAGA_CORR_NAMEHIT;
            }
            a->flags |= JAGA_ACCT_NAMECHK;
        }
        if (!(a->corr & JAGA_CORR_NAMEHIT))
            continue;
        const struct name_hit *s = name_hit_slot(e, a->key);
        if (s->key)
            wl3_take(e, w3, s->entry, s->how, &best);
    }
    if (best.entry == UINT32_MAX ||
        ((f & BIT(JAGA_IND_WL_03)) && b->ind_val[JAGA_IND_WL_03][i] >= best.sev))
        return 0;
    b->ind_val[JAGA_IND_WL_03][i] = best.sev;
    e->wl_hit[WL_Q_03][i] = best.entry;
    e->name_how[i] = best.how;
    return BIT(JAGA_IND_WL_03);
}

/* Stage 3 for a low-value corridor payment: it feeds the debtor's velocity and fan-out and,
 * when it crosses a border, the creditor's fan-in. Returns the bits it fired. */
static uint64_t corridor(struct jaga_engine *e, struct jaga_batch *b, uint32_t i,
                         struct jaga_acct *d, struct jaga_acct *c, uint16_t sd, uint16_t sc,
                         int c_person, uint64_t f)
{
    const struct jaga_ind_def *ind = e->p->ind;
    const uint32_t vel_w = ind[JAGA_IND_VEL_01].window_h;
    const uint32_t out_w = ind[JAGA_IND_FAN_OUT_01].window_h;
    const uint32_t in_w = ind[JAGA_IND_FAN_IN_01].window_h;
    const uint32_t in_sw = ind[JAGA_IND_FAN_IN_01].short_window_h;
    /* A low-value corridor payment: it feeds the debtor's velocity and fan-out and, when
     * it crosses a border, the creditor's fan-in. */
    unsigned slot = ring_push(d->vel_h, JAGA_VEL_SLOTS, sd);
    uint16_t night_bit = (uint16_t)(1u << (12 + slot));
    d->corr = (uint16_t)((d->corr & ~night_bit) | (e->night[i] ? night_bit : 0));
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
    /* RF-ESC-01: this period's corridor payments against the previous period's: count and
     * mean amount both up by min_growth percent (periods are whole windows of clock hours).
     * The previous period counts only if the line saw all of it (it was created before the
     * period began), or a payer first seen late in a period would look like it escalated. */
    const struct jaga_ind_def *es = &ind[JAGA_IND_ESC_01];
    if (es->enabled) {
        uint32_t now_min = (uint32_t)(b->ts_ms[i] / 60000), per = now_min / 60 / es->window_h + 1;
        struct jaga_payer *py = warm_get(e, d, JAGA_WARM_PAYER, now_min);
        if (per < py->period)
            per = py->period; /* out of time order: counts in the current period */
        if (py->period != per) {
            int next = py->period + 1 == per;
            py->prev_n = next ? py->cur_n : 0;
            py->prev_c = next ? py->cur_c : 0;
            py->cur_n = 0;
            py->cur_c = 0;
            py->period = per;
        }
        if (py->cur_n < UINT16_MAX)
            py->cur_n++;
        py->cur_c = sat_add(py->cur_c, to_cents(e->usd[i]));
        uint64_t g = 100 + es->min_growth;
        int whole = per >= 2 && py->base_min / 60 <= (uint64_t)(per - 2) * es->window_h;
        if (whole && py->prev_n && py->cur_n >= es->min_count &&
            (uint64_t)py->cur_n * 100 >= (uint64_t)py->prev_n * g &&
            (uint64_t)py->cur_c * py->prev_n * 100 >= (uint64_t)py->prev_c * py->cur_n * g) {
            f |= BIT(JAGA_IND_ESC_01);
            b->ind_val[JAGA_IND_ESC_01][i] = (uint32_t)((uint64_t)py->cur_n * 100 / py->prev_n);
        }
    }
    /* RF-CTY-01: no apparent family connection, read as no name token in common. */
    if (ind[JAGA_IND_CTY_01].enabled && b->debtor_cc[i] != b->creditor_cc[i] &&
        no_name_link(b, i)) {
        f |= BIT(JAGA_IND_CTY_01);
        b->ind_val[JAGA_IND_CTY_01][i] = 1;
    }
    return f;
}

/* The warm lines a record will surely touch, known before its hot lines are read: a payee's
 * domestic-band line and a corridor payer's line (RF-ESC-01). */
static inline void warm_prefetch(const struct jaga_engine *e, const struct jaga_batch *b,
                                 uint32_t i)
{
    for (uint32_t c = e->lay_cand[i], q = 0; c; c >>= 1, q++)
        if (c & 1)
            jaga_state_prefetch(e->warm, jaga_warm_key(b->creditor_h[i], JAGA_WARM_DBAND0 + q));
    if ((b->fired[i] & BIT(JAGA_IND_AMT_01)) && e->p->ind[JAGA_IND_ESC_01].enabled)
        jaga_state_prefetch(e->warm, jaga_warm_key(b->debtor_h[i], JAGA_WARM_PAYER));
}

JAGA_HOT void jaga_engine_run(struct jaga_engine *e, struct jaga_batch *b)
{
    const struct jaga_pack *p = e->p;
    const uint32_t n = b->n;
    jaga_state_reserve(e->st, 2 * n);
    /* A record can create up to six warm lines (young holder, payee's young-payer line, two
     * band lines, payer line, minor's line). */
    jaga_state_reserve(e->warm, 6 * n);
    /* Each record can add a remembered name match per side. */
    (void)name_hits_reserve(e, 2 * (uint64_t)n);

    /* Stage 1: per-record indicators that need no state. */
    const struct jaga_ind_def *ind = p->ind;
    const int lay_on = ind[JAGA_IND_LAY_01].enabled;
    for (uint32_t i = 0; i < n; i++) {
        double usd = (double)b->amount_e4[i] * p->usd_per[b->currency[i]] * 1e-4;
        uint8_t band = p->corridor[(uint32_t)b->debtor_cc[i] * JAGA_CC_SPACE + b->creditor_cc[i]];
        uint64_t f = 0;
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
        e->name_how[i] = 0;
        /* RF-LAY-01 inflow candidates: the amount and the countries fit a domestic band. */
        e->lay_cand[i] = 0;
        for (uint32_t q = 0; lay_on && q < p->n_dbands; q++) {
            const struct jaga_dband *db = &p->dbands[q];
            if ((!b->debtor_cc[i] || b->debtor_cc[i] == db->country) &&
                (!b->creditor_cc[i] || b->creditor_cc[i] == db->country) && usd >= db->min_usd &&
                usd <= db->max_usd)
                e->lay_cand[i] |= (uint8_t)(1u << q);
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
        warm_prefetch(e, b, i);
    }

    /* Stage 3: state, in input order. */
    const uint64_t new_patterns = NEW_DEBTOR_PATTERNS | NEW_CREDITOR_PATTERNS;
    for (uint32_t i = 0; i < n; i++) {
        if (i + PF_DIST < n) {
            jaga_state_prefetch(e->st, b->debtor_h[i + PF_DIST]);
            jaga_state_prefetch(e->st, b->creditor_h[i + PF_DIST]);
            warm_prefetch(e, b, i + PF_DIST);
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

        uint64_t f = b->fired[i];
        f |= profile(e, b, i, d, c, d_person, c_person, now_min);
        if ((f & BIT(JAGA_IND_AMT_01)) && d_person)
            f |= corridor(e, b, i, d, c, sd, sc, c_person, f);
        if (ind[JAGA_IND_NEW_01].enabled && (f & new_patterns))
            f |= new_account(e, b, i, d, c, f);
        if (e->names)
            f |= fuzzy_name(e, b, i, d, c, d_person, c_person, f);
        b->fired[i] = f;
    }
    for (uint32_t i = 0; i < n; i++)
        for (uint64_t m = b->fired[i]; m; m &= m - 1)
            e->stats.fired[__builtin_ctzll(m)]++;
}

/* Reference scorer. The sum runs in indicator order so the float result is the same on every
 * machine; SIMD variants must reproduce it bit for bit. */
JAGA_HOT void jaga_score_batch_c(const struct jaga_pack *p, struct jaga_batch *b)
{
    for (uint32_t t = 0; t < p->n_typo; t++) {
        const struct jaga_typo_def *ty = &p->typo[t];
        for (uint32_t i = 0; i < b->n; i++) {
            b->score[t][i] = typo_score(ty, typo_bits(ty, b, i));
        }
    }
}

static void explain(struct jaga_engine *e, const struct jaga_batch *b, uint32_t i,
                    const struct jaga_typo_def *ty, struct jaga_alert *a)
{
    const struct jaga_pack *p = e->p;
    uint64_t f = typo_bits(ty, b, i);
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
            if (k == JAGA_IND_WL_03) {
                x->detail2_key = "match";
                x->detail2 = e->name_how[i] ? jaga_name_how_str(e->name_how[i]) : "exact";
            }
            break;
        }
        case JAGA_IND_AMT_03:
            x->value = v;
            x->threshold = d->max_age;
            x->detail_key = "measure";
            x->detail = "debtor's age in years (at most the threshold)";
            break;
        case JAGA_IND_CPY_01:
            x->value = v;
            x->threshold = d->max_age;
            x->detail_key = "measure";
            x->detail = "creditor's age in years (below the threshold), payer not linked";
            break;
        case JAGA_IND_CTY_01:
            x->value = v;
            x->threshold = 1;
            x->detail_key = "rule";
            x->detail = v == 2 ? "payment to a country of concern, no name in common"
                               : "corridor payment, no name in common between the parties";
            break;
        case JAGA_IND_NEW_01:
            x->value = v & 0x7fffffffu;
            x->threshold = d->max_days;
            x->detail_key = "account";
            x->detail = v >> 31 ? "creditor" : "debtor";
            break;
        case JAGA_IND_FSEC_01:
            x->value = v;
            x->threshold = d->min_count;
            x->window_h = d->window_h;
            x->detail_key = "measure";
            x->detail = "payments to new counterparties in the burst";
            break;
        case JAGA_IND_MULE_01:
            x->value = v;
            x->threshold = d->min_payers;
            x->window_h = d->window_h;
            x->detail_key = "measure";
            x->detail = "estimated distinct young payers before this off-ramp payment";
            break;
        case JAGA_IND_LAY_01:
            x->value = v & 0xffffu;
            x->threshold = d->min_share;
            x->window_h = d->window_h;
            x->detail_key = "band";
            x->detail = "?";
            for (uint32_t q = 0; q < p->n_dbands; q++)
                if ((v >> 16 & (ty->lay_bands ? ty->lay_bands : ~0u)) >> q & 1) {
                    x->detail = p->dbands[q].name;
                    break;
                }
            break;
        case JAGA_IND_TRV_01:
            x->value = v;
            x->threshold = d->min_count;
            x->window_h = d->window_h;
            x->detail_key = "measure";
            x->detail = "corridor payments of the payer before this travel spend";
            break;
        case JAGA_IND_ESC_01:
            x->value = v;
            x->threshold = 100 + d->min_growth;
            x->window_h = d->window_h;
            x->detail_key = "measure";
            x->detail = "corridor payments this period, percent of the previous period's";
            break;
        case JAGA_IND_MICRO_01:
            x->value = v;
            x->threshold = d->min_count;
            x->window_h = d->window_h;
            x->detail_key = "measure";
            x->detail = "small payments to one platform merchant in the window";
            break;
        case JAGA_IND_NET_01:
            x->value = v;
            x->threshold = 1;
            x->detail_key = "rule";
            x->detail = "the debtor paid a watch-listed account before";
            break;
        case JAGA_IND_CH_01:
        case JAGA_IND_CH_02:
        case JAGA_IND_CH_03:
        case JAGA_IND_CH_04:
        case JAGA_IND_CH_05:
        case JAGA_IND_CH_06:
        case JAGA_IND_CH_09:
        case JAGA_IND_CH_10:
            x->value = 1;
            x->threshold = 1;
            x->detail_key = "matched";
            x->detail = v == 1 ? "channel" : v == 2 ? "account kind" : "merchant category";
            break;
        case JAGA_IND_COUNT: break;
        }
    }
}

static void emit(struct jaga_engine *e, const struct jaga_batch *b, uint32_t i, uint32_t t,
                 int creditor, bool below, jaga_alert_fn fn, void *ctx)
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
    a.action = below ? "allow" : jaga_action_str(ty->action);
    a.below_threshold = below;
    a.pack = e->p->label;
    a.ts_ms = b->ts_ms[i];
    a.seq = b->seq[i];
    a.score = b->score[t][i];
    explain(e, b, i, ty, &a);
    if (below) {
        e->stats.below[t]++;
    } else {
        e->stats.alerts[t]++;
    }
    if (!below && !(s->flags & JAGA_ACCT_ALERTED(t))) {
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
            bool below = s < ty->threshold;
            if (s <= 0.0f || (below && (e->floor <= 0.0f || s < e->floor)))
                continue;
            switch (ty->subject) {
            case JAGA_SUBJ_DEBTOR: emit(e, b, i, t, 0, below, fn, ctx); break;
            case JAGA_SUBJ_CREDITOR: emit(e, b, i, t, 1, below, fn, ctx); break;
            case JAGA_SUBJ_LISTED:
                /* Each listed party is a subject of its own; the creditor side first. */
                if (e->listed[i] & 2)
                    emit(e, b, i, t, 1, below, fn, ctx);
                if (e->listed[i] & 1)
                    emit(e, b, i, t, 0, below, fn, ctx);
                break;
            }
        }
    }
}

void jaga_engine_get_stats(const struct jaga_engine *e, struct jaga_engine_stats *out)
{
    *out = e->stats;
    jaga_state_get_stats(e->st, &out->state);
    jaga_state_get_stats(e->warm, &out->warm);
}
