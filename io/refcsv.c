// SPDX-License-Identifier: Apache-2.0
/*
 * Loaders for the reference data of CONTRACT.md §2: the accounts file and the watch list. They
 * use the same RFC 4180 cursor as the transaction source (io/csv_split.h) but the opposite
 * error policy: reference data steers every decision, so one bad row refuses the whole file
 * with "FILE:LINE: reason" instead of being skipped. Completely empty lines are not rows and
 * are ignored (hand-edited lists often end with one). Loading is a cold path; it allocates
 * freely and copies every string it keeps.
 */
#include "io/csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/base.h"
#include "core/clock.h"
#include "core/codes.h"
#include "core/hash.h"
#include "core/mem.h"
#include "io/csv_split.h"
#include "io/reader.h"

/* Longest value of the free-text columns (list names, ids) kept from reference files. */
#define REF_ID_MAX   JAGA_ID_MAX
#define REF_TEXT_MAX JAGA_NAME_MAX

/* One reference file being read: reader, cursor, header map and the error text. */
struct ref_file {
    const char *path;
    struct jaga_reader *rd;
    struct jaga_csv_cur cur;
    struct jaga_csv_rec *rec;
    const char *const *cols; /* known column names */
    int ncols_known;
    int col[16]; /* column index of each known name, -1 absent */
    uint32_t nf; /* columns in the header */
    char *err;
    size_t errlen;
};

JAGA_PRINTF(3, 4)
static int ref_fail(struct ref_file *rf, uint64_t line, const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (rf->err && rf->errlen)
        snprintf(rf->err, rf->errlen, "%s:%llu: %s", rf->path, (unsigned long long)line, msg);
    return -EINVAL;
}

static int ref_errno(struct ref_file *rf, int e)
{
    if (rf->err && rf->errlen)
        snprintf(rf->err, rf->errlen, "%s: %s", rf->path, strerror(-e));
    return e;
}

static void ref_close(struct ref_file *rf)
{
    jaga_csv_cur_fini(&rf->cur);
    jaga_reader_close(rf->rd);
    jaga_free(rf->rec);
}

/* Common record checks; 0 or -EINVAL with the message set. */
static int ref_check_rec(struct ref_file *rf, const struct jaga_csv_rec *rec)
{
    if (rec->flags & JAGA_CSV_TOOLONG)
        return ref_fail(rf, rec->line, "record too long (> %d bytes)", JAGA_REC_MAX);
    if (rec->flags & JAGA_CSV_READERR)
        return ref_fail(rf, rec->line, "truncated by read error");
    if (rec->flags & JAGA_CSV_NUL)
        return ref_fail(rf, rec->line, "NUL byte");
    if (rec->flags & JAGA_CSV_BADQUOTE)
        return ref_fail(rf, rec->line, "bad quoting");
    if (rec->nf > JAGA_CSV_MAX_COLS)
        return ref_fail(rf, rec->line, "too many columns (%u > %d)", rec->nf, JAGA_CSV_MAX_COLS);
    if (rec->flags & JAGA_CSV_HIGH) {
        for (uint32_t k = 0; k < rec->nf; k++) {
            if (jaga_utf8_valid(rec->f[k].p, rec->f[k].len))
                continue;
            for (int i = 0; i < rf->ncols_known; i++)
                if (rf->col[i] == (int)k)
                    return ref_fail(rf, rec->line, "invalid UTF-8 in %s", rf->cols[i]);
            return ref_fail(rf, rec->line, "invalid UTF-8 in column %u", k + 1);
        }
    }
    return 0;
}

/* Opens the file and maps its header. `required` is the index in cols of the one required
 * column. 0 or -errno/-EINVAL with the message set. */
JAGA_COLD static int ref_open(struct ref_file *rf, const char *path, const char *const *cols,
                              int ncols, int required, char *err, size_t errlen)
{
    struct jaga_csv_rec *rec;
    int ret;

    memset(rf, 0, sizeof(*rf));
    rf->path = path ? path : "stdin";
    rf->cols = cols;
    rf->ncols_known = ncols;
    rf->err = err;
    rf->errlen = errlen;
    for (int i = 0; i < ncols; i++)
        rf->col[i] = -1;
    ret = jaga_reader_open(path, &rf->rd);
    if (ret < 0)
        return ref_errno(rf, ret);
    rf->rec = jaga_malloc(sizeof(*rf->rec));
    ret = rf->rec ? jaga_csv_cur_init(&rf->cur, rf->rd) : -ENOMEM;
    if (ret < 0) {
        jaga_reader_close(rf->rd);
        jaga_free(rf->rec);
        return ref_errno(rf, ret);
    }
    rec = rf->rec;

    if (!jaga_csv_next(&rf->cur, rec)) {
        ret = rf->cur.err ? ref_errno(rf, rf->cur.err)
                          : ref_fail(rf, 1, "header lacks required column '%s'", cols[required]);
        goto fail;
    }
    if ((ret = ref_check_rec(rf, rec)) < 0)
        goto fail;
    rf->nf = rec->nf;
    for (uint32_t k = 0; k < rec->nf; k++) {
        const uint8_t *p = rec->f[k].p;
        size_t len = rec->f[k].len;

        if (k == 0 && len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
            p += 3; /* UTF-8 byte order mark from spreadsheet exports */
            len -= 3;
        }
        for (int i = 0; i < ncols; i++) {
            if (strlen(cols[i]) != len || memcmp(cols[i], p, len) != 0)
                continue;
            if (rf->col[i] >= 0) {
                ret = ref_fail(rf, rec->line, "header has duplicate column '%s'", cols[i]);
                goto fail;
            }
            rf->col[i] = (int)k;
        }
    }
    if (rf->col[required] < 0) {
        ret = ref_fail(rf, rec->line, "header lacks required column '%s'", cols[required]);
        goto fail;
    }
    return 0;

fail:
    ref_close(rf);
    return ret;
}

/* Next data row: 1 with the row checked, 0 at end, or a negative error. Skips empty lines. */
static int ref_next(struct ref_file *rf)
{
    for (;;) {
        int ret;

        if (!jaga_csv_next(&rf->cur, rf->rec))
            return rf->cur.err ? ref_errno(rf, rf->cur.err) : 0;
        if (rf->rec->flags & JAGA_CSV_EMPTY)
            continue;
        if ((ret = ref_check_rec(rf, rf->rec)) < 0)
            return ret;
        if (rf->rec->nf != rf->nf)
            return ref_fail(rf, rf->rec->line, "wrong column count: %u of %u", rf->rec->nf, rf->nf);
        return 1;
    }
}

/* Field of known column i in the current row; empty when the column is absent. */
static struct jaga_csv_field ref_get(const struct ref_file *rf, int i)
{
    static const uint8_t none[1] = { 0 };
    struct jaga_csv_field v = { .p = none, .len = 0 };

    if (rf->col[i] >= 0)
        v = rf->rec->f[rf->col[i]];
    return v;
}

static bool field_is(const struct jaga_csv_field *v, const char *s)
{
    return strlen(s) == v->len && memcmp(s, v->p, v->len) == 0;
}

/* Unsigned decimal of 1..9 digits into *out; false otherwise. */
static bool parse_uint(const struct jaga_csv_field *v, unsigned *out)
{
    unsigned x = 0;

    if (v->len == 0 || v->len > 9)
        return false;
    for (size_t i = 0; i < v->len; i++) {
        unsigned d = (unsigned)v->p[i] - '0';

        if (d > 9)
            return false;
        x = x * 10 + d;
    }
    *out = x;
    return true;
}

/* Checks an optional birth_year (1900-2100) and country column. */
static int parse_year_country(struct ref_file *rf, int iy, int ic, uint16_t *year, uint16_t *cc)
{
    struct jaga_csv_field v = ref_get(rf, iy);
    unsigned y;

    *year = 0;
    *cc = 0;
    if (v.len) {
        if (!parse_uint(&v, &y) || y < 1900 || y > 2100)
            return ref_fail(rf, rf->rec->line, "bad birth_year '%.*s'", (int)JAGA_MIN(v.len, 32),
                            (const char *)v.p);
        *year = (uint16_t)y;
    }
    v = ref_get(rf, ic);
    if (v.len) {
        *cc = jaga_cc_code((const char *)v.p, v.len);
        if (!*cc)
            return ref_fail(rf, rf->rec->line, "bad country '%.*s'", (int)JAGA_MIN(v.len, 32),
                            (const char *)v.p);
    }
    return 0;
}

/* Optional id column (<= 64 bytes) hashed, 0 when empty. */
static int parse_opt_id(struct ref_file *rf, int i, uint64_t *h)
{
    struct jaga_csv_field v = ref_get(rf, i);

    *h = 0;
    if (v.len > REF_ID_MAX)
        return ref_fail(rf, rf->rec->line, "%s too long (%zu > %d)", rf->cols[i], v.len,
                        REF_ID_MAX);
    if (v.len)
        *h = jaga_hash_id(v.p, v.len);
    return 0;
}

/* `opened`: YYYY-MM-DD (years 1900-9999, accounts can predate 1970) or an RFC 3339 time. */
static bool parse_opened(const struct jaga_csv_field *v, int32_t *day)
{
    const uint8_t *p = v->p;

    if (v->len == 10) {
        static const unsigned char dim[13] = { 0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        unsigned y = 0, m, d;

        for (int i = 0; i < 10; i++) {
            if (i == 4 || i == 7) {
                if (p[i] != '-')
                    return false;
            } else if ((unsigned)p[i] - '0' > 9) {
                return false;
            }
        }
        for (int i = 0; i < 4; i++)
            y = y * 10 + (p[i] - '0');
        m = (unsigned)(p[5] - '0') * 10 + (p[6] - '0');
        d = (unsigned)(p[8] - '0') * 10 + (p[9] - '0');
        if (y < 1900 || m < 1 || m > 12 || d < 1 || d > dim[m])
            return false;
        if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
            return false;
        *day = (int32_t)jaga_days_from_civil(y, m, d);
        return true;
    }
    if (v->len >= 20) {
        int64_t ms;

        if (jaga_ts_parse((const char *)p, v->len, &ms) < 0)
            return false;
        *day = (int32_t)(ms / 86400000);
        return true;
    }
    return false;
}

static const char *const acct_cols[] = { "account_id", "kind",      "opened",
                                         "birth_year", "sex",       "country",
                                         "kyc_level",  "holder_id", "guardian_id" };
enum { A_ID, A_KIND, A_OPENED, A_BIRTH, A_SEX, A_COUNTRY, A_KYC, A_HOLDER, A_GUARDIAN };

static const char *const kind_names[] = { "",       "bank",    "ewallet",  "card",
                                          "crypto", "prepaid", "merchant", "remitter" };

static int parse_account(struct ref_file *rf, struct jaga_account_ref *a)
{
    uint64_t line = rf->rec->line;
    struct jaga_csv_field v;
    unsigned x;
    int ret;

    memset(a, 0, sizeof(*a));
    v = ref_get(rf, A_ID);
    if (v.len == 0)
        return ref_fail(rf, line, "empty account_id");
    if (v.len > REF_ID_MAX)
        return ref_fail(rf, line, "account_id too long (%zu > %d)", v.len, REF_ID_MAX);
    a->id_h = jaga_hash_id(v.p, v.len);

    v = ref_get(rf, A_KIND);
    a->kind = JAGA_KIND_UNKNOWN;
    if (v.len) {
        size_t k;

        for (k = 1; k < JAGA_ARRAY_SIZE(kind_names); k++)
            if (field_is(&v, kind_names[k]))
                break;
        if (k == JAGA_ARRAY_SIZE(kind_names))
            return ref_fail(rf, line, "unknown kind '%.*s'", (int)JAGA_MIN(v.len, 32),
                            (const char *)v.p);
        a->kind = (uint8_t)k;
    }

    v = ref_get(rf, A_OPENED);
    a->opened_day = INT32_MIN;
    if (v.len && !parse_opened(&v, &a->opened_day))
        return ref_fail(rf, line, "bad opened '%.*s'", (int)JAGA_MIN(v.len, 32), (const char *)v.p);

    if ((ret = parse_year_country(rf, A_BIRTH, A_COUNTRY, &a->birth_year, &a->country)) < 0)
        return ret;

    v = ref_get(rf, A_SEX);
    if (v.len) {
        if (v.len != 1 || (v.p[0] != 'M' && v.p[0] != 'F' && v.p[0] != 'U'))
            return ref_fail(rf, line, "bad sex '%.*s'", (int)JAGA_MIN(v.len, 32),
                            (const char *)v.p);
        a->sex = (char)v.p[0];
    }

    v = ref_get(rf, A_KYC);
    a->kyc_level = -1;
    if (v.len) {
        if (!parse_uint(&v, &x) || x > 3)
            return ref_fail(rf, line, "bad kyc_level '%.*s'", (int)JAGA_MIN(v.len, 32),
                            (const char *)v.p);
        a->kyc_level = (int8_t)x;
    }
    if ((ret = parse_opt_id(rf, A_HOLDER, &a->holder_h)) < 0 ||
        (ret = parse_opt_id(rf, A_GUARDIAN, &a->guardian_h)) < 0)
        return ret;
    return 0;
}

JAGA_COLD int jaga_accounts_load(const char *path, struct jaga_accounts *out, char *err,
                                 size_t errlen)
{
    struct ref_file rf;
    struct jaga_account_ref *v = NULL;
    size_t n = 0, cap = 0;
    int ret;

    if (!out)
        return -EINVAL;
    ret = ref_open(&rf, path, acct_cols, (int)JAGA_ARRAY_SIZE(acct_cols), A_ID, err, errlen);
    if (ret < 0)
        return ret;
    while ((ret = ref_next(&rf)) > 0) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            struct jaga_account_ref *nv = jaga_realloc(v, ncap * sizeof(*v));

            if (!nv) {
                ret = ref_errno(&rf, -ENOMEM);
                break;
            }
            v = nv;
            cap = ncap;
        }
        if ((ret = parse_account(&rf, &v[n])) < 0)
            break;
        n++;
    }
    ref_close(&rf);
    if (ret < 0) {
        jaga_free(v);
        return ret;
    }
    out->v = v;
    out->n = n;
    return 0;
}

JAGA_COLD void jaga_accounts_free(struct jaga_accounts *a)
{
    if (!a)
        return;
    jaga_free(a->v);
    a->v = NULL;
    a->n = 0;
}

static const char *const wl_cols[] = { "entry_id", "list",       "kind",    "account_id", "name",
                                       "aliases",  "birth_year", "country", "severity" };
enum { W_ID, W_LIST, W_KIND, W_ACCOUNT, W_NAME, W_ALIASES, W_BIRTH, W_COUNTRY, W_SEVERITY };

static void watch_entry_free(struct jaga_watch_entry *e)
{
    jaga_free(e->entry_id);
    jaga_free(e->list);
    jaga_free(e->account_id);
    jaga_free(e->name);
    for (uint32_t i = 0; i < e->n_aliases; i++)
        jaga_free(e->aliases[i]);
    jaga_free(e->aliases);
    memset(e, 0, sizeof(*e));
}

static char *dup_field(const struct jaga_csv_field *v)
{
    return jaga_strndup((const char *)v->p, v->len);
}

/* Text column with a length limit, copied. */
static int take_text(struct ref_file *rf, int i, size_t max, char **out)
{
    struct jaga_csv_field v = ref_get(rf, i);

    if (v.len > max)
        return ref_fail(rf, rf->rec->line, "%s too long (%zu > %zu)", rf->cols[i], v.len, max);
    *out = dup_field(&v);
    return *out ? 0 : ref_errno(rf, -ENOMEM);
}

/* Splits `aliases` on '|'; empty pieces (`a||b`, a trailing '|') are dropped. */
static int take_aliases(struct ref_file *rf, struct jaga_watch_entry *e)
{
    struct jaga_csv_field v = ref_get(rf, W_ALIASES);
    size_t start = 0, count = 1;

    for (size_t i = 0; i < v.len; i++)
        count += v.p[i] == '|';
    if (v.len == 0)
        return 0;
    e->aliases = jaga_calloc(count, sizeof(char *));
    if (!e->aliases)
        return ref_errno(rf, -ENOMEM);
    for (size_t i = 0; i <= v.len; i++) {
        if (i < v.len && v.p[i] != '|')
            continue;
        if (i > start) {
            if (i - start > REF_TEXT_MAX)
                return ref_fail(rf, rf->rec->line, "alias too long (%zu > %d)", i - start,
                                REF_TEXT_MAX);
            e->aliases[e->n_aliases] = jaga_strndup((const char *)v.p + start, i - start);
            if (!e->aliases[e->n_aliases])
                return ref_errno(rf, -ENOMEM);
            e->n_aliases++;
        }
        start = i + 1;
    }
    return 0;
}

/* On failure the partly filled entry is freed here. */
static int parse_watch(struct ref_file *rf, struct jaga_watch_entry *e)
{
    uint64_t line = rf->rec->line;
    struct jaga_csv_field v;
    int ret;

    memset(e, 0, sizeof(*e));
    e->line = (uint32_t)line;
    v = ref_get(rf, W_ID);
    if (v.len == 0) {
        ret = ref_fail(rf, line, "empty entry_id");
        goto fail;
    }
    if ((ret = take_text(rf, W_ID, REF_ID_MAX, &e->entry_id)) < 0 ||
        (ret = take_text(rf, W_LIST, REF_ID_MAX, &e->list)) < 0 ||
        (ret = take_text(rf, W_ACCOUNT, REF_ID_MAX, &e->account_id)) < 0 ||
        (ret = take_text(rf, W_NAME, REF_TEXT_MAX, &e->name)) < 0 ||
        (ret = take_aliases(rf, e)) < 0)
        goto fail;
    if (e->account_id[0])
        e->account_h = jaga_hash_id(e->account_id, strlen(e->account_id));

    v = ref_get(rf, W_KIND);
    if (v.len == 0)
        e->kind = e->account_id[0] ? JAGA_WL_ACCOUNT : JAGA_WL_PERSON;
    else if (field_is(&v, "account"))
        e->kind = JAGA_WL_ACCOUNT;
    else if (field_is(&v, "person"))
        e->kind = JAGA_WL_PERSON;
    else if (field_is(&v, "crypto"))
        e->kind = JAGA_WL_CRYPTO;
    else {
        ret =
            ref_fail(rf, line, "unknown kind '%.*s'", (int)JAGA_MIN(v.len, 32), (const char *)v.p);
        goto fail;
    }
    if ((e->kind == JAGA_WL_ACCOUNT || e->kind == JAGA_WL_CRYPTO) && !e->account_id[0]) {
        ret = ref_fail(rf, line, "%s entry needs account_id",
                       e->kind == JAGA_WL_ACCOUNT ? "account" : "crypto");
        goto fail;
    }
    if (e->kind == JAGA_WL_PERSON && !e->name[0]) {
        ret = ref_fail(rf, line, "person entry needs a name");
        goto fail;
    }
    if ((ret = parse_year_country(rf, W_BIRTH, W_COUNTRY, &e->birth_year, &e->country)) < 0)
        goto fail;

    v = ref_get(rf, W_SEVERITY);
    e->severity = 2;
    if (v.len) {
        if (v.len != 1 || v.p[0] < '1' || v.p[0] > '3') {
            ret = ref_fail(rf, line, "bad severity '%.*s'", (int)JAGA_MIN(v.len, 32),
                           (const char *)v.p);
            goto fail;
        }
        e->severity = (uint8_t)(v.p[0] - '0');
    }
    return 0;

fail:
    watch_entry_free(e);
    return ret;
}

JAGA_COLD int jaga_watchlist_load(const char *path, struct jaga_watchlist *out, char *err,
                                  size_t errlen)
{
    struct ref_file rf;
    struct jaga_watchlist w = { 0 };
    size_t cap = 0;
    int ret;

    if (!out)
        return -EINVAL;
    ret = ref_open(&rf, path, wl_cols, (int)JAGA_ARRAY_SIZE(wl_cols), W_ID, err, errlen);
    if (ret < 0)
        return ret;
    while ((ret = ref_next(&rf)) > 0) {
        if (w.n == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            struct jaga_watch_entry *nv = jaga_realloc(w.v, ncap * sizeof(*w.v));

            if (!nv) {
                ret = ref_errno(&rf, -ENOMEM);
                break;
            }
            w.v = nv;
            cap = ncap;
        }
        if ((ret = parse_watch(&rf, &w.v[w.n])) < 0)
            break;
        w.n++;
    }
    ref_close(&rf);
    if (ret < 0) {
        jaga_watchlist_free(&w);
        return ret;
    }
    *out = w;
    return 0;
}

JAGA_COLD void jaga_watchlist_free(struct jaga_watchlist *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->n; i++)
        watch_entry_free(&w->v[i]);
    jaga_free(w->v);
    w->v = NULL;
    w->n = 0;
}
