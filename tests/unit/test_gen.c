// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests for tools/gen.c (`jaga gen`): the same arguments give the same bytes, every
 * typology is injected and labelled in truth.csv with a first transaction that exists and is the
 * account's first in its role, and the labelled accounts have the shape redflags.md §7 gives them
 * (victims are minors with a guardian, mules are new accounts of young adults, sellers sweep to
 * their own bank account, travellers pay with a card of an LSAC buyer in the scenario country).
 * lookalikes.csv names only legitimate accounts, in documented groups, each of which behaves in
 * tx.csv as its group says. Marginal distributions match the parameters gen.h publishes, within
 * binomial standard errors. The progress line appears only on a terminal. Runs small months in a
 * temporary directory; the files are read with a plain comma split, which the generator's output
 * allows (it never quotes).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    static const char *const files[] = { "tx.csv",    "accounts.csv", "watchlist.csv",
                                         "truth.csv", "truth_tx.csv", "lookalikes.csv" };
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
    size_t i = 0;

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

/* ------------------------------------------------------------------------------------------ */
/* Per-account facts of one month, indexed like the rows of accounts.csv                      */
/* ------------------------------------------------------------------------------------------ */

enum kind { K_BANK, K_EWALLET, K_CARD, K_MERCHANT, K_REMITTER, K_CRYPTO, K_OTHER };

static enum kind kind_of(const char *s)
{
    static const char *const name[] = {
        "bank", "ewallet", "card", "merchant", "remitter", "crypto"
    };
    for (int k = 0; k < K_OTHER; k++)
        if (!strcmp(s, name[k]))
            return (enum kind)k;
    return K_OTHER;
}

/* truth.csv roles, as bits. */
enum role {
    R_BUYER,
    R_FAC,
    R_SELLER,
    R_BROKER,
    R_RCPT,
    R_VICTIM,
    R_MULE,
    R_COLLECTOR,
    R_TRAV,
    R_N
};

static enum role role_of(const char *s)
{
    static const char *const name[R_N] = { "buyer",  "facilitator",      "seller",
                                           "broker", "broker_recipient", "victim",
                                           "mule",   "collector",        "traveller" };
    for (int k = 0; k < R_N; k++)
        if (!strcmp(s, name[k]))
            return (enum role)k;
    cr_assert_fail("unknown role %s", s);
    return R_N;
}

static int la_group(const char *name)
{
    for (int g = 0; g < JAGA_GEN_N_LOOKALIKES; g++)
        if (!strcmp(jaga_gen_lookalikes[g].name, name))
            return g;
    return -1;
}

/* Bit of a documented look-alike group; fails the test if gen.h no longer has it. */
static uint32_t la_bit(const char *name)
{
    int g = la_group(name);

    cr_assert_geq(g, 0, "look-alike group %s is not documented", name);
    return 1u << g;
}

struct facts {
    size_t n;
    enum kind *kind;
    bool *minor;
    const char **holder, **guardian, **cc, **opened, **birth;
    uint32_t *truth; /* bits of enum role */
    uint32_t *la;    /* bits: index in jaga_gen_lookalikes */
};

static size_t acct_ix(const struct month *m, const char *id)
{
    size_t i = 0;

    cr_assert(index_get(&m->acct_id, id, &i), "account %s not in accounts.csv", id);
    return i;
}

/* la may be NULL (no look-alike bits). */
static void facts_build(struct facts *f, const struct month *m, const struct table *la)
{
    int a_kind = col(&m->acct, "kind"), a_hold = col(&m->acct, "holder_id"),
        a_guard = col(&m->acct, "guardian_id"), a_cc = col(&m->acct, "country"),
        a_open = col(&m->acct, "opened"), a_birth = col(&m->acct, "birth_year");
    int t_acct = col(&m->truth, "account_id"), t_role = col(&m->truth, "role");

    f->n = m->acct.n;
    f->kind = calloc(f->n, sizeof(*f->kind));
    f->minor = calloc(f->n, sizeof(*f->minor));
    f->holder = calloc(f->n, sizeof(*f->holder));
    f->guardian = calloc(f->n, sizeof(*f->guardian));
    f->cc = calloc(f->n, sizeof(*f->cc));
    f->opened = calloc(f->n, sizeof(*f->opened));
    f->birth = calloc(f->n, sizeof(*f->birth));
    f->truth = calloc(f->n, sizeof(*f->truth));
    f->la = calloc(f->n, sizeof(*f->la));
    for (size_t i = 0; i < f->n; i++) {
        char **r = m->acct.row[i];
        f->kind[i] = kind_of(r[a_kind]);
        f->minor[i] = *r[a_guard] != 0;
        f->holder[i] = r[a_hold];
        f->guardian[i] = r[a_guard];
        f->cc[i] = r[a_cc];
        f->opened[i] = r[a_open];
        f->birth[i] = r[a_birth];
    }
    for (size_t i = 0; i < m->truth.n; i++)
        f->truth[acct_ix(m, m->truth.row[i][t_acct])] |= 1u << role_of(m->truth.row[i][t_role]);
    for (size_t i = 0; la && i < la->n; i++) {
        int g = la_group(la->row[i][1]);
        cr_assert_geq(g, 0, "undocumented look-alike group '%s'", la->row[i][1]);
        f->la[acct_ix(m, la->row[i][0])] |= 1u << g;
    }
}

static void facts_free(struct facts *f)
{
    free(f->kind);
    free(f->minor);
    free(f->holder);
    free(f->guardian);
    free(f->cc);
    free(f->opened);
    free(f->birth);
    free(f->truth);
    free(f->la);
}

static bool person_kind(enum kind k)
{
    return k == K_BANK || k == K_EWALLET;
}

ParameterizedTestParameters(gen, first_tx_is_first_in_role)
{
    static int country[] = { 0, 1 };
    return cr_make_param_array(int, country, 2);
}

/* truth.csv's first_tx_id is, per gen.c, the first transaction the generator planned for the
 * account in its typology. It must name a transaction the account takes part in, on the side
 * its role pays or is paid on, and no transaction that the files identify as one of that role's
 * (a buyer paying a facilitator, a sweep of a seller to their own bank account, a victim paying a
 * mule or a collector, ...) may come earlier in the time-ordered stream. */
ParameterizedTest(int *which, gen, first_tx_is_first_in_role, .timeout = 120)
{
    const char *country = *which ? "id" : "ph";
    struct month m;
    struct facts f;
    size_t *first[R_N];
    int c_tid, c_deb, c_cred, t_acct, t_role, t_first;
    size_t n_checked = 0;

    month_load(&m, country);
    facts_build(&f, &m, NULL);
    c_tid = col(&m.tx, "tx_id");
    c_deb = col(&m.tx, "debtor_id");
    c_cred = col(&m.tx, "creditor_id");
    t_acct = col(&m.truth, "account_id");
    t_role = col(&m.truth, "role");
    t_first = col(&m.truth, "first_tx_id");
    for (int k = 0; k < R_N; k++) {
        first[k] = malloc(f.n * sizeof(*first[k]));
        for (size_t i = 0; i < f.n; i++)
            first[k][i] = SIZE_MAX;
    }

    /* The first row of each role's identifiable transactions, per account. */
    for (size_t j = 0; j < m.tx.n; j++) {
        char **r = m.tx.row[j];
        size_t d = acct_ix(&m, r[c_deb]), c = acct_ix(&m, r[c_cred]);
        uint32_t td = f.truth[d], tc = f.truth[c];
        uint32_t hit_d = 0, hit_c = 0;

        if (!td && !tc)
            continue;
        if ((td >> R_BUYER & 1) && (tc >> R_FAC & 1))
            hit_d |= 1u << R_BUYER, hit_c |= 1u << R_FAC;
        if ((td >> R_SELLER & 1) && f.kind[c] == K_BANK && !strcmp(f.holder[d], f.holder[c]))
            hit_d |= 1u << R_SELLER;
        if ((tc >> R_SELLER & 1) && f.kind[d] == K_MERCHANT)
            hit_c |= 1u << R_SELLER;
        if ((td >> R_BROKER & 1) && (tc >> R_RCPT & 1))
            hit_d |= 1u << R_BROKER, hit_c |= 1u << R_RCPT;
        if ((td >> R_VICTIM & 1) && (tc & (1u << R_MULE | 1u << R_COLLECTOR)))
            hit_d |= 1u << R_VICTIM, hit_c |= tc & (1u << R_MULE | 1u << R_COLLECTOR);
        if ((td >> R_MULE & 1) && (tc >> R_COLLECTOR & 1))
            hit_d |= 1u << R_MULE, hit_c |= 1u << R_COLLECTOR;
        hit_d |= td & (1u << R_TRAV);
        hit_c |= tc & (1u << R_TRAV);
        for (int k = 0; k < R_N; k++) {
            if ((hit_d >> k & 1) && first[k][d] == SIZE_MAX)
                first[k][d] = j;
            if ((hit_c >> k & 1) && first[k][c] == SIZE_MAX)
                first[k][c] = j;
        }
    }

    for (size_t i = 0; i < m.truth.n; i++) {
        char **t = m.truth.row[i];
        size_t a = acct_ix(&m, t[t_acct]), fi;
        enum role ro = role_of(t[t_role]);
        bool pays = ro == R_BUYER || ro == R_VICTIM || ro == R_TRAV;
        /* Roles whose every planned transaction the files identify: the first must be one. */
        bool exact =
            ro == R_BUYER || ro == R_FAC || ro == R_RCPT || ro == R_COLLECTOR || ro == R_TRAV;
        char **r;

        if (!*t[t_first]) {
            /* Only an LSAC account can be planned and left without a transaction. */
            cr_assert(ro == R_BUYER || ro == R_FAC, "%s %s has no first_tx_id", t[t_role],
                      t[t_acct]);
            cr_assert_eq(first[ro][a], SIZE_MAX);
            continue;
        }
        cr_assert(index_get(&m.tx_id, t[t_first], &fi), "first tx %s of %s not in tx.csv",
                  t[t_first], t[t_acct]);
        r = m.tx.row[fi];
        cr_assert_str_eq(pays ? r[c_deb] : r[c_cred], t[t_acct],
                         "first tx %s of %s %s is on the wrong side", r[c_tid], t[t_role],
                         t[t_acct]);
        cr_assert(first[ro][a] == SIZE_MAX || first[ro][a] >= fi,
                  "%s %s: tx %s of its role comes before its first_tx_id %s", t[t_role], t[t_acct],
                  m.tx.row[first[ro][a]][c_tid], t[t_first]);
        if (exact)
            cr_assert_eq(first[ro][a], fi, "%s %s: first_tx_id %s is not its first in role",
                         t[t_role], t[t_acct], t[t_first]);
        n_checked++;
    }
    cr_assert_gt(n_checked, 0);
    for (int k = 0; k < R_N; k++)
        free(first[k]);
    facts_free(&f);
    month_free(&m);
}

/* ------------------------------------------------------------------------------------------ */
/* truth_tx.csv                                                                                */
/* ------------------------------------------------------------------------------------------ */

ParameterizedTestParameters(gen, truth_tx_names_injected_transactions)
{
    static int country[] = { 0, 1 };
    return cr_make_param_array(int, country, 2);
}

/* truth_tx.csv has one row per (injected transaction, labelled account taking part in it), in
 * tx.csv order. A row names a transaction of tx.csv whose debtor or creditor is the account, on
 * the side its role implies (buyers, victims and travellers pay; broker recipients and
 * collectors are paid; facilitators, sellers, brokers and mules are paid and pay on), with the
 * role and typology truth.csv gives the account. Every truth.csv account with a first_tx_id has
 * rows, and its earliest row is that first_tx_id (gen.c defines both from the same events; a
 * facilitator's sweeps come after its first receipt); one without has none. No look-alike
 * account appears. Every transaction the files alone identify as injected (a buyer paying a
 * facilitator, a broker paying a recipient, a victim paying a mule or a collector, a mule paying a
 * collector, a traveller's card paying) has a row for each of its labelled sides. (A CSAM buyer's
 * payment into a gateway is injected but names no labelled account, so it has no row, and
 * first_tx_id never names it either.) */
ParameterizedTest(int *which, gen, truth_tx_names_injected_transactions, .timeout = 120)
{
    const char *country = *which ? "id" : "ph";
    struct month m;
    struct table tt, la;
    struct facts f;
    struct index by_acct;
    size_t *first, prev = 0, n_pair = 0;
    uint8_t *side;
    char dir[128];
    int c_tid, c_deb, c_cred, t_acct, t_role, t_typ, t_first;

    month_load(&m, country);
    snprintf(dir, sizeof(dir), "%s/%s", tmpdir, country);
    table_load(&tt, dir, "truth_tx.csv");
    table_load(&la, dir, "lookalikes.csv");
    cr_assert_str_eq(tt.head[0], "tx_id");
    cr_assert_str_eq(tt.head[1], "account_id");
    cr_assert_str_eq(tt.head[2], "role");
    cr_assert_str_eq(tt.head[3], "typology");
    cr_assert_null(tt.head[4]);
    cr_assert_gt(tt.n, 0);
    facts_build(&f, &m, &la);
    c_tid = col(&m.tx, "tx_id");
    c_deb = col(&m.tx, "debtor_id");
    c_cred = col(&m.tx, "creditor_id");
    t_acct = col(&m.truth, "account_id");
    t_role = col(&m.truth, "role");
    t_typ = col(&m.truth, "typology");
    t_first = col(&m.truth, "first_tx_id");
    /* One truth.csv row per account: the generator gives an account one role at most. */
    index_build(&by_acct, &m.truth, t_acct);
    first = malloc(m.truth.n * sizeof(*first));
    for (size_t k = 0; k < m.truth.n; k++)
        first[k] = SIZE_MAX;
    side = calloc(m.tx.n, sizeof(*side));

    for (size_t i = 0; i < tt.n; i++) {
        char **r = tt.row[i], **x, **t;
        size_t ti, k, a = acct_ix(&m, r[1]);
        enum role ro;
        bool d, c;

        cr_assert(r[3] && !r[4], "row %zu of truth_tx.csv has not four fields", i + 2);
        cr_assert(index_get(&m.tx_id, r[0], &ti), "%s not in tx.csv", r[0]);
        cr_assert_geq(ti, prev, "truth_tx.csv row %zu (%s) out of tx.csv order", i + 2, r[0]);
        prev = ti;
        cr_assert(index_get(&by_acct, r[1], &k), "%s of %s not in truth.csv", r[1], r[0]);
        t = m.truth.row[k];
        cr_assert_str_eq(r[2], t[t_role], "%s: role %s, truth.csv %s", r[1], r[2], t[t_role]);
        cr_assert_str_eq(r[3], t[t_typ], "%s: typology %s, truth.csv %s", r[1], r[3], t[t_typ]);
        cr_assert_eq(f.la[a], 0, "look-alike account %s in truth_tx.csv", r[1]);
        x = m.tx.row[ti];
        d = !strcmp(x[c_deb], r[1]);
        c = !strcmp(x[c_cred], r[1]);
        cr_assert(d || c, "%s %s is neither debtor nor creditor of %s", r[2], r[1], r[0]);
        ro = role_of(r[2]);
        if (ro == R_BUYER || ro == R_VICTIM || ro == R_TRAV)
            cr_assert(d, "%s %s is not the debtor of %s", r[2], r[1], r[0]);
        if (ro == R_RCPT || ro == R_COLLECTOR)
            cr_assert(c, "%s %s is not the creditor of %s", r[2], r[1], r[0]);
        {
            /* The other side: whom each role pays or is paid by in its typology. */
            size_t o = acct_ix(&m, d ? x[c_cred] : x[c_deb]);
            uint32_t to = f.truth[o];
            bool ok = true;
            switch (ro) {
            case R_BUYER: ok = to >> R_FAC & 1; break;
            case R_FAC: ok = d ? person_kind(f.kind[o]) : (to >> R_BUYER & 1); break;
            case R_SELLER:
                ok = d ? f.kind[o] == K_BANK && !strcmp(f.holder[o], f.holder[a])
                       : person_kind(f.kind[o]) || f.kind[o] == K_MERCHANT;
                break;
            case R_BROKER: ok = d ? (to >> R_RCPT & 1) : person_kind(f.kind[o]); break;
            case R_RCPT: ok = to >> R_BROKER & 1; break;
            case R_MULE:
                ok = d ? f.kind[o] == K_CRYPTO || (to >> R_COLLECTOR & 1) : (to >> R_VICTIM & 1);
                break;
            case R_COLLECTOR: ok = to & (1u << R_VICTIM | 1u << R_MULE); break;
            case R_VICTIM:
                ok = f.kind[o] == K_MERCHANT || (to & (1u << R_MULE | 1u << R_COLLECTOR));
                break;
            default: break;
            }
            cr_assert(ok, "%s %s: %s has the wrong counterpart %s", r[2], r[1], r[0],
                      m.acct.row[o][0]);
        }
        cr_assert_eq(side[ti] & (d ? 1 : 2), 0, "%s has two rows for %s", r[0], r[1]);
        side[ti] |= d ? 1 : 2;
        if (first[k] == SIZE_MAX)
            first[k] = ti;
    }

    for (size_t k = 0; k < m.truth.n; k++) {
        char **t = m.truth.row[k];
        if (!*t[t_first]) {
            cr_assert_eq(first[k], SIZE_MAX, "%s has rows but no first_tx_id", t[t_acct]);
            continue;
        }
        cr_assert_neq(first[k], SIZE_MAX, "%s %s has no truth_tx.csv row", t[t_role], t[t_acct]);
        cr_assert_str_eq(m.tx.row[first[k]][c_tid], t[t_first],
                         "%s %s: earliest truth_tx.csv row %s, first_tx_id %s", t[t_role],
                         t[t_acct], m.tx.row[first[k]][c_tid], t[t_first]);
    }

    for (size_t j = 0; j < m.tx.n; j++) {
        char **r = m.tx.row[j];
        uint32_t td = f.truth[acct_ix(&m, r[c_deb])], tc = f.truth[acct_ix(&m, r[c_cred])];
        bool pair = ((td >> R_BUYER & 1) && (tc >> R_FAC & 1)) ||
                    ((td >> R_BROKER & 1) && (tc >> R_RCPT & 1)) ||
                    ((td >> R_VICTIM & 1) && (tc & (1u << R_MULE | 1u << R_COLLECTOR))) ||
                    ((td >> R_MULE & 1) && (tc >> R_COLLECTOR & 1));

        if (pair) {
            cr_assert_eq(side[j], 3, "%s between two labelled accounts lacks a row", r[c_tid]);
            n_pair++;
        }
        if (td >> R_TRAV & 1)
            cr_assert(side[j] & 1, "traveller's %s has no row", r[c_tid]);
    }
    cr_assert_gt(n_pair, 0);
    free(side);
    free(first);
    index_free(&by_acct);
    facts_free(&f);
    table_free(&la);
    table_free(&tt);
    month_free(&m);
}

/* ------------------------------------------------------------------------------------------ */
/* lookalikes.csv                                                                              */
/* ------------------------------------------------------------------------------------------ */

ParameterizedTestParameters(gen, lookalikes_legitimate_and_complete)
{
    static int country[] = { 0, 1 };
    return cr_make_param_array(int, country, 2);
}

/* Every row names an account of accounts.csv in a documented group, once; no injected account
 * (truth.csv) is labelled; every documented group has accounts in a 400k-transaction month. */
ParameterizedTest(int *which, gen, lookalikes_legitimate_and_complete, .timeout = 120)
{
    const char *country = *which ? "id" : "ph";
    struct month m;
    struct table la;
    struct facts f;
    size_t seen[JAGA_GEN_N_LOOKALIKES] = { 0 };
    uint32_t *rows;
    char dir[128];

    month_load(&m, country);
    snprintf(dir, sizeof(dir), "%s/%s", tmpdir, country);
    table_load(&la, dir, "lookalikes.csv");
    cr_assert_str_eq(la.head[0], "account_id");
    cr_assert_str_eq(la.head[1], "group");
    cr_assert_null(la.head[2]);
    facts_build(&f, &m, NULL);
    rows = calloc(f.n, sizeof(*rows));
    for (size_t i = 0; i < la.n; i++) {
        char **r = la.row[i];
        size_t a = acct_ix(&m, r[0]);
        int g;

        cr_assert(r[1] && !r[2], "row %zu of lookalikes.csv has not two fields", i + 2);
        g = la_group(r[1]);
        cr_assert_geq(g, 0, "undocumented look-alike group '%s'", r[1]);
        cr_assert_eq(f.truth[a], 0, "injected account %s labelled %s", r[0], r[1]);
        cr_assert_eq(rows[a] >> g & 1, 0, "%s labelled %s twice", r[0], r[1]);
        rows[a] |= 1u << g;
        seen[g]++;
    }
    for (int g = 0; g < JAGA_GEN_N_LOOKALIKES; g++)
        cr_assert_gt(seen[g], 0, "%s: no account in group %s", country,
                     jaga_gen_lookalikes[g].name);
    free(rows);
    facts_free(&f);
    table_free(&la);
    month_free(&m);
}

/* Whether `b` is `a` or `a` with one letter doubled, dropped or swapped with its neighbour (the
 * edits of the watch-list decoys). */
static bool one_edit(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i = 0;

    if (la == lb) {
        while (i < la && a[i] == b[i])
            i++;
        return i == la || (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
                           !strcmp(a + i + 2, b + i + 2));
    }
    if (la + 1 == lb || lb + 1 == la) {
        const char *s = la < lb ? a : b, *l = la < lb ? b : a;
        while (s[i] && s[i] == l[i])
            i++;
        return !strcmp(s + i, l + i + 1);
    }
    return false;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Median of v[0..n) (sorted in place); 0 when empty. */
static uint32_t median_u32(uint32_t *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof(*v), cmp_u32);
    return v[n / 2];
}

ParameterizedTestParameters(gen, lookalikes_behave_as_labelled)
{
    static int country[] = { 0, 1 };
    return cr_make_param_array(int, country, 2);
}

/* One concrete check per group: each labelled account takes part in tx.csv in a transaction of
 * the kind its group names (e.g. a family remittance receiver is paid from abroad through a
 * remittance channel, a teen is paid by the holder of its guardian_id, a resident's travel card
 * pays a travel MCC), and has the account profile the group implies (kind, country, minor, age).
 * Groups defined by fan-in (hubs, sellers, campaigns, savings collectors, freelancers) also
 * receive from more distinct payers, by median, than the accounts no group names. Decoys are named
 * by their watch-list entry, exactly or one edit off, wherever they appear. */
ParameterizedTest(int *which, gen, lookalikes_behave_as_labelled, .timeout = 120)
{
    const char *country = *which ? "id" : "ph", *home = *which ? "ID" : "PH";
    const uint32_t SENDER = la_bit("family_remit_sender"), OPERATOR = la_bit("remit_operator"),
                   RECEIVER = la_bit("family_remit_receiver"), HUB = la_bit("family_hub"),
                   COVER = la_bit("remit_cover_memo"), CAMPAIGN = la_bit("crowd_campaign"),
                   DONOR = la_bit("crowd_donor"), DONOR_ABROAD = la_bit("crowd_donor_abroad"),
                   SELLER = la_bit("online_seller"), SWEEP = la_bit("sweep_to_own"),
                   GATEWAY = la_bit("payment_gateway"), GAMING = la_bit("teen_gaming"),
                   TEEN_P2P = la_bit("teen_p2p"), FRIEND = la_bit("teen_friend_payee"),
                   ALLOW = la_bit("teen_allowance"), GUARDIAN = la_bit("allowance_guardian"),
                   COLLECTOR = la_bit("savings_collector"), PAYEE = la_bit("savings_payee"),
                   NEWACC = la_bit("new_young_ewallet"), CRYPTO = la_bit("crypto_trader"),
                   TRAVEL = la_bit("resident_travel"), ATM = la_bit("atm_cash"),
                   VISITOR = la_bit("visitor_card"), VISITING = la_bit("visiting_family"),
                   PAYS_NGCI = la_bit("pays_ng_ci"), NGCI_PAYEE = la_bit("ng_ci_payee"),
                   DECOY = la_bit("watchlist_decoy"), FREELANCER = la_bit("freelancer_abroad_paid"),
                   CLIENT = la_bit("freelancer_client");
    const uint32_t ADULT = RECEIVER | HUB | DONOR | GUARDIAN | COLLECTOR | PAYEE | CRYPTO |
                           PAYS_NGCI | DECOY | FREELANCER,
                   MINOR = GAMING | TEEN_P2P | FRIEND | ALLOW,
                   FAN_IN[5] = { HUB, SELLER, CAMPAIGN, COLLECTOR, FREELANCER };
    uint32_t all = 0, *sat, *n_payers, *v;
    struct month m;
    struct table la, wl;
    struct facts f;
    struct index foreign_holder;
    uint64_t *pay;
    size_t n_pay = 0, n_decoy_seen = 0;
    bool *appeared;
    char dir[128];
    int c_deb, c_cred, c_ch, c_dcc, c_ccc, c_mcc, c_pu, c_memo, c_dn, c_cn, c_ts, w_kind, w_name;
    long start = days_of("2026-03-01");

    /* Every documented group has a check here. */
    for (int g = 0; g < JAGA_GEN_N_LOOKALIKES; g++)
        all |= 1u << g;
    cr_assert_eq(all,
                 SENDER | OPERATOR | RECEIVER | HUB | COVER | CAMPAIGN | DONOR | DONOR_ABROAD |
                     SELLER | SWEEP | GATEWAY | GAMING | TEEN_P2P | FRIEND | ALLOW | GUARDIAN |
                     COLLECTOR | PAYEE | NEWACC | CRYPTO | TRAVEL | ATM | VISITOR | VISITING |
                     PAYS_NGCI | NGCI_PAYEE | DECOY | FREELANCER | CLIENT,
                 "a documented look-alike group has no check");

    month_load(&m, country);
    snprintf(dir, sizeof(dir), "%s/%s", tmpdir, country);
    table_load(&la, dir, "lookalikes.csv");
    table_load(&wl, dir, "watchlist.csv");
    facts_build(&f, &m, &la);
    w_kind = col(&wl, "kind");
    w_name = col(&wl, "name");
    c_ts = col(&m.tx, "ts");
    c_deb = col(&m.tx, "debtor_id");
    c_cred = col(&m.tx, "creditor_id");
    c_ch = col(&m.tx, "channel");
    c_dcc = col(&m.tx, "debtor_country");
    c_ccc = col(&m.tx, "creditor_country");
    c_mcc = col(&m.tx, "mcc");
    c_pu = col(&m.tx, "purpose");
    c_memo = col(&m.tx, "memo");
    c_dn = col(&m.tx, "debtor_name");
    c_cn = col(&m.tx, "creditor_name");

    /* Profiles. Holders of a bank account abroad: the senders (one account each). */
    {
        struct table t = { 0 };
        size_t k = 0;
        t.row = malloc((f.n + 1) * sizeof(*t.row));
        for (size_t i = 0; i < f.n; i++)
            if (f.kind[i] == K_BANK && strcmp(f.cc[i], home) && *f.holder[i])
                t.row[k++] = m.acct.row[i];
        t.n = k;
        index_build(&foreign_holder, &t, col(&m.acct, "holder_id"));
        free(t.row);
    }
    for (size_t i = 0; i < f.n; i++) {
        uint32_t l = f.la[i];
        bool here = !strcmp(f.cc[i], home);
        const char *id = m.acct.row[i][0];
        int age = *f.birth[i] ? 2026 - atoi(f.birth[i]) : -1;
        size_t dummy;

        if (!l)
            continue;
        if (l & ADULT)
            cr_assert(person_kind(f.kind[i]) && here && !f.minor[i], "%s: not a resident adult",
                      id);
        if (l & MINOR)
            cr_assert(f.kind[i] == K_EWALLET && f.minor[i] && age >= 13 && age <= 17,
                      "%s: not a minor's e-wallet", id);
        if (l & (SENDER | DONOR_ABROAD))
            cr_assert(f.kind[i] == K_BANK && !here, "%s: not a sender abroad", id);
        if (l & COVER)
            cr_assert(person_kind(f.kind[i]), "%s: remit_cover_memo on a %d", id, f.kind[i]);
        if (l & OPERATOR)
            cr_assert_eq(f.kind[i], K_REMITTER, "%s: not an operator", id);
        if (l & (SELLER | CAMPAIGN | NEWACC))
            cr_assert_eq(f.kind[i], K_EWALLET, "%s: not an e-wallet", id);
        if (l & GATEWAY)
            cr_assert_eq(f.kind[i], K_MERCHANT, "%s: not a merchant", id);
        if (l & (TRAVEL | ATM))
            cr_assert(f.kind[i] == K_CARD && here, "%s: not a resident's card", id);
        if (l & (VISITOR | VISITING))
            cr_assert(f.kind[i] == K_CARD && !here, "%s: not a foreign card", id);
        if (l & VISITING)
            cr_assert(index_get(&foreign_holder, f.holder[i], &dummy),
                      "%s: visiting_family card of %s, who holds no account abroad", id,
                      f.holder[i]);
        if (l & NGCI_PAYEE)
            cr_assert(!strcmp(f.cc[i], "NG") || !strcmp(f.cc[i], "CI"), "%s: not in NG/CI", id);
        if (l & CLIENT)
            cr_assert(f.kind[i] == K_BANK && !here && !*f.holder[i] && !*f.birth[i],
                      "%s: not a business abroad", id);
        if (l & NEWACC) {
            long op = days_of(f.opened[i]);
            cr_assert(op >= start - 90 && op < start + 30, "%s: opened %s", id, f.opened[i]);
            cr_assert(age >= 18 && age <= 30, "%s: new e-wallet of a %d-year-old", id, age);
        }
    }

    /* Behaviour: the bits each transaction proves, per side. */
    sat = calloc(f.n, sizeof(*sat));
    appeared = calloc(f.n, sizeof(*appeared));
    pay = malloc(m.tx.n * sizeof(*pay));
    for (size_t j = 0; j < m.tx.n; j++) {
        char **r = m.tx.row[j];
        size_t d = acct_ix(&m, r[c_deb]), c = acct_ix(&m, r[c_cred]);
        const char *ch = r[c_ch], *pu = r[c_pu];
        bool d_home = !strcmp(r[c_dcc], home), c_home = !strcmp(r[c_ccc], home);
        int mcc = atoi(r[c_mcc]);
        uint32_t sd = 0, sc = 0;
        bool remit =
            (!strcmp(ch, "remittance") || !strcmp(ch, "ewallet") || !strcmp(ch, "instant")) &&
            !d_home && c_home && (f.kind[d] == K_BANK || f.kind[d] == K_REMITTER) &&
            person_kind(f.kind[c]);

        /* Distinct payers: an operator's customers are told apart by the name in the message. */
        pay[n_pay++] = (uint64_t)c << 32 | (uint32_t)(hash_str(r[c_deb]) ^ hash_str(r[c_dn]));
        if (remit) {
            sd |= f.kind[d] == K_BANK ? SENDER : OPERATOR;
            sc |= RECEIVER | HUB;
            if (*r[c_memo] && (!strcmp(pu, "EDUC") || !strcmp(pu, "GIFT") || !strcmp(pu, "MDCS")))
                sd |= COVER, sc |= COVER;
        }
        if (!strcmp(ch, "crowdfunding")) {
            sc |= CAMPAIGN;
            sd |= d_home ? DONOR : DONOR_ABROAD;
        }
        if (d != c && (person_kind(f.kind[d]) || f.kind[d] == K_MERCHANT))
            sc |= SELLER | COLLECTOR;
        if (d != c && *f.holder[d] && !strcmp(f.holder[d], f.holder[c]))
            sd |= SWEEP;
        if (!strcmp(ch, "other") && mcc == 7399)
            sc |= GATEWAY;
        if (!strcmp(ch, "transfer") && f.kind[c] == K_EWALLET)
            sd |= GATEWAY;
        if (f.minor[d] && (!strcmp(ch, "gaming") || !strcmp(ch, "giftcard")))
            sd |= GAMING;
        if (f.minor[d] && !strcmp(ch, "ewallet") && f.kind[c] == K_EWALLET)
            sd |= TEEN_P2P;
        if (f.minor[c] && f.minor[d])
            sc |= FRIEND;
        if (f.minor[c] && *f.holder[d] && !strcmp(f.holder[d], f.guardian[c]))
            sc |= ALLOW, sd |= GUARDIAN;
        /* A payee's payer is a collector, unless it has an injected role (and no label). */
        if ((f.la[d] & COLLECTOR) || f.truth[d])
            sc |= PAYEE;
        if (days_of(r[c_ts]) >= days_of(f.opened[d]))
            sd |= NEWACC;
        if (days_of(r[c_ts]) >= days_of(f.opened[c]))
            sc |= NEWACC;
        if (!strcmp(ch, "crypto"))
            sd |= CRYPTO, sc |= CRYPTO;
        if (f.kind[d] == K_CARD && d_home &&
            (mcc == 7011 || mcc == 4511 || mcc == 4722 || (mcc >= 3000 && mcc <= 3299) ||
             mcc == 5944))
            sd |= TRAVEL;
        if (f.kind[d] == K_CARD && d_home && !strcmp(ch, "atm"))
            sd |= ATM;
        if (f.kind[d] == K_CARD && !d_home && c_home)
            sd |= VISITOR | VISITING;
        if (d_home && (!strcmp(r[c_ccc], "NG") || !strcmp(r[c_ccc], "CI")))
            sd |= PAYS_NGCI, sc |= NGCI_PAYEE;
        /* An invoice: a business abroad (no holder) pays a resident by transfer or remittance. */
        if (!d_home && c_home && f.kind[d] == K_BANK && !*f.holder[d] && person_kind(f.kind[c]) &&
            (!strcmp(ch, "transfer") || !strcmp(ch, "remittance"))) {
            sd |= CLIENT;
            if (f.la[d] & CLIENT)
                sc |= FREELANCER;
        }
        for (int side = 0; side < 2; side++) {
            size_t a = side ? c : d;
            const char *nm = side ? r[c_cn] : r[c_dn];
            if (!(f.la[a] & DECOY) || appeared[a])
                continue;
            appeared[a] = true;
            n_decoy_seen++;
            for (size_t k = 0; k < wl.n; k++)
                if (!strcmp(wl.row[k][w_kind], "person") && one_edit(wl.row[k][w_name], nm))
                    (side ? &sc : &sd)[0] |= DECOY;
        }
        sat[d] |= sd & f.la[d];
        sat[c] |= sc & f.la[c];
    }
    for (size_t i = 0; i < f.n; i++) {
        uint32_t miss = f.la[i] & ~sat[i];
        if (!appeared[i])
            miss &= ~DECOY; /* a decoy that never transacts shows no name */
        for (int g = 0; miss && g < JAGA_GEN_N_LOOKALIKES; g++)
            cr_assert_eq(miss >> g & 1, 0, "%s %s does not behave as one in tx.csv",
                         jaga_gen_lookalikes[g].name, m.acct.row[i][0]);
    }
    cr_assert_gt(n_decoy_seen, 0, "no watch-list decoy ever transacts");

    /* Fan-in groups against the accounts no group names. */
    qsort(pay, n_pay, sizeof(*pay), cmp_u64);
    n_payers = calloc(f.n, sizeof(*n_payers));
    for (size_t k = 0; k < n_pay; k++)
        if (!k || pay[k] != pay[k - 1])
            n_payers[pay[k] >> 32]++;
    v = malloc(f.n * sizeof(*v));
    {
        size_t n = 0;
        uint32_t base;
        for (size_t i = 0; i < f.n; i++)
            if (!f.la[i] && !f.truth[i] && person_kind(f.kind[i]) && n_payers[i])
                v[n++] = n_payers[i];
        base = median_u32(v, n);
        for (int q = 0; q < 5; q++) {
            uint32_t med;
            n = 0;
            for (size_t i = 0; i < f.n; i++)
                if (f.la[i] & FAN_IN[q])
                    v[n++] = n_payers[i];
            med = median_u32(v, n);
            cr_assert_gt(med, base, "%s: median %u distinct payers, ordinary accounts %u",
                         jaga_gen_lookalikes[__builtin_ctz(FAN_IN[q])].name, med, base);
        }
    }
    free(v);
    free(n_payers);
    free(pay);
    free(appeared);
    free(sat);
    index_free(&foreign_holder);
    facts_free(&f);
    table_free(&wl);
    table_free(&la);
    month_free(&m);
}

/* ------------------------------------------------------------------------------------------ */
/* Marginal distributions against gen.h's parameters                                           */
/* ------------------------------------------------------------------------------------------ */

/* A set of strings (keys borrowed, not copied). */
struct strset {
    const char **key;
    size_t cap, n;
};

static void strset_init(struct strset *s, size_t n)
{
    s->cap = 16;
    while (s->cap < 2 * n + 2)
        s->cap *= 2;
    s->key = calloc(s->cap, sizeof(*s->key));
    s->n = 0;
}

/* Returns the slot of k, adding it when add is set (else SIZE_MAX when absent). */
static size_t strset_find(struct strset *s, const char *k, bool add)
{
    size_t h = hash_str(k) & (s->cap - 1);

    for (; s->key[h]; h = (h + 1) & (s->cap - 1))
        if (!strcmp(s->key[h], k))
            return h;
    if (!add)
        return SIZE_MAX;
    cr_assert_lt(2 * ++s->n, s->cap);
    s->key[h] = k;
    return h;
}

static double phi(double z)
{
    return 0.5 * erfc(-z / sqrt(2.0));
}

/* CDF of the truncated log-normal that gen.h describes, at x US$. */
static double remit_cdf(double x)
{
    double lo = 0, hi = 4, z90, mu = log(JAGA_GEN_REMIT_MEDIAN_USD), sg, flo, fhi;

    for (int i = 0; i < 100; i++) /* z of the 90th percentile, by bisection */
        *(phi(0.5 * (lo + hi)) < 0.9 ? &lo : &hi) = 0.5 * (lo + hi);
    z90 = 0.5 * (lo + hi);
    sg = (log(JAGA_GEN_REMIT_P90_USD) - mu) / z90;
    flo = phi((log(JAGA_GEN_REMIT_LO_USD) - mu) / sg);
    fhi = phi((log(JAGA_GEN_REMIT_HI_USD) - mu) / sg);
    return (phi((log(x) - mu) / sg) - flo) / (fhi - flo);
}

/* |observed - expected| within four binomial standard errors (a two-sided 6e-5 chance of a
 * false alarm), plus `extra` for what the sampling model leaves out. */
static void assert_share(const char *what, size_t k, size_t n, double p, double extra)
{
    double obs = (double)k / (double)n, tol = 4 * sqrt(p * (1 - p) / (double)n) + extra;

    cr_log_info("%s: %.4f observed (%zu of %zu), %.4f expected +- %.4f", what, obs, k, n, p, tol);

    cr_assert(fabs(obs - p) <= tol, "%s: %.4f observed (%zu of %zu), %.4f expected +- %.4f", what,
              obs, k, n, p, tol);
}

/* One line of a CSV file split in place into at most nf fields; false at the end. */
static bool next_row(FILE *f, char **line, size_t *cap, char **fld, int nf)
{
    ssize_t len = getline(line, cap, f);
    int k = 0;

    if (len <= 0)
        return false;
    if ((*line)[len - 1] == '\n')
        (*line)[len - 1] = 0;
    fld[k++] = *line;
    for (char *q = *line; *q && k < nf; q++)
        if (*q == ',') {
            *q = 0;
            fld[k++] = q + 1;
        }
    while (k < nf)
        fld[k++] = "";
    return true;
}

struct marg {
    size_t n_remit, remit_le_median, remit_le_p90, remit_out;
    size_t n_buy, buy_night;
};

/* Streams one generated month: background remittances sent in US$ with cents (the amounts whose
 * rounding moves them by at most half a cent, unlike the sums people round to 10 or 50 units;
 * freelancers' invoices from clients abroad are not remittances), the night share of LSAC buyer
 * payments from single-zone countries, and each facilitator's distinct paying buyers, which must
 * lie in gen.h's fan-in range. */
static void marg_run(struct marg *mg, const char *country, const char *home, const char *tx)
{
    struct table tr, la;
    struct strset buyers, facs, pairs, clients;
    size_t *fan;
    char dir[128], path[160], *line = NULL, *r[14];
    size_t cap = 0;
    FILE *f;
    int t_acct, t_role;

    snprintf(dir, sizeof(dir), "%s/m%s", tmpdir, country);
    cr_assert_eq(run_gen(dir + strlen(tmpdir) + 1, country, "5", tx, "100000", "30"), 0);
    table_load(&tr, dir, "truth.csv");
    table_load(&la, dir, "lookalikes.csv");
    strset_init(&clients, la.n);
    for (size_t i = 0; i < la.n; i++)
        if (!strcmp(la.row[i][1], "freelancer_client"))
            strset_find(&clients, la.row[i][0], true);
    t_acct = col(&tr, "account_id");
    t_role = col(&tr, "role");
    strset_init(&buyers, tr.n);
    strset_init(&facs, tr.n);
    strset_init(&pairs, 200000);
    for (size_t i = 0; i < tr.n; i++) {
        if (!strcmp(tr.row[i][t_role], "buyer"))
            strset_find(&buyers, tr.row[i][t_acct], true);
        if (!strcmp(tr.row[i][t_role], "facilitator"))
            strset_find(&facs, tr.row[i][t_acct], true);
    }
    fan = calloc(facs.cap, sizeof(*fan));

    snprintf(path, sizeof(path), "%s/tx.csv", dir);
    f = fopen(path, "rb");
    cr_assert_not_null(f);
    cr_assert(next_row(f, &line, &cap, r, 14));
    cr_assert_str_eq(r[2], "amount");
    cr_assert_str_eq(r[10], "creditor_country");
    while (next_row(f, &line, &cap, r, 14)) {
        const char *cur = r[3], *deb = r[4], *cred = r[5], *ch = r[6], *dcc = r[9], *ccc = r[10];
        size_t fi;

        if (!strcmp(dcc, home) || strcmp(ccc, home))
            continue; /* both kinds of payment come from abroad into the country */
        if (strset_find(&buyers, deb, false) != SIZE_MAX &&
            (fi = strset_find(&facs, cred, false)) != SIZE_MAX) {
            int tz = jaga_gen_sender_tz_q(dcc);
            char *pair = malloc(strlen(deb) + strlen(cred) + 2);
            sprintf(pair, "%s|%s", cred, deb);
            if (strset_find(&pairs, pair, false) == SIZE_MAX) {
                strset_find(&pairs, pair, true);
                fan[fi]++;
            } else {
                free(pair);
            }
            if (tz != JAGA_GEN_TZ_SEVERAL) {
                int lmin =
                    ((atoi(r[1] + 11) * 60 + atoi(r[1] + 14) + tz * 15) % 1440 + 1440) % 1440;
                mg->n_buy++;
                mg->buy_night += (lmin / 60 - JAGA_GEN_BUYER_NIGHT_FROM_H + 24) % 24 <
                                 JAGA_GEN_BUYER_NIGHT_HOURS;
            }
            continue;
        }
        if (!strcmp(cur, "USD") && strlen(r[2]) > 3 && strcmp(r[2] + strlen(r[2]) - 3, ".00") &&
            (!strcmp(ch, "remittance") || !strcmp(ch, "ewallet") || !strcmp(ch, "instant")) &&
            strset_find(&buyers, deb, false) == SIZE_MAX &&
            strset_find(&facs, cred, false) == SIZE_MAX &&
            strset_find(&clients, deb, false) == SIZE_MAX) {
            double usd = atof(r[2]);
            mg->n_remit++;
            mg->remit_le_median += usd <= JAGA_GEN_REMIT_MEDIAN_USD;
            mg->remit_le_p90 += usd <= JAGA_GEN_REMIT_P90_USD;
            mg->remit_out += usd < JAGA_GEN_REMIT_LO_USD || usd > JAGA_GEN_REMIT_HI_USD;
        }
    }
    fclose(f);
    free(line);
    for (size_t h = 0; h < facs.cap; h++)
        if (facs.key[h])
            cr_assert(fan[h] >= JAGA_GEN_FAC_FAN_IN_MIN && fan[h] <= JAGA_GEN_FAC_FAN_IN_MAX,
                      "%s: facilitator %s paid by %zu distinct buyers", country, facs.key[h],
                      fan[h]);
    for (size_t h = 0; h < pairs.cap; h++)
        free((char *)pairs.key[h]);
    free(pairs.key);
    free(buyers.key);
    free(facs.key);
    free(clients.key);
    free(fan);
    table_free(&tr);
    table_free(&la);
    /* The month's files are large: drop them now. */
    snprintf(path, sizeof(path), "rm -rf '%s'", dir);
    cr_assert_eq(system(path), 0);
}

/* Two months (PH and ID, where the buyers are the same model) pooled. Remittance amounts are
 * compared at the median and the 90th percentile with the truncated log-normal's CDF, plus one
 * step of the generator's quantile table (its linear interpolation can move a share by that
 * much); the hard band holds every amount. */
Test(gen, marginals_match_parameters, .timeout = 120)
{
    struct marg mg = { 0 };

    marg_run(&mg, "ph", "PH", "2500000");
    marg_run(&mg, "id", "ID", "2500000");
    cr_assert_gt(mg.n_remit, 2000, "only %zu US$ remittances with cents", mg.n_remit);
    cr_assert_gt(mg.n_buy, 300, "only %zu buyer payments from single-zone countries", mg.n_buy);
    cr_assert_eq(mg.remit_out, 0, "%zu remittances outside US$%g-%g", mg.remit_out,
                 JAGA_GEN_REMIT_LO_USD, JAGA_GEN_REMIT_HI_USD);
    assert_share("remittances <= median", mg.remit_le_median, mg.n_remit,
                 remit_cdf(JAGA_GEN_REMIT_MEDIAN_USD), 1.0 / JAGA_GEN_QTAB_N);
    assert_share("remittances <= p90", mg.remit_le_p90, mg.n_remit,
                 remit_cdf(JAGA_GEN_REMIT_P90_USD), 1.0 / JAGA_GEN_QTAB_N);
    assert_share("buyer payments at sender-local night", mg.buy_night, mg.n_buy,
                 JAGA_GEN_BUYER_NIGHT_SHARE, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Freelancers paid from abroad                                                                */
/* ------------------------------------------------------------------------------------------ */

ParameterizedTestParameters(gen, freelancers_paid_by_several_clients_abroad)
{
    static int country[] = { 0, 1 };
    return cr_make_param_array(int, country, 2);
}

/* Every payment of a freelancer_client is an invoice: from a business account abroad to a
 * resident adult, by transfer or remittance, worth JAGA_GEN_FREELANCE_LO_USD-HI_USD at the
 * generator's rates, mostly in the client's office hours. Each freelancer_abroad_paid account
 * received such payments from between JAGA_GEN_FREELANCE_CLIENTS_MIN and _MAX distinct clients in
 * the period, every account paid by at least _MIN clients is labelled, and none of them has an
 * injected role. */
ParameterizedTest(int *which, gen, freelancers_paid_by_several_clients_abroad, .timeout = 120)
{
    const char *country = *which ? "id" : "ph", *home = *which ? "ID" : "PH";
    const uint32_t FREELANCER = la_bit("freelancer_abroad_paid"),
                   CLIENT = la_bit("freelancer_client");
    struct month m;
    struct table la;
    struct facts f;
    struct strset pairs;
    uint32_t *n_clients;
    size_t n_in = 0, n_zoned = 0, n_day = 0, n_fl = 0, n_round = 0;
    char dir[128];
    int c_ts, c_amt, c_cur, c_deb, c_cred, c_ch, c_dcc, c_ccc;

    month_load(&m, country);
    snprintf(dir, sizeof(dir), "%s/%s", tmpdir, country);
    table_load(&la, dir, "lookalikes.csv");
    facts_build(&f, &m, &la);
    c_ts = col(&m.tx, "ts");
    c_amt = col(&m.tx, "amount");
    c_cur = col(&m.tx, "currency");
    c_deb = col(&m.tx, "debtor_id");
    c_cred = col(&m.tx, "creditor_id");
    c_ch = col(&m.tx, "channel");
    c_dcc = col(&m.tx, "debtor_country");
    c_ccc = col(&m.tx, "creditor_country");
    n_clients = calloc(f.n, sizeof(*n_clients));
    strset_init(&pairs, m.tx.n / 50 + 16);

    for (size_t j = 0; j < m.tx.n; j++) {
        char **r = m.tx.row[j], *pair;
        size_t d = acct_ix(&m, r[c_deb]), c = acct_ix(&m, r[c_cred]);
        double per = jaga_gen_per_usd(r[c_cur]), usd;
        const char *dot = strchr(r[c_amt], '.');
        int tz;

        if (!(f.la[d] & CLIENT))
            continue;
        n_in++;
        cr_assert_gt(per, 0, "unknown currency %s", r[c_cur]);
        usd = atof(r[c_amt]) / per;
        cr_assert(usd >= JAGA_GEN_FREELANCE_LO_USD * (1 - 1e-9) &&
                      usd <= JAGA_GEN_FREELANCE_HI_USD * (1 + 1e-9),
                  "invoice %s %s = US$%.2f", r[c_amt], r[c_cur], usd);
        cr_assert(!strcmp(r[c_ch], "transfer") || !strcmp(r[c_ch], "remittance"), "channel %s",
                  r[c_ch]);
        cr_assert(strcmp(r[c_dcc], home) && !strcmp(r[c_ccc], home), "%s -> %s", r[c_dcc],
                  r[c_ccc]);
        cr_assert(person_kind(f.kind[c]) && !f.minor[c] && !strcmp(f.cc[c], home),
                  "%s paid by client %s is not a resident adult", r[c_cred], r[c_deb]);
        n_round += !dot || !strcmp(dot, ".00");
        pair = malloc(strlen(r[c_deb]) + strlen(r[c_cred]) + 2);
        sprintf(pair, "%s|%s", r[c_deb], r[c_cred]);
        if (strset_find(&pairs, pair, false) == SIZE_MAX) {
            strset_find(&pairs, pair, true);
            n_clients[c]++;
        } else {
            free(pair);
        }
        tz = jaga_gen_sender_tz_q(r[c_dcc]);
        if (tz != JAGA_GEN_TZ_SEVERAL) {
            int lmin =
                ((atoi(r[c_ts] + 11) * 60 + atoi(r[c_ts] + 14) + tz * 15) % 1440 + 1440) % 1440;
            n_zoned++;
            n_day += lmin >= 7 * 60 && lmin < 20 * 60;
        }
    }
    for (size_t i = 0; i < f.n; i++) {
        const char *id = m.acct.row[i][0];
        if (f.la[i] & FREELANCER) {
            n_fl++;
            cr_assert_eq(f.truth[i], 0, "freelancer %s has an injected role", id);
            cr_assert(n_clients[i] >= JAGA_GEN_FREELANCE_CLIENTS_MIN &&
                          n_clients[i] <= JAGA_GEN_FREELANCE_CLIENTS_MAX,
                      "freelancer %s paid by %u distinct clients", id, n_clients[i]);
        } else {
            cr_assert_lt(n_clients[i], JAGA_GEN_FREELANCE_CLIENTS_MIN,
                         "%s paid by %u clients is not labelled a freelancer", id, n_clients[i]);
        }
        if (f.la[i] & CLIENT)
            cr_assert_eq(f.truth[i], 0, "client %s has an injected role", id);
    }
    cr_log_info("%s: %zu freelancers, %zu invoices, %zu round, %zu of %zu in office hours", country,
                n_fl, n_in, n_round, n_day, n_zoned);
    cr_assert_gt(n_fl, 10);
    /* Rare: far below the family remittances, yet enough to matter. */
    cr_assert(n_in > m.tx.n / 2000 && n_in < m.tx.n / 100, "%zu invoices in %zu tx", n_in, m.tx.n);
    /* 60% of contracts bill a round sum (assumed in gen.c); hourly ones rarely land on one. */
    cr_assert_gt(n_round, n_in / 3);
    /* P_OFFICE puts 84% of the day's weight in 07:00-19:59 (assumed in gen.c). */
    cr_assert_gt(n_zoned, 100);
    cr_assert_gt(n_day, n_zoned * 7 / 10);
    for (size_t h = 0; h < pairs.cap; h++)
        free((char *)pairs.key[h]);
    free(pairs.key);
    free(n_clients);
    facts_free(&f);
    table_free(&la);
    month_free(&m);
}

/* ------------------------------------------------------------------------------------------ */
/* Progress line                                                                               */
/* ------------------------------------------------------------------------------------------ */

/* Runs a 1.5M-transaction day with stderr on fd, and returns what fd's other end received
 * (read from `peer`, or from the file fd itself when peer < 0). Caller frees. */
static char *gen_with_stderr(int fd, int peer, bool no_progress)
{
    char out[128], *buf = calloc(1, 1 << 16);
    char *argv[] = { "gen",     "--country",  "ph",    "--seed", "3", "--tx",
                     "1500000", "--accounts", "10000", "--out",  out, "--no-progress" };
    int saved, argc = (int)(sizeof(argv) / sizeof(argv[0])) - !no_progress;
    ssize_t n, len = 0;

    snprintf(out, sizeof(out), "%s/p", tmpdir);
    fflush(stderr);
    saved = dup(2);
    cr_assert_geq(saved, 0);
    cr_assert_geq(dup2(fd, 2), 0);
    cr_assert_eq(jaga_gen_main(argc, argv), 0);
    dup2(saved, 2);
    close(saved);
    if (peer < 0) {
        peer = fd;
        lseek(fd, 0, SEEK_SET);
    } else {
        fcntl(peer, F_SETFL, fcntl(peer, F_GETFL) | O_NONBLOCK);
    }
    while (len < (1 << 16) - 1 && (n = read(peer, buf + len, (size_t)((1 << 16) - 1 - len))) > 0)
        len += n;
    return buf;
}

/* On a terminal (a pseudo-terminal here) gen draws "[###...] 42.0%  3.91 M tx/s  ETA 0:01",
 * and --no-progress turns it off; with stderr in a file only the summary line is written. The
 * 1.5M transactions take well over the 100 ms between two drawings. */
Test(gen, progress_line_only_on_a_terminal, .timeout = 120)
{
    char path[128], *s;
    int fd;

    for (int off = 0; off < 2; off++) {
        int m = posix_openpt(O_RDWR | O_NOCTTY), sl;
        cr_assert_geq(m, 0);
        cr_assert_eq(grantpt(m), 0);
        cr_assert_eq(unlockpt(m), 0);
        sl = open(ptsname(m), O_RDWR | O_NOCTTY);
        cr_assert_geq(sl, 0);
        s = gen_with_stderr(sl, m, off);
        cr_assert_not_null(strstr(s, "jaga gen: 1500000 tx"), "no summary line: %s", s);
        if (off)
            cr_assert_null(strstr(s, "ETA"), "progress drawn despite --no-progress: %s", s);
        else
            cr_assert(strstr(s, "M tx/s  ETA") && strstr(s, "%"), "no progress line: %s", s);
        free(s);
        close(sl);
        close(m);
    }
    snprintf(path, sizeof(path), "%s/stderr.txt", tmpdir);
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    cr_assert_geq(fd, 0);
    s = gen_with_stderr(fd, -1, false);
    cr_assert_not_null(strstr(s, "jaga gen: 1500000 tx"), "no summary line: %s", s);
    cr_assert_null(strchr(s, '\r'), "progress drawn into a file: %s", s);
    free(s);
    close(fd);
}
