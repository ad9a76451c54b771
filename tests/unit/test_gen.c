// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests for tools/gen.c (`jaga gen`): the same arguments give the same bytes, every
 * typology is injected and labelled in truth.csv with a first transaction that exists, and the
 * labelled accounts have the shape redflags.md §7 gives them (victims are minors with a guardian,
 * mules are new accounts of young adults, sellers sweep to their own bank account, travellers
 * pay with a card of an LSAC buyer in the scenario country). Runs small months in a temporary
 * directory; the files are read with a plain comma split, which the generator's output allows
 * (it never quotes).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/gen.h"

static char tmpdir[64];

static void setup(void)
{
    strcpy(tmpdir, "/tmp/jaga_gen_XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(gen, .init = setup, .fini = teardown);

/* Runs `jaga gen` into tmpdir/sub; returns the exit status. */
static int run_gen(const char *sub, const char *country, const char *seed, const char *tx,
                   const char *accounts, const char *days)
{
    char out[128];
    char *argv[] = { "gen",      "--country",  (char *)country,  "--seed", (char *)seed, "--tx",
                     (char *)tx, "--accounts", (char *)accounts, "--days", (char *)days, "--out",
                     out };

    snprintf(out, sizeof(out), "%s/%s", tmpdir, sub);
    return jaga_gen_main((int)(sizeof(argv) / sizeof(argv[0])), argv);
}

/* A whole CSV file split into rows of fields (commas only; the generator never quotes). */
struct table {
    char *buf;
    char ***row; /* row[i][j], NULL-terminated per row */
    size_t n;    /* data rows, header excluded */
    char **head;
};

static void table_load(struct table *t, const char *dir, const char *file)
{
    char path[256];
    FILE *f;
    long len;
    size_t cap = 1024, nrow = 0;

    snprintf(path, sizeof(path), "%s/%s", dir, file);
    f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    t->buf = malloc((size_t)len + 1);
    cr_assert_eq(fread(t->buf, 1, (size_t)len, f), (size_t)len);
    t->buf[len] = 0;
    fclose(f);
    t->row = malloc(cap * sizeof(*t->row));
    for (char *p = t->buf; *p;) {
        char *eol = strchr(p, '\n'), **fld = malloc(24 * sizeof(*fld));
        size_t k = 0;

        cr_assert_not_null(eol);
        *eol = 0;
        fld[k++] = p;
        for (char *q = p; *q; q++)
            if (*q == ',') {
                *q = 0;
                cr_assert_lt(k, 23);
                fld[k++] = q + 1;
            }
        fld[k] = NULL;
        if (nrow == cap)
            t->row = realloc(t->row, (cap *= 2) * sizeof(*t->row));
        t->row[nrow++] = fld;
        p = eol + 1;
    }
    cr_assert_gt(nrow, 0);
    t->head = t->row[0];
    t->row++;
    t->n = nrow - 1;
}

static void table_free(struct table *t)
{
    t->row--;
    for (size_t i = 0; i <= t->n; i++)
        free(t->row[i]);
    free(t->row);
    free(t->buf);
}

static int col(const struct table *t, const char *name)
{
    for (int j = 0; t->head[j]; j++)
        if (!strcmp(t->head[j], name))
            return j;
    cr_assert_fail("no column %s", name);
    return -1;
}

/* Open-addressing index from a column's value to its row. */
struct index {
    const char **key;
    size_t *val, cap;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void index_build(struct index *x, const struct table *t, int c)
{
    x->cap = 1;
    while (x->cap < 2 * t->n + 2)
        x->cap *= 2;
    x->key = calloc(x->cap, sizeof(*x->key));
    x->val = calloc(x->cap, sizeof(*x->val));
    for (size_t i = 0; i < t->n; i++) {
        size_t h = hash_str(t->row[i][c]) & (x->cap - 1);
        while (x->key[h]) {
            cr_assert_str_neq(x->key[h], t->row[i][c], "duplicate key %s", t->row[i][c]);
            h = (h + 1) & (x->cap - 1);
        }
        x->key[h] = t->row[i][c];
        x->val[h] = i;
    }
}

static bool index_get(const struct index *x, const char *k, size_t *out)
{
    for (size_t h = hash_str(k) & (x->cap - 1); x->key[h]; h = (h + 1) & (x->cap - 1))
        if (!strcmp(x->key[h], k)) {
            *out = x->val[h];
            return true;
        }
    return false;
}

static void index_free(struct index *x)
{
    free(x->key);
    free(x->val);
}

static bool files_equal(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool eq = fa && fb;
    int ca, cb;

    while (eq) {
        ca = fgetc(fa);
        cb = fgetc(fb);
        if (ca != cb)
            eq = false;
        if (ca == EOF || cb == EOF)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return eq;
}

Test(gen, same_arguments_same_bytes, .timeout = 120)
{
    static const char *const files[] = { "tx.csv", "accounts.csv", "watchlist.csv", "truth.csv" };
    char a[256], b[256];

    cr_assert_eq(run_gen("a", "ph", "11", "200000", "20000", "30"), 0);
    cr_assert_eq(run_gen("b", "ph", "11", "200000", "20000", "30"), 0);
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        snprintf(a, sizeof(a), "%s/a/%s", tmpdir, files[i]);
        snprintf(b, sizeof(b), "%s/b/%s", tmpdir, files[i]);
        cr_assert(files_equal(a, b), "%s differs between two runs", files[i]);
    }
}

/* Days from 1970-01-01 of "YYYY-MM-DD" (Howard Hinnant's algorithm). */
static long days_of(const char *s)
{
    long y = strtol(s, NULL, 10), m = strtol(s + 5, NULL, 10), d = strtol(s + 8, NULL, 10);

    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

struct month {
    struct table tx, acct, truth;
    struct index tx_id, acct_id;
};

static void month_load(struct month *m, const char *country)
{
    char dir[128];

    cr_assert_eq(run_gen(country, country, "7", "400000", "40000", "30"), 0);
    snprintf(dir, sizeof(dir), "%s/%s", tmpdir, country);
    table_load(&m->tx, dir, "tx.csv");
    table_load(&m->acct, dir, "accounts.csv");
    table_load(&m->truth, dir, "truth.csv");
    index_build(&m->tx_id, &m->tx, col(&m->tx, "tx_id"));
    index_build(&m->acct_id, &m->acct, col(&m->acct, "account_id"));
}

static void month_free(struct month *m)
{
    index_free(&m->tx_id);
    index_free(&m->acct_id);
    table_free(&m->tx);
    table_free(&m->acct);
    table_free(&m->truth);
}

static char **acct_of(const struct month *m, const char *id)
{
    size_t i;

    cr_assert(index_get(&m->acct_id, id, &i), "account %s not in accounts.csv", id);
    return m->acct.row[i];
}

/* Parameters cross into the test's own process by value: an index, not a string pointer. */
ParameterizedTestParameters(gen, typologies_have_their_shape)
{
    static int country[] = { 0, 1 };
    return cr_make_param_array(int, country, 2);
}

ParameterizedTest(int *which, gen, typologies_have_their_shape, .timeout = 120)
{
    static const char *const typ[] = { "lsac_buyer",      "lsac_facilitator",  "csam_seller",
                                       "domestic_broker", "sextortion_victim", "sextortion_mule",
                                       "travel_to_offend" };
    struct month m;
    size_t n_typ[7] = { 0 }, n_victim = 0, n_mule = 0, n_sweep = 0, n_trav = 0;
    int c_tid, c_ts, c_deb, c_cred, c_mcc, c_dcc, c_ccc, a_kind, a_open, a_birth, a_cc, a_hold,
        a_guard, t_acct, t_role, t_typ, t_first;
    const char *country = *which ? "id" : "ph", *home = *which ? "ID" : "PH";

    month_load(&m, country);
    c_tid = col(&m.tx, "tx_id");
    c_ts = col(&m.tx, "ts");
    c_deb = col(&m.tx, "debtor_id");
    c_cred = col(&m.tx, "creditor_id");
    c_mcc = col(&m.tx, "mcc");
    c_dcc = col(&m.tx, "debtor_country");
    c_ccc = col(&m.tx, "creditor_country");
    a_kind = col(&m.acct, "kind");
    a_open = col(&m.acct, "opened");
    a_birth = col(&m.acct, "birth_year");
    a_cc = col(&m.acct, "country");
    a_hold = col(&m.acct, "holder_id");
    a_guard = col(&m.acct, "guardian_id");
    t_acct = col(&m.truth, "account_id");
    t_role = col(&m.truth, "role");
    t_typ = col(&m.truth, "typology");
    t_first = col(&m.truth, "first_tx_id");

    /* The stream is time-ordered and names only known accounts. */
    for (size_t i = 0; i < m.tx.n; i++) {
        char **r = m.tx.row[i];
        if (i)
            cr_assert_geq(strcmp(r[c_ts], m.tx.row[i - 1][c_ts]), 0, "%s out of order", r[c_tid]);
        acct_of(&m, r[c_deb]);
        acct_of(&m, r[c_cred]);
    }

    for (size_t i = 0; i < m.truth.n; i++) {
        char **t = m.truth.row[i], **a = acct_of(&m, t[t_acct]), **f;
        size_t k, fi;

        for (k = 0; k < 7 && strcmp(t[t_typ], typ[k]); k++)
            ;
        cr_assert_lt(k, 7, "unknown typology %s", t[t_typ]);
        n_typ[k]++;
        if (k < 2 && !*t[t_first])
            continue; /* an LSAC buyer planned but cut by the end of the period */
        cr_assert(index_get(&m.tx_id, t[t_first], &fi), "first tx %s of %s not in tx.csv",
                  t[t_first], t[t_acct]);
        f = m.tx.row[fi];
        cr_assert(!strcmp(f[c_deb], t[t_acct]) || !strcmp(f[c_cred], t[t_acct]),
                  "first tx %s does not involve %s", t[t_first], t[t_acct]);

        if (!strcmp(t[t_role], "victim")) {
            int age = 2026 - atoi(a[a_birth]);
            cr_assert(age >= 13 && age <= 17, "victim %s is %d", t[t_acct], age);
            cr_assert(*a[a_guard], "victim %s has no guardian", t[t_acct]);
            cr_assert_str_eq(f[c_deb], t[t_acct]);
            n_victim++;
        } else if (!strcmp(t[t_role], "mule")) {
            long gap = days_of(f[c_ts]) - days_of(a[a_open]);
            int age = 2026 - atoi(a[a_birth]);
            cr_assert(gap >= 0 && gap <= 90, "mule %s opened %ld days before", t[t_acct], gap);
            cr_assert(age >= 18 && age <= 25, "mule %s is %d", t[t_acct], age);
            cr_assert_str_eq(f[c_cred], t[t_acct]);
            n_mule++;
        } else if (!strcmp(t[t_role], "seller")) {
            /* At least one sweep to a bank account of the same holder. */
            bool swept = false;
            for (size_t j = fi; j < m.tx.n && !swept; j++) {
                char **r = m.tx.row[j], **c;
                if (strcmp(r[c_deb], t[t_acct]))
                    continue;
                c = acct_of(&m, r[c_cred]);
                swept = !strcmp(c[a_hold], a[a_hold]) && !strcmp(c[a_kind], "bank");
            }
            cr_assert(swept, "seller %s never sweeps to their own bank account", t[t_acct]);
            n_sweep++;
        } else if (!strcmp(t[t_role], "traveller")) {
            int mcc = atoi(f[c_mcc]);
            bool buyer = false;
            cr_assert_str_eq(a[a_kind], "card");
            cr_assert_str_eq(f[c_deb], t[t_acct]);
            cr_assert_str_eq(f[c_dcc], a[a_cc]);
            cr_assert_str_eq(f[c_ccc], home);
            cr_assert(mcc == 4511 || mcc == 4722 || (mcc >= 3000 && mcc <= 3299),
                      "traveller %s starts with MCC %d", t[t_acct], mcc);
            for (size_t j = 0; j < m.truth.n && !buyer; j++) {
                char **b = m.truth.row[j];
                buyer = !strcmp(b[t_typ], "lsac_buyer") &&
                        !strcmp(acct_of(&m, b[t_acct])[a_hold], a[a_hold]);
            }
            cr_assert(buyer, "traveller %s is no LSAC buyer's card", t[t_acct]);
            n_trav++;
        }
    }
    for (size_t k = 0; k < 7; k++)
        cr_assert_gt(n_typ[k], 0, "%s: no %s in truth.csv", country, typ[k]);
    cr_assert_gt(n_victim, 0);
    cr_assert_gt(n_mule, 0);
    cr_assert_gt(n_sweep, 0);
    cr_assert_gt(n_trav, 0);
    /* Rare: far below 0.1% of the stream for the later typologies' labelled accounts. */
    cr_assert_lt(n_typ[2] + n_typ[3] + n_typ[4] + n_typ[5] + n_typ[6], m.tx.n / 1000);
    month_free(&m);
}

Test(gen, below_ten_thousand_no_injection, .timeout = 60)
{
    struct table t;
    char dir[128];

    cr_assert_eq(run_gen("small", "id", "3", "9999", "1000", "2"), 0);
    snprintf(dir, sizeof(dir), "%s/small", tmpdir);
    table_load(&t, dir, "truth.csv");
    cr_assert_eq(t.n, 0);
    table_free(&t);
}
