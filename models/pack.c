// SPDX-License-Identifier: Apache-2.0
/*
 * Pack loading and validation (models/pack.h), with libfyaml. Every error names the file and
 * line of the offending node, because a pack is edited by analysts, not programmers. Unknown
 * keys are errors too: a misspelt parameter must not silently fall back to a default.
 */
#include "models/pack.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libfyaml.h>

#include "core/base.h"
#include "core/mem.h"
#include "core/state.h"
#include "jaga_config.h"

static const char *const ind_ids[JAGA_IND_COUNT] = {
    [JAGA_IND_AMT_01] = "RF-AMT-01",         [JAGA_IND_VEL_01] = "RF-VEL-01",
    [JAGA_IND_FAN_OUT_01] = "RF-FAN-OUT-01", [JAGA_IND_FAN_IN_01] = "RF-FAN-IN-01",
    [JAGA_IND_TXT_01] = "RF-TXT-01",         [JAGA_IND_TXT_03] = "RF-TXT-03",
    [JAGA_IND_WL_01] = "RF-WL-01",           [JAGA_IND_AMT_02] = "RF-AMT-02",
    [JAGA_IND_TIM_01] = "RF-TIM-01",         [JAGA_IND_TXT_02] = "RF-TXT-02",
    [JAGA_IND_TXT_04] = "RF-TXT-04",         [JAGA_IND_TIM_02] = "RF-TIM-02",
    [JAGA_IND_WL_02] = "RF-WL-02",           [JAGA_IND_WL_03] = "RF-WL-03",
    [JAGA_IND_WL_05] = "RF-WL-05",           [JAGA_IND_AMT_03] = "RF-AMT-03",
    [JAGA_IND_CTY_01] = "RF-CTY-01",         [JAGA_IND_CPY_01] = "RF-CPY-01",
    [JAGA_IND_NEW_01] = "RF-NEW-01",         [JAGA_IND_FSEC_01] = "RF-FSEC-01",
    [JAGA_IND_MULE_01] = "RF-MULE-01",       [JAGA_IND_LAY_01] = "RF-LAY-01",
    [JAGA_IND_TRV_01] = "RF-TRV-01",         [JAGA_IND_ESC_01] = "RF-ESC-01",
    [JAGA_IND_MICRO_01] = "RF-MICRO-01",     [JAGA_IND_NET_01] = "RF-NET-01",
    [JAGA_IND_CH_01] = "RF-CH-01",           [JAGA_IND_CH_02] = "RF-CH-02",
    [JAGA_IND_CH_03] = "RF-CH-03",           [JAGA_IND_CH_04] = "RF-CH-04",
    [JAGA_IND_CH_05] = "RF-CH-05",           [JAGA_IND_CH_06] = "RF-CH-06",
    [JAGA_IND_CH_09] = "RF-CH-09",           [JAGA_IND_CH_10] = "RF-CH-10",
};

static const char *const channel_names[JAGA_CH_COUNT] = {
    [JAGA_CH_NONE] = "none",       [JAGA_CH_TRANSFER] = "transfer",
    [JAGA_CH_INSTANT] = "instant", [JAGA_CH_REMITTANCE] = "remittance",
    [JAGA_CH_EWALLET] = "ewallet", [JAGA_CH_CARD] = "card",
    [JAGA_CH_QR] = "qr",           [JAGA_CH_ATM] = "atm",
    [JAGA_CH_CRYPTO] = "crypto",   [JAGA_CH_GIFTCARD] = "giftcard",
    [JAGA_CH_GAMING] = "gaming",   [JAGA_CH_CROWDFUNDING] = "crowdfunding",
    [JAGA_CH_OTHER] = "other",
};

const char *jaga_ind_id(enum jaga_ind k)
{
    return (unsigned)k < JAGA_IND_COUNT && ind_ids[k] ? ind_ids[k] : "?";
}

const char *jaga_action_str(enum jaga_action a)
{
    switch (a) {
    case JAGA_ACT_ALLOW: return "allow";
    case JAGA_ACT_REVIEW: return "review";
    case JAGA_ACT_HOLD: return "hold";
    }
    return "?";
}

const char *jaga_subject_str(enum jaga_subject s)
{
    switch (s) {
    case JAGA_SUBJ_DEBTOR: return "debtor";
    case JAGA_SUBJ_CREDITOR: return "creditor";
    case JAGA_SUBJ_LISTED: return "listed";
    }
    return "?";
}

/* Loader context: the file being read and where errors go. */
struct ld {
    struct jaga_pack *p;
    const char *file;
    const char *dir; /* directory of `file`: lexicon paths are relative to it */
    int overlay;     /* 1 when the file has a `base:` and changes what that base set */
    char *err;
    size_t errlen;
};

static int node_line(struct fy_node *n)
{
    if (!n)
        return 0;
    struct fy_token *t = NULL;
    if (fy_node_is_scalar(n)) {
        t = fy_node_get_scalar_token(n);
    } else if (fy_node_is_mapping(n)) {
        void *it = NULL;
        struct fy_node_pair *pr = fy_node_mapping_iterate(n, &it);
        if (pr)
            return node_line(fy_node_pair_key(pr));
    } else if (fy_node_is_sequence(n)) {
        void *it = NULL;
        struct fy_node *c = fy_node_sequence_iterate(n, &it);
        if (c)
            return node_line(c);
    }
    const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
    return m ? m->line + 1 : 0;
}

JAGA_PRINTF(3, 4) static int fail(struct ld *l, struct fy_node *n, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(l->err, l->errlen, "%s:%d: %s", l->file, node_line(n), msg);
    return -EINVAL;
}

/* Scalar text of a node as a NUL-terminated copy in buf; NULL when not a scalar. */
static const char *scalar(struct fy_node *n, char *buf, size_t cap)
{
    size_t len;
    const char *s;
    if (!n || !fy_node_is_scalar(n) || !(s = fy_node_get_scalar(n, &len)))
        return NULL;
    if (len >= cap)
        len = cap - 1;
    memcpy(buf, s, len);
    buf[len] = 0;
    return buf;
}

static int get_str(struct ld *l, struct fy_node *n, const char *what, char *out, size_t cap)
{
    size_t len;
    const char *s;
    if (!n || !fy_node_is_scalar(n) || !(s = fy_node_get_scalar(n, &len)))
        return fail(l, n, "%s must be a string", what);
    if (len >= cap)
        return fail(l, n, "%s is too long (%zu > %zu bytes)", what, len, cap - 1);
    memcpy(out, s, len);
    out[len] = 0;
    return 0;
}

static int get_num(struct ld *l, struct fy_node *n, const char *what, double lo, double hi,
                   double *out)
{
    char buf[64], *end;
    const char *s = scalar(n, buf, sizeof(buf));
    if (!s || !*s)
        return fail(l, n, "%s must be a number", what);
    double v = strtod(s, &end);
    if (*end || !isfinite(v))
        return fail(l, n, "%s must be a number, not '%s'", what, s);
    if (v < lo || v > hi)
        return fail(l, n, "%s must be between %g and %g, not %g", what, lo, hi, v);
    *out = v;
    return 0;
}

static int get_u32(struct ld *l, struct fy_node *n, const char *what, uint32_t lo, uint32_t hi,
                   uint32_t *out)
{
    double v = 0;
    int rc = get_num(l, n, what, lo, hi, &v);
    if (rc)
        return rc;
    if (v != floor(v))
        return fail(l, n, "%s must be a whole number", what);
    *out = (uint32_t)v;
    return 0;
}

/* Checks that a mapping holds only the given keys. */
static int only_keys(struct ld *l, struct fy_node *map, const char *what, const char *const *keys)
{
    if (!fy_node_is_mapping(map))
        return fail(l, map, "%s must be a mapping", what);
    void *it = NULL;
    struct fy_node_pair *pr;
    while ((pr = fy_node_mapping_iterate(map, &it))) {
        char k[64];
        const char *ks = scalar(fy_node_pair_key(pr), k, sizeof(k));
        int ok = 0;
        for (const char *const *q = keys; ks && *q; q++)
            ok |= !strcmp(ks, *q);
        if (!ok)
            return fail(l, fy_node_pair_key(pr), "unknown key '%s' in %s", ks ? ks : "?", what);
    }
    return 0;
}

static struct fy_node *key(struct fy_node *map, const char *k)
{
    return map && fy_node_is_mapping(map) ? fy_node_mapping_lookup_by_string(map, k, FY_NT) : NULL;
}

static int ind_of(const char *s)
{
    for (int k = 0; k < JAGA_IND_COUNT; k++)
        if (!strcmp(s, ind_ids[k]))
            return k;
    return -1;
}

/* A country list: a sequence of codes, or the name of a set ("demand", "supply"). */
static int get_countries(struct ld *l, struct fy_node *n, const char *what,
                         uint8_t set[JAGA_CC_SPACE], uint8_t *named)
{
    char buf[32];
    memset(set, 0, JAGA_CC_SPACE);
    if (named)
        *named = JAGA_SET_LIST;
    if (n && fy_node_is_scalar(n) && named) {
        const char *s = scalar(n, buf, sizeof(buf));
        if (s && !strcmp(s, "demand"))
            *named = JAGA_SET_DEMAND;
        else if (s && !strcmp(s, "supply"))
            *named = JAGA_SET_SUPPLY;
        else
            return fail(l, n, "%s must be a list of ISO 3166 codes, 'demand' or 'supply'", what);
        return 0;
    }
    if (!n || !fy_node_is_sequence(n))
        return fail(l, n, "%s must be a list of ISO 3166 codes", what);
    void *it = NULL;
    struct fy_node *c;
    while ((c = fy_node_sequence_iterate(n, &it))) {
        const char *s = scalar(c, buf, sizeof(buf));
        uint16_t cc = s ? jaga_cc_code(s, strlen(s)) : 0;
        if (!cc)
            return fail(l, c, "'%s' in %s is not an ISO 3166-1 alpha-2 country code", s ? s : "?",
                        what);
        set[cc] = 1;
    }
    return 0;
}

static char *keep(struct jaga_pack *p, const char *s)
{
    size_t n = strlen(s) + 1;
    if (p->strings_len + n > p->strings_cap)
        return NULL;
    char *d = p->strings + p->strings_len;
    memcpy(d, s, n);
    p->strings_len += n;
    return d;
}

static int category(struct ld *l, struct fy_node *n, const char *name, int create)
{
    struct jaga_pack *p = l->p;
    for (uint32_t c = 0; c < p->n_cats; c++)
        if (!strcmp(p->cat_names[c], name))
            return (int)c;
    if (!create)
        return fail(l, n, "unknown lexicon category '%s'", name);
    if (p->n_cats >= JAGA_MEMO_MAX_CATEGORIES)
        return fail(l, n, "too many lexicon categories (max %d)", JAGA_MEMO_MAX_CATEGORIES);
    if (strlen(name) >= JAGA_CAT_NAME)
        return fail(l, n, "category name too long");
    strcpy(p->cat_names[p->n_cats], name);
    return (int)p->n_cats++;
}

static struct fy_document *open_yaml(struct ld *l)
{
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.colorize = false;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    if (diag)
        fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg pcfg = { .flags = FYPCF_QUIET, .diag = diag };
    struct fy_document *doc = fy_document_build_from_file(&pcfg, l->file);
    if (!doc) {
        struct stat sb;
        if (stat(l->file, &sb))
            snprintf(l->err, l->errlen, "%s: %s", l->file, strerror(errno));
        else {
            void *it = NULL;
            struct fy_diag_error *de = diag ? fy_diag_errors_iterate(diag, &it) : NULL;
            snprintf(l->err, l->errlen, "%s:%d: %s", l->file, de ? de->line : 0,
                     de && de->msg ? de->msg : "not valid YAML");
        }
    }
    if (diag)
        fy_diag_destroy(diag);
    return doc;
}

static int load_lexicon(struct ld *pl, const char *path)
{
    struct jaga_pack *p = pl->p;
    struct ld l = {
        .p = p, .file = keep(p, path), .dir = pl->dir, .err = pl->err, .errlen = pl->errlen
    };
    if (!l.file)
        return fail(pl, NULL, "pack strings exhausted");
    struct fy_document *doc = open_yaml(&l);
    if (!doc)
        return -EINVAL;
    int rc = 0;
    struct fy_node *root = fy_document_root(doc);
    static const char *const top[] = { "lexicon", "language", "categories", NULL };
    if (!root || (rc = only_keys(&l, root, "lexicon file", top)))
        goto out;
    struct fy_node *cats = key(root, "categories");
    if (!cats || !fy_node_is_mapping(cats)) {
        rc = fail(&l, root, "lexicon needs a 'categories' mapping");
        goto out;
    }
    void *it = NULL;
    struct fy_node_pair *pr;
    while ((pr = fy_node_mapping_iterate(cats, &it))) {
        char name[64];
        struct fy_node *kn = fy_node_pair_key(pr), *cv = fy_node_pair_value(pr);
        if (!scalar(kn, name, sizeof(name))) {
            rc = fail(&l, kn, "category name must be a string");
            goto out;
        }
        static const char *const ck[] = { "source", "patterns", "terms", NULL };
        if ((rc = only_keys(&l, cv, "category", ck)))
            goto out;
        if (!key(cv, "source")) {
            rc = fail(&l, cv, "category '%s' must cite a source", name);
            goto out;
        }
        int c = category(&l, kn, name, 1);
        if (c < 0) {
            rc = c;
            goto out;
        }
        /* `patterns` are Hyperscan regexes over memo skeletons; `terms` are plain words that
         * the scanner folds into skeleton patterns (models/rules/skel.h) when it compiles. */
        struct fy_node *pats = key(cv, "patterns"), *terms = key(cv, "terms");
        if ((!pats && !terms) || (pats && !fy_node_is_sequence(pats)) ||
            (terms && !fy_node_is_sequence(terms))) {
            rc = fail(&l, cv, "category '%s' needs a list of patterns or terms", name);
            goto out;
        }
        for (int pass = 0; pass < 2; pass++) {
            struct fy_node *list = pass ? terms : pats;
            void *pit = NULL;
            struct fy_node *pn;
            while (list && (pn = fy_node_sequence_iterate(list, &pit))) {
                char re[1024];
                if ((rc = get_str(&l, pn, pass ? "term" : "pattern", re, sizeof(re))))
                    goto out;
                if (!*re) {
                    rc = fail(&l, pn, "empty %s", pass ? "term" : "pattern");
                    goto out;
                }
                if (p->n_lex >= JAGA_LEX_MAX) {
                    rc = fail(&l, pn, "too many patterns (max %d)", JAGA_LEX_MAX);
                    goto out;
                }
                struct jaga_lex_pattern *lp = &p->lex[p->n_lex++];
                lp->regex = keep(p, re);
                lp->term = pass == 1;
                lp->category = (uint32_t)c;
                lp->file = l.file;
                lp->line = (uint32_t)node_line(pn);
                if (!lp->regex) {
                    rc = fail(&l, pn, "pack strings exhausted");
                    goto out;
                }
            }
        }
    }
out:
    fy_document_destroy(doc);
    return rc;
}

static const char *const kind_names[] = { "",       "bank",    "ewallet",  "card",
                                          "crypto", "prepaid", "merchant", "remitter" };

/* Which of the profile, flow and channel parameters each later indicator takes (bit q = key
 * q of prof_keys), and which it needs when first defined. */
static const char *const prof_keys[] = { "window_h",   "min_count",  "max_age",    "max_days",
                                         "min_payers", "max_amount", "min_amount", "currency",
                                         "channels",   "kinds",      "mccs",       "corridor_only",
                                         "bands",      "min_share",  "min_growth", "countries" };
enum {
    PK_WINDOW = 1 << 0,
    PK_COUNT = 1 << 1,
    PK_AGE = 1 << 2,
    PK_DAYS = 1 << 3,
    PK_PAYERS = 1 << 4,
    PK_MAX = 1 << 5,
    PK_MIN = 1 << 6,
    PK_CCY = 1 << 7,
    PK_CHAN = 1 << 8,
    PK_KIND = 1 << 9,
    PK_MCC = 1 << 10,
    PK_CORR = 1 << 11,
    PK_BANDS = 1 << 12,
    PK_SHARE = 1 << 13,
    PK_GROWTH = 1 << 14,
    PK_COUNTRIES = 1 << 15,
};
static const struct {
    uint32_t takes, needs;
} prof_spec[JAGA_IND_COUNT] = {
    [JAGA_IND_AMT_03] = { PK_AGE | PK_MAX | PK_CCY | PK_CHAN, PK_AGE | PK_MAX | PK_CCY | PK_CHAN },
    [JAGA_IND_CTY_01] = { PK_COUNTRIES, 0 },
    [JAGA_IND_CPY_01] = { PK_AGE, PK_AGE },
    [JAGA_IND_NEW_01] = { PK_DAYS, PK_DAYS },
    [JAGA_IND_FSEC_01] = { PK_WINDOW | PK_COUNT | PK_AGE | PK_MAX | PK_MIN | PK_CCY | PK_CHAN,
                           PK_WINDOW | PK_COUNT | PK_AGE | PK_MAX | PK_CCY | PK_CHAN },
    [JAGA_IND_MULE_01] = { PK_WINDOW | PK_AGE | PK_PAYERS | PK_CHAN,
                           PK_WINDOW | PK_AGE | PK_PAYERS | PK_CHAN },
    [JAGA_IND_LAY_01] = { PK_WINDOW | PK_PAYERS | PK_SHARE | PK_BANDS,
                          PK_WINDOW | PK_PAYERS | PK_SHARE },
    [JAGA_IND_TRV_01] = { PK_WINDOW | PK_COUNT | PK_CHAN | PK_MCC, PK_WINDOW | PK_COUNT | PK_MCC },
    [JAGA_IND_ESC_01] = { PK_WINDOW | PK_COUNT | PK_GROWTH, PK_WINDOW | PK_COUNT | PK_GROWTH },
    [JAGA_IND_MICRO_01] = { PK_WINDOW | PK_COUNT | PK_MAX | PK_CCY | PK_MCC,
                            PK_WINDOW | PK_COUNT | PK_MAX | PK_CCY | PK_MCC },
    [JAGA_IND_NET_01] = { 0, 0 },
    [JAGA_IND_CH_01] = { PK_CHAN | PK_KIND | PK_MCC | PK_CORR, 0 },
    [JAGA_IND_CH_02] = { PK_CHAN | PK_KIND | PK_MCC | PK_CORR, 0 },
    [JAGA_IND_CH_03] = { PK_CHAN | PK_KIND | PK_MCC | PK_CORR, 0 },
    [JAGA_IND_CH_04] = { PK_CHAN | PK_KIND | PK_MCC | PK_CORR, 0 },
    [JAGA_IND_CH_05] = { PK_CHAN | PK_KIND | PK_MCC | PK_CORR, 0 },
    [JAGA_IND_CH_06] = { PK_CHAN | PK_KIND | PK_MCC | PK_CORR, 0 },
    [JAGA_IND_CH_09] = { PK_CHAN | PK_KIND | PK_MCC | PK_CORR, 0 },
    [JAGA_IND_CH_10] = { PK_CHAN | PK_KIND | PK_MCC | PK_CORR, 0 },
};

static int name_list(struct ld *l, struct fy_node *n, const char *what, const char *const *names,
                     int count, uint32_t *bits)
{
    if (!fy_node_is_sequence(n))
        return fail(l, n, "%s must be a list", what);
    *bits = 0;
    void *it = NULL;
    struct fy_node *c;
    while ((c = fy_node_sequence_iterate(n, &it))) {
        char s[32];
        const char *sv = scalar(c, s, sizeof(s));
        int found = -1;
        for (int q = 0; sv && q < count; q++)
            if (names[q][0] && !strcmp(sv, names[q]))
                found = q;
        if (found < 0)
            return fail(l, c, "unknown %s '%s'", what, sv ? sv : "?");
        *bits |= 1u << found;
    }
    return 0;
}

/* A list of domestic band names (defined earlier in the pack or its base) as bits. */
static int dband_list(struct ld *l, struct fy_node *n, const char *what, uint32_t *bits)
{
    if (!fy_node_is_sequence(n))
        return fail(l, n, "%s must be a list of domestic band names", what);
    *bits = 0;
    void *it = NULL;
    struct fy_node *c;
    while ((c = fy_node_sequence_iterate(n, &it))) {
        char s[32];
        const char *sv = scalar(c, s, sizeof(s));
        int found = -1;
        for (uint32_t q = 0; sv && q < l->p->n_dbands; q++)
            if (!strcmp(sv, l->p->dbands[q].name))
                found = (int)q;
        if (found < 0)
            return fail(l, c, "unknown domestic band '%s'", sv ? sv : "?");
        *bits |= 1u << found;
    }
    return 0;
}

static int load_profile_params(struct ld *l, struct fy_node *kn, struct fy_node *v, int k,
                               struct jaga_ind_def *d, int fresh)
{
    struct jaga_pack *p = l->p;
    struct fy_node *n;
    int rc;
    for (uint32_t q = 0; q < JAGA_ARRAY_SIZE(prof_keys); q++) {
        n = key(v, prof_keys[q]);
        if (n && !(prof_spec[k].takes >> q & 1))
            return fail(l, n, "%s takes no %s", d->id, prof_keys[q]);
        if (!n && fresh && (prof_spec[k].needs >> q & 1))
            return fail(l, kn, "%s needs %s", d->id, prof_keys[q]);
    }
    if ((n = key(v, "short_window_h")) || (n = key(v, "categories")) || (n = key(v, "units")) ||
        (n = key(v, "night_from")) || (n = key(v, "lists")) || (n = key(v, "min_severity")))
        return fail(l, n, "%s does not take this key", d->id);
    if ((n = key(v, "window_h")) && (rc = get_u32(l, n, "window_h", 1, 8760, &d->window_h)))
        return rc;
    if ((n = key(v, "min_count")) && (rc = get_u32(l, n, "min_count", 1, 250, &d->min_count)))
        return rc;
    if ((n = key(v, "max_age")) && (rc = get_u32(l, n, "max_age", 1, 120, &d->max_age)))
        return rc;
    if ((n = key(v, "max_days")) && (rc = get_u32(l, n, "max_days", 1, 3650, &d->max_days)))
        return rc;
    if ((n = key(v, "min_payers")) &&
        (rc = get_u32(l, n, "min_payers", 1, JAGA_FLOW_PAYERS_MAX, &d->min_payers)))
        return rc;
    if ((n = key(v, "min_share")) && (rc = get_u32(l, n, "min_share", 1, 100, &d->min_share)))
        return rc;
    if ((n = key(v, "min_growth")) && (rc = get_u32(l, n, "min_growth", 1, 1000, &d->min_growth)))
        return rc;
    if ((n = key(v, "countries"))) {
        if (!fy_node_is_sequence(n))
            return fail(l, n, "countries must be a list of ISO 3166-1 codes");
        d->n_countries = 0;
        void *it = NULL;
        struct fy_node *c;
        while ((c = fy_node_sequence_iterate(n, &it))) {
            char cs[8];
            const char *sv = scalar(c, cs, sizeof(cs));
            uint16_t code = sv ? jaga_cc_code(sv, strlen(sv)) : 0;
            if (!code)
                return fail(l, c, "'%s' is not an ISO 3166-1 country code", sv ? sv : "?");
            if (d->n_countries >= JAGA_ARRAY_SIZE(d->countries))
                return fail(l, c, "too many countries (max %zu)", JAGA_ARRAY_SIZE(d->countries));
            d->countries[d->n_countries++] = code;
        }
    }
    if (k == JAGA_IND_TRV_01 && d->min_count > JAGA_VEL_SLOTS)
        return fail(l, key(v, "min_count"), "RF-TRV-01 min_count must be at most %d",
                    JAGA_VEL_SLOTS);
    if (k == JAGA_IND_MICRO_01 && d->min_count > JAGA_MICRO_SLOTS)
        return fail(l, key(v, "min_count"), "RF-MICRO-01 min_count must be at most %d",
                    JAGA_MICRO_SLOTS);
    if ((n = key(v, "max_amount")) && (rc = get_num(l, n, "max_amount", 0, 1e12, &d->max_amount)))
        return rc;
    if ((n = key(v, "min_amount")) && (rc = get_num(l, n, "min_amount", 0, 1e12, &d->min_amount)))
        return rc;
    if ((n = key(v, "currency"))) {
        if ((rc = get_str(l, n, "currency", d->amount_currency, sizeof(d->amount_currency))))
            return rc;
        uint16_t ccy = jaga_ccy_code(d->amount_currency, strlen(d->amount_currency));
        if (!ccy || p->usd_per[ccy] <= 0)
            return fail(l, n, "currency '%s' is not in the FX table", d->amount_currency);
    }
    if (d->min_amount > 0 && d->max_amount > 0 && d->min_amount >= d->max_amount)
        return fail(l, kn, "%s: max_amount must exceed min_amount", d->id);
    if ((n = key(v, "channels")) &&
        (rc = name_list(l, n, "channel", channel_names, JAGA_CH_COUNT, &d->channels)))
        return rc;
    if ((n = key(v, "kinds")) && (rc = name_list(l, n, "account kind", kind_names,
                                                 (int)JAGA_ARRAY_SIZE(kind_names), &d->kinds)))
        return rc;
    if ((n = key(v, "mccs"))) {
        if (!fy_node_is_sequence(n))
            return fail(l, n, "mccs must be a list of 4-digit merchant category codes");
        d->n_mccs = 0;
        void *it = NULL;
        struct fy_node *c;
        while ((c = fy_node_sequence_iterate(n, &it))) {
            /* A code (5816) or an inclusive range ("3000-3299"). */
            char ms[32], *end;
            const char *sv = scalar(c, ms, sizeof(ms));
            if (d->n_mccs >= JAGA_ARRAY_SIZE(d->mcc_lo))
                return fail(l, c, "too many mccs (max %zu)", JAGA_ARRAY_SIZE(d->mcc_lo));
            unsigned long lo = sv ? strtoul(sv, &end, 10) : 0, hi = lo;
            if (sv && *end == '-')
                hi = strtoul(end + 1, &end, 10);
            if (!sv || *end || lo > hi || hi > 9999 || !isdigit((unsigned char)sv[0]))
                return fail(l, c, "mcc must be a 4-digit code or a range like 3000-3299");
            d->mcc_lo[d->n_mccs] = (uint16_t)lo;
            d->mcc_hi[d->n_mccs++] = (uint16_t)hi;
        }
    }
    if ((n = key(v, "corridor_only"))) {
        char b[16];
        const char *s = scalar(n, b, sizeof(b));
        if (!s || (strcmp(s, "true") && strcmp(s, "false")))
            return fail(l, n, "corridor_only must be true or false");
        d->corridor_only = !strcmp(s, "true");
    }
    if ((n = key(v, "bands")) && (rc = dband_list(l, n, "bands", &d->bands)))
        return rc;
    if (k >= JAGA_IND_CH_01 && !d->channels && !d->kinds && !d->n_mccs)
        return fail(l, kn, "%s needs channels, kinds or mccs", d->id);
    return 0;
}

static int load_indicator(struct ld *l, struct fy_node *kn, struct fy_node *v)
{
    struct jaga_pack *p = l->p;
    char id[64];
    if (!scalar(kn, id, sizeof(id)))
        return fail(l, kn, "indicator id must be a string");
    int k = ind_of(id);
    if (k < 0)
        return fail(
            l, kn,
            "unknown indicator '%s' (`jaga pack show asean` lists the ones this engine computes)",
            id);
    static const char *const keys[] = { "name",       "source",         "window_h",
                                        "min_count",  "short_window_h", "short_min_count",
                                        "categories", "min_severity",   "enabled",
                                        "units",      "currency_units", "night_from",
                                        "night_to",   "min_share",      "lists",
                                        "side",       "max_age",        "max_days",
                                        "min_payers", "max_amount",     "min_amount",
                                        "currency",   "channels",       "kinds",
                                        "mccs",       "corridor_only",  "bands",
                                        "min_growth", "countries",      NULL };
    int rc;
    if ((rc = only_keys(l, v, "indicator", keys)))
        return rc;
    struct jaga_ind_def *d = &p->ind[k];
    /* An overlay changes only the keys it names; a new indicator needs all of them. */
    int fresh = !d->enabled;
    d->enabled = true;
    strcpy(d->id, ind_ids[k]);
    struct fy_node *n;
    if ((n = key(v, "enabled"))) {
        char b[16];
        const char *s = scalar(n, b, sizeof(b));
        if (!s || (strcmp(s, "true") && strcmp(s, "false")))
            return fail(l, n, "enabled must be true or false");
        d->enabled = !strcmp(s, "true");
    }
    if ((n = key(v, "name")) && (rc = get_str(l, n, "name", d->name, sizeof(d->name))))
        return rc;
    if (!(n = key(v, "source")))
        return fail(l, kn, "indicator %s must cite its source", id);
    if ((rc = get_str(l, n, "source", d->source, sizeof(d->source))))
        return rc;

    /* Windows fit in the 16-bit hour stamps with room to spare; counts cannot exceed the
     * per-account slots that hold them (core/state.h). */
    uint32_t cap = k == JAGA_IND_VEL_01 || k == JAGA_IND_TIM_01 ? JAGA_VEL_SLOTS
                   : k == JAGA_IND_FAN_OUT_01                   ? JAGA_OUT_SLOTS
                                                                : JAGA_IN_SLOTS;
    int windowed = k == JAGA_IND_VEL_01 || k == JAGA_IND_FAN_OUT_01 || k == JAGA_IND_FAN_IN_01 ||
                   k == JAGA_IND_TIM_01 || k == JAGA_IND_TIM_02;
    if (k >= JAGA_IND_AMT_03)
        return load_profile_params(l, kn, v, k, d, fresh);
    if (windowed) {
        if ((n = key(v, "window_h"))) {
            if ((rc = get_u32(l, n, "window_h", 1, 8760, &d->window_h)))
                return rc;
        } else if (fresh) {
            return fail(l, kn, "%s needs window_h", id);
        }
        if ((n = key(v, "min_count"))) {
            if ((rc = get_u32(l, n, "min_count", 1, cap, &d->min_count)))
                return rc;
        } else if (fresh) {
            return fail(l, kn, "%s needs min_count", id);
        }
    } else if (key(v, "window_h") || key(v, "min_count")) {
        return fail(l, v, "%s takes no window_h/min_count", id);
    }
    if (k == JAGA_IND_FAN_IN_01) {
        if ((n = key(v, "short_window_h")) &&
            (rc = get_u32(l, n, "short_window_h", 1, 8760, &d->short_window_h)))
            return rc;
        if ((n = key(v, "short_min_count")) &&
            (rc = get_u32(l, n, "short_min_count", 1, cap, &d->short_min_count)))
            return rc;
        if (!d->short_window_h != !d->short_min_count)
            return fail(l, kn, "short_window_h and short_min_count go together");
    } else if (key(v, "short_window_h") || key(v, "short_min_count")) {
        return fail(l, v, "only RF-FAN-IN-01 takes short_window_h/short_min_count");
    }
    int text = k == JAGA_IND_TXT_01 || k == JAGA_IND_TXT_02 || k == JAGA_IND_TXT_03 ||
               k == JAGA_IND_TXT_04;
    if (text && (fresh || key(v, "categories"))) {
        if (!(n = key(v, "categories")) || !fy_node_is_sequence(n))
            return fail(l, n ? n : v, "%s needs a list of lexicon categories", id);
        d->categories = 0;
        void *it = NULL;
        struct fy_node *c;
        while ((c = fy_node_sequence_iterate(n, &it))) {
            char name[64];
            if (!scalar(c, name, sizeof(name)))
                return fail(l, c, "category must be a string");
            int ci = category(l, c, name, 0);
            if (ci < 0)
                return ci;
            d->categories |= 1u << ci;
        }
    } else if (key(v, "categories")) {
        return fail(l, v, "only RF-TXT-* indicators take categories");
    }
    if (k == JAGA_IND_AMT_02) {
        if ((n = key(v, "units"))) {
            if ((rc = get_u32(l, n, "units", 1, 100000000, &d->units)))
                return rc;
        } else if (fresh) {
            return fail(l, kn, "%s needs units", id);
        }
        /* Per-currency multiples, where one unit is worth too little to count as rounding. */
        if ((n = key(v, "currency_units"))) {
            if (!fy_node_is_mapping(n))
                return fail(l, n, "currency_units must map currencies to multiples");
            void *it = NULL;
            struct fy_node_pair *pr;
            while ((pr = fy_node_mapping_iterate(n, &it))) {
                char c[8];
                const char *cs = scalar(fy_node_pair_key(pr), c, sizeof(c));
                uint16_t code = cs ? jaga_ccy_code(cs, strlen(cs)) : 0;
                uint32_t u;
                if (!code)
                    return fail(l, fy_node_pair_key(pr), "'%s' is not an ISO 4217 currency",
                                cs ? cs : "?");
                if ((rc = get_u32(l, fy_node_pair_value(pr), "multiple", 1, 400000, &u)))
                    return rc;
                p->round_e4[code] = u * 10000u;
            }
        }
    } else if (key(v, "units") || key(v, "currency_units")) {
        return fail(l, v, "only RF-AMT-02 takes units/currency_units");
    }
    if (k == JAGA_IND_TIM_01) {
        const char *const nk[3] = { "night_from", "night_to", "min_share" };
        uint32_t *dst[3] = { &d->night_from, &d->night_to, &d->min_share };
        const uint32_t lo[3] = { 0, 0, 1 }, hi[3] = { 23, 23, 100 };
        for (int q = 0; q < 3; q++) {
            if ((n = key(v, nk[q]))) {
                if ((rc = get_u32(l, n, nk[q], lo[q], hi[q], dst[q])))
                    return rc;
            } else if (fresh) {
                return fail(l, kn, "%s needs %s", id, nk[q]);
            }
        }
    } else if (k == JAGA_IND_TIM_02) {
        /* Night hours are RF-TIM-01's; this indicator only sets its own share. */
        if ((n = key(v, "min_share"))) {
            if ((rc = get_u32(l, n, "min_share", 1, 100, &d->min_share)))
                return rc;
        } else if (fresh) {
            return fail(l, kn, "%s needs min_share", id);
        }
        if (key(v, "night_from") || key(v, "night_to"))
            return fail(l, v, "RF-TIM-02 uses RF-TIM-01's night hours");
    } else if (key(v, "night_from") || key(v, "night_to") || key(v, "min_share")) {
        return fail(l, v, "only RF-TIM-01/02 take night_from/night_to/min_share");
    }
    int wl =
        k == JAGA_IND_WL_01 || k == JAGA_IND_WL_02 || k == JAGA_IND_WL_03 || k == JAGA_IND_WL_05;
    if (wl) {
        if (fresh)
            d->min_severity = 1;
        if ((n = key(v, "min_severity")) &&
            (rc = get_u32(l, n, "min_severity", 1, 3, &d->min_severity)))
            return rc;
        if ((n = key(v, "lists"))) {
            if (!fy_node_is_sequence(n))
                return fail(l, n, "lists must be a list of watch-list names");
            d->n_lists = 0;
            void *it = NULL;
            struct fy_node *c;
            while ((c = fy_node_sequence_iterate(n, &it))) {
                if (d->n_lists >= JAGA_ARRAY_SIZE(d->lists))
                    return fail(l, c, "too many lists (max %zu)", JAGA_ARRAY_SIZE(d->lists));
                if ((rc = get_str(l, c, "list", d->lists[d->n_lists], sizeof(d->lists[0]))))
                    return rc;
                d->n_lists++;
            }
        }
        if ((n = key(v, "side"))) {
            char sd[16];
            const char *sv = scalar(n, sd, sizeof(sd));
            if (sv && !strcmp(sv, "either"))
                d->side = JAGA_SIDE_EITHER;
            else if (sv && !strcmp(sv, "debtor"))
                d->side = JAGA_SIDE_DEBTOR;
            else if (sv && !strcmp(sv, "creditor"))
                d->side = JAGA_SIDE_CREDITOR;
            else
                return fail(l, n, "side must be either, debtor or creditor");
        }
    } else if (key(v, "min_severity") || key(v, "lists") || key(v, "side")) {
        return fail(l, v, "only RF-WL-* indicators take min_severity/lists/side");
    }
    return 0;
}

static int ind_list(struct ld *l, struct fy_node *n, const char *what, uint64_t *bits)
{
    *bits = 0;
    if (!n)
        return 0;
    if (!fy_node_is_sequence(n))
        return fail(l, n, "%s must be a list of indicator ids", what);
    void *it = NULL;
    struct fy_node *c;
    while ((c = fy_node_sequence_iterate(n, &it))) {
        char id[64];
        int k = scalar(c, id, sizeof(id)) ? ind_of(id) : -1;
        if (k < 0)
            return fail(l, c, "unknown indicator in %s", what);
        if (!l->p->ind[k].enabled)
            return fail(l, c, "%s uses %s, which the pack does not enable", what, id);
        *bits |= 1ull << k;
    }
    return 0;
}

#define TEXT_BITS                                                                        \
    ((1ull << JAGA_IND_TXT_01) | (1ull << JAGA_IND_TXT_02) | (1ull << JAGA_IND_TXT_03) | \
     (1ull << JAGA_IND_TXT_04))

static int load_typology(struct ld *l, struct fy_node *kn, struct fy_node *v)
{
    struct jaga_pack *p = l->p;
    char name[64];
    int rc;
    if ((rc = get_str(l, kn, "typology name", name, sizeof(struct jaga_typo_def){ 0 }.name)))
        return rc;
    /* A base defines each typology once; an overlay may change one its base defined, naming
     * only the keys it changes, or add a new one. */
    struct jaga_typo_def *t = NULL;
    for (uint32_t q = 0; q < p->n_typo; q++)
        if (!strcmp(p->typo[q].name, name))
            t = &p->typo[q];
    if (t && (!l->overlay || t->file == l->file))
        return fail(l, kn, "typology '%s' defined twice", name);
    int fresh = !t;
    if (fresh) {
        if (p->n_typo >= JAGA_TYPO_MAX)
            return fail(l, kn, "too many typologies (max %d)", JAGA_TYPO_MAX);
        t = &p->typo[p->n_typo];
        memset(t, 0, sizeof(*t));
        strcpy(t->name, name);
    }
    t->file = l->file;
    static const char *const keys[] = { "description", "subject",     "action",
                                        "threshold",   "require_all", "require_any",
                                        "weights",     "lay_bands",   NULL };
    if ((rc = only_keys(l, v, "typology", keys)))
        return rc;
    char s[32];
    struct fy_node *n = key(v, "subject");
    if (n || fresh) {
        const char *sv = scalar(n, s, sizeof(s));
        if (sv && !strcmp(sv, "debtor"))
            t->subject = JAGA_SUBJ_DEBTOR;
        else if (sv && !strcmp(sv, "creditor"))
            t->subject = JAGA_SUBJ_CREDITOR;
        else if (sv && !strcmp(sv, "listed"))
            t->subject = JAGA_SUBJ_LISTED;
        else
            return fail(l, n ? n : v, "subject must be debtor, creditor or listed");
    }
    n = key(v, "action");
    if (n || fresh) {
        const char *sv = scalar(n, s, sizeof(s));
        if (sv && !strcmp(sv, "review"))
            t->action = JAGA_ACT_REVIEW;
        else if (sv && !strcmp(sv, "hold"))
            t->action = JAGA_ACT_HOLD;
        else if (sv && !strcmp(sv, "allow"))
            t->action = JAGA_ACT_ALLOW;
        else
            return fail(l, n ? n : v, "action must be allow, review or hold");
    }
    if ((n = key(v, "threshold"))) {
        double th;
        if ((rc = get_num(l, n, "threshold", 0.01, 1.0, &th)))
            return rc;
        t->threshold = jaga_e4_float((uint32_t)lround(th * 10000.0));
    } else if (fresh) {
        return fail(l, v, "typology '%s' needs a threshold", t->name);
    }
    if ((n = key(v, "require_all")) && (rc = ind_list(l, n, "require_all", &t->require_all)))
        return rc;
    if ((n = key(v, "require_any")) && (rc = ind_list(l, n, "require_any", &t->require_any)))
        return rc;
    /* Memo text is evidence, never a verdict (DESIGN.md): a typology must need a non-text
     * indicator to fire. */
    if (!(t->require_all & ~TEXT_BITS) && (!t->require_any || (t->require_any & TEXT_BITS)))
        return fail(l, kn,
                    "typology '%s' could fire on memo text alone: require a non-text "
                    "indicator in require_all, or only non-text ones in require_any",
                    t->name);
    if ((n = key(v, "lay_bands")) && (rc = dband_list(l, n, "lay_bands", &t->lay_bands)))
        return rc;
    n = key(v, "weights");
    if (!n && fresh)
        return fail(l, v, "typology '%s' needs a weights mapping", t->name);
    if (n && !fy_node_is_mapping(n))
        return fail(l, n, "weights must be a mapping of indicator ids to weights");
    void *it = NULL;
    struct fy_node_pair *pr;
    while (n && (pr = fy_node_mapping_iterate(n, &it))) {
        char id[64];
        struct fy_node *wk = fy_node_pair_key(pr);
        int k = scalar(wk, id, sizeof(id)) ? ind_of(id) : -1;
        if (k < 0)
            return fail(l, wk, "unknown indicator '%s' in weights", id);
        if (!p->ind[k].enabled)
            return fail(l, wk, "weight for %s, which the pack does not enable", id);
        double w;
        if ((rc = get_num(l, fy_node_pair_value(pr), "weight", 0.0, 1.0, &w)))
            return rc;
        t->weight_e4[k] = (uint16_t)lround(w * 10000.0);
        t->weight[k] = jaga_e4_float(t->weight_e4[k]);
    }
    if (fresh)
        p->n_typo++;
    return 0;
}

/* Reads one corridor into `bd` (not yet counted in the pack). */
static int load_band(struct ld *l, struct fy_node *v, struct jaga_band *bd)
{
    struct jaga_pack *p = l->p;
    static const char *const keys[] = { "from", "to", "currency", "min", "max", "source", NULL };
    int rc;
    if ((rc = only_keys(l, v, "corridor", keys)))
        return rc;
    memset(bd, 0, sizeof(*bd));
    if ((rc = get_countries(l, key(v, "from"), "from", bd->from, &bd->from_set)) ||
        (rc = get_countries(l, key(v, "to"), "to", bd->to, &bd->to_set)))
        return rc;
    struct fy_node *n = key(v, "currency");
    if ((rc = get_str(l, n, "currency", bd->currency, sizeof(bd->currency))))
        return rc;
    uint16_t ccy = jaga_ccy_code(bd->currency, strlen(bd->currency));
    if (!ccy)
        return fail(l, n, "'%s' is not an ISO 4217 currency", bd->currency);
    if (p->usd_per[ccy] <= 0)
        return fail(l, n, "currency %s has no rate in the FX table", bd->currency);
    if (!key(v, "min") || !key(v, "max"))
        return fail(l, v, "corridor needs min and max");
    if ((rc = get_num(l, key(v, "min"), "min", 0, 1e12, &bd->min)) ||
        (rc = get_num(l, key(v, "max"), "max", 0, 1e12, &bd->max)))
        return rc;
    if (bd->min >= bd->max)
        return fail(l, key(v, "max"), "corridor max must exceed min");
    if (!(n = key(v, "source")))
        return fail(l, v, "corridor must cite its source");
    return get_str(l, n, "source", bd->source, sizeof(bd->source));
}

/* Reads one domestic band and stores it by name (replacing a base's band of that name). */
static int load_dband(struct ld *l, struct fy_node *v)
{
    struct jaga_pack *p = l->p;
    static const char *const keys[] = {
        "name", "country", "currency", "min", "max", "source", NULL
    };
    int rc;
    struct jaga_dband db;
    memset(&db, 0, sizeof(db));
    if ((rc = only_keys(l, v, "domestic band", keys)) ||
        (rc = get_str(l, key(v, "name"), "band name", db.name, sizeof(db.name))))
        return rc;
    char cc[8];
    struct fy_node *n = key(v, "country");
    if ((rc = get_str(l, n, "country", cc, sizeof(cc))))
        return rc;
    if (!(db.country = jaga_cc_code(cc, strlen(cc))))
        return fail(l, n, "'%s' is not an ISO 3166-1 country code", cc);
    n = key(v, "currency");
    if ((rc = get_str(l, n, "currency", db.currency, sizeof(db.currency))))
        return rc;
    uint16_t ccy = jaga_ccy_code(db.currency, strlen(db.currency));
    if (!ccy || p->usd_per[ccy] <= 0)
        return fail(l, n, "currency '%s' is not in the FX table", db.currency);
    if (!key(v, "min") || !key(v, "max"))
        return fail(l, v, "domestic band needs min and max");
    if ((rc = get_num(l, key(v, "min"), "min", 0, 1e12, &db.min)) ||
        (rc = get_num(l, key(v, "max"), "max", 0, 1e12, &db.max)))
        return rc;
    if (db.min >= db.max)
        return fail(l, key(v, "max"), "domestic band max must exceed min");
    if (!(n = key(v, "source")))
        return fail(l, v, "domestic band must cite its source");
    if ((rc = get_str(l, n, "source", db.source, sizeof(db.source))))
        return rc;
    uint32_t at = 0;
    while (at < p->n_dbands && strcmp(p->dbands[at].name, db.name))
        at++;
    if (at == p->n_dbands) {
        if (p->n_dbands >= JAGA_DBANDS_MAX)
            return fail(l, v, "too many domestic bands (max %d)", JAGA_DBANDS_MAX);
        p->n_dbands++;
    }
    p->dbands[at] = db;
    return 0;
}

/* US dollars of an amount in major units of a currency at rate r, computed exactly as the
 * engine converts a payment ((amount x 10^4) x rate x 10^-4), so that a payment of exactly a
 * band's edge compares equal to it. */
static double to_usd(double major, double r)
{
    return (double)llround(major * 1e4) * r * 1e-4;
}

/* The corridor table, once every file is read: the first band whose sets hold the debtor and
 * the creditor country wins, and amounts convert with the final FX table. */
static void build_corridors(struct jaga_pack *p)
{
    /* Amount parameters convert with the final FX table too. */
    for (uint32_t q = 0; q < p->n_dbands; q++) {
        double r = p->usd_per[jaga_ccy_code(p->dbands[q].currency, 3)];
        p->dbands[q].min_usd = to_usd(p->dbands[q].min, r);
        p->dbands[q].max_usd = to_usd(p->dbands[q].max, r);
    }
    for (int k = 0; k < JAGA_IND_COUNT; k++) {
        struct jaga_ind_def *d = &p->ind[k];
        double r = d->amount_currency[0] ? p->usd_per[jaga_ccy_code(d->amount_currency, 3)] : 0;
        d->max_usd = to_usd(d->max_amount, r);
        d->min_usd = to_usd(d->min_amount, r);
    }
    memset(p->corridor, 0, (size_t)JAGA_CC_SPACE * JAGA_CC_SPACE);
    for (uint32_t b = 0; b < p->n_bands; b++) {
        struct jaga_band *bd = &p->bands[b];
        const uint8_t *from = bd->from_set == JAGA_SET_DEMAND   ? p->demand
                              : bd->from_set == JAGA_SET_SUPPLY ? p->supply
                                                                : bd->from;
        const uint8_t *to = bd->to_set == JAGA_SET_DEMAND   ? p->demand
                            : bd->to_set == JAGA_SET_SUPPLY ? p->supply
                                                            : bd->to;
        uint16_t ccy = jaga_ccy_code(bd->currency, 3);
        bd->min_usd = to_usd(bd->min, p->usd_per[ccy]);
        bd->max_usd = to_usd(bd->max, p->usd_per[ccy]);
        for (uint32_t d = 1; d < JAGA_CC_SPACE; d++) {
            if (!from[d])
                continue;
            for (uint32_t e = 1; e < JAGA_CC_SPACE; e++)
                if (to[e] && !p->corridor[d * JAGA_CC_SPACE + e])
                    p->corridor[d * JAGA_CC_SPACE + e] = (uint8_t)(b + 1);
        }
    }
}

static int resolve(const char *name, char *out, size_t cap, char *err, size_t errlen);

/* Whether a section is required: in a base pack every section is; an overlay names only what
 * it changes. */
static int need(struct ld *l, struct fy_node *root, struct fy_node *n, const char *what)
{
    if (n || l->overlay)
        return 0;
    return fail(l, root, "pack needs %s", what);
}

static int load_pack_dir(struct jaga_pack *p, const char *dir, int depth, char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/pack.yaml", dir);
    struct ld l0 = {
        .p = p, .file = keep(p, path), .dir = keep(p, dir), .err = err, .errlen = errlen
    };
    struct ld *l = &l0;
    if (!l->file || !l->dir) {
        snprintf(err, errlen, "%s: pack strings exhausted", dir);
        return -ENOMEM;
    }
    struct fy_document *doc = open_yaml(l);
    if (!doc)
        return -EINVAL;
    int rc = 0;
    struct fy_node *root = fy_document_root(doc), *n;
    static const char *const top[] = { "pack",           "version",    "base",
                                       "description",    "fx",         "countries",
                                       "timezones",      "corridors",  "corridor_channels",
                                       "lexicons",       "indicators", "typologies",
                                       "domestic_bands", NULL };
    if (!root || (rc = only_keys(l, root, "pack", top)))
        goto out;

    char name[32], label[64];
    uint32_t version;
    if ((rc = get_str(l, key(root, "pack"), "pack", name, sizeof(name))) ||
        (rc = get_u32(l, key(root, "version"), "version", 1, 1000000, &version)))
        goto out;
    snprintf(label, sizeof(label), "%s@%u", name, version);

    /* An overlay loads its base first (by name, as --pack does) and then changes it. */
    if ((n = key(root, "base"))) {
        char base[64], bdir[4096];
        if ((rc = get_str(l, n, "base", base, sizeof(base))))
            goto out;
        if (depth >= 4) {
            rc = fail(l, n, "overlays nest too deep (base '%s')", base);
            goto out;
        }
        char berr[512];
        if (resolve(base, bdir, sizeof(bdir), berr, sizeof(berr))) {
            rc = fail(l, n, "%s", berr);
            goto out;
        }
        if ((rc = load_pack_dir(p, bdir, depth + 1, err, errlen)))
            goto out;
        l->overlay = 1;
        size_t len = strlen(p->label);
        snprintf(p->label + len, sizeof(p->label) - len, "+%s", label);
    } else {
        snprintf(p->label, sizeof(p->label), "%s", label);
    }

    /* FX first: corridor bands convert with it. */
    struct fy_node *fx = key(root, "fx");
    static const char *const fxk[] = { "date", "usd_per", NULL };
    if ((rc = need(l, root, fx, "an fx table")) || (fx && (rc = only_keys(l, fx, "fx", fxk))))
        goto out;
    if (fx && (n = key(fx, "date")) &&
        (rc = get_str(l, n, "fx date", p->fx_date, sizeof(p->fx_date))))
        goto out;
    if (fx && !l->overlay && !key(fx, "date")) {
        rc = fail(l, fx, "fx needs a date");
        goto out;
    }
    n = fx ? key(fx, "usd_per") : NULL;
    if (fx && !l->overlay && (!n || !fy_node_is_mapping(n))) {
        rc = fail(l, n ? n : fx, "fx needs a usd_per mapping");
        goto out;
    }
    void *it = NULL;
    struct fy_node_pair *pr;
    while (n && (pr = fy_node_mapping_iterate(n, &it))) {
        char c[8];
        const char *cs = scalar(fy_node_pair_key(pr), c, sizeof(c));
        uint16_t code = cs ? jaga_ccy_code(cs, strlen(cs)) : 0;
        if (!code) {
            rc = fail(l, fy_node_pair_key(pr), "'%s' is not an ISO 4217 currency", cs ? cs : "?");
            goto out;
        }
        if ((rc = get_num(l, fy_node_pair_value(pr), "rate", 1e-12, 1e6, &p->usd_per[code])))
            goto out;
    }

    struct fy_node *cs = key(root, "countries");
    static const char *const csk[] = { "demand", "supply", NULL };
    if ((rc = need(l, root, cs, "countries (demand, supply)")) ||
        (cs && (rc = only_keys(l, cs, "countries", csk))))
        goto out;
    if (cs && (key(cs, "demand") || !l->overlay) &&
        (rc = get_countries(l, key(cs, "demand"), "demand", p->demand, NULL)))
        goto out;
    if (cs && (key(cs, "supply") || !l->overlay) &&
        (rc = get_countries(l, key(cs, "supply"), "supply", p->supply, NULL)))
        goto out;

    /* Time zones: UTC offsets in hours (standard time) per country, for RF-TIM-01. */
    if ((n = key(root, "timezones"))) {
        if (!fy_node_is_mapping(n)) {
            rc = fail(l, n, "timezones must map countries to UTC offsets in hours");
            goto out;
        }
        it = NULL;
        while ((pr = fy_node_mapping_iterate(n, &it))) {
            char cc[8];
            const char *ccs = scalar(fy_node_pair_key(pr), cc, sizeof(cc));
            uint16_t code = ccs ? jaga_cc_code(ccs, strlen(ccs)) : 0;
            double off;
            if (!code) {
                rc = fail(l, fy_node_pair_key(pr), "'%s' is not an ISO 3166-1 country code",
                          ccs ? ccs : "?");
                goto out;
            }
            if ((rc = get_num(l, fy_node_pair_value(pr), "UTC offset", -12, 14, &off)))
                goto out;
            if (off * 4 != floor(off * 4)) {
                rc = fail(l, fy_node_pair_value(pr), "UTC offset must be in quarter hours");
                goto out;
            }
            p->tz_min[code] = (int16_t)(off * 60);
            p->tz_known[code] = 1;
        }
    }

    /* Corridors: an overlay's come before its base's, so a country's own band wins. */
    n = key(root, "corridors");
    if ((rc = need(l, root, n, "a list of corridors")))
        goto out;
    if (n && !fy_node_is_sequence(n)) {
        rc = fail(l, n, "corridors must be a list");
        goto out;
    }
    it = NULL;
    struct fy_node *c;
    uint32_t at = 0;
    while (n && (c = fy_node_sequence_iterate(n, &it))) {
        if (p->n_bands >= JAGA_BANDS_MAX) {
            rc = fail(l, c, "too many corridors (max %d)", JAGA_BANDS_MAX);
            goto out;
        }
        struct jaga_band nb;
        if ((rc = load_band(l, c, &nb)))
            goto out;
        memmove(&p->bands[at + 1], &p->bands[at], (p->n_bands - at) * sizeof(nb));
        p->bands[at++] = nb;
        p->n_bands++;
    }

    /* Domestic bands: an overlay replaces a band of the same name or adds one. */
    if ((n = key(root, "domestic_bands"))) {
        if (!fy_node_is_sequence(n)) {
            rc = fail(l, n, "domestic_bands must be a list");
            goto out;
        }
        it = NULL;
        while ((c = fy_node_sequence_iterate(n, &it)))
            if ((rc = load_dband(l, c)))
                goto out;
    }

    n = key(root, "corridor_channels");
    if ((rc = need(l, root, n, "corridor_channels")))
        goto out;
    if (n && !fy_node_is_sequence(n)) {
        rc = fail(l, n, "corridor_channels must be a list");
        goto out;
    }
    if (n)
        memset(p->corridor_channel, 0, sizeof(p->corridor_channel));
    it = NULL;
    while (n && (c = fy_node_sequence_iterate(n, &it))) {
        char chn[32];
        const char *sv = scalar(c, chn, sizeof(chn));
        int found = 0;
        for (int k = 0; sv && k < JAGA_CH_COUNT; k++)
            if (!strcmp(sv, channel_names[k]))
                p->corridor_channel[k] = 1, found = 1;
        if (!found) {
            rc = fail(l, c, "unknown channel '%s'", sv ? sv : "?");
            goto out;
        }
    }

    if ((n = key(root, "lexicons"))) {
        if (!fy_node_is_sequence(n)) {
            rc = fail(l, n, "lexicons must be a list of files");
            goto out;
        }
        it = NULL;
        while ((c = fy_node_sequence_iterate(n, &it))) {
            char rel[512], lpath[4608];
            if ((rc = get_str(l, c, "lexicon file", rel, sizeof(rel))))
                goto out;
            snprintf(lpath, sizeof(lpath), "%s/%s", l->dir, rel);
            if ((rc = load_lexicon(l, lpath)))
                goto out;
        }
    }

    n = key(root, "indicators");
    if ((rc = need(l, root, n, "an indicators mapping")))
        goto out;
    if (n && !fy_node_is_mapping(n)) {
        rc = fail(l, n, "indicators must be a mapping");
        goto out;
    }
    it = NULL;
    while (n && (pr = fy_node_mapping_iterate(n, &it)))
        if ((rc = load_indicator(l, fy_node_pair_key(pr), fy_node_pair_value(pr))))
            goto out;

    n = key(root, "typologies");
    if ((rc = need(l, root, n, "a typologies mapping")))
        goto out;
    if (n && !fy_node_is_mapping(n)) {
        rc = fail(l, n, "typologies must be a mapping");
        goto out;
    }
    it = NULL;
    while (n && (pr = fy_node_mapping_iterate(n, &it)))
        if ((rc = load_typology(l, fy_node_pair_key(pr), fy_node_pair_value(pr))))
            goto out;
out:
    fy_document_destroy(doc);
    return rc;
}

static int is_dir(const char *path)
{
    struct stat sb;
    return !stat(path, &sb) && S_ISDIR(sb.st_mode);
}

/* Where a pack name is looked up, in order. */
static int resolve(const char *name, char *out, size_t cap, char *err, size_t errlen)
{
    if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
        if (!is_dir(name)) {
            snprintf(err, errlen, "%s: not a pack directory", name);
            return -ENOENT;
        }
        snprintf(out, cap, "%s", name);
        return 0;
    }
    const char *env = getenv("JAGA_PACK_PATH");
    char dirs[4096];
    snprintf(dirs, sizeof(dirs), "%s%s%s:/usr/local/share/jaga/packs:/usr/share/jaga/packs",
             env ? env : "", env ? ":" : "", JAGA_PACK_DIR);
    char *save = NULL;
    for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        snprintf(out, cap, "%s/%s", d, name);
        if (is_dir(out))
            return 0;
    }
    snprintf(err, errlen, "unknown pack '%s' (looked in $JAGA_PACK_PATH, %s)", name, JAGA_PACK_DIR);
    return -ENOENT;
}

JAGA_COLD int jaga_pack_load(const char *name_or_dir, struct jaga_pack **out, char *err,
                             size_t errlen)
{
    struct jaga_pack *p = jaga_calloc(1, sizeof(*p));
    if (!p)
        return -ENOMEM;
    int rc = -ENOMEM;
    p->strings_cap = 1u << 20;
    p->strings = jaga_malloc(p->strings_cap);
    p->corridor = jaga_calloc((size_t)JAGA_CC_SPACE * JAGA_CC_SPACE, 1);
    if (!p->strings || !p->corridor)
        goto fail;
    if ((rc = resolve(name_or_dir, p->dir, sizeof(p->dir), err, errlen)))
        goto fail;
    for (int k = 0; k < JAGA_IND_COUNT; k++)
        strcpy(p->ind[k].id, ind_ids[k]);
    if ((rc = load_pack_dir(p, p->dir, 0, err, errlen)))
        goto fail;
    build_corridors(p);
    *out = p;
    return 0;
fail:
    jaga_pack_destroy(p);
    return rc;
}

void jaga_pack_destroy(struct jaga_pack *p)
{
    if (!p)
        return;
    jaga_free(p->strings);
    jaga_free(p->corridor);
    jaga_free(p);
}

struct jaga_lexicon jaga_pack_lexicon(const struct jaga_pack *p)
{
    struct jaga_lexicon lx = { .v = p->lex, .n = p->n_lex };
    return lx;
}

static void print_profile_params(const struct jaga_pack *p, const struct jaga_ind_def *d, FILE *fp)
{
    fprintf(fp, "   ");
    if (d->window_h)
        fprintf(fp, " window_h=%u", d->window_h);
    if (d->min_count)
        fprintf(fp, " min_count=%u", d->min_count);
    if (d->max_age)
        fprintf(fp, " max_age=%u", d->max_age);
    if (d->max_days)
        fprintf(fp, " max_days=%u", d->max_days);
    if (d->min_payers)
        fprintf(fp, " min_payers=%u", d->min_payers);
    if (d->min_growth)
        fprintf(fp, " min_growth=%u", d->min_growth);
    for (uint32_t q = 0; q < d->n_countries; q++) {
        char cc[3];
        jaga_cc_str(d->countries[q], cc);
        fprintf(fp, " country=%s", cc);
    }
    if (d->min_share)
        fprintf(fp, " min_share=%u", d->min_share);
    if (d->max_amount > 0)
        fprintf(fp, " max_amount=%g %s (USD %.2f)", d->max_amount, d->amount_currency, d->max_usd);
    if (d->min_amount > 0)
        fprintf(fp, " min_amount=%g %s (USD %.2f)", d->min_amount, d->amount_currency, d->min_usd);
    for (int q = 0; q < JAGA_CH_COUNT; q++)
        if (d->channels >> q & 1)
            fprintf(fp, " channel=%s", channel_names[q]);
    for (uint32_t q = 0; q < JAGA_ARRAY_SIZE(kind_names); q++)
        if (d->kinds >> q & 1)
            fprintf(fp, " kind=%s", kind_names[q]);
    for (uint32_t q = 0; q < d->n_mccs; q++)
        fprintf(fp, d->mcc_lo[q] == d->mcc_hi[q] ? " mcc=%04u" : " mcc=%04u-%04u", d->mcc_lo[q],
                d->mcc_hi[q]);
    if (d->corridor_only)
        fprintf(fp, " corridor_only");
    for (uint32_t q = 0; q < p->n_dbands; q++)
        if (d->bands >> q & 1)
            fprintf(fp, " band=%s", p->dbands[q].name);
    fputc('\n', fp);
}

void jaga_pack_print(const struct jaga_pack *p, void *vfp)
{
    FILE *fp = vfp;
    fprintf(fp, "pack %s (%s)\nfx table of %s\n", p->label, p->dir, p->fx_date);
    for (uint32_t b = 0; b < p->n_bands; b++)
        fprintf(fp, "corridor band %u: %s %.10g-%.10g (USD %.2f-%.2f)  [%s]\n", b + 1,
                p->bands[b].currency, p->bands[b].min, p->bands[b].max, p->bands[b].min_usd,
                p->bands[b].max_usd, p->bands[b].source);
    for (uint32_t b = 0; b < p->n_dbands; b++)
        fprintf(fp, "domestic band %s: %s %.10g-%.10g (USD %.2f-%.2f)  [%s]\n", p->dbands[b].name,
                p->dbands[b].currency, p->dbands[b].min, p->dbands[b].max, p->dbands[b].min_usd,
                p->dbands[b].max_usd, p->dbands[b].source);
    for (int k = 0; k < JAGA_IND_COUNT; k++) {
        const struct jaga_ind_def *d = &p->ind[k];
        if (!d->enabled)
            continue;
        fprintf(fp, "%s  %s\n", d->id, d->name);
        if (k >= JAGA_IND_AMT_03 && prof_spec[k].takes)
            print_profile_params(p, d, fp);
        if (d->window_h && k < JAGA_IND_AMT_03)
            fprintf(fp, "    window_h=%u min_count=%u", d->window_h, d->min_count);
        if (d->short_window_h)
            fprintf(fp, " short_window_h=%u short_min_count=%u", d->short_window_h,
                    d->short_min_count);
        if (d->window_h && k < JAGA_IND_AMT_03)
            fputc('\n', fp);
        if (d->categories) {
            fprintf(fp, "    categories:");
            for (uint32_t c = 0; c < p->n_cats; c++)
                if (d->categories >> c & 1)
                    fprintf(fp, " %s", p->cat_names[c]);
            fputc('\n', fp);
        }
        fprintf(fp, "    source: %s\n", d->source);
    }
    for (uint32_t t = 0; t < p->n_typo; t++) {
        const struct jaga_typo_def *ty = &p->typo[t];
        fprintf(fp, "typology %s: subject=%s action=%s threshold=%.2f", ty->name,
                jaga_subject_str(ty->subject), jaga_action_str(ty->action), (double)ty->threshold);
        for (uint32_t q = 0; q < p->n_dbands; q++)
            if (ty->lay_bands >> q & 1)
                fprintf(fp, " lay_band=%s", p->dbands[q].name);
        /* An overlay may switch off an indicator a typology needs: say so, as it never fires. */
        for (int k = 0; k < JAGA_IND_COUNT; k++)
            if ((ty->require_all >> k & 1) && !p->ind[k].enabled)
                fprintf(fp, " INACTIVE (needs %s, switched off)", ind_ids[k]);
        fputc('\n', fp);
        for (int k = 0; k < JAGA_IND_COUNT; k++)
            if (ty->weight[k] != 0.0f || ((ty->require_all | ty->require_any) >> k & 1))
                fprintf(fp, "    %-14s weight %.2f%s%s\n", ind_ids[k], (double)ty->weight[k],
                        ty->require_all >> k & 1 ? "  (required)" : "",
                        ty->require_any >> k & 1 ? "  (one of)" : "");
    }
    fprintf(fp, "lexicon: %u patterns in %u categories\n", p->n_lex, p->n_cats);
}
