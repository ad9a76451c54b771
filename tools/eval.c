// SPDX-License-Identifier: Apache-2.0
/*
 * `jaga eval`: scores an alerts file against `jaga gen`'s ground truth (definitions and the
 * eval.json fields are in tools/eval.h). The order of work keeps memory independent of the
 * transaction count: truth.csv first (entities, and the first_tx_ids to find), then the alerts
 * (aggregated per subject and typology; alert tx_ids join the set to find), then lookalikes.csv
 * (only for subjects that were alerted), and last one streaming pass over tx.csv that counts
 * rows and records row index and ts of the tx_ids in the set. It is not a general JSON or CSV
 * library: the alert scanner accepts any JSON object per line but only decodes the fields eval
 * needs, and the CSV reader splits RFC 4180 records without judging field content beyond what
 * eval uses. Everything is cold; the tx.csv loop is the only part that has to be quick, so its
 * common case (no quote in the line) is two memchr calls, a hash and a probe.
 */
#include "tools/eval.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/base.h"
#include "core/clock.h"
#include "core/hash.h"
#include "core/mem.h"
#include "jaga/jaga.h"

#define EV_NONE      UINT32_MAX
#define EV_ID_MAX    64
#define EV_NAME_MAX  31
#define EV_MAXF      64
#define EV_SNAME_MAX 560 /* io/csv.h JAGA_NAME_MAX */
#define EV_STEP_E4   500 /* sweep step 0.05 in 1e-4 units */

const double jaga_eval_ttd_edges_h[JAGA_EVAL_TTD_BINS - 1] = { 1, 6, 24, 72, 168, 336, 720 };

JAGA_PRINTF(4, 5) static int ev_err(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Growable arrays, a string arena and an open-addressing map of 64-bit hashes                 */
/* ------------------------------------------------------------------------------------------ */

/* Makes room for one more element of size sz in *p (n used, *cap allocated). */
static int ev_grow(void **p, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    void *q = jaga_realloc(*p, nc * sz);
    if (!q)
        return -ENOMEM;
    *p = q;
    *cap = nc;
    return 0;
}

struct ev_arena {
    char *p;
    size_t len, cap;
};

/* Copies s[0..n) with a NUL; returns its offset, or -ENOMEM. Offsets survive reallocation. */
static int64_t ev_arena_add(struct ev_arena *a, const char *s, size_t n)
{
    if (a->len + n + 1 > a->cap) {
        size_t nc = a->cap ? a->cap : 4096;
        while (nc < a->len + n + 1)
            nc *= 2;
        char *q = jaga_realloc(a->p, nc);
        if (!q)
            return -ENOMEM;
        a->p = q;
        a->cap = nc;
    }
    int64_t off = (int64_t)a->len;
    memcpy(a->p + a->len, s, n);
    a->p[a->len + n] = 0;
    a->len += n + 1;
    return off;
}

/* Keys are jaga_hash_id() values, never 0, so 0 marks an empty slot; keys are already well
 * mixed, so the low bits index directly. Load stays at or under one half: most tx.csv lookups
 * miss, and a miss costs a probe run. */
struct ev_map {
    uint64_t *key;
    uint32_t *val;
    size_t mask, n;
};

static int ev_map_init(struct ev_map *m, size_t cap)
{
    size_t c = 16;
    while (c < cap * 2)
        c *= 2;
    m->key = jaga_calloc(c, sizeof(*m->key));
    m->val = jaga_malloc(c * sizeof(*m->val));
    m->mask = c - 1;
    m->n = 0;
    if (!m->key || !m->val) {
        jaga_free(m->key);
        jaga_free(m->val);
        m->key = NULL;
        m->val = NULL;
        return -ENOMEM;
    }
    return 0;
}

static void ev_map_free(struct ev_map *m)
{
    jaga_free(m->key);
    jaga_free(m->val);
    memset(m, 0, sizeof(*m));
}

static uint32_t *ev_map_get(const struct ev_map *m, uint64_t k)
{
    for (size_t i = k & m->mask;; i = (i + 1) & m->mask) {
        if (m->key[i] == k)
            return &m->val[i];
        if (!m->key[i])
            return NULL;
    }
}

/* Inserts k (which must be absent). */
static int ev_map_put(struct ev_map *m, uint64_t k, uint32_t v)
{
    if ((m->n + 1) * 2 > m->mask + 1) {
        struct ev_map g;
        if (ev_map_init(&g, m->mask + 1))
            return -ENOMEM;
        for (size_t i = 0; i <= m->mask; i++)
            if (m->key[i])
                ev_map_put(&g, m->key[i], m->val[i]);
        ev_map_free(m);
        *m = g;
    }
    size_t i = k & m->mask;
    while (m->key[i])
        i = (i + 1) & m->mask;
    m->key[i] = k;
    m->val[i] = v;
    m->n++;
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* RFC 4180 record reader                                                                      */
/* ------------------------------------------------------------------------------------------ */

struct ev_fld {
    const char *p;
    size_t len;
};

struct ev_csv {
    const char *path;
    int fd;
    char *buf, *scratch;
    size_t cap, pos, end;
    bool eof;
    uint64_t line;     /* physical line where the next record starts (1-based) */
    uint64_t rec_line; /* line of the record just returned */
    uint32_t nf;       /* fields split, at most the `want` passed to ev_csv_next */
    bool more;         /* the record has more fields than were split */
    struct ev_fld f[EV_MAXF];
};

static int ev_csv_open(struct ev_csv *c, const char *path, size_t cap, char *err, size_t errlen)
{
    memset(c, 0, sizeof(*c));
    c->path = path;
    c->line = 1;
    c->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (c->fd < 0)
        return ev_err(err, errlen, -errno, "%s: %s", path, strerror(errno));
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(c->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    c->cap = cap;
    c->buf = jaga_malloc(cap);
    c->scratch = jaga_malloc(cap);
    if (!c->buf || !c->scratch) {
        close(c->fd);
        jaga_free(c->buf);
        jaga_free(c->scratch);
        return ev_err(err, errlen, -ENOMEM, "out of memory");
    }
    return 0;
}

static void ev_csv_close(struct ev_csv *c)
{
    if (c->buf) {
        close(c->fd);
        jaga_free(c->buf);
        jaga_free(c->scratch);
        c->buf = NULL;
    }
}

/* Moves the unread tail to the front and reads more. 0, or -errno / -E2BIG. */
static int ev_csv_fill(struct ev_csv *c)
{
    if (c->pos) {
        memmove(c->buf, c->buf + c->pos, c->end - c->pos);
        c->end -= c->pos;
        c->pos = 0;
    }
    if (c->end == c->cap)
        return -E2BIG;
    for (;;) {
        ssize_t n = read(c->fd, c->buf + c->end, c->cap - c->end);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        if (n == 0)
            c->eof = true;
        c->end += (size_t)n;
        return 0;
    }
}

enum { EV_Q_FSTART, EV_Q_UNQ, EV_Q_QUOTED, EV_Q_QEND };

/* The byte-by-byte path for a record with a quote: unescapes into scratch. Returns 1 with the
 * record's length in *used (line end included) and the newlines it spans in *nl, 0 when the
 * data ends inside the record before EOF, -EINVAL on bad quoting. */
static int ev_csv_slow(struct ev_csv *c, const char *s, size_t avail, uint32_t want, size_t *used,
                       uint64_t *nl)
{
    char *o = c->scratch, *fs = o;
    int st = EV_Q_FSTART;
    size_t i = 0;
    uint64_t lines = 0;

    c->nf = 0;
    c->more = false;
    for (;; i++) {
        bool end_rec = false;
        if (i == avail) {
            if (!c->eof)
                return 0;
            if (st == EV_Q_QUOTED)
                return -EINVAL;
            end_rec = true;
        } else {
            char ch = s[i];
            switch (st) {
            case EV_Q_FSTART:
            case EV_Q_UNQ:
                if (ch == '"') {
                    if (st == EV_Q_UNQ)
                        return -EINVAL;
                    st = EV_Q_QUOTED;
                    continue;
                }
                if (ch == '\n') {
                    if (o > fs && o[-1] == '\r')
                        o--;
                    end_rec = true;
                    lines++;
                    break;
                }
                if (ch == ',')
                    break;
                *o++ = ch;
                st = EV_Q_UNQ;
                continue;
            case EV_Q_QUOTED:
                if (ch == '"')
                    st = EV_Q_QEND;
                else
                    *o++ = ch;
                lines += ch == '\n';
                continue;
            case EV_Q_QEND:
                if (ch == '"') {
                    *o++ = '"';
                    st = EV_Q_QUOTED;
                    continue;
                }
                if (ch == '\r' && i + 1 == avail && !c->eof)
                    return 0;
                if (ch == '\r' && i + 1 < avail && s[i + 1] == '\n')
                    continue;
                if (ch == '\n') {
                    end_rec = true;
                    lines++;
                    break;
                }
                if (ch != ',')
                    return -EINVAL;
                break;
            }
        }
        /* A field ends here (a comma, or the end of the record). */
        if (c->nf < want)
            c->f[c->nf++] = (struct ev_fld){ fs, (size_t)(o - fs) };
        else
            c->more = true;
        fs = o;
        st = EV_Q_FSTART;
        if (end_rec) {
            *used = i < avail ? i + 1 : i;
            *nl = lines;
            return 1;
        }
    }
}

/* Reads the next record, splitting at most `want` (<= EV_MAXF) fields. Returns 1, 0 at the end
 * of the file, or a negative errno with "FILE:LINE: reason" in err. Fields stay valid until
 * the next call. */
static int ev_csv_next(struct ev_csv *c, uint32_t want, char *err, size_t errlen)
{
    for (;;) {
        char *s = c->buf + c->pos;
        size_t avail = c->end - c->pos;
        if (!avail && c->eof)
            return 0;
        char *nlp = avail ? memchr(s, '\n', avail) : NULL;
        int rc;
        if (!nlp && !c->eof)
            goto refill;
        size_t len = nlp ? (size_t)(nlp - s) : avail;
        if (!memchr(s, '"', len)) {
            size_t rl = len && s[len - 1] == '\r' ? len - 1 : len;
            const char *p = s, *e = s + rl;
            c->nf = 0;
            c->more = false;
            for (;;) {
                const char *q = memchr(p, ',', (size_t)(e - p));
                if (c->nf == want) {
                    c->more = true;
                    break;
                }
                c->f[c->nf++] = (struct ev_fld){ p, (size_t)((q ? q : e) - p) };
                if (!q)
                    break;
                p = q + 1;
            }
            c->rec_line = c->line++;
            c->pos += len + (nlp != NULL);
            return 1;
        }
        size_t used;
        uint64_t nl;
        rc = ev_csv_slow(c, s, avail, want, &used, &nl);
        if (rc < 0)
            return ev_err(err, errlen, -EINVAL, "%s:%llu: bad quoting", c->path,
                          (unsigned long long)c->line);
        if (rc > 0) {
            c->rec_line = c->line;
            c->line += nl;
            c->pos += used;
            return 1;
        }
    refill:
        rc = ev_csv_fill(c);
        if (rc == -E2BIG)
            return ev_err(err, errlen, -EINVAL, "%s:%llu: record longer than %zu bytes", c->path,
                          (unsigned long long)c->line, c->cap);
        if (rc)
            return ev_err(err, errlen, rc, "%s: %s", c->path, strerror(-rc));
    }
}

/* Reads the header and finds the named columns (idx[k] = -1 when absent). Returns the column
 * count, or a negative errno. */
static int ev_csv_header(struct ev_csv *c, const char *const *names, int *idx, size_t n_names,
                         char *err, size_t errlen)
{
    int rc = ev_csv_next(c, EV_MAXF, err, errlen);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ev_err(err, errlen, -EINVAL, "%s:1: empty file (a header row is required)", c->path);
    if (c->more)
        return ev_err(err, errlen, -EINVAL, "%s:1: more than %d columns", c->path, EV_MAXF);
    /* A UTF-8 byte order mark is not part of the first name. */
    if (c->f[0].len >= 3 && !memcmp(c->f[0].p, "\xef\xbb\xbf", 3)) {
        c->f[0].p += 3;
        c->f[0].len -= 3;
    }
    for (size_t k = 0; k < n_names; k++) {
        idx[k] = -1;
        for (uint32_t j = 0; j < c->nf; j++)
            if (c->f[j].len == strlen(names[k]) && !memcmp(c->f[j].p, names[k], c->f[j].len))
                idx[k] = (int)j;
    }
    return (int)c->nf;
}

/* Opens path and reads its header: the columns of names (idx[k] = -1 when absent), every one
 * in `required` (bit k for names[k]) present, else "FILE:1: header needs WHAT". Returns the
 * column count with c open, or a negative errno with c closed. */
static int ev_csv_begin(struct ev_csv *c, const char *path, size_t cap, const char *const *names,
                        int *idx, size_t n_names, unsigned required, const char *what, char *err,
                        size_t errlen)
{
    int rc = ev_csv_open(c, path, cap, err, errlen);
    if (rc)
        return rc;
    int ncol = ev_csv_header(c, names, idx, n_names, err, errlen);
    for (size_t k = 0; ncol >= 0 && k < n_names; k++)
        if ((required >> k & 1) && idx[k] < 0)
            ncol = ev_err(err, errlen, -EINVAL, "%s:1: header needs %s", path, what);
    if (ncol < 0)
        ev_csv_close(c);
    return ncol;
}

/* ------------------------------------------------------------------------------------------ */
/* Evaluation state                                                                            */
/* ------------------------------------------------------------------------------------------ */

/* A tx_id to find in tx.csv: a truth first_tx_id or an alert's tx_id. */
struct ev_txref {
    int64_t str; /* arena offset */
    uint32_t len;
    uint32_t next; /* next ref with the same hash */
    uint64_t line; /* first line that named it */
    int src;       /* 0 truth, 1 alerts */
    int64_t row;   /* 0-based data row in tx.csv, -1 until seen */
    int64_t ts_ms;
};

struct ev_acct { /* an account of truth.csv */
    uint64_t typ_mask;
    uint32_t first_ent; /* chain through ev_entx.next */
};

struct ev_entx { /* private side of a jaga_eval_entity */
    uint32_t acct, next, txref;
};

struct ev_subj { /* an account some record of the alerts file is about */
    uint64_t hash, groups;
    uint32_t acct; /* truth account, or EV_NONE */
};

struct ev_pair {             /* (subject, typology) */
    uint32_t subj, typ, ent; /* subj: the account; ent: its truth entity for typ, or EV_NONE */
    uint64_t alerts;
    int32_t max_e4;
    bool named; /* a named customer of an omnibus account */
};

struct ev_hit { /* an alert of a labelled entity, resolved after the tx.csv pass */
    uint32_t ent, txref;
    int64_t ts_ms;
};

struct ev_dup { /* another truth row of an (account, typology) already seen */
    uint32_t ent, txref;
};

struct ev_ctx {
    const struct jaga_eval_opts *o;
    struct jaga_eval_result *r;
    char *err;
    size_t errlen;
    struct ev_arena ids;
    struct ev_txref *tx;
    size_t n_tx, cap_tx;
    struct ev_map tx_map;
    struct ev_acct *acct;
    size_t n_acct, cap_acct;
    struct ev_map acct_map;
    struct ev_entx *entx;
    size_t cap_ent, cap_entx;
    struct ev_dup *dup;
    size_t n_dup, cap_dup;
    struct ev_subj *subj;
    size_t n_subj, cap_subj;
    struct ev_map subj_map;
    struct ev_pair *pair;
    size_t n_pair, cap_pair;
    struct ev_map pair_map[JAGA_EVAL_MAX_TYPO];
    struct ev_hit *hit;
    size_t n_hit, cap_hit;
};

static bool ev_name_ok(const char *p, size_t n)
{
    if (!n || n > EV_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_' ||
              p[i] == '-'))
            return false;
    return true;
}

static bool ev_id_ok(const char *p, size_t n)
{
    if (!n || n > EV_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] < 0x20)
            return false;
    return true;
}

/* Typology index of name, added when new; -1 when the table is full. */
static int ev_typo(struct ev_ctx *x, const char *p, size_t n)
{
    struct jaga_eval_result *r = x->r;
    for (uint32_t t = 0; t < r->n_typo; t++)
        if (strlen(r->typo[t].name) == n && !memcmp(r->typo[t].name, p, n))
            return (int)t;
    if (r->n_typo == JAGA_EVAL_MAX_TYPO)
        return -1;
    struct jaga_eval_typo *ty = &r->typo[r->n_typo];
    memcpy(ty->name, p, n);
    ty->name[n] = 0;
    ty->ground_truth = strcmp(ty->name, "watchlist") != 0;
    ty->lowest_alert_e4 = -1;
    ty->sweep_from_e4 = -1;
    ty->recall = NAN;
    if (ev_map_init(&x->pair_map[r->n_typo], 1024))
        return -2;
    return (int)r->n_typo++;
}

/* The txref of id, added (with its source line) when new; EV_NONE on allocation failure. */
static uint32_t ev_txref(struct ev_ctx *x, const char *id, size_t n, int src, uint64_t line)
{
    uint64_t h = jaga_hash_id(id, n);
    uint32_t *v = ev_map_get(&x->tx_map, h);
    for (uint32_t i = v ? *v : EV_NONE; i != EV_NONE; i = x->tx[i].next)
        if (x->tx[i].len == n && !memcmp(x->ids.p + x->tx[i].str, id, n))
            return i;
    if (ev_grow((void **)&x->tx, &x->cap_tx, x->n_tx, sizeof(*x->tx)))
        return EV_NONE;
    int64_t off = ev_arena_add(&x->ids, id, n);
    if (off < 0)
        return EV_NONE;
    uint32_t i = (uint32_t)x->n_tx;
    x->tx[i] = (struct ev_txref){
        .str = off,
        .len = (uint32_t)n,
        .next = v ? *v : EV_NONE,
        .line = line,
        .src = src,
        .row = -1,
    };
    if (v)
        *v = i;
    else if (ev_map_put(&x->tx_map, h, i))
        return EV_NONE;
    x->n_tx++;
    return i;
}

/* ------------------------------------------------------------------------------------------ */
/* truth.csv                                                                                   */
/* ------------------------------------------------------------------------------------------ */

static int ev_load_truth(struct ev_ctx *x)
{
    static const char *const names[] = { "account_id", "role", "typology", "first_tx_id" };
    const char *path = x->o->truth;
    struct jaga_eval_result *r = x->r;
    struct ev_csv c;
    int col[4], rc;

    int ncol = ev_csv_begin(&c, path, 1 << 20, names, col, 4, 0xd,
                            "account_id, typology and first_tx_id", x->err, x->errlen);
    if (ncol < 0)
        return ncol;
    while ((rc = ev_csv_next(&c, EV_MAXF, x->err, x->errlen)) > 0) {
        unsigned long long ln = (unsigned long long)c.rec_line;
        if (c.more || c.nf != (uint32_t)ncol) {
            rc = ev_err(x->err, x->errlen, -EINVAL, "%s:%llu: %s%u fields, the header has %d", path,
                        ln, c.more ? "more than " : "", c.nf, ncol);
            goto out;
        }
        struct ev_fld a = c.f[col[0]], ty = c.f[col[2]], ft = c.f[col[3]];
        struct ev_fld ro = col[1] >= 0 ? c.f[col[1]] : (struct ev_fld){ "", 0 };
        if (!ev_id_ok(a.p, a.len)) {
            rc = ev_err(x->err, x->errlen, -EINVAL, "%s:%llu: account_id must be 1-%d bytes", path,
                        ln, EV_ID_MAX);
            goto out;
        }
        if (!ev_name_ok(ty.p, ty.len)) {
            rc = ev_err(x->err, x->errlen, -EINVAL,
                        "%s:%llu: typology must be 1-%d bytes of a-z, 0-9, '_' or '-'", path, ln,
                        EV_NAME_MAX);
            goto out;
        }
        if (ro.len > EV_NAME_MAX || (ft.len && !ev_id_ok(ft.p, ft.len))) {
            rc = ev_err(x->err, x->errlen, -EINVAL, "%s:%llu: %s", path, ln,
                        ro.len > EV_NAME_MAX ? "role longer than 31 bytes"
                                             : "first_tx_id must be empty or 1-64 bytes");
            goto out;
        }
        int t = ev_typo(x, ty.p, ty.len);
        if (t < 0) {
            rc = t == -1 ? ev_err(x->err, x->errlen, -EINVAL, "%s:%llu: more than %d typologies",
                                  path, ln, JAGA_EVAL_MAX_TYPO)
                         : ev_err(x->err, x->errlen, -ENOMEM, "out of memory");
            goto out;
        }
        uint32_t txr = EV_NONE;
        if (ft.len && (txr = ev_txref(x, ft.p, ft.len, 0, c.rec_line)) == EV_NONE)
            goto nomem;
        uint64_t h = jaga_hash_id(a.p, a.len);
        uint32_t *av = ev_map_get(&x->acct_map, h), ai;
        if (av) {
            ai = *av;
        } else {
            if (ev_grow((void **)&x->acct, &x->cap_acct, x->n_acct, sizeof(*x->acct)))
                goto nomem;
            ai = (uint32_t)x->n_acct++;
            x->acct[ai] = (struct ev_acct){ 0, EV_NONE };
            if (ev_map_put(&x->acct_map, h, ai))
                goto nomem;
        }
        uint32_t e = EV_NONE;
        for (uint32_t k = x->acct[ai].first_ent; k != EV_NONE; k = x->entx[k].next)
            if (r->ent[k].typo == (uint32_t)t)
                e = k;
        if (e != EV_NONE) {
            /* The same (account, typology) again: the earlier first transaction wins, which
             * is known only after the tx.csv pass. */
            if (txr != EV_NONE) {
                if (ev_grow((void **)&x->dup, &x->cap_dup, x->n_dup, sizeof(*x->dup)))
                    goto nomem;
                x->dup[x->n_dup++] = (struct ev_dup){ e, txr };
            }
            continue;
        }
        if (ev_grow((void **)&r->ent, &x->cap_ent, r->n_ent, sizeof(*r->ent)) ||
            ev_grow((void **)&x->entx, &x->cap_entx, r->n_ent, sizeof(*x->entx)))
            goto nomem;
        e = (uint32_t)r->n_ent++;
        struct jaga_eval_entity *en = &r->ent[e];
        memset(en, 0, sizeof(*en));
        memcpy(en->account, a.p, a.len);
        memcpy(en->role, ro.p, ro.len);
        memcpy(en->first_tx, ft.p, ft.len);
        en->typo = (uint32_t)t;
        en->first_tx_row = en->first_alert_row = -1;
        en->max_score_e4 = -1;
        x->entx[e] = (struct ev_entx){ ai, x->acct[ai].first_ent, txr };
        x->acct[ai].first_ent = e;
        x->acct[ai].typ_mask |= UINT64_C(1) << t;
    }
out:
    ev_csv_close(&c);
    return rc;
nomem:
    ev_csv_close(&c);
    return ev_err(x->err, x->errlen, -ENOMEM, "out of memory");
}

/* ------------------------------------------------------------------------------------------ */
/* Alerts (JSON Lines, io/alerts.c)                                                            */
/* ------------------------------------------------------------------------------------------ */

struct ev_json {
    const char *p, *e;
    const char *why;
};

static void ev_ws(struct ev_json *j)
{
    while (j->p < j->e && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r'))
        j->p++;
}

static int ev_hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int c = p[i], d = c >= '0' && c <= '9'   ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A JSON string at j->p. With out != NULL, the unescaped UTF-8 goes there (at most cap-1
 * bytes, NUL-terminated; longer is an error "too long"). Returns the unescaped length, or -1
 * with j->why set. */
static long ev_jstr(struct ev_json *j, char *out, size_t cap)
{
    size_t n = 0;

    if (j->p == j->e || *j->p != '"') {
        j->why = "expected a string";
        return -1;
    }
    j->p++;
    for (;;) {
        if (j->p == j->e) {
            j->why = "unterminated string";
            return -1;
        }
        unsigned char c = (unsigned char)*j->p++;
        char u[4];
        size_t un = 1;
        if (c == '"')
            break;
        if (c < 0x20) {
            j->why = "control character in a string";
            return -1;
        }
        u[0] = (char)c;
        if (c == '\\') {
            if (j->p == j->e) {
                j->why = "unterminated string";
                return -1;
            }
            char e = *j->p++;
            switch (e) {
            case '"':
            case '\\':
            case '/': u[0] = e; break;
            case 'b': u[0] = '\b'; break;
            case 'f': u[0] = '\f'; break;
            case 'n': u[0] = '\n'; break;
            case 'r': u[0] = '\r'; break;
            case 't': u[0] = '\t'; break;
            case 'u': {
                int cp = j->e - j->p >= 4 ? ev_hex4(j->p) : -1;
                if (cp < 0) {
                    j->why = "bad \\u escape";
                    return -1;
                }
                j->p += 4;
                if (cp >= 0xd800 && cp <= 0xdbff) {
                    int lo = j->e - j->p >= 6 && j->p[0] == '\\' && j->p[1] == 'u'
                                 ? ev_hex4(j->p + 2)
                                 : -1;
                    if (lo < 0xdc00 || lo > 0xdfff) {
                        j->why = "unpaired surrogate in a \\u escape";
                        return -1;
                    }
                    j->p += 6;
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                } else if (cp >= 0xdc00 && cp <= 0xdfff) {
                    j->why = "unpaired surrogate in a \\u escape";
                    return -1;
                }
                if (cp == 0) {
                    j->why = "NUL in a string";
                    return -1;
                }
                if (cp < 0x80) {
                    u[0] = (char)cp;
                } else if (cp < 0x800) {
                    u[0] = (char)(0xc0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3f)), un = 2;
                } else if (cp < 0x10000) {
                    u[0] = (char)(0xe0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
                    u[2] = (char)(0x80 | (cp & 0x3f)), un = 3;
                } else {
                    u[0] = (char)(0xf0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
                    u[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), u[3] = (char)(0x80 | (cp & 0x3f));
                    un = 4;
                }
                break;
            }
            default: j->why = "bad escape in a string"; return -1;
            }
        }
        if (out) {
            if (n + un >= cap) {
                j->why = "too long";
                return -1;
            }
            memcpy(out + n, u, un);
        }
        n += un;
    }
    if (out)
        out[n] = 0;
    return (long)n;
}

/* A JSON number (RFC 8259 grammar); returns 0 and its value, or -1. */
static int ev_jnum(struct ev_json *j, double *v)
{
    const char *s = j->p, *p = s;
    if (p < j->e && *p == '-')
        p++;
    if (p < j->e && *p == '0') {
        p++;
    } else if (p < j->e && *p >= '1' && *p <= '9') {
        while (p < j->e && *p >= '0' && *p <= '9')
            p++;
    } else {
        goto bad;
    }
    if (p < j->e && *p == '.') {
        p++;
        if (p == j->e || *p < '0' || *p > '9')
            goto bad;
        while (p < j->e && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < j->e && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < j->e && (*p == '+' || *p == '-'))
            p++;
        if (p == j->e || *p < '0' || *p > '9')
            goto bad;
        while (p < j->e && *p >= '0' && *p <= '9')
            p++;
    }
    char tmp[64];
    if ((size_t)(p - s) >= sizeof(tmp))
        goto bad;
    memcpy(tmp, s, (size_t)(p - s));
    tmp[p - s] = 0;
    *v = strtod(tmp, NULL);
    j->p = p;
    return 0;
bad:
    j->why = "bad number";
    return -1;
}

/* Skips any JSON value. */
static int ev_jskip(struct ev_json *j, int depth)
{
    double d;

    if (depth > 32) {
        j->why = "nested too deeply";
        return -1;
    }
    ev_ws(j);
    if (j->p == j->e) {
        j->why = "value expected";
        return -1;
    }
    char c = *j->p;
    if (c == '"')
        return ev_jstr(j, NULL, 0) < 0 ? -1 : 0;
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        j->p++;
        ev_ws(j);
        if (j->p < j->e && *j->p == close) {
            j->p++;
            return 0;
        }
        for (;;) {
            if (c == '{') {
                ev_ws(j);
                if (ev_jstr(j, NULL, 0) < 0)
                    return -1;
                ev_ws(j);
                if (j->p == j->e || *j->p != ':') {
                    j->why = "':' expected";
                    return -1;
                }
                j->p++;
            }
            if (ev_jskip(j, depth + 1))
                return -1;
            ev_ws(j);
            if (j->p < j->e && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p < j->e && *j->p == close) {
                j->p++;
                return 0;
            }
            j->why = c == '{' ? "',' or '}' expected" : "',' or ']' expected";
            return -1;
        }
    }
    static const char *const lit[] = { "true", "false", "null" };
    for (size_t k = 0; k < 3; k++) {
        size_t n = strlen(lit[k]);
        if ((size_t)(j->e - j->p) >= n && !memcmp(j->p, lit[k], n)) {
            j->p += n;
            return 0;
        }
    }
    return ev_jnum(j, &d);
}

/* Fields eval reads; all but subject_name (io/alerts.c: a named customer of an omnibus
 * account) and below_threshold (jaga screen --floor's records) are required. */
enum {
    EV_F_TX,
    EV_F_TS,
    EV_F_SUBJ,
    EV_F_TYPO,
    EV_F_SCORE,
    EV_F_ACTION,
    EV_F_SNAME,
    EV_F_BELOW,
    EV_F_N
};
#define EV_F_REQUIRED ((1u << EV_F_SNAME) - 1)

struct ev_alert {
    char tx[EV_ID_MAX + 1], subj[EV_ID_MAX + 1], typo[EV_NAME_MAX + 1], action[16], ts[48];
    char sname[EV_SNAME_MAX + 1]; /* "" when absent */
    double score;
    bool below; /* "below_threshold":true: a --floor record, not an alert */
};

/* Parses one line into a; returns 0, or -1 with a reason in *why (a static string or buf). */
static int ev_alert_parse(const char *line, size_t len, struct ev_alert *a, char *buf,
                          size_t buflen, const char **why)
{
    static const char *const fname[EV_F_N] = {
        "tx_id", "ts", "subject", "typology", "score", "action", "subject_name", "below_threshold"
    };
    struct ev_json j = { line, line + len, NULL };
    unsigned seen = 0;
    char key[32];

    ev_ws(&j);
    if (j.p == j.e) {
        *why = "empty line";
        return -1;
    }
    if (*j.p != '{') {
        *why = "not a JSON object";
        return -1;
    }
    j.p++;
    ev_ws(&j);
    if (j.p < j.e && *j.p == '}') {
        j.p++;
        goto end;
    }
    for (;;) {
        ev_ws(&j);
        const char *ks = j.p;
        long kn = ev_jstr(&j, key, sizeof(key));
        if (kn < 0) {
            /* A key too long for key[] is simply not one of ours: skip it. */
            if (strcmp(j.why, "too long"))
                goto bad;
            j.p = ks;
            if (ev_jstr(&j, NULL, 0) < 0)
                goto bad;
            key[0] = 0;
        }
        ev_ws(&j);
        if (j.p == j.e || *j.p != ':') {
            j.why = "':' expected";
            goto bad;
        }
        j.p++;
        ev_ws(&j);
        int f = -1;
        for (int k = 0; k < EV_F_N; k++)
            if (!strcmp(key, fname[k]))
                f = k;
        if (f >= 0 && (seen & (1u << f))) {
            snprintf(buf, buflen, "duplicate field \"%s\"", fname[f]);
            *why = buf;
            return -1;
        }
        if (f >= 0)
            seen |= 1u << f;
        char *dst = NULL;
        size_t cap = 0;
        switch (f) {
        case EV_F_TX: dst = a->tx, cap = sizeof(a->tx); break;
        case EV_F_TS: dst = a->ts, cap = sizeof(a->ts); break;
        case EV_F_SUBJ: dst = a->subj, cap = sizeof(a->subj); break;
        case EV_F_TYPO: dst = a->typo, cap = sizeof(a->typo); break;
        case EV_F_ACTION: dst = a->action, cap = sizeof(a->action); break;
        case EV_F_SNAME: dst = a->sname, cap = sizeof(a->sname); break;
        default: break;
        }
        if (dst) {
            if (ev_jstr(&j, dst, cap) < 0) {
                if (!strcmp(j.why, "too long"))
                    snprintf(buf, buflen, "\"%s\" longer than %zu bytes", fname[f], cap - 1);
                else
                    snprintf(buf, buflen, "\"%s\": %s", fname[f], j.why);
                *why = buf;
                return -1;
            }
        } else if (f == EV_F_BELOW) {
            if ((size_t)(j.e - j.p) >= 4 && !memcmp(j.p, "true", 4)) {
                a->below = true;
                j.p += 4;
            } else if ((size_t)(j.e - j.p) >= 5 && !memcmp(j.p, "false", 5)) {
                a->below = false;
                j.p += 5;
            } else {
                *why = "\"below_threshold\" must be true or false";
                return -1;
            }
        } else if (f == EV_F_SCORE) {
            if (ev_jnum(&j, &a->score) || !isfinite(a->score) || a->score < 0) {
                *why = "\"score\" must be a non-negative number";
                return -1;
            }
        } else if (ev_jskip(&j, 0)) {
            goto bad;
        }
        ev_ws(&j);
        if (j.p < j.e && *j.p == ',') {
            j.p++;
            continue;
        }
        if (j.p < j.e && *j.p == '}') {
            j.p++;
            break;
        }
        j.why = "',' or '}' expected";
        goto bad;
    }
end:
    ev_ws(&j);
    if (j.p != j.e) {
        *why = "text after the JSON object";
        return -1;
    }
    if (!(seen & (1u << EV_F_SNAME)))
        a->sname[0] = 0;
    if (!(seen & (1u << EV_F_BELOW)))
        a->below = false;
    for (int k = 0; k < EV_F_N; k++)
        if ((EV_F_REQUIRED >> k & 1) && !(seen & (1u << k))) {
            snprintf(buf, buflen, "no \"%s\" field", fname[k]);
            *why = buf;
            return -1;
        }
    return 0;
bad:
    snprintf(buf, buflen, "malformed JSON at byte %ld: %s", (long)(j.p - line) + 1, j.why);
    *why = buf;
    return -1;
}

/* The subject record of id hash h, added when new; EV_NONE on allocation failure. */
static uint32_t ev_subject(struct ev_ctx *x, uint64_t h)
{
    uint32_t *v = ev_map_get(&x->subj_map, h);
    if (v)
        return *v;
    if (ev_grow((void **)&x->subj, &x->cap_subj, x->n_subj, sizeof(*x->subj)))
        return EV_NONE;
    uint32_t s = (uint32_t)x->n_subj;
    uint32_t *av = ev_map_get(&x->acct_map, h);
    x->subj[s] = (struct ev_subj){ h, 0, av ? *av : EV_NONE };
    if (ev_map_put(&x->subj_map, h, s))
        return EV_NONE;
    x->n_subj++;
    return s;
}

/* The pair (subject key, typology t), added when new; EV_NONE on allocation failure. The key
 * is the account's hash, or for a named customer of an omnibus account the hash of account and
 * name (the engine keeps such customers apart, so they are subjects of their own); acct_h is
 * always the account's, for truth and look-alike groups. Ids are keyed by jaga_hash_id like
 * the engine's state, so two ids the engine would confuse are confused here too. */
static uint32_t ev_pair(struct ev_ctx *x, uint64_t key, uint64_t acct_h, bool named, uint32_t t)
{
    uint32_t *v = ev_map_get(&x->pair_map[t], key);
    if (v)
        return *v;
    uint32_t s = ev_subject(x, acct_h);
    if (s == EV_NONE || ev_grow((void **)&x->pair, &x->cap_pair, x->n_pair, sizeof(*x->pair)))
        return EV_NONE;
    uint32_t p = (uint32_t)x->n_pair, ent = EV_NONE;
    if (x->subj[s].acct != EV_NONE)
        for (uint32_t k = x->acct[x->subj[s].acct].first_ent; k != EV_NONE; k = x->entx[k].next)
            if (x->r->ent[k].typo == t)
                ent = k;
    x->pair[p] = (struct ev_pair){ s, t, ent, 0, -1, named };
    if (ev_map_put(&x->pair_map[t], key, p))
        return EV_NONE;
    x->n_pair++;
    return p;
}

static int ev_load_alerts(struct ev_ctx *x)
{
    const char *path = x->o->alerts;
    struct jaga_eval_result *r = x->r;
    bool is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "re");
    char *line = NULL, why_buf[160];
    size_t lcap = 0;
    uint64_t ln = 0;
    ssize_t n;
    int rc = 0;
    struct ev_alert a;

    if (!f)
        return ev_err(x->err, x->errlen, -errno, "%s: %s", path, strerror(errno));
    while ((n = getline(&line, &lcap, f)) >= 0) {
        const char *why = NULL;
        ln++;
        if (n && line[n - 1] == '\n')
            n--;
        if (memchr(line, 0, (size_t)n)) {
            why = "NUL byte";
        } else if (!ev_alert_parse(line, (size_t)n, &a, why_buf, sizeof(why_buf), &why)) {
            if (!ev_id_ok(a.tx, strlen(a.tx)))
                why = "\"tx_id\" must be 1-64 bytes";
            else if (!ev_id_ok(a.subj, strlen(a.subj)))
                why = "\"subject\" must be 1-64 bytes";
            else if (!ev_name_ok(a.typo, strlen(a.typo)))
                why = "\"typology\" must be 1-31 bytes of a-z, 0-9, '_' or '-'";
            else if (strcmp(a.action, "allow") && strcmp(a.action, "review") &&
                     strcmp(a.action, "hold"))
                why = "\"action\" must be allow, review or hold";
        }
        int64_t ts_ms = 0;
        if (!why && jaga_ts_parse(a.ts, strlen(a.ts), &ts_ms))
            why = "\"ts\" is not an RFC 3339 time or epoch milliseconds";
        if (why) {
            rc = ev_err(x->err, x->errlen, -EINVAL, "%s:%llu: %s", is_stdin ? "stdin" : path,
                        (unsigned long long)ln, why);
            goto out;
        }
        int t = ev_typo(x, a.typo, strlen(a.typo));
        if (t < 0) {
            rc = t == -1 ? ev_err(x->err, x->errlen, -EINVAL, "%s:%llu: more than %d typologies",
                                  path, (unsigned long long)ln, JAGA_EVAL_MAX_TYPO)
                         : ev_err(x->err, x->errlen, -ENOMEM, "out of memory");
            goto out;
        }
        /* The writer prints 4 decimals; comparing in those units keeps 0.85 >= 0.85 exact. */
        double e4d = a.score * 10000.0;
        int32_t e4 = e4d > 2e9 ? 2000000000 : (int32_t)llround(e4d);
        size_t sl = strlen(a.subj), nl = strlen(a.sname);
        uint64_t acct_h = jaga_hash_id(a.subj, sl), key = acct_h;
        if (nl) {
            char kb[EV_ID_MAX + 1 + EV_SNAME_MAX + 1];
            memcpy(kb, a.subj, sl + 1);
            memcpy(kb + sl + 1, a.sname, nl);
            key = jaga_hash_id(kb, sl + 1 + nl);
        }
        uint32_t p = ev_pair(x, key, acct_h, nl > 0, (uint32_t)t);
        if (p == EV_NONE)
            goto nomem;
        struct ev_pair *pp = &x->pair[p];
        struct jaga_eval_typo *ty = &r->typo[t];
        r->alert_records++;
        if (e4 > pp->max_e4)
            pp->max_e4 = e4;
        if (a.below) {
            r->allow_records++;
            ty->allow_records++;
            if (r->floor_e4 < 0 || e4 < r->floor_e4)
                r->floor_e4 = e4;
            continue;
        }
        r->alerts++;
        ty->alerts++;
        pp->alerts++;
        if (ty->lowest_alert_e4 < 0 || e4 < ty->lowest_alert_e4)
            ty->lowest_alert_e4 = e4;
        ty->by_hour[(ts_ms / 3600000) % 24]++; /* jaga_ts_parse: never before 1970 */
        uint32_t txr = ev_txref(x, a.tx, strlen(a.tx), 1, ln);
        if (txr == EV_NONE)
            goto nomem;
        if (pp->ent != EV_NONE) {
            if (ev_grow((void **)&x->hit, &x->cap_hit, x->n_hit, sizeof(*x->hit)))
                goto nomem;
            x->hit[x->n_hit++] = (struct ev_hit){ pp->ent, txr, ts_ms };
        }
    }
    if (ferror(f))
        rc = ev_err(x->err, x->errlen, -EIO, "%s: read error", path);
out:
    free(line);
    if (!is_stdin)
        fclose(f);
    return rc;
nomem:
    rc = ev_err(x->err, x->errlen, -ENOMEM, "out of memory");
    goto out;
}

/* ------------------------------------------------------------------------------------------ */
/* lookalikes.csv                                                                              */
/* ------------------------------------------------------------------------------------------ */

static int ev_load_lookalikes(struct ev_ctx *x)
{
    static const char *const names[] = { "account_id", "group" };
    const char *path = x->o->lookalikes;
    struct jaga_eval_result *r = x->r;
    struct ev_csv c;
    int col[2], rc;

    int ncol = ev_csv_begin(&c, path, 1 << 20, names, col, 2, 0x3, "account_id and group", x->err,
                            x->errlen);
    if (ncol < 0)
        return ncol;
    r->have_lookalikes = true;
    while ((rc = ev_csv_next(&c, EV_MAXF, x->err, x->errlen)) > 0) {
        unsigned long long ln = (unsigned long long)c.rec_line;
        if (c.more || c.nf != (uint32_t)ncol) {
            rc = ev_err(x->err, x->errlen, -EINVAL, "%s:%llu: %s%u fields, the header has %d", path,
                        ln, c.more ? "more than " : "", c.nf, ncol);
            goto out;
        }
        struct ev_fld a = c.f[col[0]], g = c.f[col[1]];
        if (!ev_id_ok(a.p, a.len) || !ev_name_ok(g.p, g.len) ||
            (g.len == 10 && !memcmp(g.p, "unlabelled", 10))) {
            rc = ev_err(x->err, x->errlen, -EINVAL, "%s:%llu: %s", path, ln,
                        !ev_id_ok(a.p, a.len)
                            ? "account_id must be 1-64 bytes"
                            : "group must be 1-31 bytes of a-z, 0-9, '_' or '-', not 'unlabelled'");
            goto out;
        }
        uint32_t gi = 0;
        while (gi < r->n_groups &&
               (strlen(r->group[gi]) != g.len || memcmp(r->group[gi], g.p, g.len)))
            gi++;
        if (gi == r->n_groups) {
            if (gi == JAGA_EVAL_MAX_GROUPS) {
                rc = ev_err(x->err, x->errlen, -EINVAL, "%s:%llu: more than %d groups", path, ln,
                            JAGA_EVAL_MAX_GROUPS);
                goto out;
            }
            memcpy(r->group[gi], g.p, g.len);
            r->group[gi][g.len] = 0;
            r->n_groups++;
        }
        /* Only alerted subjects need their groups; the rest of the file is just checked. */
        uint32_t *sv = ev_map_get(&x->subj_map, jaga_hash_id(a.p, a.len));
        if (sv)
            x->subj[*sv].groups |= UINT64_C(1) << gi;
    }
out:
    ev_csv_close(&c);
    return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* tx.csv                                                                                      */
/* ------------------------------------------------------------------------------------------ */

static int ev_scan_tx(struct ev_ctx *x)
{
    static const char *const names[] = { "tx_id", "ts" };
    const char *path = x->o->tx;
    struct jaga_eval_result *r = x->r;
    struct ev_csv c;
    int col[2], rc;

    if ((rc = ev_csv_begin(&c, path, 8 << 20, names, col, 2, 0x3, "tx_id and ts", x->err,
                           x->errlen)) < 0)
        return rc;
    /* Nearly every row misses the set, and a probe into a table of a few MB misses the cache:
     * a bit filter of about 16 bits per wanted id stays in L2 and turns away ~94% of rows
     * first. It uses the hash's top bits; the table indexes with the low ones. */
    uint64_t fbits = UINT64_C(1) << 16;
    while (fbits < (uint64_t)x->n_tx * 16)
        fbits <<= 1;
    int fshift = 64 - __builtin_ctzll(fbits);
    uint64_t *filter = jaga_calloc(fbits / 64, sizeof(*filter));
    if (!filter) {
        rc = ev_err(x->err, x->errlen, -ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i <= x->tx_map.mask; i++)
        if (x->tx_map.key[i]) {
            uint64_t b = x->tx_map.key[i] >> fshift;
            filter[b / 64] |= UINT64_C(1) << (b % 64);
        }
    uint32_t want = (uint32_t)JAGA_MAX(col[0], col[1]) + 1;
    uint64_t row = 0;
    while ((rc = ev_csv_next(&c, want, x->err, x->errlen)) > 0) {
        uint64_t rw = row++;
        if (c.nf < want)
            continue; /* a short or empty row is still a row, as screen counts it */
        struct ev_fld id = c.f[col[0]];
        if (!id.len || id.len > EV_ID_MAX)
            continue;
        uint64_t h = jaga_hash_id(id.p, id.len), b = h >> fshift;
        if (!(filter[b / 64] >> (b % 64) & 1))
            continue;
        uint32_t *v = ev_map_get(&x->tx_map, h);
        if (!v)
            continue;
        for (uint32_t i = *v; i != EV_NONE; i = x->tx[i].next) {
            struct ev_txref *t = &x->tx[i];
            if (t->len != id.len || memcmp(x->ids.p + t->str, id.p, id.len) || t->row >= 0)
                continue;
            struct ev_fld ts = c.f[col[1]];
            if (jaga_ts_parse(ts.p, ts.len, &t->ts_ms)) {
                rc = ev_err(x->err, x->errlen, -EINVAL, "%s:%llu: bad ts for tx_id %s", path,
                            (unsigned long long)c.rec_line, x->ids.p + t->str);
                jaga_free(filter);
                goto out;
            }
            t->row = (int64_t)rw;
        }
    }
    r->tx_rows = row;
    jaga_free(filter);
out:
    ev_csv_close(&c);
    return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Metrics                                                                                     */
/* ------------------------------------------------------------------------------------------ */

static int ev_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int ev_cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile index (pct in 1..100) of n > 0 sorted values, in integers so that
 * 90% of 10 is rank 9 exactly. */
static size_t ev_rank(size_t n, unsigned pct)
{
    size_t k = (n * pct + 99) / 100;
    return k ? k - 1 : 0;
}

static int ev_finish(struct ev_ctx *x)
{
    struct jaga_eval_result *r = x->r;
    double per = r->tx_rows ? 100000.0 / (double)r->tx_rows : 0.0;

    /* Every tx_id named must be in tx.csv; the first missing one in reading order is reported
     * (refs are numbered in that order: truth, then alerts). */
    for (size_t i = 0; i < x->n_tx; i++) {
        const struct ev_txref *t = &x->tx[i];
        if (t->row >= 0)
            continue;
        return ev_err(x->err, x->errlen, -EINVAL, "%s:%llu: %s '%s' is not in %s%s",
                      t->src ? x->o->alerts : x->o->truth, (unsigned long long)t->line,
                      t->src ? "tx_id" : "first_tx_id", x->ids.p + t->str, x->o->tx,
                      t->src ? " (were the alerts screened from this file?)" : "");
    }
    r->sweep_floor_e4 = r->floor_e4;
    if (x->o->floor > 0) {
        r->sweep_floor_e4 = (int32_t)llround(x->o->floor * 10000.0);
        if (r->floor_e4 >= 0 && r->floor_e4 < r->sweep_floor_e4)
            return ev_err(x->err, x->errlen, -EINVAL,
                          "%s: an allow record scores %.4g, under the stated --floor %.4g",
                          x->o->alerts, r->floor_e4 / 10000.0, x->o->floor);
    }
    for (size_t e = 0; e < r->n_ent; e++) {
        struct jaga_eval_entity *en = &r->ent[e];
        if (x->entx[e].txref != EV_NONE) {
            en->first_tx_row = x->tx[x->entx[e].txref].row;
            en->first_tx_ts_ms = x->tx[x->entx[e].txref].ts_ms;
        }
    }
    for (size_t k = 0; k < x->n_dup; k++) {
        struct jaga_eval_entity *en = &r->ent[x->dup[k].ent];
        const struct ev_txref *t = &x->tx[x->dup[k].txref];
        if (en->first_tx_row < 0 || t->row < en->first_tx_row) {
            en->first_tx_row = t->row;
            en->first_tx_ts_ms = t->ts_ms;
            snprintf(en->first_tx, sizeof(en->first_tx), "%s", x->ids.p + t->str);
        }
    }
    for (size_t k = 0; k < x->n_hit; k++) {
        struct jaga_eval_entity *en = &r->ent[x->hit[k].ent];
        const struct ev_txref *t = &x->tx[x->hit[k].txref];
        if (en->first_alert_row < 0 || t->row < en->first_alert_row) {
            en->first_alert_row = t->row;
            en->first_alert_ts_ms = x->hit[k].ts_ms;
            snprintf(en->first_alert_tx, sizeof(en->first_alert_tx), "%s", x->ids.p + t->str);
        }
    }

    /* Sweep counts by score bucket b = min(max_e4 / 0.05, 20): a subject reaches threshold
     * k * 0.05 when b >= k, so each point is a suffix sum. */
    uint64_t det_b[JAGA_EVAL_MAX_TYPO][JAGA_EVAL_SWEEP + 1] = { { 0 } };
    uint64_t fp_b[JAGA_EVAL_MAX_TYPO][JAGA_EVAL_SWEEP + 1] = { { 0 } };
    uint64_t oth_b[JAGA_EVAL_MAX_TYPO][JAGA_EVAL_SWEEP + 1] = { { 0 } };
    for (size_t p = 0; p < x->n_pair; p++) {
        const struct ev_pair *pp = &x->pair[p];
        if (pp->ent != EV_NONE) {
            /* Named customers of a labelled account all count for the account. */
            r->ent[pp->ent].alerts += pp->alerts;
            r->ent[pp->ent].max_score_e4 = JAGA_MAX(r->ent[pp->ent].max_score_e4, pp->max_e4);
        }
        struct jaga_eval_typo *ty = &r->typo[pp->typ];
        const struct ev_subj *s = &x->subj[pp->subj];
        uint32_t b = (uint32_t)JAGA_MIN(pp->max_e4 / EV_STEP_E4, JAGA_EVAL_SWEEP);
        bool in_truth = s->acct != EV_NONE;
        bool other = in_truth && pp->ent == EV_NONE;
        ty->subjects += pp->alerts > 0;
        ty->named_subjects += pp->alerts > 0 && pp->named;
        if (!ty->ground_truth)
            continue;
        if (!in_truth)
            fp_b[pp->typ][b]++;
        else if (other)
            oth_b[pp->typ][b]++;
        if (!pp->alerts)
            continue;
        if (!in_truth) {
            ty->fp_subjects++;
            for (uint32_t g = 0; g < r->n_groups; g++)
                ty->fp_by_group[g] += (s->groups >> g) & 1;
            ty->fp_by_group[r->n_groups] += !s->groups;
        } else if (other) {
            ty->other_offender++;
        }
    }

    /* Entities: recall and time to detect. */
    int64_t *tx_d = jaga_malloc((r->n_ent + 1) * sizeof(*tx_d));
    if (!tx_d)
        return ev_err(x->err, x->errlen, -ENOMEM, "out of memory");
    for (uint32_t t = 0; t < r->n_typo; t++) {
        struct jaga_eval_typo *ty = &r->typo[t];
        size_t n = 0;
        ty->ttd_h = jaga_malloc((r->n_ent + 1) * sizeof(*ty->ttd_h));
        if (!ty->ttd_h) {
            jaga_free(tx_d);
            return ev_err(x->err, x->errlen, -ENOMEM, "out of memory");
        }
        for (size_t e = 0; e < r->n_ent; e++) {
            const struct jaga_eval_entity *en = &r->ent[e];
            if (en->typo != t)
                continue;
            ty->labelled++;
            ty->no_first_tx += en->first_tx_row < 0;
            if (en->max_score_e4 >= 0)
                det_b[t][JAGA_MIN(en->max_score_e4 / EV_STEP_E4, JAGA_EVAL_SWEEP)]++;
            if (!en->alerts)
                continue;
            ty->detected++;
            if (en->first_tx_row < 0)
                continue;
            int64_t dt = en->first_alert_row - en->first_tx_row;
            double dh = (double)(en->first_alert_ts_ms - en->first_tx_ts_ms) / 3600000.0;
            ty->before_first_tx += dt < 0;
            tx_d[n] = dt > 0 ? dt : 0;
            ty->ttd_h[n] = dh > 0 ? dh : 0.0;
            n++;
        }
        ty->ttd_n = n;
        if (ty->ground_truth && ty->labelled)
            ty->recall = (double)ty->detected / (double)ty->labelled;
        ty->alerts_per_100k = (double)ty->alerts * per;
        ty->fp_per_100k = (double)ty->fp_subjects * per;
        if (n) {
            qsort(tx_d, n, sizeof(*tx_d), ev_cmp_i64);
            qsort(ty->ttd_h, n, sizeof(*ty->ttd_h), ev_cmp_dbl);
            ty->ttd_tx_median = tx_d[ev_rank(n, 50)];
            ty->ttd_tx_p90 = tx_d[ev_rank(n, 90)];
            ty->ttd_tx_max = tx_d[n - 1];
            ty->ttd_h_median = ty->ttd_h[ev_rank(n, 50)];
            ty->ttd_h_p90 = ty->ttd_h[ev_rank(n, 90)];
            ty->ttd_h_max = ty->ttd_h[n - 1];
            for (size_t i = 0; i < n; i++) {
                uint32_t bin = 0;
                while (bin < JAGA_EVAL_TTD_BINS - 1 && ty->ttd_h[i] >= jaga_eval_ttd_edges_h[bin])
                    bin++;
                ty->ttd_h_hist[bin]++;
            }
        }
        if (!ty->ground_truth)
            continue;
        if (r->sweep_floor_e4 >= 0)
            ty->sweep_from_e4 = ty->lowest_alert_e4 >= 0
                                    ? JAGA_MIN(r->sweep_floor_e4, ty->lowest_alert_e4)
                                    : r->sweep_floor_e4;
        else
            ty->sweep_from_e4 = ty->lowest_alert_e4;
        uint64_t d = det_b[t][JAGA_EVAL_SWEEP], f = fp_b[t][JAGA_EVAL_SWEEP],
                 o = oth_b[t][JAGA_EVAL_SWEEP];
        for (int k = JAGA_EVAL_SWEEP; k >= 1; k--) {
            if (k < JAGA_EVAL_SWEEP) {
                d += det_b[t][k];
                f += fp_b[t][k];
                o += oth_b[t][k];
            }
            struct jaga_eval_point *pt = &ty->sweep[k - 1];
            pt->available = ty->sweep_from_e4 >= 0 && k * EV_STEP_E4 >= ty->sweep_from_e4;
            pt->detected = d;
            pt->fp_subjects = f;
            pt->other_offender = o;
        }
    }
    jaga_free(tx_d);
    return 0;
}

static void ev_ctx_free(struct ev_ctx *x)
{
    jaga_free(x->ids.p);
    jaga_free(x->tx);
    ev_map_free(&x->tx_map);
    jaga_free(x->acct);
    ev_map_free(&x->acct_map);
    jaga_free(x->entx);
    jaga_free(x->dup);
    jaga_free(x->subj);
    ev_map_free(&x->subj_map);
    jaga_free(x->pair);
    for (uint32_t t = 0; t < JAGA_EVAL_MAX_TYPO; t++)
        ev_map_free(&x->pair_map[t]);
    jaga_free(x->hit);
}

int jaga_eval_run(const struct jaga_eval_opts *o, struct jaga_eval_result *res, char *err,
                  size_t errlen)
{
    struct ev_ctx x;
    int rc;

    memset(res, 0, sizeof(*res));
    res->floor_e4 = res->sweep_floor_e4 = -1;
    if (errlen)
        err[0] = 0;
    if (!o || !o->truth || !o->tx || !o->alerts)
        return ev_err(err, errlen, -EINVAL, "truth, tx and alerts files are required");
    memset(&x, 0, sizeof(x));
    x.o = o;
    x.r = res;
    x.err = err;
    x.errlen = errlen;
    if (ev_map_init(&x.tx_map, 4096) || ev_map_init(&x.acct_map, 1024) ||
        ev_map_init(&x.subj_map, 4096)) {
        rc = ev_err(err, errlen, -ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = ev_load_truth(&x)) || (rc = ev_load_alerts(&x)) ||
        (o->lookalikes && (rc = ev_load_lookalikes(&x))) || (rc = ev_scan_tx(&x)) ||
        (rc = ev_finish(&x)))
        goto out;
out:
    ev_ctx_free(&x);
    return rc;
}

void jaga_eval_result_free(struct jaga_eval_result *res)
{
    if (!res)
        return;
    for (uint32_t t = 0; t < res->n_typo; t++) {
        jaga_free(res->typo[t].ttd_h);
        res->typo[t].ttd_h = NULL;
    }
    jaga_free(res->ent);
    res->ent = NULL;
    res->n_ent = 0;
}

/* ------------------------------------------------------------------------------------------ */
/* eval.json                                                                                   */
/* ------------------------------------------------------------------------------------------ */

static void ev_js(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* A JSON number, or null for NaN; %.10g keeps ratios exact enough and integers whole. */
static void ev_jn(FILE *f, double v)
{
    if (isnan(v))
        fputs("null", f);
    else
        fprintf(f, "%.10g", v);
}

/* A score in 1e-4 units as a decimal ("0.85", "1"), or null when negative (none). */
static void ev_je4(FILE *f, int32_t e4)
{
    if (e4 < 0)
        fputs("null", f);
    else
        ev_jn(f, (double)e4 / 10000.0);
}

static double ev_per(const struct jaga_eval_result *r, uint64_t n)
{
    return r->tx_rows ? (double)n * 100000.0 / (double)r->tx_rows : 0.0;
}

static void ev_write_json(FILE *f, const struct jaga_eval_opts *o, const struct jaga_eval_result *r)
{
    fprintf(f, "{\n  \"tool\": \"jaga eval\",\n  \"version\": ");
    ev_js(f, jaga_version());
    fprintf(f, ",\n  \"inputs\": {\"truth\": ");
    ev_js(f, o->truth);
    fprintf(f, ", \"tx\": ");
    ev_js(f, o->tx);
    fprintf(f, ", \"alerts\": ");
    ev_js(f, o->alerts);
    fprintf(f, ", \"lookalikes\": ");
    if (o->lookalikes)
        ev_js(f, o->lookalikes);
    else
        fputs("null", f);
    fprintf(f,
            "},\n  \"tx_rows\": %llu,\n  \"alert_records\": %llu,\n  \"alerts\": %llu,\n"
            "  \"allow_records\": %llu,\n  \"score_floor\": ",
            (unsigned long long)r->tx_rows, (unsigned long long)r->alert_records,
            (unsigned long long)r->alerts, (unsigned long long)r->allow_records);
    ev_je4(f, r->floor_e4);
    fprintf(f, ",\n  \"declared_floor\": ");
    if (o->floor > 0)
        ev_jn(f, o->floor);
    else
        fputs("null", f);
    fprintf(f, ",\n  \"sweep_floor\": ");
    ev_je4(f, r->sweep_floor_e4);
    fprintf(f, ",\n  \"hour_basis\": \"UTC\",\n  \"lookalike_groups\": [");
    for (uint32_t g = 0; g < r->n_groups; g++) {
        ev_js(f, r->group[g]);
        fputs(", ", f);
    }
    fprintf(f, "\"unlabelled\"],\n  \"typologies\": [");
    for (uint32_t t = 0; t < r->n_typo; t++) {
        const struct jaga_eval_typo *ty = &r->typo[t];
        fprintf(f, "%s\n    {\"name\": ", t ? "," : "");
        ev_js(f, ty->name);
        fprintf(f,
                ", \"ground_truth\": %s, \"labelled\": %llu, \"no_first_tx\": %llu, "
                "\"detected\": %llu, \"recall\": ",
                ty->ground_truth ? "true" : "false", (unsigned long long)ty->labelled,
                (unsigned long long)ty->no_first_tx, (unsigned long long)ty->detected);
        ev_jn(f, ty->recall);
        fprintf(f, ",\n     \"alerts\": %llu, \"subjects\": %llu, \"alerts_per_100k\": ",
                (unsigned long long)ty->alerts, (unsigned long long)ty->subjects);
        ev_jn(f, ty->alerts_per_100k);
        fprintf(f,
                ", \"named_customer_subjects\": %llu, \"allow_records\": %llu, "
                "\"lowest_alert_score\": ",
                (unsigned long long)ty->named_subjects, (unsigned long long)ty->allow_records);
        ev_je4(f, ty->lowest_alert_e4);
        if (ty->ground_truth) {
            fprintf(f, ",\n     \"fp_subjects\": %llu, \"fp_per_100k\": ",
                    (unsigned long long)ty->fp_subjects);
            ev_jn(f, ty->fp_per_100k);
            fprintf(f, ", \"other_offender_subjects\": %llu, \"fp_by_group\": {",
                    (unsigned long long)ty->other_offender);
            for (uint32_t g = 0; g <= r->n_groups; g++) {
                fputs(g ? ", " : "", f);
                ev_js(f, g < r->n_groups ? r->group[g] : "unlabelled");
                fprintf(f, ": %llu", (unsigned long long)ty->fp_by_group[g]);
            }
            fprintf(f, "},\n     \"ttd\": {\"n\": %llu, \"before_first_tx\": %llu, ",
                    (unsigned long long)ty->ttd_n, (unsigned long long)ty->before_first_tx);
            if (ty->ttd_n) {
                fprintf(f, "\"tx\": {\"median\": %lld, \"p90\": %lld, \"max\": %lld}, ",
                        (long long)ty->ttd_tx_median, (long long)ty->ttd_tx_p90,
                        (long long)ty->ttd_tx_max);
                fprintf(f, "\"hours\": {\"median\": ");
                ev_jn(f, ty->ttd_h_median);
                fprintf(f, ", \"p90\": ");
                ev_jn(f, ty->ttd_h_p90);
                fprintf(f, ", \"max\": ");
                ev_jn(f, ty->ttd_h_max);
                fprintf(f, "}, ");
            } else {
                fprintf(f, "\"tx\": null, \"hours\": null, ");
            }
            fprintf(f, "\"hours_hist\": {\"edges_h\": [");
            for (int b = 0; b < JAGA_EVAL_TTD_BINS - 1; b++)
                fprintf(f, "%s%g", b ? ", " : "", jaga_eval_ttd_edges_h[b]);
            fprintf(f, "], \"counts\": [");
            for (int b = 0; b < JAGA_EVAL_TTD_BINS; b++)
                fprintf(f, "%s%llu", b ? ", " : "", (unsigned long long)ty->ttd_h_hist[b]);
            fprintf(f, "]}}");
        }
        fprintf(f, ",\n     \"by_hour_utc\": [");
        for (int h = 0; h < 24; h++)
            fprintf(f, "%s%llu", h ? ", " : "", (unsigned long long)ty->by_hour[h]);
        fputc(']', f);
        if (ty->ground_truth) {
            fprintf(f, ",\n     \"sweep\": {\"supported_from\": ");
            ev_je4(f, ty->sweep_from_e4);
            fprintf(f, ", \"points\": [");
            for (int k = 0; k < JAGA_EVAL_SWEEP; k++) {
                const struct jaga_eval_point *pt = &ty->sweep[k];
                fprintf(f, "%s\n       {\"threshold\": %.2f, \"available\": %s", k ? "," : "",
                        (k + 1) * 0.05, pt->available ? "true" : "false");
                if (pt->available) {
                    fprintf(f,
                            ", \"detected\": %llu, \"recall\": ", (unsigned long long)pt->detected);
                    ev_jn(f,
                          ty->labelled ? (double)pt->detected / (double)ty->labelled : (double)NAN);
                    fprintf(f, ", \"fp_subjects\": %llu, \"fp_per_100k\": ",
                            (unsigned long long)pt->fp_subjects);
                    ev_jn(f, ev_per(r, pt->fp_subjects));
                    fprintf(f, ", \"other_offender_subjects\": %llu",
                            (unsigned long long)pt->other_offender);
                } else {
                    fprintf(f, ", \"detected\": null, \"recall\": null, \"fp_subjects\": null, "
                               "\"fp_per_100k\": null, \"other_offender_subjects\": null");
                }
                fputc('}', f);
            }
            fprintf(f, "]}");
        }
        fputc('}', f);
    }
    fprintf(f, "\n  ],\n  \"entities\": [");
    for (size_t e = 0; e < r->n_ent; e++) {
        const struct jaga_eval_entity *en = &r->ent[e];
        bool det = en->alerts > 0, ttd = det && en->first_tx_row >= 0;
        fprintf(f, "%s\n    {\"account_id\": ", e ? "," : "");
        ev_js(f, en->account);
        fprintf(f, ", \"role\": ");
        ev_js(f, en->role);
        fprintf(f, ", \"typology\": ");
        ev_js(f, r->typo[en->typo].name);
        fprintf(f, ", \"first_tx_id\": ");
        if (en->first_tx[0])
            ev_js(f, en->first_tx);
        else
            fputs("null", f);
        fprintf(f, ", \"first_tx_row\": ");
        if (en->first_tx_row >= 0)
            fprintf(f, "%lld", (long long)en->first_tx_row);
        else
            fputs("null", f);
        fprintf(f, ", \"detected\": %s, \"alerts\": %llu, \"max_score\": ", det ? "true" : "false",
                (unsigned long long)en->alerts);
        ev_je4(f, en->max_score_e4);
        fprintf(f, ", \"first_alert_tx_id\": ");
        if (det)
            ev_js(f, en->first_alert_tx);
        else
            fputs("null", f);
        if (det)
            fprintf(f, ", \"first_alert_row\": %lld", (long long)en->first_alert_row);
        else
            fputs(", \"first_alert_row\": null", f);
        if (ttd) {
            fprintf(f, ", \"ttd_tx\": %lld, \"ttd_hours\": ",
                    (long long)(en->first_alert_row - en->first_tx_row));
            ev_jn(f, (double)(en->first_alert_ts_ms - en->first_tx_ts_ms) / 3600000.0);
        } else {
            fputs(", \"ttd_tx\": null, \"ttd_hours\": null", f);
        }
        fputc('}', f);
    }
    fprintf(f, "\n  ]\n}\n");
}

/* ------------------------------------------------------------------------------------------ */
/* SVG plots, written by hand                                                                  */
/* ------------------------------------------------------------------------------------------ */

static const char *const ev_color[] = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf" };

/* Beyond ten series the colours repeat with a dash pattern, so lines stay distinguishable. */
static void ev_stroke(FILE *f, uint32_t i)
{
    fprintf(f, "stroke=\"%s\"%s", ev_color[i % JAGA_ARRAY_SIZE(ev_color)],
            i >= JAGA_ARRAY_SIZE(ev_color) ? " stroke-dasharray=\"6 3\"" : "");
}

static void ev_xml(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

struct ev_plot {
    FILE *f;
    double x, y, w, h;     /* plot area, px */
    double x0, x1, y0, y1; /* data range */
};

static double ev_px(const struct ev_plot *p, double v)
{
    return p->x + (v - p->x0) / (p->x1 - p->x0) * p->w;
}

static double ev_py(const struct ev_plot *p, double v)
{
    return p->y + p->h - (v - p->y0) / (p->y1 - p->y0) * p->h;
}

/* 1, 2 or 5 times a power of ten, so that `range` takes at most `target` steps. */
static double ev_nice_step(double range, int target)
{
    if (!(range > 0))
        return 1;
    double raw = range / target, mag = pow(10, floor(log10(raw))), m = raw / mag;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * mag;
}

/* Smallest multiple of a nice step at or above v (1 when v is 0). */
static double ev_nice_max(double v, double *step)
{
    if (!(v > 0))
        v = 1;
    *step = ev_nice_step(v, 5);
    return ceil(v / *step - 1e-9) * *step;
}

static void ev_tick_label(FILE *f, double v, double step)
{
    int dec = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
    if (step < 1 && fabs(step * pow(10, dec) - round(step * pow(10, dec))) > 1e-9)
        dec++;
    fprintf(f, "%.*f", dec, v);
}

static void ev_svg_open(FILE *f, int w, int h, const char *title)
{
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n"
            "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n"
            "<text x=\"%d\" y=\"22\" font-size=\"15\" text-anchor=\"middle\">",
            w, h, w, h, w, h, w / 2);
    ev_xml(f, title);
    fputs("</text>\n", f);
}

/* Frame, grid, ticks and axis labels of one panel. */
static void ev_axes(const struct ev_plot *p, double xstep, double ystep, const char *xlabel,
                    const char *ylabel, const char *title)
{
    FILE *f = p->f;
    fprintf(f, "<g>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\">",
            p->x + p->w / 2, p->y - 8);
    ev_xml(f, title);
    fputs("</text>\n", f);
    for (int i = 0;; i++) {
        double v = p->x0 + i * xstep;
        if (v > p->x1 + xstep * 1e-6)
            break;
        double X = ev_px(p, v);
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>\n"
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>\n"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                X, p->y, X, p->y + p->h, X, p->y + p->h, X, p->y + p->h + 5, X, p->y + p->h + 18);
        ev_tick_label(f, v, xstep);
        fputs("</text>\n", f);
    }
    for (int i = 0;; i++) {
        double v = p->y0 + i * ystep;
        if (v > p->y1 + ystep * 1e-6)
            break;
        double Y = ev_py(p, v);
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>\n"
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>\n"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                p->x, Y, p->x + p->w, Y, p->x - 5, Y, p->x, Y, p->x - 8, Y + 4);
        ev_tick_label(f, v, ystep);
        fputs("</text>\n", f);
    }
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
            "stroke=\"#000000\"/>\n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
            p->x, p->y, p->w, p->h, p->x + p->w / 2, p->y + p->h + 36);
    ev_xml(f, xlabel);
    fprintf(f,
            "</text>\n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
            "transform=\"rotate(-90 %.1f %.1f)\">",
            p->x - 48, p->y + p->h / 2, p->x - 48, p->y + p->h / 2);
    ev_xml(f, ylabel);
    fputs("</text>\n</g>\n", f);
}

static void ev_legend(FILE *f, double x, double y, const struct jaga_eval_result *r,
                      bool only_truth)
{
    uint32_t row = 0;
    for (uint32_t t = 0; t < r->n_typo; t++) {
        if (only_truth && !r->typo[t].ground_truth)
            continue;
        double Y = y + row++ * 18;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"2.5\" ", x,
                Y, x + 22, Y);
        ev_stroke(f, t);
        fprintf(f, "/>\n<text x=\"%.1f\" y=\"%.1f\">", x + 28, Y + 4);
        ev_xml(f, r->typo[t].name);
        fputs("</text>\n", f);
    }
}

/* A polyline (n >= 2) or a lone marker, plus markers on every point. */
static void ev_series(const struct ev_plot *p, uint32_t t, const double *xs, const double *ys,
                      int n)
{
    FILE *f = p->f;
    if (n >= 2) {
        fputs("<polyline fill=\"none\" stroke-width=\"2\" ", f);
        ev_stroke(f, t);
        fputs(" points=\"", f);
        for (int i = 0; i < n; i++)
            fprintf(f, "%s%.1f,%.1f", i ? " " : "", ev_px(p, xs[i]), ev_py(p, ys[i]));
        fputs("\"/>\n", f);
    }
    for (int i = 0; i < n; i++)
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>\n", ev_px(p, xs[i]),
                ev_py(p, ys[i]), ev_color[t % JAGA_ARRAY_SIZE(ev_color)]);
}

static void ev_write_sweep_svg(FILE *f, const struct jaga_eval_result *r)
{
    double fp_max = 0, xs[JAGA_EVAL_SWEEP], ys[JAGA_EVAL_SWEEP], ystep;
    for (uint32_t t = 0; t < r->n_typo; t++)
        for (int k = 0; k < JAGA_EVAL_SWEEP; k++)
            if (r->typo[t].ground_truth && r->typo[t].sweep[k].available)
                fp_max = JAGA_MAX(fp_max, ev_per(r, r->typo[t].sweep[k].fp_subjects));
    ev_svg_open(f, 1160, 420,
                "Threshold sweep: a subject counts at threshold t when any of its records "
                "scores >= t");
    struct ev_plot a = { f, 80, 60, 380, 290, 0, 1, 0, 1 };
    struct ev_plot b = { f, 570, 60, 380, 290, 0, 1, 0, ev_nice_max(fp_max, &ystep) };
    ev_axes(&a, 0.1, 0.2, "threshold", "recall", "Recall");
    ev_axes(&b, 0.1, ystep, "threshold", "FP subjects per 100k tx", "False-positive subjects");
    for (uint32_t t = 0; t < r->n_typo; t++) {
        const struct jaga_eval_typo *ty = &r->typo[t];
        int n = 0;
        if (!ty->ground_truth)
            continue;
        for (int k = 0; k < JAGA_EVAL_SWEEP; k++) {
            if (!ty->sweep[k].available)
                continue;
            xs[n] = (k + 1) * 0.05;
            ys[n++] = ty->labelled ? (double)ty->sweep[k].detected / (double)ty->labelled : 0;
        }
        ev_series(&a, t, xs, ys, n);
        n = 0;
        for (int k = 0; k < JAGA_EVAL_SWEEP; k++) {
            if (!ty->sweep[k].available)
                continue;
            xs[n] = (k + 1) * 0.05;
            ys[n++] = ev_per(r, ty->sweep[k].fp_subjects);
        }
        ev_series(&b, t, xs, ys, n);
    }
    ev_legend(f, 980, 70, r, true);
    fprintf(f, "<text x=\"80\" y=\"405\" font-size=\"11\">Points below a typology's lowest "
               "supported threshold (see report.md) are not drawn.</text>\n</svg>\n");
}

static void ev_write_hour_svg(FILE *f, const struct jaga_eval_result *r)
{
    double ymax = 0, ystep, xs[24], ys[24];
    for (uint32_t t = 0; t < r->n_typo; t++)
        for (int h = 0; h < 24; h++)
            ymax = JAGA_MAX(ymax, (double)r->typo[t].by_hour[h]);
    ev_svg_open(f, 1000, 420, "Alerts by hour of day (UTC)");
    struct ev_plot a = { f, 80, 60, 700, 290, 0, 23, 0, ev_nice_max(ymax, &ystep) };
    ev_axes(&a, 1, ystep, "hour of day (UTC)", "alerts", "Alerts per typology");
    for (uint32_t t = 0; t < r->n_typo; t++) {
        for (int h = 0; h < 24; h++) {
            xs[h] = h;
            ys[h] = (double)r->typo[t].by_hour[h];
        }
        ev_series(&a, t, xs, ys, 24);
    }
    ev_legend(f, 810, 70, r, false);
    fputs("</svg>\n", f);
}

static void ev_write_ttd_svg(FILE *f, const struct jaga_eval_result *r)
{
    double hmax = 0, xstep;
    for (uint32_t t = 0; t < r->n_typo; t++)
        if (r->typo[t].ground_truth && r->typo[t].ttd_n)
            hmax = JAGA_MAX(hmax, r->typo[t].ttd_h_max);
    ev_svg_open(f, 1000, 420,
                "Time to detect: share of labelled entities alerted within x hours of their "
                "first offending transaction");
    struct ev_plot a = { f, 80, 60, 700, 290, 0, ev_nice_max(hmax, &xstep), 0, 1 };
    ev_axes(&a, xstep, 0.2,
            "hours after the first offending transaction (alerts before it "
            "count as 0)",
            "share of labelled entities", "Cumulative detections");
    for (uint32_t t = 0; t < r->n_typo; t++) {
        const struct jaga_eval_typo *ty = &r->typo[t];
        if (!ty->ground_truth || !ty->labelled)
            continue;
        fprintf(f, "<path fill=\"none\" stroke-width=\"2\" ");
        ev_stroke(f, t);
        fprintf(f, " d=\"M%.1f,%.1f", ev_px(&a, 0), ev_py(&a, 0));
        for (uint64_t i = 0; i < ty->ttd_n; i++)
            fprintf(f, " H%.1f V%.1f", ev_px(&a, ty->ttd_h[i]),
                    ev_py(&a, (double)(i + 1) / (double)ty->labelled));
        fprintf(f, " H%.1f\"/>\n", ev_px(&a, a.x1));
    }
    ev_legend(f, 810, 70, r, true);
    fputs("</svg>\n", f);
}

/* ------------------------------------------------------------------------------------------ */
/* report.md and the stdout table                                                              */
/* ------------------------------------------------------------------------------------------ */

static void ev_md_ratio(FILE *f, double v)
{
    if (isnan(v))
        fputs("n/a", f);
    else
        fprintf(f, "%.3f", v);
}

static void ev_write_md(FILE *f, const struct jaga_eval_opts *o, const struct jaga_eval_result *r)
{
    fprintf(f, "# jaga eval report\n\n");
    fprintf(f, "- truth: `%s`\n- transactions: `%s` (%llu rows)\n", o->truth, o->tx,
            (unsigned long long)r->tx_rows);
    fprintf(f, "- alerts: `%s` (%llu alerts, %llu below-threshold `allow` records)\n", o->alerts,
            (unsigned long long)r->alerts, (unsigned long long)r->allow_records);
    if (o->lookalikes)
        fprintf(f, "- look-alike groups: `%s`\n", o->lookalikes);
    else
        fprintf(f, "- look-alike groups: none given (every FP subject is \"unlabelled\")\n");
    fprintf(f, "- produced by jaga %s; the machine-readable form is [eval.json](eval.json)\n\n",
            jaga_version());

    fprintf(f, "## Detection\n\n"
               "An entity is an (account, typology) row of the truth file; it is detected when "
               "it has at least one alert (action review or hold) of its typology. FP subjects "
               "are alerted accounts in no truth row; other-offender subjects are in the truth "
               "file for another typology. Rates are per 100,000 transactions.\n\n");
    fprintf(f, "| typology | labelled | detected | recall | alerts | alerts /100k tx | subjects "
               "| FP subjects | FP subjects /100k tx | other-offender subjects |\n"
               "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (uint32_t t = 0; t < r->n_typo; t++) {
        const struct jaga_eval_typo *ty = &r->typo[t];
        if (ty->ground_truth) {
            fprintf(f, "| %s | %llu | %llu | ", ty->name, (unsigned long long)ty->labelled,
                    (unsigned long long)ty->detected);
            ev_md_ratio(f, ty->recall);
            fprintf(f, " | %llu | %.2f | %llu | %llu | %.2f | %llu |\n",
                    (unsigned long long)ty->alerts, ty->alerts_per_100k,
                    (unsigned long long)ty->subjects, (unsigned long long)ty->fp_subjects,
                    ty->fp_per_100k, (unsigned long long)ty->other_offender);
        } else {
            fprintf(f, "| %s | n/a | n/a | n/a | %llu | %.2f | %llu | n/a | n/a | n/a |\n",
                    ty->name, (unsigned long long)ty->alerts, ty->alerts_per_100k,
                    (unsigned long long)ty->subjects);
        }
    }
    bool any_named = false;
    for (uint32_t t = 0; t < r->n_typo; t++)
        any_named |= r->typo[t].named_subjects > 0;
    if (any_named) {
        fprintf(f, "\nAs in `jaga screen`, each named customer of an omnibus (remitter) account "
                   "is a subject of its own (truth and look-alike groups are looked up by the "
                   "account); such subjects:");
        for (uint32_t t = 0; t < r->n_typo; t++)
            if (r->typo[t].named_subjects)
                fprintf(f, " %s %llu;", r->typo[t].name,
                        (unsigned long long)r->typo[t].named_subjects);
        fputc('\n', f);
    }
    bool any_nft = false;
    for (uint32_t t = 0; t < r->n_typo; t++)
        any_nft |= r->typo[t].no_first_tx > 0;
    if (any_nft) {
        fprintf(f, "\nLabelled entities without a first offending transaction in the window "
                   "(they stay in the recall denominator):");
        for (uint32_t t = 0; t < r->n_typo; t++)
            if (r->typo[t].no_first_tx)
                fprintf(f, " %s %llu;", r->typo[t].name,
                        (unsigned long long)r->typo[t].no_first_tx);
        fputc('\n', f);
    }

    fprintf(f, "\n## Time to detect\n\n"
               "From the first offending transaction to the entity's earliest alert, in "
               "transactions (rows of the transaction file) and hours of event time; an alert "
               "before the first offending transaction counts as 0. Percentiles are nearest "
               "rank.\n\n"
               "| typology | n | alerted before first tx | tx median | tx p90 | tx max | hours "
               "median | hours p90 | hours max |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (uint32_t t = 0; t < r->n_typo; t++) {
        const struct jaga_eval_typo *ty = &r->typo[t];
        if (!ty->ground_truth)
            continue;
        if (!ty->ttd_n) {
            fprintf(f, "| %s | 0 | 0 | | | | | | |\n", ty->name);
            continue;
        }
        fprintf(f, "| %s | %llu | %llu | %lld | %lld | %lld | %.2f | %.2f | %.2f |\n", ty->name,
                (unsigned long long)ty->ttd_n, (unsigned long long)ty->before_first_tx,
                (long long)ty->ttd_tx_median, (long long)ty->ttd_tx_p90, (long long)ty->ttd_tx_max,
                ty->ttd_h_median, ty->ttd_h_p90, ty->ttd_h_max);
    }
    fprintf(f, "\nDistribution (detected entities per time-to-detect band, hours):\n\n"
               "| typology |");
    for (int b = 0; b < JAGA_EVAL_TTD_BINS; b++) {
        if (b == 0)
            fprintf(f, " < %g |", jaga_eval_ttd_edges_h[0]);
        else if (b == JAGA_EVAL_TTD_BINS - 1)
            fprintf(f, " >= %g |", jaga_eval_ttd_edges_h[b - 1]);
        else
            fprintf(f, " %g-%g |", jaga_eval_ttd_edges_h[b - 1], jaga_eval_ttd_edges_h[b]);
    }
    fprintf(f, "\n|---|");
    for (int b = 0; b < JAGA_EVAL_TTD_BINS; b++)
        fputs("---:|", f);
    fputc('\n', f);
    for (uint32_t t = 0; t < r->n_typo; t++) {
        if (!r->typo[t].ground_truth)
            continue;
        fprintf(f, "| %s |", r->typo[t].name);
        for (int b = 0; b < JAGA_EVAL_TTD_BINS; b++)
            fprintf(f, " %llu |", (unsigned long long)r->typo[t].ttd_h_hist[b]);
        fputc('\n', f);
    }
    fprintf(f, "\n![time to detect](ttd.svg)\n\n[ttd.svg](ttd.svg)\n");

    /* Groups are rows: a generator has dozens of them and only a few typologies. */
    fprintf(f, "\n## False-positive subjects by look-alike group\n\n"
               "An account in several groups counts in each; one in none is \"unlabelled\". "
               "Groups with no FP subject are left out of the table (eval.json has them all)."
               "\n\n| group |");
    for (uint32_t t = 0; t < r->n_typo; t++)
        if (r->typo[t].ground_truth)
            fprintf(f, " %s |", r->typo[t].name);
    fprintf(f, "\n|---|");
    for (uint32_t t = 0; t < r->n_typo; t++)
        if (r->typo[t].ground_truth)
            fputs("---:|", f);
    fputc('\n', f);
    uint32_t n_quiet = 0;
    for (uint32_t g = 0; g <= r->n_groups; g++) {
        uint64_t any = 0;
        for (uint32_t t = 0; t < r->n_typo; t++)
            any += r->typo[t].ground_truth ? r->typo[t].fp_by_group[g] : 0;
        if (!any && g < r->n_groups) {
            n_quiet++;
            continue;
        }
        fprintf(f, "| %s |", g < r->n_groups ? r->group[g] : "unlabelled");
        for (uint32_t t = 0; t < r->n_typo; t++)
            if (r->typo[t].ground_truth)
                fprintf(f, " %llu |", (unsigned long long)r->typo[t].fp_by_group[g]);
        fputc('\n', f);
    }
    fprintf(f, "| **FP subjects** |");
    for (uint32_t t = 0; t < r->n_typo; t++)
        if (r->typo[t].ground_truth)
            fprintf(f, " **%llu** |", (unsigned long long)r->typo[t].fp_subjects);
    fputc('\n', f);
    if (n_quiet) {
        fprintf(f, "\nGroups without FP subjects:");
        for (uint32_t g = 0, k = 0; g < r->n_groups; g++) {
            uint64_t any = 0;
            for (uint32_t t = 0; t < r->n_typo; t++)
                any += r->typo[t].ground_truth ? r->typo[t].fp_by_group[g] : 0;
            if (!any)
                fprintf(f, "%s %s", k++ ? "," : "", r->group[g]);
        }
        fputs(".\n", f);
    }

    fprintf(f, "\n## Threshold sweep\n\n");
    if (o->floor > 0) {
        fprintf(f,
                "Screening ran with `--floor %.4g` (stated with `jaga eval --floor`), so "
                "every score from it up is in the alerts file",
                o->floor);
        if (r->floor_e4 >= 0)
            fprintf(f, " (the lowest `allow` record scores %.4g)", r->floor_e4 / 10000.0);
        fprintf(f, ": each typology is swept from the lower of that floor and its lowest "
                   "alert score.");
    } else if (r->floor_e4 >= 0) {
        fprintf(f,
                "The alerts file has below-threshold `allow` records down to score %.4g; "
                "that is taken as the floor (`jaga screen --floor`; state the real one with "
                "`jaga eval --floor` when lower, since scores are coarse): each typology is "
                "swept from the lower of that floor and its lowest alert score.",
                r->floor_e4 / 10000.0);
    } else {
        fprintf(f, "The alerts file has no below-threshold `allow` records (screen ran without "
                   "`--floor`): each typology is swept only from its lowest alert score up, "
                   "since lower scores were never written.");
    }
    fprintf(f, " Cells below that are n/a, not zero. Each cell is recall / FP subjects per "
               "100k tx.\n\n| threshold |");
    for (uint32_t t = 0; t < r->n_typo; t++)
        if (r->typo[t].ground_truth)
            fprintf(f, " %s |", r->typo[t].name);
    fprintf(f, "\n|---:|");
    for (uint32_t t = 0; t < r->n_typo; t++)
        if (r->typo[t].ground_truth)
            fputs("---:|", f);
    fputc('\n', f);
    fprintf(f, "| lowest supported |");
    for (uint32_t t = 0; t < r->n_typo; t++) {
        const struct jaga_eval_typo *ty = &r->typo[t];
        if (!ty->ground_truth)
            continue;
        if (ty->sweep_from_e4 >= 0)
            fprintf(f, " %.4g |", ty->sweep_from_e4 / 10000.0);
        else
            fputs(" none |", f);
    }
    fputc('\n', f);
    for (int k = 0; k < JAGA_EVAL_SWEEP; k++) {
        fprintf(f, "| %.2f |", (k + 1) * 0.05);
        for (uint32_t t = 0; t < r->n_typo; t++) {
            const struct jaga_eval_typo *ty = &r->typo[t];
            if (!ty->ground_truth)
                continue;
            const struct jaga_eval_point *pt = &ty->sweep[k];
            if (!pt->available) {
                fputs(" n/a |", f);
                continue;
            }
            fputc(' ', f);
            ev_md_ratio(f,
                        ty->labelled ? (double)pt->detected / (double)ty->labelled : (double)NAN);
            fprintf(f, " / %.2f |", ev_per(r, pt->fp_subjects));
        }
        fputc('\n', f);
    }
    fprintf(f, "\n![threshold sweep](sweep.svg)\n\n[sweep.svg](sweep.svg)\n");

    fprintf(f, "\n## Alerts by hour of day (UTC)\n\nHours are UTC, not the scenario's local "
               "time.\n\n| hour (UTC) |");
    for (uint32_t t = 0; t < r->n_typo; t++)
        fprintf(f, " %s |", r->typo[t].name);
    fprintf(f, "\n|---:|");
    for (uint32_t t = 0; t < r->n_typo; t++)
        fputs("---:|", f);
    fputc('\n', f);
    for (int h = 0; h < 24; h++) {
        fprintf(f, "| %02d |", h);
        for (uint32_t t = 0; t < r->n_typo; t++)
            fprintf(f, " %llu |", (unsigned long long)r->typo[t].by_hour[h]);
        fputc('\n', f);
    }
    fprintf(f, "\n![alerts by hour](alerts_by_hour.svg)\n\n[alerts_by_hour.svg]"
               "(alerts_by_hour.svg)\n");
}

void jaga_eval_print(const struct jaga_eval_result *r, FILE *f)
{
    fprintf(f, "%-18s %8s %8s %7s %7s %8s %8s %6s %8s %6s %14s %16s\n", "typology", "labelled",
            "detected", "recall", "alerts", "/100k tx", "subjects", "FP", "FP/100k", "other",
            "ttd tx med/p90", "ttd h med/p90");
    for (uint32_t t = 0; t < r->n_typo; t++) {
        const struct jaga_eval_typo *ty = &r->typo[t];
        char rec[16] = "n/a", ttx[32] = "-", th[32] = "-";
        if (!isnan(ty->recall))
            snprintf(rec, sizeof(rec), "%.3f", ty->recall);
        if (ty->ttd_n) {
            snprintf(ttx, sizeof(ttx), "%lld/%lld", (long long)ty->ttd_tx_median,
                     (long long)ty->ttd_tx_p90);
            snprintf(th, sizeof(th), "%.1f/%.1f", ty->ttd_h_median, ty->ttd_h_p90);
        }
        if (ty->ground_truth)
            fprintf(f, "%-18s %8llu %8llu %7s %7llu %8.2f %8llu %6llu %8.2f %6llu %14s %16s\n",
                    ty->name, (unsigned long long)ty->labelled, (unsigned long long)ty->detected,
                    rec, (unsigned long long)ty->alerts, ty->alerts_per_100k,
                    (unsigned long long)ty->subjects, (unsigned long long)ty->fp_subjects,
                    ty->fp_per_100k, (unsigned long long)ty->other_offender, ttx, th);
        else
            fprintf(f, "%-18s %8s %8s %7s %7llu %8.2f %8llu %6s %8s %6s %14s %16s\n", ty->name,
                    "n/a", "n/a", "n/a", (unsigned long long)ty->alerts, ty->alerts_per_100k,
                    (unsigned long long)ty->subjects, "n/a", "n/a", "n/a", "-", "-");
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Writing the report directory                                                                */
/* ------------------------------------------------------------------------------------------ */

static int ev_mkdir_p(const char *dir)
{
    char p[4096];
    size_t n = strlen(dir);
    if (!n || n >= sizeof(p))
        return -ENAMETOOLONG;
    memcpy(p, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != 0)
            continue;
        char c = p[i];
        p[i] = 0;
        if (mkdir(p, 0777) && errno != EEXIST)
            return -errno;
        p[i] = c;
    }
    struct stat st;
    if (stat(dir, &st))
        return -errno;
    return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

typedef void (*ev_writer_fn)(FILE *f, const struct jaga_eval_opts *o,
                             const struct jaga_eval_result *r);

static void ev_w_sweep(FILE *f, const struct jaga_eval_opts *o, const struct jaga_eval_result *r)
{
    (void)o;
    ev_write_sweep_svg(f, r);
}

static void ev_w_hour(FILE *f, const struct jaga_eval_opts *o, const struct jaga_eval_result *r)
{
    (void)o;
    ev_write_hour_svg(f, r);
}

static void ev_w_ttd(FILE *f, const struct jaga_eval_opts *o, const struct jaga_eval_result *r)
{
    (void)o;
    ev_write_ttd_svg(f, r);
}

int jaga_eval_write(const struct jaga_eval_opts *o, const struct jaga_eval_result *r,
                    const char *dir, char *err, size_t errlen)
{
    static const struct {
        const char *name;
        ev_writer_fn fn;
    } out[] = {
        { "eval.json", ev_write_json }, { "report.md", ev_write_md },
        { "sweep.svg", ev_w_sweep },    { "alerts_by_hour.svg", ev_w_hour },
        { "ttd.svg", ev_w_ttd },
    };
    char path[4352];
    int rc = ev_mkdir_p(dir);

    if (rc)
        return ev_err(err, errlen, rc, "%s: %s", dir, strerror(-rc));
    for (size_t k = 0; k < JAGA_ARRAY_SIZE(out); k++) {
        snprintf(path, sizeof(path), "%s/%s", dir, out[k].name);
        FILE *f = fopen(path, "we");
        if (!f)
            return ev_err(err, errlen, -errno, "%s: %s", path, strerror(errno));
        out[k].fn(f, o, r);
        int bad = ferror(f);
        if (fclose(f) || bad)
            return ev_err(err, errlen, errno ? -errno : -EIO, "%s: write failed", path);
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Command line                                                                                */
/* ------------------------------------------------------------------------------------------ */

static const char eval_usage[] =
    "usage: jaga eval --alerts FILE --out DIR (--gen DIR | --truth FILE --tx FILE)\n"
    "                 [--lookalikes FILE] [--floor SCORE]\n"
    "\n"
    "Scores an alerts file (JSON Lines from jaga screen) against the ground truth of jaga gen:\n"
    "recall, time to detect, false-positive subjects by look-alike group, alerts and FP\n"
    "subjects per 100k transactions, a threshold sweep 0.05-1.00 and alerts by hour (UTC).\n"
    "\n"
    "  --gen DIR          jaga gen output: DIR/truth.csv, DIR/tx.csv and, when present,\n"
    "                     DIR/lookalikes.csv (the options below override each)\n"
    "  --truth FILE       truth.csv: account_id,role,typology,first_tx_id\n"
    "  --tx FILE          the canonical CSV the alerts were screened from (streamed once)\n"
    "  --alerts FILE      alerts, JSON Lines ('-' = stdin); 'allow' records written by\n"
    "                     jaga screen --floor extend the sweep below the thresholds\n"
    "  --lookalikes FILE  lookalikes.csv: account_id,group (default: FP subjects unlabelled)\n"
    "  --out DIR          report directory (created): eval.json, report.md, sweep.svg,\n"
    "                     alerts_by_hour.svg, ttd.svg\n"
    "  --floor SCORE      the --floor jaga screen ran with: the sweep then covers every\n"
    "                     threshold from it (default: from the lowest allow score seen)\n"
    "  -h, --help         this text\n"
    "\n"
    "Prints a per-typology table and the report path. Exit status: 0 done, 2 usage error or\n"
    "bad input (FILE:LINE: reason; an alert tx_id missing from the tx file is an error),\n"
    "1 the report could not be written.\n";

int jaga_eval_main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "gen", required_argument, NULL, 'g' },
        { "truth", required_argument, NULL, 't' },
        { "tx", required_argument, NULL, 'x' },
        { "alerts", required_argument, NULL, 'a' },
        { "lookalikes", required_argument, NULL, 'l' },
        { "out", required_argument, NULL, 'o' },
        { "floor", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct jaga_eval_opts o = { 0 };
    const char *gen = NULL, *out = NULL;
    char truth[4096], tx[4096], look[4096], err[1024] = "";
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'g': gen = optarg; break;
        case 't': o.truth = optarg; break;
        case 'x': o.tx = optarg; break;
        case 'a': o.alerts = optarg; break;
        case 'l': o.lookalikes = optarg; break;
        case 'o': out = optarg; break;
        case 'f': {
            char *end;
            errno = 0;
            o.floor = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(o.floor > 0 && o.floor <= 1)) {
                fprintf(stderr, "jaga eval: --floor must be a score in (0, 1], not '%s'\n", optarg);
                return 2;
            }
            break;
        }
        case 'h': fputs(eval_usage, stdout); return 0;
        default:
            fprintf(stderr, "jaga eval: unknown or incomplete option '%s' (see --help)\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "jaga eval: unexpected argument '%s' (see --help)\n", argv[optind]);
        return 2;
    }
    if (gen) {
        snprintf(truth, sizeof(truth), "%s/truth.csv", gen);
        snprintf(tx, sizeof(tx), "%s/tx.csv", gen);
        snprintf(look, sizeof(look), "%s/lookalikes.csv", gen);
        if (!o.truth)
            o.truth = truth;
        if (!o.tx)
            o.tx = tx;
        /* lookalikes.csv is optional in a gen directory, unlike an explicit --lookalikes. */
        if (!o.lookalikes && !access(look, F_OK))
            o.lookalikes = look;
    }
    if (!o.truth || !o.tx || !o.alerts || !out) {
        fprintf(stderr, "jaga eval: %s is required (see --help)\n",
                !o.alerts  ? "--alerts"
                : !out     ? "--out"
                : !o.truth ? "--truth (or --gen)"
                           : "--tx (or --gen)");
        return 2;
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct jaga_eval_result *r = jaga_malloc(sizeof(*r));
    if (!r) {
        fprintf(stderr, "jaga eval: out of memory\n");
        return 1;
    }
    int rc = jaga_eval_run(&o, r, err, sizeof(err));
    if (rc) {
        fprintf(stderr, "jaga eval: %s\n", err[0] ? err : strerror(-rc));
        jaga_eval_result_free(r);
        jaga_free(r);
        return rc == -ENOMEM ? 1 : 2;
    }
    rc = jaga_eval_write(&o, r, out, err, sizeof(err));
    if (rc) {
        fprintf(stderr, "jaga eval: %s\n", err);
        jaga_eval_result_free(r);
        jaga_free(r);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (o.floor > 0 && !r->allow_records)
        fprintf(stderr,
                "jaga eval: warning: --floor %g stated, but %s has no allow records (was it "
                "screened with --floor?)\n",
                o.floor, o.alerts);
    jaga_eval_print(r, stdout);
    printf("report: %s/report.md\n", out);
    fprintf(stderr,
            "jaga eval: %llu transactions, %llu alerts, %llu allow records, %zu labelled "
            "entities; %.2f s\n",
            (unsigned long long)r->tx_rows, (unsigned long long)r->alerts,
            (unsigned long long)r->allow_records, r->n_ent,
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    jaga_eval_result_free(r);
    jaga_free(r);
    return 0;
}
