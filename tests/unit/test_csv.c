// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests for the canonical CSV transaction source (io/csv.c, io/csv_split.h): RFC 4180
 * edge cases, header handling, every reject reason with its line number, records straddling
 * chunk boundaries, batch limits, stdin through a pipe, and random input that must never crash
 * or break read = accepted + rejected. Every run goes through run_path(), which checks those
 * invariants for each input, whatever the test looks at afterwards.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/batch.h"
#include "core/codes.h"
#include "core/hash.h"
#include "core/mem.h"
#include "io/csv.h"
#include "io/reader.h"
#include "io/rejects.h"

/* ---- harness ---------------------------------------------------------------------------- */

static char tmpdir[64];
static int tmp_seq;

static void setup(void)
{
    strcpy(tmpdir, "/tmp/jaga_csv_XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(csv, .init = setup, .fini = teardown, .timeout = 120);

static char *tmp_path(const char *stem)
{
    char *p = malloc(256);

    snprintf(p, 256, "%s/%s_%d", tmpdir, stem, tmp_seq++);
    return p;
}

static char *write_tmp(const void *data, size_t len)
{
    char *path = tmp_path("in");
    FILE *f = fopen(path, "wb");

    cr_assert_not_null(f);
    if (len)
        cr_assert_eq(fwrite(data, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
    return path;
}

struct acc {
    char *tx_id, *debtor_id, *creditor_id, *debtor_name, *creditor_name, *memo;
    uint64_t seq, line, debtor_h, creditor_h;
    int64_t ts, amount;
    uint16_t ccy, dcc, ccc, mcc;
    uint8_t ch;
    uint32_t purpose;
};

struct rej {
    uint64_t line, off;
    char *source, *reason, *raw; /* as written (escaped) */
};

struct result {
    struct acc *acc;
    size_t nacc;
    struct rej *rej;
    size_t nrej;
    struct jaga_txsrc_stats st;
    int err;
    unsigned fills, max_fill;
    uint64_t seq_end;
};

static char *sref_dup(const struct jaga_batch *b, struct jaga_sref s)
{
    const char *p = jaga_batch_str(b, s);

    cr_assert_lt(s.off + s.len, b->arena_used + 1);
    cr_assert_eq(p[s.len], '\0', "arena strings are NUL-terminated");
    return strndup(p, s.len);
}

static void parse_rejects(const char *path, struct result *r)
{
    FILE *f = fopen(path, "rb");
    char *line = NULL;
    size_t cap = 0, ncap = 0;
    ssize_t n;

    cr_assert_not_null(f);
    while ((n = getline(&line, &cap, f)) > 0) {
        char *fld[5], *save = NULL, *p = line;
        int k;

        cr_assert_eq(line[n - 1], '\n');
        line[n - 1] = '\0';
        /* strtok would merge empty columns; split by hand */
        for (k = 0; k < 5; k++) {
            fld[k] = p;
            p = k < 4 ? strchr(p, '\t') : NULL;
            if (k < 4) {
                cr_assert_not_null(p, "reject line has 5 columns: %s", line);
                *p++ = '\0';
            }
        }
        (void)save;
        cr_assert_null(strchr(fld[4], '\t'));
        if (r->nrej == ncap) {
            ncap = ncap ? 2 * ncap : 64;
            r->rej = realloc(r->rej, ncap * sizeof(*r->rej));
        }
        r->rej[r->nrej].source = strdup(fld[0]);
        r->rej[r->nrej].line = strtoull(fld[1], NULL, 10);
        r->rej[r->nrej].off = strtoull(fld[2], NULL, 10);
        r->rej[r->nrej].reason = strdup(fld[3]);
        r->rej[r->nrej].raw = strdup(fld[4]);
        r->nrej++;
    }
    free(line);
    fclose(f);
}

/* Screens `path` to the end, collecting accepted records and rejects, and checks the counting
 * invariants on the way. */
static void run_path(const char *path, struct result *r)
{
    struct jaga_batch *b = jaga_aligned_alloc(64, sizeof(*b));
    char *rej_path = tmp_path("rej");
    struct jaga_rejects *rj;
    struct jaga_txsrc *s;
    char err[256];
    uint64_t seq = 1000, last_seq = 0;
    size_t cap = 0;
    unsigned n;
    int ret;

    memset(r, 0, sizeof(*r));
    cr_assert_not_null(b);
    cr_assert_eq(jaga_rejects_open(rej_path, &rj), 0);
    ret = jaga_txsrc_open(path, 3, rj, &s, err, sizeof(err));
    cr_assert_eq(ret, 0, "open %s: %s", path, err);
    while ((n = jaga_txsrc_fill(s, b, &seq)) > 0) {
        r->fills++;
        if (n > r->max_fill)
            r->max_fill = n;
        cr_assert_eq(b->n, n);
        cr_assert_leq(n, JAGA_BATCH_MAX);
        cr_assert_leq(b->arena_used, JAGA_ARENA_SIZE);
        cr_assert_eq(b->source, 3);
        for (unsigned i = 0; i < n; i++) {
            struct acc *a;

            if (r->nacc == cap) {
                cap = cap ? 2 * cap : 256;
                r->acc = realloc(r->acc, cap * sizeof(*r->acc));
            }
            a = &r->acc[r->nacc++];
            cr_assert_geq(b->seq[i], 1000);
            cr_assert(last_seq == 0 || b->seq[i] > last_seq, "seq increases");
            last_seq = b->seq[i];
            a->seq = b->seq[i] - 1000;
            a->line = b->line[i];
            a->tx_id = sref_dup(b, b->tx_id[i]);
            a->debtor_id = sref_dup(b, b->debtor_id[i]);
            a->creditor_id = sref_dup(b, b->creditor_id[i]);
            a->debtor_name = sref_dup(b, b->debtor_name[i]);
            a->creditor_name = sref_dup(b, b->creditor_name[i]);
            a->memo = sref_dup(b, b->memo[i]);
            a->debtor_h = b->debtor_h[i];
            a->creditor_h = b->creditor_h[i];
            cr_assert_eq(a->debtor_h, jaga_hash_id(a->debtor_id, strlen(a->debtor_id)));
            cr_assert_eq(a->creditor_h, jaga_hash_id(a->creditor_id, strlen(a->creditor_id)));
            a->ts = b->ts_ms[i];
            a->amount = b->amount_e4[i];
            cr_assert_gt(a->amount, 0);
            a->ccy = b->currency[i];
            cr_assert_neq(a->ccy, 0);
            a->dcc = b->debtor_cc[i];
            a->ccc = b->creditor_cc[i];
            a->mcc = b->mcc[i];
            a->ch = b->channel[i];
            cr_assert_lt(a->ch, JAGA_CH_COUNT);
            a->purpose = b->purpose[i];
            cr_assert_eq(b->memo_hits[i], 0);
            cr_assert_eq(b->debtor_wl_name[i], -1);
        }
    }
    /* Exhausted sources stay exhausted. */
    cr_assert_eq(jaga_txsrc_fill(s, b, &seq), 0);
    jaga_txsrc_get_stats(s, &r->st);
    r->err = jaga_txsrc_error(s);
    r->seq_end = seq - 1000;
    cr_assert_str_eq(jaga_txsrc_backend(s),
                     getenv("JAGA_NO_URING") ? "read" : jaga_txsrc_backend(s));
    cr_assert_eq(r->st.read, r->st.accepted + r->st.rejected, "read = accepted + rejected");
    cr_assert_eq(r->st.accepted, r->nacc);
    cr_assert_eq(r->st.read, r->seq_end, "every record takes one seq");
    cr_assert_eq(jaga_rejects_count(rj), r->st.rejected);
    jaga_txsrc_close(s);
    cr_assert_eq(jaga_rejects_close(rj), 0);
    parse_rejects(rej_path, r);
    cr_assert_eq(r->nrej, r->st.rejected);
    for (size_t i = 0; i < r->nrej; i++)
        cr_assert_str_eq(r->rej[i].source, strcmp(path, "-") ? path : "stdin");
    free(rej_path);
    jaga_free(b);
}

static void run_mem(const void *data, size_t len, struct result *r)
{
    char *path = write_tmp(data, len);

    run_path(path, r);
    free(path);
}

static void run_str(const char *data, struct result *r)
{
    run_mem(data, strlen(data), r);
}

static void result_free(struct result *r)
{
    for (size_t i = 0; i < r->nacc; i++) {
        struct acc *a = &r->acc[i];

        free(a->tx_id);
        free(a->debtor_id);
        free(a->creditor_id);
        free(a->debtor_name);
        free(a->creditor_name);
        free(a->memo);
    }
    for (size_t i = 0; i < r->nrej; i++) {
        free(r->rej[i].source);
        free(r->rej[i].reason);
        free(r->rej[i].raw);
    }
    free(r->acc);
    free(r->rej);
    memset(r, 0, sizeof(*r));
}

#define HDR6 "tx_id,ts,amount,currency,debtor_id,creditor_id\n"
#define HDR16                                                                           \
    "tx_id,ts,amount,currency,debtor_id,creditor_id,channel,debtor_name,creditor_name," \
    "debtor_country,creditor_country,debtor_agent,creditor_agent,mcc,purpose,memo\n"
#define TS1 "2026-03-01T22:15:03.120Z"

/* ---- RFC 4180 ---------------------------------------------------------------------------- */

Test(csv, basic_all_columns)
{
    struct result r;
    struct acc *a;

    run_str(HDR16 "TX1," TS1 ",51.00,PHP,PH001,PH002,instant,Juan Dela Cruz,Maria S,PH,SG,"
                  "BOPIPHMM,DBSSSGSG,4829,GIFT,for school\n",
            &r);
    cr_assert_eq(r.nacc, 1);
    cr_assert_eq(r.nrej, 0);
    a = &r.acc[0];
    cr_assert_str_eq(a->tx_id, "TX1");
    cr_assert_eq(a->ts, 1772403303120ll);
    cr_assert_eq(a->amount, 510000);
    cr_assert_eq(a->ccy, jaga_ccy_code("PHP", 3));
    cr_assert_str_eq(a->debtor_id, "PH001");
    cr_assert_str_eq(a->creditor_id, "PH002");
    cr_assert_eq(a->ch, JAGA_CH_INSTANT);
    cr_assert_str_eq(a->debtor_name, "Juan Dela Cruz");
    cr_assert_str_eq(a->creditor_name, "Maria S");
    cr_assert_eq(a->dcc, jaga_cc_code("PH", 2));
    cr_assert_eq(a->ccc, jaga_cc_code("SG", 2));
    cr_assert_eq(a->mcc, 4829);
    cr_assert_eq(a->purpose, 'G' | 'I' << 8 | 'F' << 16 | (uint32_t)'T' << 24);
    cr_assert_str_eq(a->memo, "for school");
    cr_assert_eq(a->line, 2);
    cr_assert_eq(a->seq, 0);
    cr_assert_eq(r.st.bytes, strlen(HDR16) + 127);
    result_free(&r);
}

Test(csv, optional_columns_absent)
{
    struct result r;

    run_str(HDR6 "T1,1772403303120,250000,usd,a,b\nT1," TS1 ",250000,USD,a,b\n", &r);
    cr_assert_eq(r.nacc, 1);
    cr_assert_eq(r.acc[0].mcc, JAGA_MCC_NONE);
    cr_assert_eq(r.acc[0].ch, JAGA_CH_NONE);
    cr_assert_eq(r.acc[0].dcc, 0);
    cr_assert_eq(r.acc[0].purpose, 0);
    cr_assert_str_eq(r.acc[0].memo, "");
    cr_assert_str_eq(r.acc[0].debtor_name, "");
    cr_assert_eq(r.acc[0].amount, 2500000000ll);
    cr_assert_eq(r.nrej, 1);
    cr_assert_str_eq(r.rej[0].reason, "unknown currency 'usd'");
    result_free(&r);
}

Test(csv, quoted_commas_quotes_and_newlines)
{
    struct result r;

    run_str(HDR16 "T1," TS1 ",1,PHP,a,b,,\"Cruz, Juan\",,,,,,,,\"say \"\"hi\"\", ok\"\n"
                  "T2," TS1 ",1,PHP,a,b,,,,,,,,,,\"line1\nline2\r\nline3\"\n"
                  "\"T3\"," TS1 ",\"1.5\",\"PHP\",\"a\",\"b\",\"card\",\"\",,,,,,,,\"\"\n"
                  "T4," TS1 ",1,PHP,a,b,,,,,,,,,,\",\"\n",
            &r);
    cr_assert_eq(r.nrej, 0, "%s", r.nrej ? r.rej[0].reason : "");
    cr_assert_eq(r.nacc, 4);
    cr_assert_str_eq(r.acc[0].debtor_name, "Cruz, Juan");
    cr_assert_str_eq(r.acc[0].memo, "say \"hi\", ok");
    cr_assert_str_eq(r.acc[1].memo, "line1\nline2\r\nline3");
    cr_assert_eq(r.acc[1].line, 3);
    cr_assert_eq(r.acc[2].line, 6, "quoted newlines advance the line count");
    cr_assert_str_eq(r.acc[2].tx_id, "T3");
    cr_assert_eq(r.acc[2].amount, 15000);
    cr_assert_eq(r.acc[2].ch, JAGA_CH_CARD);
    cr_assert_str_eq(r.acc[3].memo, ",");
    cr_assert_eq(r.acc[3].line, 7);
    result_free(&r);
}

Test(csv, crlf_and_no_final_newline)
{
    struct result r;
    const char *hdr = "tx_id,ts,amount,currency,debtor_id,creditor_id,memo\r\n";
    char buf[512];

    snprintf(buf, sizeof(buf),
             "%sT1," TS1 ",1,PHP,a,b,x\r\nT2," TS1 ",2,PHP,a,b,\"q\"\r\nT3," TS1 ",3,PHP,a,b,",
             hdr);
    run_str(buf, &r);
    cr_assert_eq(r.nrej, 0, "%s", r.nrej ? r.rej[0].reason : "");
    cr_assert_eq(r.nacc, 3);
    cr_assert_str_eq(r.acc[0].memo, "x", "CR is not part of the last field");
    cr_assert_str_eq(r.acc[1].memo, "q");
    cr_assert_str_eq(r.acc[2].memo, "");
    cr_assert_eq(r.acc[2].line, 4);
    cr_assert_eq(r.acc[2].amount, 30000);
    result_free(&r);

    /* Final record ending in a lone CR, and a quoted last field at EOF. */
    snprintf(buf, sizeof(buf), "%sT1," TS1 ",1,PHP,a,b,x\r", hdr);
    run_str(buf, &r);
    cr_assert_eq(r.nacc, 1);
    cr_assert_str_eq(r.acc[0].memo, "x");
    result_free(&r);
    snprintf(buf, sizeof(buf), "%sT1," TS1 ",1,PHP,a,b,\"x,y\"", hdr);
    run_str(buf, &r);
    cr_assert_eq(r.nacc, 1);
    cr_assert_str_eq(r.acc[0].memo, "x,y");
    result_free(&r);
}

Test(csv, columns_any_order_unknown_ignored)
{
    struct result r;

    run_str("memo,extra,creditor_id,CURRENCY,currency,amount,debtor_id,ts,tx_id,note\n"
            "hello,zzz,CR,xx,EUR,7.5,DB," TS1 ",T9,\xe2\x82\xac\n",
            &r);
    cr_assert_eq(r.nrej, 0, "%s", r.nrej ? r.rej[0].reason : "");
    cr_assert_eq(r.nacc, 1);
    cr_assert_str_eq(r.acc[0].tx_id, "T9");
    cr_assert_str_eq(r.acc[0].memo, "hello");
    cr_assert_str_eq(r.acc[0].debtor_id, "DB");
    cr_assert_str_eq(r.acc[0].creditor_id, "CR");
    cr_assert_eq(r.acc[0].ccy, jaga_ccy_code("EUR", 3));
    cr_assert_eq(r.acc[0].amount, 75000);
    result_free(&r);
}

Test(csv, utf8_bom_and_multibyte)
{
    struct result r;

    run_str("\xef\xbb\xbftx_id,ts,amount,currency,debtor_id,creditor_id,memo\n"
            "T1," TS1 ",1,PHP,a,b,\xe5\xad\xa6\xe8\xb4\xb9 caf\xc3\xa9 \xf0\x9f\x8e\x81\n",
            &r);
    cr_assert_eq(r.nacc, 1);
    cr_assert_str_eq(r.acc[0].memo, "\xe5\xad\xa6\xe8\xb4\xb9 caf\xc3\xa9 \xf0\x9f\x8e\x81");
    cr_assert_eq(r.acc[0].line, 2);
    result_free(&r);
}

Test(csv, amounts_accepted)
{
    struct result r;

    run_str(HDR6 "T1," TS1 ",0.0001,PHP,a,b\n"
                 "T2," TS1 ",1.234500,PHP,a,b\n"
                 "T3," TS1 ",99999999999999.9999,PHP,a,b\n"
                 "T4," TS1 ",000012.5,PHP,a,b\n"
                 "T5," TS1 ",250000,JPY,a,b\n",
            &r);
    cr_assert_eq(r.nrej, 0, "%s", r.nrej ? r.rej[0].reason : "");
    cr_assert_eq(r.acc[0].amount, 1);
    cr_assert_eq(r.acc[1].amount, 12345);
    cr_assert_eq(r.acc[2].amount, 999999999999999999ll);
    cr_assert_eq(r.acc[3].amount, 125000);
    cr_assert_eq(r.acc[4].amount, 2500000000ll);
    result_free(&r);
}

/* ---- empty input and header problems ----------------------------------------------------- */

Test(csv, empty_file_and_header_only)
{
    struct result r;

    run_str("", &r);
    cr_assert_eq(r.st.read, 0);
    cr_assert_eq(r.st.bytes, 0);
    result_free(&r);
    run_str(HDR6, &r);
    cr_assert_eq(r.st.read, 0);
    cr_assert_eq(r.st.bytes, strlen(HDR6));
    result_free(&r);
    run_str("tx_id,ts,amount,currency,debtor_id,creditor_id", &r);
    cr_assert_eq(r.st.read, 0);
    result_free(&r);
}

Test(csv, trailing_blank_lines_are_rejected)
{
    struct result r;

    run_str(HDR6 "T1," TS1 ",1,PHP,a,b\n\n\r\n", &r);
    cr_assert_eq(r.nacc, 1);
    cr_assert_eq(r.nrej, 2);
    cr_assert_str_eq(r.rej[0].reason, "empty line");
    cr_assert_eq(r.rej[0].line, 3);
    cr_assert_eq(r.rej[0].off, strlen(HDR6) + 38);
    cr_assert_eq(r.rej[1].line, 4);
    result_free(&r);
}

struct hdr_case {
    char header[160];
    char reason[96];
};

ParameterizedTestParameters(csv, header_problems)
{
    static struct hdr_case cases[] = {
        { "tx_id,ts,currency,debtor_id,creditor_id", "header lacks required column 'amount'" },
        { "tx_id,ts,amount,currency,debtor_id", "header lacks required column 'creditor_id'" },
        { "Tx_id,ts,amount,currency,debtor_id,creditor_id",
          "header lacks required column 'tx_id'" },
        { "tx_id,ts,amount,currency,debtor_id,creditor_id,amount",
          "header has duplicate column 'amount'" },
        { "tx_id,ts,amount,currency,debtor_id,creditor_id,memo,memo",
          "header has duplicate column 'memo'" },
        { "tx_id,ts,amount,currency,debtor_id,creditor_id,m\xff", "header is not valid UTF-8" },
        { "tx_id,ts,amount,currency,debtor_id,creditor_id,\"me\"mo", "bad quoting in header" },
        { "", "header lacks required column 'tx_id'" },
    };
    return cr_make_param_array(struct hdr_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct hdr_case *c, csv, header_problems, .init = cr_redirect_stderr)
{
    struct result r;
    char buf[512], expect[256];

    snprintf(buf, sizeof(buf), "%s\nT1," TS1 ",1,PHP,a,b\nT2," TS1 ",1,PHP,a,b\n\n", c->header);
    run_str(buf, &r);
    cr_assert_eq(r.st.read, 3);
    cr_assert_eq(r.nacc, 0);
    cr_assert_eq(r.nrej, 3, "every record is rejected");
    for (size_t i = 0; i < r.nrej; i++) {
        cr_assert_str_eq(r.rej[i].reason, c->reason);
        cr_assert_eq(r.rej[i].line, i + 2);
    }
    fflush(stderr);
    snprintf(expect, sizeof(expect), "jaga: %s/in_0: %s\n", tmpdir, c->reason);
    cr_assert_stderr_eq_str(expect, "reported once on stderr");
    result_free(&r);
}

Test(csv, header_with_nul, .init = cr_redirect_stderr)
{
    static const char data[] =
        "tx_id,ts,amount,currency,debtor_id,creditor_id\0\nT1," TS1 ",1,PHP,a,b\n";
    struct result r;

    run_mem(data, sizeof(data) - 1, &r);
    cr_assert_eq(r.nrej, 1);
    cr_assert_str_eq(r.rej[0].reason, "header contains a NUL byte");
    result_free(&r);
}

/* ---- reject reasons ---------------------------------------------------------------------- */

/* Standard 16-column record; one column replaced by `value` (or by `rep` copies of 'x'). */
static const char *const good16[16] = { "TX1",  TS1,    "51.00", "PHP",        "PH001", "PH002",
                                        "card", "Jo",   "Mo",    "PH",         "SG",    "BOPIPHMM",
                                        "DBSS", "4829", "GIFT",  "hello world" };
static const char *const names16[16] = { "tx_id",
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
                                         "memo" };

struct bad_case {
    char column[20]; /* column to replace, or "LINE" for a whole raw line */
    char value[96];
    unsigned rep;
    char reason[64];
};

ParameterizedTestParameters(csv, reject_reasons)
{
    static struct bad_case cases[] = {
        { "LINE", "TX1," TS1 ",1,PHP,a", 0, "wrong column count: 5 of 16" },
        { "LINE", "TX1," TS1 ",1,PHP,a,b,c,d,e,f,g,h,i,j,k,l,m", 0,
          "wrong column count: 17 of 16" },
        { "LINE", "", 0, "empty line" },
        { "LINE", "\r", 0, "empty line" },
        { "memo", "\"ab\"c", 0, "bad quoting" },
        { "memo", "a\"b", 0, "bad quoting" },
        { "memo", "\"ab\"\rx", 0, "bad quoting" },
        { "memo", "caf\xc3", 0, "invalid UTF-8 in memo" },
        { "memo", "\xc0\xaf", 0, "invalid UTF-8 in memo" },
        { "debtor_name", "\xed\xa0\x80", 0, "invalid UTF-8 in debtor_name" },
        { "memo", "\xf4\x90\x80\x80", 0, "invalid UTF-8 in memo" },
        { "tx_id", "", 70, "tx_id too long (70 > 64)" },
        { "tx_id", "", 0, "empty tx_id" },
        { "debtor_id", "", 0, "empty debtor_id" },
        { "creditor_id", "", 65, "creditor_id too long (65 > 64)" },
        { "amount", "12a", 0, "bad amount" },
        { "amount", "1e5", 0, "bad amount" },
        { "amount", "+5", 0, "bad amount" },
        { "amount", ".5", 0, "bad amount" },
        { "amount", "5.", 0, "bad amount" },
        { "amount", " 5", 0, "bad amount" },
        { "amount", "1 000", 0, "bad amount" },
        { "amount", "1.2.3", 0, "bad amount" },
        { "amount", "-", 0, "bad amount" },
        { "amount", "", 0, "empty amount" },
        { "amount", "0", 0, "amount not positive" },
        { "amount", "0.0000", 0, "amount not positive" },
        { "amount", "-5.00", 0, "amount not positive" },
        { "amount", "1.23456", 0, "too many decimals in amount (max 4)" },
        { "amount", "1.00001", 0, "too many decimals in amount (max 4)" },
        { "amount", "123456789012345", 0, "amount too large (max 14 integer digits)" },
        { "ts", "2026-02-30T00:00:00Z", 0, "bad ts '2026-02-30T00:00:00Z'" },
        { "ts", "yesterday", 0, "bad ts 'yesterday'" },
        { "ts", "", 0, "empty ts" },
        { "currency", "XYZ", 0, "unknown currency 'XYZ'" },
        { "currency", "", 0, "empty currency" },
        { "channel", "foo", 0, "unknown channel 'foo'" },
        { "channel", "Card", 0, "unknown channel 'Card'" },
        { "debtor_country", "ZZ", 0, "bad debtor_country 'ZZ'" },
        { "creditor_country", "UK", 0, "bad creditor_country 'UK'" },
        { "mcc", "581", 0, "bad mcc '581'" },
        { "mcc", "58123", 0, "bad mcc '58123'" },
        { "mcc", "58a2", 0, "bad mcc '58a2'" },
        { "purpose", "gift", 0, "bad purpose 'gift'" },
        { "purpose", "GIFTS", 0, "bad purpose 'GIFTS'" },
        { "purpose", "GI-T", 0, "bad purpose 'GI-T'" },
        { "memo", "", 1025, "memo too long (1025 > 1024)" },
        { "debtor_name", "", 561, "debtor_name too long (561 > 560)" },
        { "creditor_name", "", 600, "creditor_name too long (600 > 560)" },
        { "debtor_agent", "", 65, "debtor_agent too long (65 > 64)" },
        { "creditor_agent", "", 99, "creditor_agent too long (99 > 64)" },
    };
    return cr_make_param_array(struct bad_case, cases, sizeof(cases) / sizeof(cases[0]));
}

static size_t build_line(char *out, const struct bad_case *c)
{
    size_t n = 0;

    if (strcmp(c->column, "LINE") == 0)
        return (size_t)sprintf(out, "%s\n", c->value);
    for (int k = 0; k < 16; k++) {
        if (k)
            out[n++] = ',';
        if (strcmp(c->column, names16[k]) == 0) {
            if (c->rep) {
                memset(out + n, 'x', c->rep);
                n += c->rep;
            } else {
                n += (size_t)sprintf(out + n, "%s", c->value);
            }
        } else {
            n += (size_t)sprintf(out + n, "%s", good16[k]);
        }
    }
    out[n++] = '\n';
    out[n] = '\0';
    return n;
}

ParameterizedTest(struct bad_case *c, csv, reject_reasons)
{
    struct bad_case good = { .column = "none" };
    char *buf = malloc(8192);
    size_t n = 0, bad_off;
    struct result r;

    n += (size_t)sprintf(buf, HDR16);
    n += build_line(buf + n, &good);
    bad_off = n;
    n += build_line(buf + n, c);
    n += build_line(buf + n, &good);
    run_mem(buf, n, &r);
    cr_assert_eq(r.st.read, 3);
    cr_assert_eq(r.nacc, 2);
    cr_assert_eq(r.nrej, 1);
    cr_assert_str_eq(r.rej[0].reason, c->reason);
    cr_assert_eq(r.rej[0].line, 3);
    cr_assert_eq(r.rej[0].off, bad_off);
    cr_assert_eq(r.acc[0].line, 2);
    cr_assert_eq(r.acc[1].line, 4);
    cr_assert_eq(r.acc[0].seq, 0);
    cr_assert_eq(r.acc[1].seq, 2, "the rejected record took seq 1");
    result_free(&r);
    free(buf);
}

Test(csv, nul_byte)
{
    static const char data[] = HDR6 "T1," TS1 ",1,PHP,a\0x,b\nT2," TS1 ",1,PHP,a,b\n";
    struct result r;

    run_mem(data, sizeof(data) - 1, &r);
    cr_assert_eq(r.nacc, 1);
    cr_assert_eq(r.nrej, 1);
    cr_assert_str_eq(r.rej[0].reason, "NUL byte");
    cr_assert_str_eq(r.rej[0].raw, "T1," TS1 ",1,PHP,a\\x00x,b");
    cr_assert_eq(r.acc[0].line, 3);
    result_free(&r);
}

Test(csv, reject_raw_is_the_record)
{
    struct result r;

    run_str(HDR6 "T1," TS1 ",1,PHP,a,b,c\r\n", &r);
    cr_assert_eq(r.nrej, 1);
    cr_assert_str_eq(r.rej[0].reason, "wrong column count: 7 of 6");
    cr_assert_str_eq(r.rej[0].raw, "T1," TS1 ",1,PHP,a,b,c");
    result_free(&r);
}

Test(csv, unterminated_quote_swallows_to_eof)
{
    struct result r;

    run_str(HDR6 "T1," TS1 ",1,PHP,a,b\nT2," TS1 ",1,PHP,a,\"b\nT3," TS1 ",1,PHP,a,b\n", &r);
    cr_assert_eq(r.nacc, 1);
    cr_assert_eq(r.nrej, 1);
    cr_assert_str_eq(r.rej[0].reason, "bad quoting");
    cr_assert_eq(r.rej[0].line, 3);
    result_free(&r);
}

/* ---- long records ------------------------------------------------------------------------ */

Test(csv, record_too_long)
{
    size_t big = 70000, cap = big * 2 + 4096, n = 0;
    char *buf = malloc(cap);
    struct result r;

    n += (size_t)sprintf(buf + n, HDR16);
    n += (size_t)sprintf(buf + n, "T1," TS1 ",1,PHP,a,b,,,,,,,,,,ok\n");
    /* unquoted 70 KB memo */
    n += (size_t)sprintf(buf + n, "T2," TS1 ",1,PHP,a,b,,,,,,,,,,");
    memset(buf + n, 'm', big);
    n += big;
    buf[n++] = '\n';
    n += (size_t)sprintf(buf + n, "T3," TS1 ",1,PHP,a,b,,,,,,,,,,ok\n");
    /* quoted 70 KB memo with 100 newlines and a comma inside */
    n += (size_t)sprintf(buf + n, "T4," TS1 ",1,PHP,a,b,,,,,,,,,,\"");
    for (size_t i = 0; i < big; i++)
        buf[n++] = i % 700 == 699 ? '\n' : i % 500 == 0 ? ',' : 'q';
    n += (size_t)sprintf(buf + n, "\"\nT5," TS1 ",1,PHP,a,b,,,,,,,,,,ok\n");
    run_mem(buf, n, &r);
    cr_assert_eq(r.st.read, 5);
    cr_assert_eq(r.nacc, 3);
    cr_assert_eq(r.nrej, 2);
    cr_assert_str_eq(r.rej[0].reason, "record too long (> 65536 bytes)");
    cr_assert_eq(r.rej[0].line, 3);
    cr_assert_eq(strlen(r.rej[0].raw), JAGA_REJECT_RAW_MAX);
    cr_assert_eq(r.rej[1].line, 5);
    cr_assert_str_eq(r.acc[1].tx_id, "T3");
    cr_assert_eq(r.acc[1].line, 4);
    cr_assert_str_eq(r.acc[2].tx_id, "T5");
    cr_assert_eq(r.acc[2].line, 106, "100 quoted newlines skipped and counted");
    cr_assert_eq(r.st.bytes, n);
    result_free(&r);
    free(buf);
}

Test(csv, record_exactly_at_limit)
{
    /* A record of exactly JAGA_REC_MAX bytes (before its newline) is structurally fine; its
     * memo is then too long. One byte more is "record too long". */
    size_t cap = 3 * JAGA_REC_MAX, n = 0, pre;
    char *buf = malloc(cap);
    struct result r;

    n += (size_t)sprintf(buf + n, HDR6);
    pre = (size_t)sprintf(buf + n, "T1," TS1 ",1,PHP,a,");
    n += pre;
    memset(buf + n, 'b', JAGA_REC_MAX - pre);
    n += JAGA_REC_MAX - pre;
    buf[n++] = '\n';
    n += (size_t)sprintf(buf + n, "T2," TS1 ",1,PHP,a,");
    memset(buf + n, 'b', JAGA_REC_MAX - pre + 1);
    n += JAGA_REC_MAX - pre + 1;
    buf[n++] = '\n';
    run_mem(buf, n, &r);
    cr_assert_eq(r.nrej, 2);
    snprintf(buf, cap, "creditor_id too long (%zu > 64)", JAGA_REC_MAX - pre);
    cr_assert_str_eq(r.rej[0].reason, buf);
    cr_assert_str_eq(r.rej[1].reason, "record too long (> 65536 bytes)");
    cr_assert_eq(r.rej[1].line, 3);
    result_free(&r);
    free(buf);
}

Test(csv, giant_record_across_chunks)
{
    /* 3 MiB without a newline between two good records. */
    size_t big = 3u << 20, n = 0;
    char *buf = malloc(2 * big + 4096);
    struct result r;

    n += (size_t)sprintf(buf + n, HDR6 "T1," TS1 ",1,PHP,a,b\n");
    memset(buf + n, 'z', big);
    n += big;
    n += (size_t)sprintf(buf + n, "\nT2," TS1 ",1,PHP,a,b\n\"");
    memset(buf + n, 'y', big); /* an unterminated quote that runs to EOF */
    n += big;
    run_mem(buf, n, &r);
    cr_assert_eq(r.st.read, 4);
    cr_assert_eq(r.nacc, 2);
    cr_assert_str_eq(r.acc[1].tx_id, "T2");
    cr_assert_eq(r.acc[1].line, 4);
    cr_assert_eq(r.nrej, 2);
    cr_assert_eq(r.rej[0].line, 3);
    cr_assert_eq(r.rej[1].line, 5);
    cr_assert_str_eq(r.rej[1].reason, "record too long (> 65536 bytes)");
    cr_assert_eq(r.st.bytes, n);
    result_free(&r);
    free(buf);
}

/* ---- chunk boundaries -------------------------------------------------------------------- */

struct expect {
    char tx_id[24];
    uint64_t line;
    char *memo;
};

static uint64_t xs(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* When set, gen_valid quotes every field, which sends every record down the slow path. */
static int gen_quote_all;

/* Generates `target` bytes of valid records of varied shapes (plain, quoted with commas,
 * escaped quotes, CRLF, newlines inside quotes, long memos). */
static char *gen_valid(size_t target, size_t pad, uint64_t seed, struct expect **ex, size_t *nex,
                       size_t *len)
{
    size_t cap = target + 8192, n = 0, ne = 0, ecap = 1024;
    char *buf = malloc(cap);
    uint64_t line = 2, x = seed;
    struct expect *e = malloc(ecap * sizeof(*e));

    n += (size_t)sprintf(buf, "tx_id,ts,amount,currency,debtor_id,creditor_id,memo,pad\n");
    /* the first record carries `pad` bytes so that later records shift across boundaries */
    while (n < target) {
        char memo[1200], field[2600];
        size_t ml = 0, fl = 0;
        unsigned shape = (unsigned)(xs(&x) % 8);
        int quoted = shape >= 4, crlf = (xs(&x) % 3) == 0;
        unsigned len_m = (unsigned)(xs(&x) % (shape == 7 ? 1000 : 40));
        uint64_t nl_in = 0;

        for (unsigned i = 0; i < len_m; i++) {
            unsigned r = (unsigned)(xs(&x) % 20);
            char ch = (char)('a' + r);

            if (quoted && r == 0)
                ch = ',';
            else if (quoted && r == 1)
                ch = '"';
            else if (quoted && r == 2 && shape == 6)
                ch = '\n';
            memo[ml++] = ch;
        }
        memo[ml] = '\0';
        if (quoted) {
            field[fl++] = '"';
            for (size_t i = 0; i < ml; i++) {
                if (memo[i] == '"')
                    field[fl++] = '"';
                nl_in += memo[i] == '\n';
                field[fl++] = memo[i];
            }
            field[fl++] = '"';
        } else {
            memcpy(field, memo, ml);
            fl = ml;
        }
        field[fl] = '\0';
        if (ne == ecap) {
            ecap *= 2;
            e = realloc(e, ecap * sizeof(*e));
        }
        snprintf(e[ne].tx_id, sizeof(e[ne].tx_id), "T%zu", ne);
        e[ne].line = line;
        e[ne].memo = strdup(memo);
        if (gen_quote_all && !quoted) {
            memmove(field + 1, field, fl);
            field[0] = '"';
            field[fl + 1] = '"';
            field[fl + 2] = '\0';
        }
        n += (size_t)sprintf(buf + n,
                             gen_quote_all ? "\"%s\",\"" TS1
                                             "\",\"%u.%02u\",\"PHP\",\"D%u\",\"C%u\",%s,\""
                                           : "%s," TS1 ",%u.%02u,PHP,D%u,C%u,%s,",
                             e[ne].tx_id, (unsigned)(xs(&x) % 100000) + 1, (unsigned)(xs(&x) % 100),
                             (unsigned)(xs(&x) % 1000), (unsigned)(xs(&x) % 1000), field);
        if (ne == 0) {
            memset(buf + n, 'p', pad);
            n += pad;
        }
        if (gen_quote_all)
            buf[n++] = '"';
        n += (size_t)sprintf(buf + n, crlf ? "\r\n" : "\n");
        line += 1 + nl_in;
        ne++;
    }
    *ex = e;
    *nex = ne;
    *len = n;
    return buf;
}

static void check_expect(const struct result *r, const struct expect *e, size_t ne)
{
    cr_assert_eq(r->nrej, 0, "%s at line %llu", r->nrej ? r->rej[0].reason : "",
                 r->nrej ? (unsigned long long)r->rej[0].line : 0ull);
    cr_assert_eq(r->nacc, ne);
    for (size_t i = 0; i < ne; i++) {
        cr_assert_str_eq(r->acc[i].tx_id, e[i].tx_id);
        cr_assert_eq(r->acc[i].line, e[i].line, "record %zu", i);
        cr_assert_str_eq(r->acc[i].memo, e[i].memo, "record %zu", i);
        cr_assert_eq(r->acc[i].seq, i);
    }
}

static void free_expect(struct expect *e, size_t ne)
{
    for (size_t i = 0; i < ne; i++)
        free(e[i].memo);
    free(e);
}

Test(csv, records_straddle_chunk_boundaries)
{
    /* Shift the stream byte by byte so that every kind of byte (comma, quote, CR of a CRLF,
     * escaped quote, quoted newline) lands on the 1 MiB boundary at least once. */
    for (size_t pad = 0; pad < 96; pad++) {
        struct expect *e;
        size_t ne, len;
        char *buf = gen_valid(JAGA_READ_CHUNK + 4096, pad, 42, &e, &ne, &len);
        struct result r;

        run_mem(buf, len, &r);
        check_expect(&r, e, ne);
        cr_assert_eq(r.st.bytes, len);
        result_free(&r);
        free_expect(e, ne);
        free(buf);
    }
}

Test(csv, fully_quoted_file_matches)
{
    /* The same records with every field quoted: the byte-by-byte path must agree with the
     * expectations the fast path meets, across chunk boundaries. */
    for (size_t pad = 0; pad < 40; pad += 3) {
        struct expect *e;
        size_t ne, len;
        char *buf;
        struct result r;

        gen_quote_all = 1;
        buf = gen_valid(JAGA_READ_CHUNK + 4096, pad, 11, &e, &ne, &len);
        gen_quote_all = 0;
        run_mem(buf, len, &r);
        check_expect(&r, e, ne);
        result_free(&r);
        free_expect(e, ne);
        free(buf);
    }
}

Test(csv, multi_chunk_file_both_backends)
{
    struct expect *e;
    size_t ne, len;
    char *buf = gen_valid(5u << 20, 7, 7, &e, &ne, &len);
    char *path = write_tmp(buf, len);
    struct result r;

    cr_assert_gt(ne, 20000);
    unsetenv("JAGA_NO_URING");
    run_path(path, &r);
    check_expect(&r, e, ne);
    cr_assert_gt(r.fills, ne / JAGA_BATCH_MAX);
    result_free(&r);
    setenv("JAGA_NO_URING", "1", 1);
    run_path(path, &r);
    check_expect(&r, e, ne);
    result_free(&r);
    free_expect(e, ne);
    free(buf);
    free(path);
}

/* ---- batch limits ------------------------------------------------------------------------ */

Test(csv, batch_record_limit_and_resume)
{
    size_t n = 0;
    char *buf = malloc(1000 * 64 + 128);
    struct result r;

    n += (size_t)sprintf(buf, HDR6);
    for (int i = 0; i < 1000; i++)
        n += (size_t)sprintf(buf + n, "T%d," TS1 ",%d,PHP,a,b\n", i, i + 1);
    run_mem(buf, n, &r);
    cr_assert_eq(r.nacc, 1000);
    cr_assert_eq(r.fills, 4);
    cr_assert_eq(r.max_fill, JAGA_BATCH_MAX);
    for (int i = 0; i < 1000; i++) {
        char id[16];

        snprintf(id, sizeof(id), "T%d", i);
        cr_assert_str_eq(r.acc[i].tx_id, id);
        cr_assert_eq(r.acc[i].amount, (int64_t)(i + 1) * 10000);
        cr_assert_eq(r.acc[i].line, (uint64_t)i + 2);
    }
    result_free(&r);
    free(buf);
}

Test(csv, batch_fill_by_hand)
{
    /* Drive fill directly: 600 records = 256 + 256 + 88, seq continues across calls, a fresh
     * fill clears the previous batch. */
    size_t n = 0;
    char *buf = malloc(600 * 64 + 128), *path, err[128];
    struct jaga_batch *b = jaga_aligned_alloc(64, sizeof(*b));
    struct jaga_txsrc *s;
    uint64_t seq = 0;

    n += (size_t)sprintf(buf, HDR6);
    for (int i = 0; i < 600; i++)
        n += (size_t)sprintf(buf + n, "T%d," TS1 ",1,PHP,a,b\n", i);
    path = write_tmp(buf, n);
    cr_assert_eq(jaga_txsrc_open(path, 9, NULL, &s, err, sizeof(err)), 0);
    cr_assert_eq(jaga_txsrc_fill(s, b, &seq), 256);
    cr_assert_eq(seq, 256);
    cr_assert_eq(b->seq[255], 255);
    cr_assert_eq(jaga_txsrc_fill(s, b, &seq), 256);
    cr_assert_eq(b->seq[0], 256);
    cr_assert_str_eq(jaga_batch_str(b, b->tx_id[0]), "T256");
    cr_assert_eq(jaga_txsrc_fill(s, b, &seq), 88);
    cr_assert_eq(b->source, 9);
    cr_assert_eq(jaga_txsrc_fill(s, b, &seq), 0);
    cr_assert_eq(b->n, 0);
    cr_assert_eq(seq, 600);
    jaga_txsrc_close(s);
    jaga_free(b);
    free(path);
    free(buf);
}

Test(csv, batch_arena_with_maximal_fields)
{
    /* Records with every string at its maximum length: ~2.3 KB of arena each. The batch
     * arena must never overflow and strings must come back intact. */
    size_t rl = 64 * 3 + 560 * 2 + 1024 + 200, n = 0;
    char *buf = malloc(700 * rl + 256);
    struct result r;

    n += (size_t)sprintf(buf, HDR16);
    for (int i = 0; i < 700; i++) {
        char id[65];

        snprintf(id, sizeof(id), "%064d", i);
        n += (size_t)sprintf(buf + n, "%s," TS1 ",1,PHP,%s,%s,,", id, id, id);
        memset(buf + n, 'd', 560);
        n += 560;
        buf[n++] = ',';
        memset(buf + n, 'c', 560);
        n += 560;
        n += (size_t)sprintf(buf + n, ",,,,,,,");
        memset(buf + n, 'm', 1024);
        n += 1024;
        buf[n++] = '\n';
    }
    run_mem(buf, n, &r);
    cr_assert_eq(r.nacc, 700);
    for (int i = 0; i < 700; i++) {
        cr_assert_eq(strlen(r.acc[i].memo), 1024);
        cr_assert_eq(strlen(r.acc[i].debtor_name), 560);
        cr_assert_eq(strlen(r.acc[i].tx_id), 64);
        cr_assert_eq(atoi(r.acc[i].tx_id), i);
    }
    result_free(&r);
    free(buf);
}

/* ---- stdin ------------------------------------------------------------------------------- */

static void stdin_case(int no_uring, int nonblock)
{
    struct expect *e;
    size_t ne, len;
    char *buf = gen_valid(3u << 20, 3, 99, &e, &ne, &len);
    int fds[2];
    pid_t pid;
    struct result r;
    int status;

    cr_assert_eq(pipe(fds), 0);
    pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        size_t off = 0;

        close(fds[0]);
        if (nonblock)
            usleep(100 * 1000); /* let the reader find the pipe empty first */
        /* Write in odd-sized pieces so that reads see arbitrary chunk sizes. */
        while (off < len) {
            size_t k = len - off < 7777 ? len - off : 7777;
            ssize_t w = write(fds[1], buf + off, k);

            if (w <= 0)
                _exit(1);
            off += (size_t)w;
        }
        _exit(0);
    }
    close(fds[1]);
    if (nonblock)
        cr_assert_eq(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
    cr_assert_eq(dup2(fds[0], 0), 0);
    close(fds[0]);
    if (no_uring)
        setenv("JAGA_NO_URING", "1", 1);
    else
        unsetenv("JAGA_NO_URING");
    run_path("-", &r);
    check_expect(&r, e, ne);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    result_free(&r);
    free_expect(e, ne);
    free(buf);
}

Test(csv, stdin_pipe_posix)
{
    stdin_case(1, 0);
}

Test(csv, stdin_pipe_default_backend)
{
    stdin_case(0, 0);
}

Test(csv, stdin_nonblocking_pipe_posix)
{
    stdin_case(1, 1);
}

Test(csv, stdin_nonblocking_pipe_default_backend)
{
    stdin_case(0, 1);
}

Test(csv, stdin_name_in_rejects)
{
    int fds[2];
    struct result r;
    static const char data[] = HDR6 "T1," TS1 ",0,PHP,a,b\n";

    cr_assert_eq(pipe(fds), 0);
    cr_assert_eq(write(fds[1], data, sizeof(data) - 1), (ssize_t)sizeof(data) - 1);
    close(fds[1]);
    cr_assert_eq(dup2(fds[0], 0), 0);
    close(fds[0]);
    run_path("-", &r); /* checks that the source column says "stdin" */
    cr_assert_eq(r.nrej, 1);
    result_free(&r);
}

Test(csv, open_errors)
{
    struct jaga_txsrc *s = (struct jaga_txsrc *)0x1;
    char err[256], path[128], expect[256];

    snprintf(path, sizeof(path), "%s/missing.csv", tmpdir);
    cr_assert_eq(jaga_txsrc_open(path, 0, NULL, &s, err, sizeof(err)), -ENOENT);
    snprintf(expect, sizeof(expect), "%s: %s", path, strerror(ENOENT));
    cr_assert_str_eq(err, expect);
    cr_assert_eq(s, (struct jaga_txsrc *)0x1);
    cr_assert_eq(jaga_txsrc_open(tmpdir, 0, NULL, &s, err, sizeof(err)), -EISDIR);
    jaga_txsrc_close(NULL);
}

/* ---- robustness -------------------------------------------------------------------------- */

Test(csv, random_bytes_never_crash)
{
    size_t len = 4u << 20;
    char *buf = malloc(len + 128);
    uint64_t x = 0x1234567887654321ull;
    struct result r;
    size_t hl = strlen(HDR6);

    /* Pure noise, with a bias towards the bytes the parser cares about. */
    for (size_t i = 0; i < len; i++) {
        uint64_t v = xs(&x);
        static const char special[] = ",\"\n\r\0\xff\xc3";

        buf[i] = (v & 0xf00) == 0 ? special[(v >> 12) % 7] : (char)(v & 0xff);
    }
    run_mem(buf, len, &r);
    cr_assert_eq(r.st.bytes, len);
    result_free(&r);

    /* Noise behind a valid header: everything is read and counted. */
    memmove(buf + hl, buf, len);
    memcpy(buf, HDR6, hl);
    run_mem(buf, len + hl, &r);
    cr_assert_gt(r.st.read, 1000);
    cr_assert_eq(r.st.bytes, len + hl);
    result_free(&r);
    free(buf);
}

Test(csv, mutated_valid_file_keeps_counts)
{
    struct expect *e;
    size_t ne, len;
    char *buf = gen_valid(2u << 20, 0, 5, &e, &ne, &len);
    uint64_t x = 77;
    static const char special[] = ",\"\n\r\0\xff\xc3\x80 9.-";

    for (int round = 0; round < 8; round++) {
        struct result r;

        for (int m = 0; m < 300; m++) {
            size_t at = 60 + (size_t)(xs(&x) % (len - 60));

            buf[at] =
                (xs(&x) & 1) ? special[xs(&x) % (sizeof(special) - 1)] : (char)(xs(&x) & 0xff);
        }
        run_mem(buf, len, &r);
        cr_assert_gt(r.st.read, ne / 2);
        cr_assert_gt(r.nacc, 0);
        cr_assert_gt(r.nrej, 0);
        for (size_t i = 0; i + 1 < r.nrej; i++)
            cr_assert_lt(r.rej[i].line, r.rej[i + 1].line, "lines increase");
        result_free(&r);
    }
    free_expect(e, ne);
    free(buf);
}
