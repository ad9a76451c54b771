// SPDX-License-Identifier: Apache-2.0
/*
 * The canonical CSV transaction source (CONTRACT.md §1): header mapping, per-field validation
 * and the copy of accepted records into a struct-of-arrays batch. Record splitting lives in
 * io/csv_split.h; this file decides, for each record, "accept into the batch" or "reject with
 * a reason", and never repairs a value. Every record read takes a sequence number and ends up
 * in exactly one of the two places, which is what keeps read = accepted + rejected.
 *
 * Header problems (missing or duplicate required columns, NUL, invalid UTF-8) are reported
 * once on stderr and turn every following record into a reject carrying the same reason, so
 * the counts still add up and the reject file says why nothing was screened.
 */
#include "io/csv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/base.h"
#include "core/clock.h"
#include "core/codes.h"
#include "core/hash.h"
#include "core/mem.h"
#include "io/csv_split.h"
#include "io/reader.h"

enum {
    F_TX_ID,
    F_TS,
    F_AMOUNT,
    F_CURRENCY,
    F_DEBTOR_ID,
    F_CREDITOR_ID, /* the columns above are required */
    F_CHANNEL,
    F_DEBTOR_NAME,
    F_CREDITOR_NAME,
    F_DEBTOR_COUNTRY,
    F_CREDITOR_COUNTRY,
    F_DEBTOR_AGENT,
    F_CREDITOR_AGENT,
    F_MCC,
    F_PURPOSE,
    F_MEMO,
    F_COUNT
};
#define F_REQUIRED (F_CREDITOR_ID + 1)

static const char *const fld_names[F_COUNT] = {
    "tx_id",
    "ts",
    "amount",
    "currency",
    "debtor_id",
    "creditor_id",
    "channel",
    "debtor_name",
    "creditor_name",
    "debtor_country",
    "creditor_country",
    "debtor_agent",
    "creditor_agent",
    "mcc",
    "purpose",
    "memo",
};

/* Indexed by enum jaga_channel; [0] (JAGA_CH_NONE) is the empty string. */
// clang-format off
#define CH(x) { x, sizeof(x) - 1 }
static const struct {
    const char *s;
    size_t len;
} ch_names[JAGA_CH_COUNT] = {
    CH(""),       CH("transfer"),     CH("instant"), CH("remittance"), CH("ewallet"),
    CH("card"),   CH("qr"),           CH("atm"),     CH("crypto"),     CH("giftcard"),
    CH("gaming"), CH("crowdfunding"), CH("other"),
};
#undef CH
// clang-format on

/* Longest field content quoted back in a reject reason. */
#define REASON_QUOTE_MAX 32

struct jaga_txsrc {
    struct jaga_csv_cur cur;
    struct jaga_reader *rd;
    struct jaga_rejects *rej;
    char *name; /* source name in rejects and messages */
    uint32_t source_idx;
    int header_done;
    uint32_t ncols;
    /* Column index of each known field; JAGA_CSV_MAX_COLS (the empty spare entry) when the
     * column is absent, -1 only while reading the header. */
    int slot_col[F_COUNT];
    char header_err[192]; /* nonempty: every record is rejected with this reason */
    char reason[256];     /* built reasons (cold path only) */
    /* Header names, NUL-terminated, for "invalid UTF-8 in <column>". */
    uint32_t col_name_off[JAGA_CSV_MAX_COLS];
    char col_names[JAGA_REC_MAX + JAGA_CSV_MAX_COLS];
    struct jaga_txsrc_stats st;
    struct jaga_csv_rec rec;
};

static const uint8_t empty_str[1] = { 0 };

JAGA_COLD int jaga_txsrc_open(const char *path, uint32_t source_idx, struct jaga_rejects *rej,
                              struct jaga_txsrc **out, char *err, size_t errlen)
{
    const char *name = (!path || strcmp(path, "-") == 0) ? "stdin" : path;
    struct jaga_txsrc *s;
    int ret;

    if (!out)
        return -EINVAL;
    s = jaga_calloc(1, sizeof(*s));
    if (!s) {
        ret = -ENOMEM;
        goto fail;
    }
    s->name = jaga_strndup(name, strlen(name));
    if (!s->name) {
        ret = -ENOMEM;
        goto fail;
    }
    ret = jaga_reader_open(path, &s->rd);
    if (ret < 0)
        goto fail;
    ret = jaga_csv_cur_init(&s->cur, s->rd);
    if (ret < 0)
        goto fail;
    s->rej = rej;
    s->source_idx = source_idx;
    for (int f = 0; f < F_COUNT; f++)
        s->slot_col[f] = -1;
    *out = s;
    return 0;

fail:
    if (err && errlen)
        snprintf(err, errlen, "%s: %s", name, strerror(-ret));
    if (s) {
        jaga_reader_close(s->rd);
        jaga_free(s->name);
        jaga_free(s);
    }
    return ret;
}

static int find_field(const uint8_t *p, size_t len)
{
    for (int f = 0; f < F_COUNT; f++)
        if (strlen(fld_names[f]) == len && memcmp(fld_names[f], p, len) == 0)
            return f;
    return -1;
}

/* Reads and maps the header record (first fill only). COLD. */
JAGA_COLD static void read_header(struct jaga_txsrc *s)
{
    struct jaga_csv_rec *rec = &s->rec;
    char *e = s->header_err;
    size_t el = sizeof(s->header_err), used = 0;

    s->header_done = 1;
    if (!jaga_csv_next(&s->cur, rec))
        return; /* empty input: no header, no records */

    if (rec->flags & JAGA_CSV_TOOLONG) {
        snprintf(e, el, "header too long (> %d bytes)", JAGA_REC_MAX);
    } else if (rec->flags & JAGA_CSV_NUL) {
        snprintf(e, el, "header contains a NUL byte");
    } else if (rec->flags & JAGA_CSV_BADQUOTE) {
        snprintf(e, el, "bad quoting in header");
    } else if (rec->nf > JAGA_CSV_MAX_COLS) {
        snprintf(e, el, "header has too many columns (%u > %d)", rec->nf, JAGA_CSV_MAX_COLS);
    } else {
        s->ncols = rec->nf;
        for (uint32_t k = 0; k < rec->nf && !e[0]; k++) {
            const uint8_t *p = rec->f[k].p;
            size_t len = rec->f[k].len;
            int f;

            /* Spreadsheet exports often start with a UTF-8 byte order mark; it is not part of
             * the first column's name. */
            if (k == 0 && len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
                p += 3;
                len -= 3;
            }
            if ((rec->flags & JAGA_CSV_HIGH) && !jaga_utf8_valid(p, len)) {
                snprintf(e, el, "header is not valid UTF-8");
                break;
            }
            s->col_name_off[k] = (uint32_t)used;
            memcpy(s->col_names + used, p, len);
            used += len;
            s->col_names[used++] = '\0';
            f = find_field(p, len);
            if (f < 0)
                continue;
            if (s->slot_col[f] >= 0)
                snprintf(e, el, "header has duplicate column '%s'", fld_names[f]);
            s->slot_col[f] = (int)k;
        }
        for (int f = 0; f < F_REQUIRED && !e[0]; f++)
            if (s->slot_col[f] < 0)
                snprintf(e, el, "header lacks required column '%s'", fld_names[f]);
    }
    for (int f = 0; f < F_COUNT; f++)
        if (s->slot_col[f] < 0)
            s->slot_col[f] = JAGA_CSV_MAX_COLS;
    rec->f[JAGA_CSV_MAX_COLS].p = empty_str;
    rec->f[JAGA_CSV_MAX_COLS].len = 0;
    if (e[0])
        fprintf(stderr, "jaga: %s: %s\n", s->name, e);
}

/* Bad-value reason quoting the offending content (truncated). COLD. */
JAGA_COLD static const char *reason_q(struct jaga_txsrc *s, const char *what,
                                      const struct jaga_csv_field *v)
{
    int n = v->len > REASON_QUOTE_MAX ? REASON_QUOTE_MAX : (int)v->len;

    snprintf(s->reason, sizeof(s->reason), "%s '%.*s'%s", what, n, (const char *)v->p,
             v->len > REASON_QUOTE_MAX ? "..." : "");
    return s->reason;
}

JAGA_COLD static const char *reason_len(struct jaga_txsrc *s, int f, size_t len, size_t max)
{
    snprintf(s->reason, sizeof(s->reason), "%s too long (%zu > %zu)", fld_names[f], len, max);
    return s->reason;
}

static const char *check_id(struct jaga_txsrc *s, int f, const struct jaga_csv_field *v)
{
    if (jaga_unlikely(v->len == 0)) {
        snprintf(s->reason, sizeof(s->reason), "empty %s", fld_names[f]);
        return s->reason;
    }
    if (jaga_unlikely(v->len > JAGA_ID_MAX))
        return reason_len(s, f, v->len, JAGA_ID_MAX);
    return NULL;
}

/* Decimal amount into units of 10^-4. Digits, optional '.' and 1-4 fraction digits (further
 * fraction digits only if they are zeros); no sign, grouping or exponent; at most 14 integer
 * digits so the value fits int64. */
static const char *parse_amount(const uint8_t *p, size_t n, int64_t *out)
{
    static const uint32_t pow10[5] = { 10000, 1000, 100, 10, 1 };
    size_t i = 0, start;
    uint64_t ip = 0, fr = 0;
    unsigned sig = 0, fd = 0;
    int neg = 0, extra = 0;

    if (n == 0)
        return "empty amount";
    if (p[0] == '-') {
        neg = 1;
        i = 1;
    }
    start = i;
    for (; i < n; i++) {
        unsigned d = (unsigned)p[i] - '0';

        if (d >= 10)
            break;
        /* Leading zeros do not count towards the 14 digits. */
        if (sig || d) {
            if (++sig <= 14)
                ip = ip * 10 + d;
        }
    }
    if (i == start)
        return "bad amount";
    if (i < n) {
        if (p[i] != '.')
            return "bad amount";
        start = ++i;
        for (; i < n; i++) {
            unsigned d = (unsigned)p[i] - '0';

            if (d >= 10)
                return "bad amount";
            if (fd < 4)
                fr = fr * 10 + d;
            else if (d)
                extra = 1;
            fd++;
        }
        if (i == start)
            return "bad amount";
    }
    if (extra)
        return "too many decimals in amount (max 4)";
    if (sig > 14)
        return "amount too large (max 14 integer digits)";
    fr *= pow10[fd < 4 ? fd : 4];
    if (neg || (ip == 0 && fr == 0))
        return "amount not positive";
    *out = (int64_t)(ip * 10000 + fr);
    return NULL;
}

static int parse_channel(const uint8_t *p, size_t n)
{
    if (n == 0)
        return JAGA_CH_NONE;
    for (int c = 1; c < JAGA_CH_COUNT; c++)
        if (ch_names[c].len == n && ch_names[c].s[0] == p[0] && memcmp(ch_names[c].s, p, n) == 0)
            return c;
    return -1;
}

static inline struct jaga_sref put_str(struct jaga_batch *b, const struct jaga_csv_field *v)
{
    struct jaga_sref r = { .off = b->arena_used, .len = (uint32_t)v->len };

    memcpy(b->arena + r.off, v->p, v->len);
    b->arena[r.off + v->len] = '\0';
    b->arena_used += (uint32_t)v->len + 1;
    return r;
}

/* Validates the current record and, when it is good, stores it as record i of b. Returns NULL
 * (accepted) or the reject reason. HOT: no alloc/lock/syscall; reasons are built only for
 * rejects. */
static const char *take_record(struct jaga_txsrc *s, struct jaga_batch *b, unsigned i, uint64_t seq)
{
    const struct jaga_csv_rec *rec = &s->rec;
    const struct jaga_csv_field *v[F_COUNT];
    const char *why;
    int64_t ts, amount;
    uint16_t ccy, dcc = 0, ccc = 0, mcc = JAGA_MCC_NONE;
    uint32_t purpose = 0;
    int ch;

    if (jaga_unlikely(s->header_err[0]))
        return s->header_err;
    if (jaga_unlikely(rec->flags & ~JAGA_CSV_HIGH)) {
        if (rec->flags & JAGA_CSV_TOOLONG) {
            snprintf(s->reason, sizeof(s->reason), "record too long (> %d bytes)", JAGA_REC_MAX);
            return s->reason;
        }
        if (rec->flags & JAGA_CSV_READERR)
            return "truncated by read error";
        if (rec->flags & JAGA_CSV_EMPTY)
            return "empty line";
        if (rec->flags & JAGA_CSV_NUL)
            return "NUL byte";
        if (rec->flags & JAGA_CSV_BADQUOTE)
            return "bad quoting";
    }
    if (jaga_unlikely(rec->nf != s->ncols)) {
        snprintf(s->reason, sizeof(s->reason), "wrong column count: %u of %u", rec->nf, s->ncols);
        return s->reason;
    }
    if (jaga_unlikely(rec->flags & JAGA_CSV_HIGH)) {
        for (uint32_t k = 0; k < rec->nf; k++) {
            if (!jaga_utf8_valid(rec->f[k].p, rec->f[k].len)) {
                snprintf(s->reason, sizeof(s->reason), "invalid UTF-8 in %.64s",
                         s->col_names + s->col_name_off[k]);
                return s->reason;
            }
        }
    }
    /* Absent columns map to the splitter's spare entry, which holds an empty field. */
    for (int f = 0; f < F_COUNT; f++)
        v[f] = &rec->f[s->slot_col[f]];

    if ((why = check_id(s, F_TX_ID, v[F_TX_ID])) ||
        (why = check_id(s, F_DEBTOR_ID, v[F_DEBTOR_ID])) ||
        (why = check_id(s, F_CREDITOR_ID, v[F_CREDITOR_ID])))
        return why;
    if (jaga_unlikely(jaga_ts_parse((const char *)v[F_TS]->p, v[F_TS]->len, &ts) < 0))
        return v[F_TS]->len ? reason_q(s, "bad ts", v[F_TS]) : "empty ts";
    if (jaga_unlikely((why = parse_amount(v[F_AMOUNT]->p, v[F_AMOUNT]->len, &amount)) != NULL))
        return why;
    ccy = jaga_ccy_code((const char *)v[F_CURRENCY]->p, v[F_CURRENCY]->len);
    if (jaga_unlikely(!ccy))
        return v[F_CURRENCY]->len ? reason_q(s, "unknown currency", v[F_CURRENCY])
                                  : "empty currency";
    ch = parse_channel(v[F_CHANNEL]->p, v[F_CHANNEL]->len);
    if (jaga_unlikely(ch < 0))
        return reason_q(s, "unknown channel", v[F_CHANNEL]);
    if (v[F_DEBTOR_COUNTRY]->len) {
        dcc = jaga_cc_code((const char *)v[F_DEBTOR_COUNTRY]->p, v[F_DEBTOR_COUNTRY]->len);
        if (jaga_unlikely(!dcc))
            return reason_q(s, "bad debtor_country", v[F_DEBTOR_COUNTRY]);
    }
    if (v[F_CREDITOR_COUNTRY]->len) {
        ccc = jaga_cc_code((const char *)v[F_CREDITOR_COUNTRY]->p, v[F_CREDITOR_COUNTRY]->len);
        if (jaga_unlikely(!ccc))
            return reason_q(s, "bad creditor_country", v[F_CREDITOR_COUNTRY]);
    }
    if (v[F_MCC]->len) {
        const uint8_t *p = v[F_MCC]->p;
        unsigned d0 = p[0] - '0', d1, d2, d3;

        if (v[F_MCC]->len != 4)
            return reason_q(s, "bad mcc", v[F_MCC]);
        d1 = p[1] - '0';
        d2 = p[2] - '0';
        d3 = p[3] - '0';
        if (d0 > 9 || d1 > 9 || d2 > 9 || d3 > 9)
            return reason_q(s, "bad mcc", v[F_MCC]);
        mcc = (uint16_t)(d0 * 1000 + d1 * 100 + d2 * 10 + d3);
    }
    if (v[F_PURPOSE]->len) {
        if (v[F_PURPOSE]->len > 4)
            return reason_q(s, "bad purpose", v[F_PURPOSE]);
        for (size_t k = 0; k < v[F_PURPOSE]->len; k++) {
            unsigned c = v[F_PURPOSE]->p[k];

            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
                return reason_q(s, "bad purpose", v[F_PURPOSE]);
            purpose |= (uint32_t)c << (8 * k);
        }
    }
    if (jaga_unlikely(v[F_DEBTOR_AGENT]->len > JAGA_ID_MAX))
        return reason_len(s, F_DEBTOR_AGENT, v[F_DEBTOR_AGENT]->len, JAGA_ID_MAX);
    if (jaga_unlikely(v[F_CREDITOR_AGENT]->len > JAGA_ID_MAX))
        return reason_len(s, F_CREDITOR_AGENT, v[F_CREDITOR_AGENT]->len, JAGA_ID_MAX);
    if (jaga_unlikely(v[F_DEBTOR_NAME]->len > JAGA_NAME_MAX))
        return reason_len(s, F_DEBTOR_NAME, v[F_DEBTOR_NAME]->len, JAGA_NAME_MAX);
    if (jaga_unlikely(v[F_CREDITOR_NAME]->len > JAGA_NAME_MAX))
        return reason_len(s, F_CREDITOR_NAME, v[F_CREDITOR_NAME]->len, JAGA_NAME_MAX);
    if (jaga_unlikely(v[F_MEMO]->len > JAGA_MEMO_MAX))
        return reason_len(s, F_MEMO, v[F_MEMO]->len, JAGA_MEMO_MAX);

    b->seq[i] = seq;
    b->line[i] = rec->line;
    b->ts_ms[i] = ts;
    b->amount_e4[i] = amount;
    b->debtor_h[i] = jaga_hash_id(v[F_DEBTOR_ID]->p, v[F_DEBTOR_ID]->len);
    b->creditor_h[i] = jaga_hash_id(v[F_CREDITOR_ID]->p, v[F_CREDITOR_ID]->len);
    b->currency[i] = ccy;
    b->debtor_cc[i] = dcc;
    b->creditor_cc[i] = ccc;
    b->mcc[i] = mcc;
    b->channel[i] = (uint8_t)ch;
    b->purpose[i] = purpose;
    b->tx_id[i] = put_str(b, v[F_TX_ID]);
    b->debtor_id[i] = put_str(b, v[F_DEBTOR_ID]);
    b->creditor_id[i] = put_str(b, v[F_CREDITOR_ID]);
    b->debtor_name[i] = put_str(b, v[F_DEBTOR_NAME]);
    b->creditor_name[i] = put_str(b, v[F_CREDITOR_NAME]);
    b->memo[i] = put_str(b, v[F_MEMO]);
    /* Later stages OR into or overwrite these; start each record from "nothing found". */
    b->memo_hits[i] = 0;
    b->debtor_wl_name[i] = -1;
    b->creditor_wl_name[i] = -1;
    b->fired[i] = 0;
    return NULL;
}

unsigned jaga_txsrc_fill(struct jaga_txsrc *s, struct jaga_batch *b, uint64_t *seq)
{
    uint64_t local_seq = 0;

    if (!seq)
        seq = &local_seq;
    b->n = 0;
    b->arena_used = 0;
    b->source = s->source_idx;
    if (jaga_unlikely(!s->header_done))
        read_header(s);

    /* Each record's strings take at most its length plus six NULs, so stopping with
     * JAGA_REC_MAX + 64 bytes left guarantees the next record fits. */
    while (b->n < JAGA_BATCH_MAX && JAGA_ARENA_SIZE - b->arena_used >= JAGA_REC_MAX + 64) {
        const char *why;
        uint64_t sq;

        if (!jaga_csv_next(&s->cur, &s->rec))
            break;
        sq = (*seq)++;
        s->st.read++;
        why = take_record(s, b, b->n, sq);
        if (jaga_likely(!why)) {
            b->n++;
            s->st.accepted++;
        } else {
            s->st.rejected++;
            jaga_rejects_add(s->rej, s->name, s->rec.line, s->rec.off, why, s->rec.raw,
                             s->rec.raw_len);
        }
    }
    s->st.bytes = s->cur.off;
    return b->n;
}

int jaga_txsrc_error(const struct jaga_txsrc *s)
{
    return s->cur.err;
}

void jaga_txsrc_get_stats(const struct jaga_txsrc *s, struct jaga_txsrc_stats *out)
{
    *out = s->st;
}

const char *jaga_txsrc_backend(const struct jaga_txsrc *s)
{
    struct jaga_reader_stats rs;

    jaga_reader_get_stats(s->rd, &rs);
    return rs.backend;
}

JAGA_COLD void jaga_txsrc_close(struct jaga_txsrc *s)
{
    if (!s)
        return;
    jaga_csv_cur_fini(&s->cur);
    jaga_reader_close(s->rd);
    jaga_free(s->name);
    jaga_free(s);
}
