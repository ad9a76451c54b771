// SPDX-License-Identifier: Apache-2.0
/*
 * Bad input through the real `jaga screen` binary (CONTRACT.md §5): nothing crashes, every bad
 * row lands in the reject file with its physical line, byte offset, a reason naming the
 * problem and its raw bytes, good rows around it are screened, and read = screened + rejected
 * holds in every summary. Covers one bad row of every kind in one file, header problems, empty
 * and header-only files, CRLF, quoted newlines, and fixed-seed random bytes and mutations.
 * The reject file format is the one of io/rejects.h.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness.h"

/* The harness keeps its buffers until the test process ends, so leak checking is off for it.
 * It stays on for the jaga binary the tests run (it inherits ASAN_OPTIONS, not this), and a
 * leak there fails the test through jaga's exit status. */
const char *__asan_default_options(void);
__attribute__((visibility("default"))) const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

/* ---- the suite: a temp dir per test (harness.h) ------------------------------------------ */

static void setup(void)
{
    h_setup("badinput");
}

TestSuite(badinput, .init = setup, .fini = h_teardown, .timeout = 300);

/* ---- building inputs ------------------------------------------------------------------------ */

struct val {
    const char *p;
    size_t n;
};

/* A literal with its length, so embedded NUL bytes count. */
#define V(s) ((struct val){ (s), sizeof(s) - 1 })

static struct val vstr(const char *s)
{
    return (struct val){ s, strlen(s) };
}

/* n copies of c, optionally between quotes. */
static struct val vrep(char c, size_t n)
{
    char *p = malloc(n + 1);
    memset(p, c, n);
    p[n] = 0;
    return (struct val){ p, n };
}

enum { C_TX, C_TS, C_AMT, C_CCY, C_DEB, C_CRED, C_CH, C_DN, C_CN, C_DC, C_CC, C_MCC, C_MEMO, NCOL };

static const char header[] = "tx_id,ts,amount,currency,debtor_id,creditor_id,channel,debtor_name,"
                             "creditor_name,debtor_country,creditor_country,mcc,memo";

/* A growing byte buffer that knows how many physical lines it holds. */
struct fb {
    char *p;
    size_t n, cap;
    uint64_t lines;
};

static void fb_put(struct fb *f, const void *p, size_t n)
{
    if (f->n + n + 1 > f->cap) {
        f->cap = (f->n + n + 1) * 2;
        f->p = realloc(f->p, f->cap);
        cr_assert_not_null(f->p);
    }
    memcpy(f->p + f->n, p, n);
    f->n += n;
    f->p[f->n] = 0;
}

/* Appends a record and its line end; returns the physical line where it starts and its byte
 * offset. Line ends inside the record (quoted newlines) move the following lines down. */
static uint64_t fb_rec(struct fb *f, struct val rec, const char *eol, uint64_t *off)
{
    uint64_t line = f->lines + 1;
    if (off)
        *off = f->n;
    fb_put(f, rec.p, rec.n);
    for (size_t i = 0; i < rec.n; i++)
        f->lines += rec.p[i] == '\n';
    if (eol) {
        fb_put(f, eol, strlen(eol));
        f->lines++;
    }
    return line;
}

/* A good row (id prefix + number) with column `col` replaced by the raw CSV text v (col < 0:
 * no replacement). */
static struct val mkrow(char kind, int seq, int col, struct val v)
{
    char id[16], deb[16], cred[16];
    snprintf(id, sizeof(id), "%c%04d", kind, seq);
    snprintf(deb, sizeof(deb), "PH-D%d", seq);
    snprintf(cred, sizeof(cred), "PH-C%d", seq);
    struct val f[NCOL] = {
        [C_TX] = vstr(id),          [C_TS] = V("2026-03-01T10:00:00Z"),
        [C_AMT] = V("100.00"),      [C_CCY] = V("PHP"),
        [C_DEB] = vstr(deb),        [C_CRED] = vstr(cred),
        [C_CH] = V("transfer"),     [C_DN] = V("Juan Dela Cruz"),
        [C_CN] = V("Maria Santos"), [C_DC] = V("PH"),
        [C_CC] = V("PH"),           [C_MCC] = V(""),
        [C_MEMO] = V("rent"),
    };
    if (col >= 0)
        f[col] = v;
    struct fb o = { 0 };
    for (int k = 0; k < NCOL; k++) {
        if (k)
            fb_put(&o, ",", 1);
        fb_put(&o, f[k].p, f[k].n);
    }
    return (struct val){ o.p, o.n };
}

static struct val cat(struct val a, struct val b)
{
    char *p = malloc(a.n + b.n + 1);
    memcpy(p, a.p, a.n);
    memcpy(p + a.n, b.p, b.n);
    p[a.n + b.n] = 0;
    return (struct val){ p, a.n + b.n };
}

/* A row in which every field is quoted. */
static struct val quoted_row(int seq)
{
    char *s =
        h_xasprintf("\"Q%04d\",\"2026-03-01T11:00:00Z\",\"75.50\",\"PHP\",\"PH-Q%d\",\"PH-R%d\","
                    "\"instant\",\"Ana\",\"Ben\",\"PH\",\"PH\",\"\",\"\"",
                    seq, seq, seq);
    return vstr(s);
}

/* ---- checking the reject file against what was put in ------------------------------------- */

struct bad {
    const char *name;
    uint64_t line, off;
    struct val rec;      /* the record as written, without its line end */
    const char *want[3]; /* words the reason must contain (any case) */
};

static void check_rejects(const char *path, const char *source, const struct bad *bad, size_t n_bad)
{
    struct reject *rv;
    size_t n = h_read_rejects(path, &rv);
    for (size_t i = 0; i + 1 < n; i++)
        cr_assert_lt(rv[i].line, rv[i + 1].line, "rejects out of order at %zu", i);
    for (size_t b = 0; b < n_bad; b++) {
        const struct bad *x = &bad[b];
        const struct reject *r = NULL;
        for (size_t i = 0; i < n && !r; i++)
            if (rv[i].line == x->line)
                r = &rv[i];
        cr_assert_not_null(r, "%s (line %llu) is not in the rejects", x->name,
                           (unsigned long long)x->line);
        cr_assert_str_eq(r->source, source, "%s: source", x->name);
        cr_assert_eq(r->off, x->off, "%s: offset %llu, expected %llu", x->name, r->off,
                     (unsigned long long)x->off);
        for (int w = 0; w < 3 && x->want[w]; w++)
            cr_assert(strcasestr(r->reason, x->want[w]),
                      "%s (line %llu): reason '%s' does not mention '%s'", x->name,
                      (unsigned long long)x->line, r->reason, x->want[w]);
        size_t want_len = x->rec.n < 1024 ? x->rec.n : 1024;
        cr_assert_eq(r->raw_len, want_len, "%s: raw is %zu bytes, expected %zu", x->name,
                     r->raw_len, want_len);
        cr_assert(!memcmp(r->raw, x->rec.p, want_len), "%s: raw differs from the input", x->name);
    }
    cr_assert_eq(n, n_bad, "%zu rejects for %zu bad rows (a good row was rejected?)", n, n_bad);
}

/* The invariants every run must keep, whatever the input: exit 0, read = screened + rejected,
 * one reject line per rejected record, and each reject's offset, line and raw bytes true to
 * the input. */
static struct summary check_any(const struct buf *in, const struct run *r, const char *rej,
                                const char *what)
{
    cr_assert_eq(r->code, 0, "%s: exit %d\n%s", what, r->code, r->err.p);
    struct summary s = h_summary(r);
    struct buf rb = h_must_slurp(rej);
    cr_assert_eq(h_count_lines(&rb), s.rejected, "%s: %zu reject lines, %llu rejected", what,
                 h_count_lines(&rb), s.rejected);
    struct reject *rv;
    size_t n = h_read_rejects(rej, &rv);
    uint64_t line = 1, pos = 0;
    for (size_t i = 0; i < n; i++) {
        const struct reject *x = &rv[i];
        cr_assert(i == 0 || x->off > rv[i - 1].off, "%s: offsets not increasing at %zu", what, i);
        cr_assert(x->off + x->raw_len <= in->n, "%s: reject %zu beyond the input", what, i);
        cr_assert(x->raw_len <= 1024, "%s: raw of reject %zu longer than 1 KiB", what, i);
        cr_assert(!memcmp(in->p + x->off, x->raw, x->raw_len),
                  "%s: reject %zu (line %llu): raw is not the input at its offset", what, i,
                  x->line);
        for (; pos < x->off; pos++)
            line += in->p[pos] == '\n';
        cr_assert_eq(x->line, line, "%s: reject %zu at offset %llu says line %llu, it is %llu",
                     what, i, x->off, x->line, (unsigned long long)line);
        cr_assert(x->reason[0], "%s: reject %zu has no reason", what, i);
    }
    return s;
}

/* ---- one bad row of every kind ----------------------------------------------------------------
 */

Test(badinput, every_kind_of_bad_row)
{
    struct fb f = { 0 };
    fb_rec(&f, vstr(header), "\n", NULL);
    struct bad bad[128];
    size_t n_bad = 0, n_good = 0;
    int seq = 0;

#define GOOD(r_) (fb_rec(&f, (r_), "\n", NULL), n_good++)
#define BAD(nm_, r_, ...)                               \
    do {                                                \
        struct bad *b_ = &bad[n_bad++];                 \
        b_->name = (nm_);                               \
        b_->rec = (r_);                                 \
        b_->line = fb_rec(&f, b_->rec, "\n", &b_->off); \
        const char *w_[3] = { __VA_ARGS__ };            \
        memcpy(b_->want, w_, sizeof(w_));               \
        GOOD(good_variant(seq++));                      \
    } while (0)

    /* Good rows between the bad ones, each a little different (all valid by CONTRACT §1). */
    struct val variants[] = {
        mkrow('G', 0, -1, V("")),
        mkrow('G', 0, C_AMT, V("250000")),
        mkrow('G', 0, C_AMT, V("0.0001")),
        mkrow('G', 0, C_AMT, V("51")),
        mkrow('G', 0, C_TS, V("2026-03-01T22:15:03.120Z")),
        mkrow('G', 0, C_TS, V("2026-03-01T22:15:03+08:00")),
        mkrow('G', 0, C_TS, V("2026-03-01T22:15:03.5-05:30")),
        mkrow('G', 0, C_TS, V("1772323200000")),
        mkrow('G', 0, C_MEMO, V("\"he said \"\"hi\"\", ok\"")),
        mkrow('G', 0, C_MEMO, V("\"line one\nline two\"")),
        mkrow('G', 0, C_MEMO, V("\"crlf one\r\ncrlf two\"")),
        mkrow('G', 0, C_DN,
              V("Jos\xc3\xa9 \xc3\x91\xc3\xba\xc3\xb1"
                "ez")),
        mkrow('G', 0, C_CN, V("\xe0\xb8\xaa\xe0\xb8\xa1\xe0\xb8\x8a\xe0\xb8\xb2\xe0\xb8\xa2")),
        mkrow('G', 0, C_MEMO, V("\xf0\x9f\x8e\x81 gift")),
        mkrow('G', 0, C_CH, V("")),
        mkrow('G', 0, C_MCC, V("5732")),
        mkrow('G', 0, C_DC, V("")),
        mkrow('G', 0, C_CCY, V("USD")),
        mkrow('G', 0, C_CH, V("crowdfunding")),
    };
    size_t n_var = sizeof(variants) / sizeof(variants[0]);
#define good_variant(k) variants[(k) % n_var]
    /* A tx_id of exactly 64 bytes is still good. */
    GOOD(mkrow('G', 1, C_TX, vrep('T', 64)));
    GOOD(quoted_row(1));

    /* Structure. */
    struct val full = mkrow('B', 1, -1, V(""));
    const char *last2 = full.p + full.n;
    for (int commas = 0; commas < 2; last2--)
        commas += last2[-1] == ',';
    BAD("too few columns", ((struct val){ full.p, (size_t)(last2 - full.p) }), "column");
    BAD("too many columns", cat(mkrow('B', 2, -1, V("")), V(",extra")), "column");
    {
        struct fb many = { 0 };
        struct val r = mkrow('B', 3, -1, V(""));
        fb_put(&many, r.p, r.n);
        for (int k = 0; k < 300; k++)
            fb_put(&many, ",x", 2);
        BAD("300 extra columns", ((struct val){ many.p, many.n }), "column");
    }
    BAD("quote inside an unquoted field", mkrow('B', 4, C_DN, V("Juan \"JD\" Cruz")), "quot");
    BAD("text after a closing quote", mkrow('B', 5, C_MEMO, V("\"abc\"def")), "quot");

    /* Encoding. */
    BAD("latin-1 byte in memo", mkrow('B', 6, C_MEMO, V("caf\xe9")), "UTF-8", "memo");
    BAD("latin-1 byte in a name", mkrow('B', 7, C_DN, V("Jos\xe9")), "UTF-8", "debtor_name");
    BAD("overlong 2-byte encoding", mkrow('B', 8, C_MEMO, V("a\xc0\xaf")), "UTF-8", "memo");
    BAD("overlong 3-byte encoding", mkrow('B', 9, C_CN, V("\xe0\x80\xaf")), "UTF-8",
        "creditor_name");
    BAD("lone continuation byte",
        mkrow('B', 10, C_CN,
              V("Mar\x80"
                "a")),
        "UTF-8", "creditor_name");
    BAD("UTF-16 surrogate", mkrow('B', 11, C_MEMO, V("\xed\xa0\x80")), "UTF-8");
    BAD("truncated sequence", mkrow('B', 12, C_MEMO, V("ab\xe2\x82")), "UTF-8");
    BAD("invalid UTF-8 in tx_id",
        mkrow('B', 13, C_TX,
              V("B\xff"
                "13")),
        "UTF-8", "tx_id");
    BAD("NUL byte", mkrow('B', 14, C_MEMO, V("a\0b")), "NUL");
    BAD("NUL byte in a quoted field", mkrow('B', 15, C_DN, V("\"a\0b\"")), "NUL");

    /* Sizes. */
    BAD("tx_id of 65 bytes", mkrow('B', 16, C_TX, vrep('T', 65)), "tx_id");
    BAD("debtor_id of 65 bytes", mkrow('B', 17, C_DEB, vrep('D', 65)), "debtor_id");
    BAD("memo of 2000 bytes", mkrow('B', 18, C_MEMO, vrep('m', 2000)), "memo");
    BAD("record of 100 KiB", mkrow('B', 19, C_MEMO, vrep('x', 100 * 1024)), "long");
    {
        /* A 100 KiB quoted field holding 100 line ends: skipped whole, lines still counted. */
        struct fb q = { 0 };
        fb_put(&q, "\"", 1);
        for (int k = 0; k < 100; k++) {
            struct val l = vrep('y', 1024);
            fb_put(&q, l.p, l.n);
            fb_put(&q, "\n", 1);
        }
        fb_put(&q, "\"", 1);
        BAD("100 KiB quoted field over 101 lines",
            mkrow('B', 20, C_MEMO, ((struct val){ q.p, q.n })), "long");
    }

    /* Amounts. */
    BAD("empty amount", mkrow('B', 21, C_AMT, V("")), "amount");
    BAD("negative amount", mkrow('B', 22, C_AMT, V("-5.00")), "amount");
    BAD("zero amount", mkrow('B', 23, C_AMT, V("0")), "amount");
    BAD("zero amount with decimals", mkrow('B', 24, C_AMT, V("0.00")), "amount");
    BAD("exponent", mkrow('B', 25, C_AMT, V("1e5")), "amount");
    BAD("grouping comma", mkrow('B', 26, C_AMT, V("\"1,000\"")), "amount");
    BAD("decimal comma", mkrow('B', 27, C_AMT, V("\"12,50\"")), "amount");
    BAD("six decimals", mkrow('B', 28, C_AMT, V("12.345678")), "amount");
    BAD("letters", mkrow('B', 29, C_AMT, V("abc")), "amount");
    BAD("two points", mkrow('B', 30, C_AMT, V("1.2.3")), "amount");

    /* Dates. */
    BAD("February 30", mkrow('B', 31, C_TS, V("2026-02-30T10:00:00Z")), "ts");
    BAD("hour 25", mkrow('B', 32, C_TS, V("2026-03-01T25:00:00Z")), "ts");
    BAD("month 13", mkrow('B', 33, C_TS, V("2026-13-01T10:00:00Z")), "ts");
    BAD("garbage date", mkrow('B', 34, C_TS, V("yesterday")), "ts");
    BAD("empty ts", mkrow('B', 35, C_TS, V("")), "ts");
    BAD("no time zone", mkrow('B', 36, C_TS, V("2026-03-01T10:00:00")), "ts");
    BAD("date only", mkrow('B', 37, C_TS, V("2026-03-01")), "ts");
    BAD("2025 is no leap year", mkrow('B', 38, C_TS, V("2025-02-29T00:00:00Z")), "ts");

    /* Codes. */
    BAD("lower-case currency", mkrow('B', 39, C_CCY, V("usd")), "currency");
    BAD("unassigned currency", mkrow('B', 40, C_CCY, V("XYZ")), "currency");
    BAD("two-letter currency", mkrow('B', 41, C_CCY, V("US")), "currency");
    BAD("unknown channel", mkrow('B', 42, C_CH, V("wire")), "channel");
    BAD("unassigned debtor country", mkrow('B', 43, C_DC, V("XX")), "country");
    BAD("lower-case creditor country", mkrow('B', 44, C_CC, V("ph")), "country");
    BAD("alpha-3 country", mkrow('B', 45, C_DC, V("PHL")), "country");
    BAD("mcc with a letter", mkrow('B', 46, C_MCC, V("12a4")), "mcc");
    BAD("mcc of 3 digits", mkrow('B', 47, C_MCC, V("123")), "mcc");
    BAD("mcc of 5 digits", mkrow('B', 48, C_MCC, V("12345")), "mcc");

    /* Empty required fields. */
    BAD("empty tx_id", mkrow('B', 49, C_TX, V("")), "tx_id");
    BAD("empty debtor_id", mkrow('B', 50, C_DEB, V("")), "debtor_id");
    BAD("empty creditor_id", mkrow('B', 51, C_CRED, V("")), "creditor_id");
    BAD("empty currency", mkrow('B', 52, C_CCY, V("")), "currency");
    BAD("empty line", V(""), "empty");

    /* Last: a quote that never closes runs to the end of the file. */
    {
        struct bad *b = &bad[n_bad++];
        b->name = "unterminated quote at EOF";
        b->rec = mkrow('B', 53, C_MEMO, V("\"never closed\nstill open"));
        b->line = fb_rec(&f, b->rec, NULL, &b->off);
        b->want[0] = "quot";
        b->want[1] = b->want[2] = NULL;
    }
#undef BAD
#undef GOOD
#undef good_variant

    char *in = h_tmp("mixed.csv"), *rej = h_tmp("rejects.tsv"), *alerts = h_tmp("alerts.jsonl");
    h_spit(in, f.p, f.n);
    struct buf inb = { f.p, f.n };
    struct run r = RUN("screen", "--rejects", rej, "--alerts", alerts, in);
    struct summary s = check_any(&inb, &r, rej, "mixed file");
    cr_assert_eq(s.read, n_good + n_bad, "read %llu, expected %zu", s.read, n_good + n_bad);
    cr_assert_eq(s.screened, n_good, "screened %llu, expected %zu good rows", s.screened, n_good);
    cr_assert_eq(s.rejected, n_bad, "rejected %llu, expected %zu bad rows", s.rejected, n_bad);
    check_rejects(rej, in, bad, n_bad);

    /* The same bytes through a pipe give the same rejects, with source "stdin". */
    char *rej2 = h_tmp("rejects2.tsv");
    r = h_run_io(NULL, &inb, (const char *const[]){ "screen", "--rejects", rej2, NULL });
    s = check_any(&inb, &r, rej2, "mixed file on stdin");
    cr_assert_eq(s.screened, n_good);
    check_rejects(rej2, "stdin", bad, n_bad);
}

/* ---- header problems ------------------------------------------------------------------------ */

static void header_all_rejected(const char *hdr, const char *const *rows, size_t n,
                                const char *word)
{
    struct fb f = { 0 };
    fb_rec(&f, vstr(hdr), "\n", NULL);
    for (size_t k = 0; k < n; k++)
        fb_rec(&f, vstr(rows[k]), "\n", NULL);
    char *in = h_tmp("hdr.csv"), *rej = h_tmp("hdr.rej");
    h_spit(in, f.p, f.n);
    struct buf inb = { f.p, f.n };
    struct run r = RUN("screen", "--rejects", rej, in);
    struct summary s = check_any(&inb, &r, rej, hdr);
    cr_assert_eq(s.read, n, "%s", r.err.p);
    cr_assert_eq(s.rejected, n, "%s", r.err.p);
    cr_assert_eq(s.screened, 0);
    struct reject *rv;
    cr_assert_eq(h_read_rejects(rej, &rv), n);
    for (size_t k = 0; k < n; k++) {
        cr_assert_eq(rv[k].line, k + 2);
        cr_assert(strcasestr(rv[k].reason, word), "reason '%s' does not mention '%s'", rv[k].reason,
                  word);
    }
    /* The header problem is also said on stderr, apart from the summary. */
    char **lines;
    size_t nl = h_split_lines(&r.err, &lines);
    bool said = false;
    for (size_t k = 0; k < nl; k++)
        said |= strcasestr(lines[k], word) != NULL;
    cr_assert(said, "stderr does not mention '%s':\n%s", word, r.err.p);
}

Test(badinput, header_lacks_required_column)
{
    const char *rows[] = { "A1,2026-03-01T10:00:00Z,PHP,PH-1,PH-2",
                           "A2,2026-03-01T10:00:00Z,PHP,PH-1,PH-2",
                           "A3,2026-03-01T10:00:00Z,PHP,PH-1,PH-2" };
    header_all_rejected("tx_id,ts,currency,debtor_id,creditor_id", rows, 3, "amount");
}

Test(badinput, header_names_are_case_sensitive)
{
    const char *rows[] = { "A1,2026-03-01T10:00:00Z,5.00,PHP,PH-1,PH-2",
                           "A2,2026-03-01T10:00:00Z,5.00,PHP,PH-1,PH-2" };
    header_all_rejected("TX_ID,ts,amount,currency,debtor_id,creditor_id", rows, 2, "tx_id");
}

Test(badinput, header_duplicate_column)
{
    const char *rows[] = { "A1,2026-03-01T10:00:00Z,5.00,PHP,PH-1,PH-2,6.00",
                           "A2,2026-03-01T10:00:00Z,5.00,PHP,PH-1,PH-2,6.00" };
    header_all_rejected("tx_id,ts,amount,currency,debtor_id,creditor_id,amount", rows, 2, "amount");
}

Test(badinput, columns_in_any_order_unknown_ignored)
{
    /* CONTRACT §1: any order, unknown columns ignored. */
    const char *csv = "memo,creditor_id,foo,amount,debtor_id,currency,ts,tx_id\n"
                      "rent,PH-2,whatever,5.00,PH-1,PHP,2026-03-01T10:00:00Z,A1\n"
                      "\"x,y\",PH-3,,7,PH-1,PHP,1772323200000,A2\n";
    char *in = h_tmp("order.csv"), *rej = h_tmp("order.rej");
    h_spits(in, csv);
    struct buf inb = { (char *)csv, strlen(csv) };
    struct run r = RUN("screen", "--rejects", rej, in);
    struct summary s = check_any(&inb, &r, rej, "reordered columns");
    cr_assert_eq(s.read, 2);
    cr_assert_eq(s.screened, 2, "%s", r.err.p);
}

/* ---- empty and header-only files ----------------------------------------------------------------
 */

static void expect_nothing(const char *content, size_t len, const char *what)
{
    char *in = h_tmp("in.csv"), *rej = h_tmp("rej"), *alerts = h_tmp("alerts");
    h_spit(in, content, len);
    struct buf inb = { (char *)content, len };
    struct run r = RUN("screen", "--rejects", rej, "--alerts", alerts, in);
    struct summary s = check_any(&inb, &r, rej, what);
    cr_assert_eq(s.read, 0, "%s: read %llu", what, s.read);
    cr_assert_eq(s.rejected, 0, "%s", what);
    struct buf ab = h_must_slurp(alerts);
    cr_assert_eq(ab.n, 0, "%s: alerts written", what);
    /* Same through stdin. */
    r = h_run_io(NULL, &inb, (const char *const[]){ "screen", "--rejects", rej, NULL });
    s = check_any(&inb, &r, rej, what);
    cr_assert_eq(s.read, 0, "%s (stdin): read %llu", what, s.read);
    cr_assert_eq(r.out.n, 0);
}

Test(badinput, empty_and_header_only_files)
{
    expect_nothing("", 0, "empty file");
    char *h = h_xasprintf("%s\n", header);
    expect_nothing(h, strlen(h), "header only");
    expect_nothing(header, strlen(header), "header only, no final newline");
    h = h_xasprintf("%s\r\n", header);
    expect_nothing(h, strlen(h), "header only, CRLF");
}

/* ---- CRLF and quoted newlines
 * -------------------------------------------------------------------- */

Test(badinput, crlf_line_ends)
{
    /* creditor_country is the last column: a CR left on it would make every row bad. */
    struct fb f = { 0 };
    fb_rec(&f, V("tx_id,ts,amount,currency,debtor_id,creditor_id,creditor_country"), "\r\n", NULL);
    fb_rec(&f, V("C1,2026-03-01T10:00:00Z,5.00,PHP,PH-1,PH-2,PH"), "\r\n", NULL);
    fb_rec(&f, V("C2,2026-03-01T10:00:00Z,\"6.00\",PHP,PH-1,PH-2,\"PH\""), "\r\n", NULL);
    struct bad bad[2];
    bad[0] = (struct bad){ .name = "bad amount in CRLF file",
                           .rec = V("C3,2026-03-01T10:00:00Z,abc,PHP,PH-1,PH-2,PH"),
                           .want = { "amount" } };
    bad[0].line = fb_rec(&f, bad[0].rec, "\r\n", &bad[0].off);
    fb_rec(&f, V("C4,2026-03-01T10:00:00Z,\"7.00\r\n\",PHP,PH-1,PH-2,PH"), "\r\n", NULL);
    bad[1] = (struct bad){ .name = "empty CRLF line", .rec = V(""), .want = { "empty" } };
    bad[1].line = fb_rec(&f, bad[1].rec, "\r\n", &bad[1].off);
    fb_rec(&f, V("C5,2026-03-01T10:00:00Z,8,PHP,PH-1,PH-2,PH"), "\r\n", NULL);
    /* C4 has a CRLF inside quotes: its amount "7.00\r\n" is bad, at line 5 (spans 5-6). */
    char *in = h_tmp("crlf.csv"), *rej = h_tmp("crlf.rej");
    h_spit(in, f.p, f.n);
    struct buf inb = { f.p, f.n };
    struct run r = RUN("screen", "--rejects", rej, in);
    struct summary s = check_any(&inb, &r, rej, "CRLF");
    cr_assert_eq(s.read, 6, "%s", r.err.p);
    cr_assert_eq(s.screened, 3, "CRLF rows not screened (CR kept in the last field?)\n%s", r.err.p);
    struct reject *rv;
    size_t n = h_read_rejects(rej, &rv);
    cr_assert_eq(n, 3);
    cr_assert_eq(rv[0].line, bad[0].line);
    cr_assert_eq(rv[0].raw_len, bad[0].rec.n, "raw keeps the CR: '%s'", rv[0].raw);
    cr_assert(strcasestr(rv[0].reason, "amount"));
    cr_assert_eq(rv[1].line, 5);
    cr_assert(strcasestr(rv[1].reason, "amount"), "%s", rv[1].reason);
    cr_assert_eq(rv[2].line, bad[1].line);
    cr_assert_eq(bad[1].line, 7);
    cr_assert(strcasestr(rv[2].reason, "empty"), "%s", rv[2].reason);
}

Test(badinput, crlf_fixture_same_alerts)
{
    char *tx = h_src_path("tests/data/e2e/tx.csv");
    char *wl = h_src_path("tests/data/e2e/watchlist.csv");
    struct buf lf = h_must_slurp(tx);
    struct fb crlf = { 0 };
    for (size_t i = 0; i < lf.n; i++) {
        if (lf.p[i] == '\n')
            fb_put(&crlf, "\r", 1);
        fb_put(&crlf, lf.p + i, 1);
    }
    char *in = h_tmp("tx_crlf.csv"), *a1 = h_tmp("a1"), *a2 = h_tmp("a2"), *r1 = h_tmp("r1"),
         *r2 = h_tmp("r2");
    h_spit(in, crlf.p, crlf.n);
    struct run r = RUN("screen", "--watchlist", wl, "--alerts", a1, "--rejects", r1, tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    r = RUN("screen", "--watchlist", wl, "--alerts", a2, "--rejects", r2, in);
    struct buf cb = { crlf.p, crlf.n };
    struct summary s = check_any(&cb, &r, r2, "CRLF fixture");
    cr_assert_eq(s.read, 10);
    cr_assert_eq(s.rejected, 1);
    struct buf b1 = h_must_slurp(a1), b2 = h_must_slurp(a2);
    cr_assert_eq(h_count_lines(&b1), 3);
    cr_assert(h_bufeq(&b1, &b2), "CRLF changes the alerts:\n%s---\n%s", b1.p, b2.p);
    struct reject *x1, *x2;
    cr_assert_eq(h_read_rejects(r1, &x1), 1);
    cr_assert_eq(h_read_rejects(r2, &x2), 1);
    cr_assert_eq(x2[0].line, 11);
    cr_assert_eq(x1[0].raw_len, x2[0].raw_len);
    cr_assert(!memcmp(x1[0].raw, x2[0].raw, x1[0].raw_len));
}

Test(badinput, quoted_newlines_keep_line_numbers)
{
    struct fb f = { 0 };
    fb_rec(&f, vstr(header), "\n", NULL);
    struct bad bad[3];
    size_t nb = 0;
    fb_rec(&f, mkrow('G', 1, -1, V("")), "\n", NULL);                        /* 2 */
    fb_rec(&f, mkrow('G', 2, C_MEMO, V("\"two\nline\nends\"")), "\n", NULL); /* 3-5 */
    bad[nb] = (struct bad){
        "bad after two quoted newlines", 0, 0, mkrow('B', 1, C_AMT, V("x")), { "amount" }
    };
    bad[nb].line = fb_rec(&f, bad[nb].rec, "\n", &bad[nb].off); /* 6 */
    nb++;
    fb_rec(&f, mkrow('G', 3, C_DN, V("\"a\r\nb\"")), "\n", NULL);   /* 7-8 */
    fb_rec(&f, mkrow('G', 4, C_MEMO, V("\"\n\n\n\"")), "\n", NULL); /* 9-12 */
    bad[nb] = (struct bad){ "bad after quoted CRLF and blank quoted lines",
                            0,
                            0,
                            mkrow('B', 2, C_CCY, V("usd")),
                            { "currency" } };
    bad[nb].line = fb_rec(&f, bad[nb].rec, "\n", &bad[nb].off); /* 13 */
    nb++;
    bad[nb] = (struct bad){
        "bad row spanning lines", 0, 0, mkrow('B', 3, C_MEMO, V("\"x\ny\"z")), { "quot" }
    };
    bad[nb].line = fb_rec(&f, bad[nb].rec, "\n", &bad[nb].off); /* 14-15 */
    nb++;
    fb_rec(&f, mkrow('G', 5, -1, V("")), "\n", NULL); /* 16 */
    cr_assert_eq(bad[0].line, 6);
    cr_assert_eq(bad[1].line, 13);
    cr_assert_eq(bad[2].line, 14);
    char *in = h_tmp("nl.csv"), *rej = h_tmp("nl.rej");
    h_spit(in, f.p, f.n);
    struct buf inb = { f.p, f.n };
    struct run r = RUN("screen", "--rejects", rej, in);
    struct summary s = check_any(&inb, &r, rej, "quoted newlines");
    cr_assert_eq(s.read, 8);
    cr_assert_eq(s.screened, 5, "%s", r.err.p);
    check_rejects(rej, in, bad, nb);
}

/* ---- random bytes
 * ------------------------------------------------------------------------------------ */

#define MIB (1024 * 1024)

static void screen_blob(const struct buf *in, const char *what, bool also_stdin)
{
    char *path = h_tmp("blob.csv"), *rej = h_tmp("blob.rej");
    h_spit(path, in->p, in->n);
    struct run r = RUN("screen", "--rejects", rej, "--alerts", "/dev/null", path);
    struct summary s = check_any(in, &r, rej, what);
    cr_log_info("%s: read %llu, screened %llu, rejected %llu", what, s.read, s.screened,
                s.rejected);
    if (also_stdin) {
        char *rej2 = h_tmp("blob2.rej");
        r = h_run_io(NULL, in, (const char *const[]){ "screen", "--rejects", rej2, NULL });
        struct summary s2 = check_any(in, &r, rej2, what);
        cr_assert_eq(s2.read, s.read, "%s: stdin read %llu, file read %llu", what, s2.read, s.read);
        cr_assert_eq(s2.rejected, s.rejected);
        /* Both readers reject the same records for the same reasons. */
        struct reject *x1, *x2;
        size_t n1 = h_read_rejects(rej, &x1), n2 = h_read_rejects(rej2, &x2);
        cr_assert_eq(n1, n2);
        for (size_t i = 0; i < n1; i++) {
            cr_assert(x1[i].line == x2[i].line && x1[i].off == x2[i].off &&
                          !strcmp(x1[i].reason, x2[i].reason) && x1[i].raw_len == x2[i].raw_len &&
                          !memcmp(x1[i].raw, x2[i].raw, x1[i].raw_len),
                      "%s: reject %zu differs between file and stdin", what, i);
            cr_assert_str_eq(x2[i].source, "stdin");
        }
    }
}

Test(badinput, random_blobs, .timeout = 600)
{
    static const uint64_t seeds[] = { 1, 0x5eed, 0xdeadbeefcafef00dull };
    for (size_t k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
        h_rng_state = seeds[k];
        struct buf b = { malloc(MIB + 1), MIB };
        for (size_t i = 0; i < MIB; i += 8) {
            uint64_t v = h_rnd();
            memcpy(b.p + i, &v, 8);
        }
        char what[64];
        snprintf(what, sizeof(what), "random MiB, seed %llx", (unsigned long long)seeds[k]);
        screen_blob(&b, what, k == 0);

        /* The same bytes behind a valid header: they reach the record checks. */
        struct fb f = { 0 };
        fb_rec(&f, vstr(header), "\n", NULL);
        fb_put(&f, b.p, b.n);
        snprintf(what, sizeof(what), "header + random MiB, seed %llx",
                 (unsigned long long)seeds[k]);
        screen_blob(&(struct buf){ f.p, f.n }, what, false);
    }
}

Test(badinput, random_csv_like_bytes, .timeout = 600)
{
    /* Bytes from the CSV alphabet, so quotes, separators, line ends, NULs and UTF-8 pieces
     * meet in every combination. */
    static const char alpha[] = "aZ09.-:T+,,,,\"\"\n\n\r \0\x80\xc3\xa9\xe2\x82\xac\xf0\x9f\xff";
    h_rng_state = 42;
    for (int k = 0; k < 2; k++) {
        struct fb f = { 0 };
        fb_rec(&f, vstr(header), k ? "\r\n" : "\n", NULL);
        while (f.n < MIB) {
            char c = alpha[h_rnd() % (sizeof(alpha) - 1)];
            fb_put(&f, &c, 1);
        }
        screen_blob(&(struct buf){ f.p, f.n },
                    k ? "CSV-alphabet MiB (CRLF header)" : "CSV-alphabet MiB", k == 0);
    }
}

Test(badinput, mutated_valid_file, .timeout = 600)
{
    static const char nasty[] = { '"', ',', '\n', '\r', 0, (char)0x80, (char)0xff, (char)0xc3 };
    for (int round = 0; round < 3; round++) {
        h_rng_state = 1000 + (uint64_t)round;
        struct fb f = { 0 };
        fb_rec(&f, vstr(header), "\n", NULL);
        for (int i = 0; f.n < MIB; i++) {
            struct val row = mkrow('M', i, C_MEMO, i % 7 ? V("rent") : V("\"a, \"\"b\"\"\nc\""));
            fb_rec(&f, row, "\n", NULL);
        }
        size_t header_len = strlen(header) + 1;
        /* Round 0: a few mutations; round 2: many. The header is left alone so that most
         * rows reach the field checks. */
        size_t n_mut = round == 0 ? 50 : round == 1 ? 2000 : 40000;
        for (size_t m = 0; m < n_mut; m++) {
            size_t pos = header_len + h_rnd() % (f.n - header_len);
            f.p[pos] = h_rnd() % 2 ? nasty[h_rnd() % sizeof(nasty)] : (char)h_rnd();
        }
        char what[64];
        snprintf(what, sizeof(what), "valid file with %zu mutations", n_mut);
        struct buf b = { f.p, f.n };
        screen_blob(&b, what, round == 1);
    }
}

/* ---- sizes around the record limit ------------------------------------------------------------
 */

Test(badinput, sizes_near_limits, .timeout = 600)
{
    static const size_t sizes[] = { 1000, 65535 - 200, 65535, 65536, 65537, 65536 * 2, 300 * 1024 };
    struct fb f = { 0 };
    fb_rec(&f, vstr(header), "\n", NULL);
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        /* A record of exactly sizes[k] bytes (memo padded), then a good row. */
        struct val base = mkrow('L', (int)k, C_MEMO, V(""));
        size_t pad = sizes[k] > base.n ? sizes[k] - base.n : 0;
        fb_rec(&f, mkrow('L', (int)k, C_MEMO, vrep('p', pad)), "\n", NULL);
        fb_rec(&f, mkrow('G', (int)k, -1, V("")), "\n", NULL);
    }
    /* Many empty lines, then an overlong quoted field still open at the end of the file. */
    for (int k = 0; k < 1000; k++)
        fb_put(&f, "\n", 1), f.lines++;
    struct val open_q = cat(V("X1,2026-03-01T10:00:00Z,1,PHP,A,B,,,,,,,\""), vrep('q', 200000));
    fb_rec(&f, open_q, NULL, NULL);
    struct buf b = { f.p, f.n };
    char *path = h_tmp("sizes.csv"), *rej = h_tmp("sizes.rej");
    h_spit(path, b.p, b.n);
    struct run r = RUN("screen", "--rejects", rej, path);
    struct summary s = check_any(&b, &r, rej, "sizes");
    size_t n_sizes = sizeof(sizes) / sizeof(sizes[0]);
    cr_assert_eq(s.read, 2 * n_sizes + 1000 + 1, "%s", r.err.p);
    /* The good rows between the long ones are all screened; the 1000-byte record too (its
     * memo is under 1 KiB); every longer one is rejected. */
    cr_assert_eq(s.screened, n_sizes + 1, "%s", r.err.p);

    /* A header longer than a record may be: every row is rejected, the counts still add up. */
    struct fb h = { 0 };
    fb_put(&h, header, strlen(header));
    fb_put(&h, ",", 1);
    struct val longname = vrep('h', 70000);
    fb_put(&h, longname.p, longname.n);
    fb_put(&h, "\n", 1);
    for (int k = 0; k < 5; k++) {
        struct val row = cat(mkrow('H', k, -1, V("")), V(",x\n"));
        fb_put(&h, row.p, row.n);
    }
    b = (struct buf){ h.p, h.n };
    rej = h_tmp("longhdr.rej");
    path = h_tmp("longhdr.csv");
    h_spit(path, b.p, b.n);
    r = RUN("screen", "--rejects", rej, path);
    s = check_any(&b, &r, rej, "long header");
    cr_assert_eq(s.read, 5, "%s", r.err.p);
    cr_assert_eq(s.rejected, 5, "%s", r.err.p);

    /* Only line ends: an empty header, then empty lines. */
    b = (struct buf){ "\n\n\n", 3 };
    rej = h_tmp("nl.rej");
    path = h_tmp("nl.csv");
    h_spit(path, b.p, b.n);
    r = RUN("screen", "--rejects", rej, path);
    check_any(&b, &r, rej, "only line ends");
}
