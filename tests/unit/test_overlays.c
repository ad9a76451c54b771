// SPDX-License-Identifier: Apache-2.0
/*
 * The th, vn and my country overlays (models/packs/{th,vn,my}/pack.yaml). Each case below
 * states what its overlay says; the tests check that the resolved pack differs from the bare
 * asean pack in exactly that and nothing else, that the real engine puts local-currency
 * payments at the band edges inside or outside the band, that every band is its source band
 * converted with the pack's FX table, and that broken copies are refused with the overlay's
 * file and line.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/codes.h"
#include "core/hash.h"
#include "core/mem.h"
#include "models/engine.h"
#include "models/pack.h"

/* One corridor an overlay adds. `from`/`to` are "demand", "supply" or one country code. */
struct band_spec {
    const char *from, *to;
    const char *ccy;
    double min, max;
    double minor; /* the currency's minor unit as written in the band (0.01 THB, 1 VND) */
    /* The sourced band it was converted from with the pack's FX table, rounded inward. */
    const char *src_ccy;
    double src_min, src_max;
    const char *probe_from, *probe_to; /* a debtor/creditor pair the band must govern */
};

struct overlay_spec {
    const char *name, *label;
    struct band_spec band[3];
    unsigned n_band;
    unsigned cells; /* corridor-table cells the overlay's bands take over */
    const char *tz_cc;
    int tz_min; /* the one time zone it names (minutes) */
    const char *unit_ccy;
    uint32_t unit;        /* the RF-AMT-02 currency unit it names, NULL if none */
    uint64_t ind_changed; /* indicator bits the overlay names */
};

static const struct overlay_spec overlays[] = {
    {
        .name = "th",
        .label = "asean@1+th@1",
        .band = { { "AU", "TH", "THB", 212.91, 10645.16, 0.01, "AUD", 10, 500, "AU", "TH" },
                  { "CA", "TH", "THB", 116.13, 4645.16, 0.01, "CAD", 5, 200, "CA", "TH" },
                  { "demand", "TH", "THB", 374.20, 7483.87, 0.01, "EUR", 10, 200, "US", "TH" } },
        .n_band = 3,
        .cells = 12, /* AU, CA and the ten other demand countries -> TH */
        .tz_cc = "TH",
        .tz_min = 7 * 60,
    },
    {
        .name = "vn",
        .label = "asean@1+vn@1",
        .band = { { "AU", "VN", "VND", 173685, 8684210, 1, "AUD", 10, 500, "AU", "VN" },
                  { "CA", "VN", "VND", 94737, 3789473, 1, "CAD", 5, 200, "CA", "VN" },
                  { "demand", "VN", "VND", 305264, 6105263, 1, "EUR", 10, 200, "GB", "VN" } },
        .n_band = 3,
        .cells = 12,
        .tz_cc = "VN",
        .tz_min = 7 * 60,
    },
    {
        .name = "my",
        .label = "asean@1+my@1",
        .band = { { "MY", "supply", "MYR", 48.34, 966.66, 0.01, "EUR", 10, 200, "MY", "PH" } },
        .n_band = 1,
        .cells = 8, /* MY -> each of the eight supply countries */
        .tz_cc = "MY",
        .tz_min = 8 * 60,
        .unit_ccy = "MYR",
        .unit = 10,
        .ind_changed = 1ull << JAGA_IND_AMT_02,
    },
};

#define N_OVERLAYS (sizeof(overlays) / sizeof(overlays[0]))

static const char *src_root(void)
{
    return getenv("JAGA_SRC") ? getenv("JAGA_SRC") : ".";
}

static struct jaga_pack *load_ok(const char *name_or_dir)
{
    struct jaga_pack *p = NULL;
    char err[1024] = "";
    cr_assert_eq(jaga_pack_load(name_or_dir, &p, err, sizeof(err)), 0, "%s: %s", name_or_dir, err);
    return p;
}

static struct jaga_pack *load_overlay(const char *name)
{
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/models/packs/%s", src_root(), name);
    return load_ok(dir);
}

static uint16_t cc(const char *s)
{
    uint16_t c = jaga_cc_code(s, strlen(s));
    cr_assert_neq(c, 0, "bad country %s", s);
    return c;
}

static uint16_t ccy(const char *s)
{
    uint16_t c = jaga_ccy_code(s, strlen(s));
    cr_assert_neq(c, 0, "bad currency %s", s);
    return c;
}

/* Whether country `c` is in a spec's set, with the base's demand/supply sets (the overlays
 * change neither). */
static int in_set(const struct jaga_pack *base, const char *set, uint32_t c)
{
    if (!strcmp(set, "demand"))
        return base->demand[c];
    if (!strcmp(set, "supply"))
        return base->supply[c];
    return c == cc(set);
}

static uint8_t set_kind(const char *set)
{
    return !strcmp(set, "demand")   ? JAGA_SET_DEMAND
           : !strcmp(set, "supply") ? JAGA_SET_SUPPLY
                                    : JAGA_SET_LIST;
}

static void check_same_typologies(const struct jaga_pack *a, const struct jaga_pack *b,
                                  const char *name)
{
    cr_assert_eq(a->n_typo, b->n_typo, "%s: typology count", name);
    for (uint32_t t = 0; t < a->n_typo; t++) {
        const struct jaga_typo_def *x = &a->typo[t], *y = &b->typo[t];
        cr_assert_str_eq(x->name, y->name);
        cr_assert_eq(x->subject, y->subject, "%s: %s subject", name, x->name);
        cr_assert_eq(x->action, y->action, "%s: %s action", name, x->name);
        cr_assert_eq(x->threshold, y->threshold, "%s: %s threshold", name, x->name);
        cr_assert_eq(x->require_all, y->require_all, "%s: %s require_all", name, x->name);
        cr_assert_eq(x->require_any, y->require_any, "%s: %s require_any", name, x->name);
        cr_assert_eq(memcmp(x->weight, y->weight, sizeof(x->weight)), 0, "%s: %s weights", name,
                     x->name);
    }
}

static void check_same_lexicon(const struct jaga_pack *a, const struct jaga_pack *b,
                               const char *name)
{
    cr_assert_eq(a->n_cats, b->n_cats, "%s: lexicon categories", name);
    cr_assert_eq(memcmp(a->cat_names, b->cat_names, sizeof(a->cat_names)), 0);
    cr_assert_eq(a->n_lex, b->n_lex, "%s: lexicon patterns", name);
    for (uint32_t q = 0; q < a->n_lex; q++) {
        cr_assert_str_eq(a->lex[q].regex, b->lex[q].regex, "%s: pattern %u", name, q);
        cr_assert_eq(a->lex[q].category, b->lex[q].category);
    }
}

/* The bands an overlay adds come first, as written; the base's follow unchanged. */
static void check_bands(const struct overlay_spec *s, const struct jaga_pack *base,
                        const struct jaga_pack *o)
{
    cr_assert_eq(o->n_bands, base->n_bands + s->n_band, "%s: band count", s->name);
    for (unsigned k = 0; k < s->n_band; k++) {
        const struct band_spec *w = &s->band[k];
        const struct jaga_band *bd = &o->bands[k];
        cr_assert_str_eq(bd->currency, w->ccy, "%s band %u", s->name, k + 1);
        cr_assert_eq(bd->min, w->min, "%s band %u min %g", s->name, k + 1, bd->min);
        cr_assert_eq(bd->max, w->max, "%s band %u max %g", s->name, k + 1, bd->max);
        cr_assert_eq(bd->from_set, set_kind(w->from), "%s band %u from", s->name, k + 1);
        cr_assert_eq(bd->to_set, set_kind(w->to), "%s band %u to", s->name, k + 1);
        for (uint32_t c = 1; c < JAGA_CC_SPACE; c++) {
            if (bd->from_set == JAGA_SET_LIST)
                cr_assert_eq(!!bd->from[c], in_set(base, w->from, c));
            if (bd->to_set == JAGA_SET_LIST)
                cr_assert_eq(!!bd->to[c], in_set(base, w->to, c));
        }
        /* Converted from the source band with the pack's own FX table, rounded inward by
         * less than one minor unit; and the source string says so. */
        double r_src = o->usd_per[ccy(w->src_ccy)], r_loc = o->usd_per[ccy(w->ccy)];
        double lo = w->src_min * r_src, hi = w->src_max * r_src, step = w->minor * r_loc;
        cr_assert(bd->min_usd >= lo - 1e-9 && bd->min_usd < lo + step,
                  "%s band %u: USD %.6f is not %s %g converted (USD %.6f)", s->name, k + 1,
                  bd->min_usd, w->src_ccy, w->src_min, lo);
        cr_assert(bd->max_usd <= hi + 1e-9 && bd->max_usd > hi - step,
                  "%s band %u: USD %.6f is not %s %g converted (USD %.6f)", s->name, k + 1,
                  bd->max_usd, w->src_ccy, w->src_max, hi);
        char said[64];
        snprintf(said, sizeof(said), "onverted from %s %g-%g", w->src_ccy, w->src_min, w->src_max);
        cr_assert(strstr(bd->source, said), "%s band %u source lacks '%s': %s", s->name, k + 1,
                  said, bd->source);
        cr_assert(strstr(bd->source, base->fx_date), "%s band %u source lacks the FX date", s->name,
                  k + 1);
        cr_assert(strstr(bd->source, "redflags.md"), "%s band %u cites no redflags.md section",
                  s->name, k + 1);
    }
    for (uint32_t k = 0; k < base->n_bands; k++)
        cr_assert_eq(memcmp(&o->bands[k + s->n_band], &base->bands[k], sizeof(base->bands[k])), 0,
                     "%s: base band %u changed", s->name, k + 1);
}

/* Every cell of the corridor table: the first overlay band holding the pair, else the base's
 * band (shifted by the bands placed in front of it). */
static void check_corridor_table(const struct overlay_spec *s, const struct jaga_pack *base,
                                 const struct jaga_pack *o)
{
    unsigned taken = 0;
    for (uint32_t d = 1; d < JAGA_CC_SPACE; d++) {
        for (uint32_t c = 1; c < JAGA_CC_SPACE; c++) {
            uint8_t want = 0, got = o->corridor[d * JAGA_CC_SPACE + c];
            for (unsigned k = 0; k < s->n_band && !want; k++)
                if (in_set(base, s->band[k].from, d) && in_set(base, s->band[k].to, c))
                    want = (uint8_t)(k + 1);
            if (want) {
                taken++;
            } else {
                uint8_t bb = base->corridor[d * JAGA_CC_SPACE + c];
                want = bb ? (uint8_t)(bb + s->n_band) : 0;
            }
            char dc[3], ccs[3];
            jaga_cc_str((uint16_t)d, dc);
            jaga_cc_str((uint16_t)c, ccs);
            cr_assert_eq(got, want, "%s: %s->%s uses band %u, not %u", s->name, dc, ccs, got, want);
        }
    }
    cr_assert_eq(taken, s->cells, "%s: %u corridor cells changed, not %u", s->name, taken,
                 s->cells);
}

Test(overlays, each_changes_exactly_what_it_says)
{
    struct jaga_pack *base = load_ok("asean");
    for (size_t q = 0; q < N_OVERLAYS; q++) {
        const struct overlay_spec *s = &overlays[q];
        struct jaga_pack *o = load_overlay(s->name);
        cr_assert_str_eq(o->label, s->label);

        /* Untouched sections: FX, country sets, channels, typologies, lexicons. */
        cr_assert_str_eq(o->fx_date, base->fx_date);
        cr_assert_eq(memcmp(o->usd_per, base->usd_per, sizeof(o->usd_per)), 0, "%s: FX", s->name);
        cr_assert_eq(memcmp(o->demand, base->demand, sizeof(o->demand)), 0);
        cr_assert_eq(memcmp(o->supply, base->supply, sizeof(o->supply)), 0);
        cr_assert_eq(
            memcmp(o->corridor_channel, base->corridor_channel, sizeof(o->corridor_channel)), 0);
        check_same_typologies(base, o, s->name);
        check_same_lexicon(base, o, s->name);

        check_bands(s, base, o);
        check_corridor_table(s, base, o);

        /* Time zones: the named one has the overlay's value, every other is the base's. */
        uint16_t tz = cc(s->tz_cc);
        for (uint32_t c = 1; c < JAGA_CC_SPACE; c++) {
            if (c == tz) {
                cr_assert(o->tz_known[c]);
                cr_assert_eq(o->tz_min[c], s->tz_min, "%s: %s offset", s->name, s->tz_cc);
            } else {
                char cs[3];
                jaga_cc_str((uint16_t)c, cs);
                cr_assert_eq(o->tz_known[c], base->tz_known[c], "%s: zone of %s", s->name, cs);
                cr_assert_eq(o->tz_min[c], base->tz_min[c], "%s: zone of %s", s->name, cs);
            }
        }

        /* RF-AMT-02 units: the named currency has the overlay's multiple, the rest the base's. */
        uint16_t uc = s->unit_ccy ? ccy(s->unit_ccy) : 0;
        for (uint32_t c = 1; c < JAGA_CCY_SPACE; c++) {
            char cs[4];
            jaga_ccy_str((uint16_t)c, cs);
            if (uc && c == uc)
                cr_assert_eq(o->round_e4[c], s->unit * 10000u, "%s: %s unit", s->name, cs);
            else
                cr_assert_eq(o->round_e4[c], base->round_e4[c], "%s: %s unit changed", s->name, cs);
        }
        if (uc)
            cr_assert_eq(base->round_e4[uc], 0, "%s: the base has no %s unit", s->name,
                         s->unit_ccy);

        /* Indicators: a named one differs from the base only in what the overlay writes
         * (here: its source, and the units checked above); the others are byte-identical. */
        for (int k = 0; k < JAGA_IND_COUNT; k++) {
            struct jaga_ind_def a, b; /* memcpy keeps the padding memcmp reads */
            memcpy(&a, &base->ind[k], sizeof(a));
            memcpy(&b, &o->ind[k], sizeof(b));
            if (s->ind_changed >> k & 1) {
                cr_assert_str_neq(a.source, b.source, "%s: %s source not restated", s->name, a.id);
                cr_assert(strstr(b.source, "assumed"), "%s: %s", s->name, b.source);
                memset(a.source, 0, sizeof(a.source));
                memset(b.source, 0, sizeof(b.source));
            }
            cr_assert_eq(memcmp(&a, &b, sizeof(a)), 0, "%s: %s changed", s->name, a.id);
        }
        jaga_pack_destroy(o);
    }
    jaga_pack_destroy(base);
}

/* ---- Band edges through the real engine ---- */

#define T0 INT64_C(1772400000000) /* 2026-03-01T21:20:00Z */

struct rig {
    struct jaga_pack *p;
    struct jaga_engine *e;
    struct jaga_batch *b;
};

static void rig_open(struct rig *r, const char *name)
{
    r->p = load_overlay(name);
    struct jaga_engine_cfg cfg;
    jaga_engine_cfg_default(&cfg);
    cfg.pack = r->p;
    cfg.expected_accounts = 1024;
    cr_assert_eq(jaga_engine_create(&cfg, &r->e), 0);
    r->b = jaga_aligned_alloc(64, sizeof(*r->b));
    cr_assert_not_null(r->b);
    memset(r->b, 0, sizeof(*r->b));
}

static void rig_close(struct rig *r)
{
    jaga_free(r->b);
    jaga_engine_destroy(r->e);
    jaga_pack_destroy(r->p);
}

static struct jaga_sref put(struct jaga_batch *b, const char *s)
{
    struct jaga_sref ref = { b->arena_used, (uint32_t)strlen(s) };
    memcpy(b->arena + b->arena_used, s, ref.len + 1);
    b->arena_used += ref.len + 1;
    return ref;
}

/* Appends one remittance of `amount` major units of `ccy`; each from its own debtor. */
static uint32_t tx(struct jaga_batch *b, double amount, const char *cur, const char *dcc,
                   const char *ccc)
{
    uint32_t i = b->n++;
    char id[32], debtor[32], creditor[32];
    snprintf(id, sizeof(id), "T%u", i);
    snprintf(debtor, sizeof(debtor), "%s-D%u", dcc, i);
    snprintf(creditor, sizeof(creditor), "%s-C%u", ccc, i);
    b->seq[i] = i;
    b->ts_ms[i] = T0 + i;
    b->amount_e4[i] = (int64_t)llround(amount * 1e4);
    b->currency[i] = ccy(cur);
    b->debtor_cc[i] = cc(dcc);
    b->creditor_cc[i] = cc(ccc);
    b->channel[i] = JAGA_CH_REMITTANCE;
    b->tx_id[i] = put(b, id);
    b->debtor_id[i] = put(b, debtor);
    b->creditor_id[i] = put(b, creditor);
    b->debtor_h[i] = jaga_hash_id(debtor, strlen(debtor));
    b->creditor_h[i] = jaga_hash_id(creditor, strlen(creditor));
    b->memo_hits[i] = 0;
    b->debtor_wl_name[i] = b->creditor_wl_name[i] = -1;
    return i;
}

static int amt01(const struct jaga_batch *b, uint32_t i)
{
    return (int)(b->fired[i] >> JAGA_IND_AMT_01 & 1);
}

/* For every band of every overlay, a payment in the band's currency on a pair the band
 * governs: one minor unit inside each edge fires RF-AMT-01, one minor unit outside does not,
 * and the lower edge itself is inside. */
Test(overlays, local_currency_band_edges)
{
    for (size_t q = 0; q < N_OVERLAYS; q++) {
        const struct overlay_spec *s = &overlays[q];
        struct rig r;
        rig_open(&r, s->name);
        for (unsigned k = 0; k < s->n_band; k++) {
            const struct band_spec *w = &s->band[k];
            uint8_t band =
                r.p->corridor[(uint32_t)cc(w->probe_from) * JAGA_CC_SPACE + cc(w->probe_to)];
            cr_assert_eq(band, k + 1, "%s: %s->%s is not governed by band %u", s->name,
                         w->probe_from, w->probe_to, k + 1);
            const double amt[5] = { w->min, w->min + w->minor, w->max - w->minor, w->min - w->minor,
                                    w->max + w->minor };
            const int inside[5] = { 1, 1, 1, 0, 0 };
            uint32_t at[5];
            r.b->n = 0;
            r.b->arena_used = 0;
            for (int j = 0; j < 5; j++)
                at[j] = tx(r.b, amt[j], w->ccy, w->probe_from, w->probe_to);
            jaga_engine_run(r.e, r.b);
            for (int j = 0; j < 5; j++)
                cr_assert_eq(amt01(r.b, at[j]), inside[j], "%s: %s %.2f %s->%s should be %s",
                             s->name, w->ccy, amt[j], w->probe_from, w->probe_to,
                             inside[j] ? "inside" : "outside");
        }
        rig_close(&r);
    }
}

/* The upper edge itself. The overlays write their bands as inclusive (the engine compares
 * usd <= max_usd); the pack converts a band edge with the engine's own expression
 * ((amount x 10^4) x rate x 10^-4), so a payment of exactly the edge is inside: converting
 * the edge as max * rate differed in the last bit (THB 10645.16 on AU -> TH fell outside). */
Test(overlays, exact_upper_edge_is_inside)
{
    unsigned bad = 0;
    for (size_t q = 0; q < N_OVERLAYS; q++) {
        const struct overlay_spec *s = &overlays[q];
        struct rig r;
        rig_open(&r, s->name);
        for (unsigned k = 0; k < s->n_band; k++) {
            const struct band_spec *w = &s->band[k];
            r.b->n = 0;
            r.b->arena_used = 0;
            uint32_t i = tx(r.b, w->max, w->ccy, w->probe_from, w->probe_to);
            jaga_engine_run(r.e, r.b);
            if (!amt01(r.b, i)) {
                cr_log_error("%s: %s %.2f on %s->%s (the band's max) is outside", s->name, w->ccy,
                             w->max, w->probe_from, w->probe_to);
                bad++;
            }
        }
        rig_close(&r);
    }
    cr_assert_eq(bad, 0, "%u band maxima fall outside their own band", bad);
}

/* Pairs the overlays do not make corridors stay out, whatever the amount. */
Test(overlays, pairs_outside_the_overlays_stay_out)
{
    static const struct {
        const char *pack, *from, *to, *ccy;
        double amount;
    } cases[] = {
        { "th", "TH", "AU", "THB", 1000 }, /* supply -> demand */
        { "th", "TH", "PH", "THB", 1000 }, /* supply -> supply */
        { "vn", "VN", "US", "VND", 500000 },
        { "my", "US", "MY", "USD", 50 }, /* MY is not made a receiving country */
        { "my", "PH", "MY", "MYR", 100 },
        { "my", "MY", "US", "MYR", 100 }, /* MY -> demand: no corridor */
        { "my", "MY", "SG", "MYR", 100 },
    };
    for (size_t q = 0; q < sizeof(cases) / sizeof(cases[0]); q++) {
        struct rig r;
        rig_open(&r, cases[q].pack);
        uint32_t i = tx(r.b, cases[q].amount, cases[q].ccy, cases[q].from, cases[q].to);
        jaga_engine_run(r.e, r.b);
        cr_assert_not(amt01(r.b, i), "%s: %s->%s fired", cases[q].pack, cases[q].from, cases[q].to);
        rig_close(&r);
    }
}

/* ---- Broken copies ---- */

static char tmp[256];

static void make_tmp(void)
{
    snprintf(tmp, sizeof(tmp), "/tmp/jaga-ovl-XXXXXX");
    cr_assert_not_null(mkdtemp(tmp));
}

static void remove_tmp(void)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

static void copy_overlay(const char *name)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "cp '%s/models/packs/%s/pack.yaml' '%s/pack.yaml'", src_root(), name,
             tmp);
    cr_assert_eq(system(cmd), 0);
}

/* Line number of the first line of the copy containing `needle`. */
static int find_line(const char *needle)
{
    char path[512], buf[1024];
    snprintf(path, sizeof(path), "%s/pack.yaml", tmp);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    int n = 0;
    while (fgets(buf, sizeof(buf), f)) {
        n++;
        if (strstr(buf, needle)) {
            fclose(f);
            return n;
        }
    }
    fclose(f);
    cr_assert_fail("'%s' not in %s/pack.yaml", needle, tmp);
    return 0;
}

/* Replaces line `line` (1-based) of the copy with `text`. */
static void set_line(int line, const char *text)
{
    char path[512], buf[4096];
    static char out[1 << 16];
    size_t len = 0;
    snprintf(path, sizeof(path), "%s/pack.yaml", tmp);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    for (int n = 1; fgets(buf, sizeof(buf), f); n++) {
        const char *s = n == line ? text : buf;
        len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s", s, n == line ? "\n" : "");
        cr_assert_lt(len, sizeof(out));
    }
    fclose(f);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fwrite(out, 1, len, f);
    fclose(f);
}

static void expect_error(int line, const char *words)
{
    struct jaga_pack *p = NULL;
    char err[1024] = "", want[600];
    int rc = jaga_pack_load(tmp, &p, err, sizeof(err));
    jaga_pack_destroy(p);
    cr_assert_neq(rc, 0, "broken overlay was accepted");
    snprintf(want, sizeof(want), "%s/pack.yaml:%d: ", tmp, line);
    cr_assert_eq(strncmp(err, want, strlen(want)), 0, "error '%s' does not start with '%s'", err,
                 want);
    cr_assert(strstr(err, words), "error '%s' does not mention '%s'", err, words);
}

TestSuite(broken, .init = make_tmp, .fini = remove_tmp);

Test(broken, copies_are_refused_with_file_and_line)
{
    for (size_t q = 0; q < N_OVERLAYS; q++) {
        const struct overlay_spec *s = &overlays[q];
        char text[128];

        /* The unmodified copy loads: the faults below are the only difference. */
        copy_overlay(s->name);
        jaga_pack_destroy(load_ok(tmp));

        /* A currency that is not ISO 4217. */
        snprintf(text, sizeof(text), "currency: %s", s->band[0].ccy);
        int l = find_line(text);
        set_line(l, "    currency: XYZ");
        expect_error(l, "'XYZ' is not an ISO 4217 currency");

        /* A misspelt key in a corridor. */
        copy_overlay(s->name);
        l = find_line("    max: ");
        set_line(l, "    maximum: 1000");
        expect_error(l, "unknown key 'maximum' in corridor");

        /* min above max: reported at the band's max. */
        copy_overlay(s->name);
        l = find_line("    min: ");
        set_line(l, "    min: 99999999");
        expect_error(find_line("    max: "), "corridor max must exceed min");
    }
}
