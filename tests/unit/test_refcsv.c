// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests for io/refcsv.c: the accounts and watch-list loaders. Good files load with every
 * column decoded; any bad row refuses the whole file with "FILE:LINE: reason".
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/codes.h"
#include "core/hash.h"
#include "io/csv.h"

static char tmpdir[64];
static int tmp_seq;

static void setup(void)
{
    strcpy(tmpdir, "/tmp/jaga_ref_XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(refcsv, .init = setup, .fini = teardown);

static char *write_tmp(const char *data)
{
    char *path = malloc(256);
    FILE *f;

    snprintf(path, 256, "%s/ref_%d.csv", tmpdir, tmp_seq++);
    f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(data, f);
    cr_assert_eq(fclose(f), 0);
    return path;
}

static uint64_t h(const char *s)
{
    return jaga_hash_id(s, strlen(s));
}

/* ---- accounts ---------------------------------------------------------------------------- */

Test(refcsv, accounts_good_file)
{
    char *path = write_tmp(
        "account_id,kind,opened,birth_year,sex,country,kyc_level,holder_id,guardian_id,extra\n"
        "PH001,ewallet,2025-11-02,2011,F,PH,1,P-77,P-12,x\n"
        "\"PH,002\",bank,2026-03-01T10:00:00+08:00,,,,,,,\n"
        "\n"
        "PH003,,,,U,,0,,,\n"
        "PH004,remitter,1965-02-28,1900,M,SG,3,,,\"multi\nline\"\n");
    struct jaga_accounts a = { 0 };
    char err[256] = "";

    cr_assert_eq(jaga_accounts_load(path, &a, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(a.n, 4);
    cr_assert_eq(a.v[0].id_h, h("PH001"));
    cr_assert_eq(a.v[0].kind, JAGA_KIND_EWALLET);
    cr_assert_eq(a.v[0].opened_day, jaga_days_from_civil(2025, 11, 2));
    cr_assert_eq(a.v[0].birth_year, 2011);
    cr_assert_eq(a.v[0].sex, 'F');
    cr_assert_eq(a.v[0].country, jaga_cc_code("PH", 2));
    cr_assert_eq(a.v[0].kyc_level, 1);
    cr_assert_eq(a.v[0].holder_h, h("P-77"));
    cr_assert_eq(a.v[0].guardian_h, h("P-12"));

    cr_assert_eq(a.v[1].id_h, h("PH,002"));
    cr_assert_eq(a.v[1].kind, JAGA_KIND_BANK);
    cr_assert_eq(a.v[1].opened_day, jaga_days_from_civil(2026, 3, 1));
    cr_assert_eq(a.v[1].birth_year, 0);
    cr_assert_eq(a.v[1].sex, 0);
    cr_assert_eq(a.v[1].country, 0);
    cr_assert_eq(a.v[1].kyc_level, -1);
    cr_assert_eq(a.v[1].holder_h, 0);
    cr_assert_eq(a.v[1].guardian_h, 0);

    cr_assert_eq(a.v[2].kind, JAGA_KIND_UNKNOWN);
    cr_assert_eq(a.v[2].opened_day, INT32_MIN);
    cr_assert_eq(a.v[2].sex, 'U');
    cr_assert_eq(a.v[2].kyc_level, 0);

    cr_assert_eq(a.v[3].kind, JAGA_KIND_REMITTER);
    cr_assert_eq(a.v[3].opened_day, jaga_days_from_civil(1965, 2, 28));
    cr_assert_lt(a.v[3].opened_day, 0);
    cr_assert_eq(a.v[3].kyc_level, 3);
    jaga_accounts_free(&a);
    cr_assert_null(a.v);
    cr_assert_eq(a.n, 0);
    jaga_accounts_free(NULL);
    free(path);
}

Test(refcsv, accounts_only_id_column_and_crlf)
{
    char *path = write_tmp("\xef\xbb\xbf"
                           "account_id\r\nA1\r\nA2\r\n");
    struct jaga_accounts a = { 0 };
    char err[256];

    cr_assert_eq(jaga_accounts_load(path, &a, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(a.n, 2);
    cr_assert_eq(a.v[1].id_h, h("A2"));
    cr_assert_eq(a.v[1].kind, JAGA_KIND_UNKNOWN);
    jaga_accounts_free(&a);
    free(path);
}

Test(refcsv, accounts_many_rows)
{
    size_t n = 200000, len = 0;
    char *buf = malloc(n * 48 + 64), *path;
    struct jaga_accounts a = { 0 };
    char err[256];

    len += (size_t)sprintf(buf, "account_id,kind,birth_year\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(buf + len, "ACCT%07zu,card,%zu\n", i, 1950 + i % 60);
    path = write_tmp(buf);
    cr_assert_eq(jaga_accounts_load(path, &a, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(a.n, n);
    cr_assert_eq(a.v[n - 1].id_h, h("ACCT0199999"));
    cr_assert_eq(a.v[n - 1].birth_year, 1950 + (n - 1) % 60);
    jaga_accounts_free(&a);
    free(path);
    free(buf);
}

struct ref_bad {
    char data[200];
    char reason[96]; /* expected err after "FILE:" */
};

ParameterizedTestParameters(refcsv, accounts_bad)
{
    static struct ref_bad cases[] = {
        { "kind,opened\nbank,\n", "1: header lacks required column 'account_id'" },
        { "", "1: header lacks required column 'account_id'" },
        { "account_id,kind,account_id\n", "1: header has duplicate column 'account_id'" },
        { "account_id,kind\nA1,bank\nA2,boat\n", "3: unknown kind 'boat'" },
        { "account_id,kind\nA1,bank\n,bank\n", "3: empty account_id" },
        { "account_id,kind\nA1\n", "2: wrong column count: 1 of 2" },
        { "account_id,opened\nA1,2025-02-29\n", "2: bad opened '2025-02-29'" },
        { "account_id,opened\nA1,2025-13-01\n", "2: bad opened '2025-13-01'" },
        { "account_id,opened\nA1,20250101\n", "2: bad opened '20250101'" },
        { "account_id,opened\nA1,1899-12-31\n", "2: bad opened '1899-12-31'" },
        { "account_id,opened\nA1,2025-01-01T00:00:00\n", "2: bad opened '2025-01-01T00:00:00'" },
        { "account_id,birth_year\nA1,1899\n", "2: bad birth_year '1899'" },
        { "account_id,birth_year\nA1,2101\n", "2: bad birth_year '2101'" },
        { "account_id,birth_year\nA1,19x0\n", "2: bad birth_year '19x0'" },
        { "account_id,sex\nA1,X\n", "2: bad sex 'X'" },
        { "account_id,sex\nA1,MF\n", "2: bad sex 'MF'" },
        { "account_id,country\nA1,ZZ\n", "2: bad country 'ZZ'" },
        { "account_id,kyc_level\nA1,4\n", "2: bad kyc_level '4'" },
        { "account_id,kyc_level\nA1,-1\n", "2: bad kyc_level '-1'" },
        { "account_id,holder_id\nA1,"
          "12345678901234567890123456789012345678901234567890123456789012345\n",
          "2: holder_id too long (65 > 64)" },
        { "account_id,kind\nA1,bank\n\"A2,bank\n", "3: bad quoting" },
        { "account_id,kind\nA1,\"ba\"nk\n", "2: bad quoting" },
        { "account_id,kind\nA\xff,bank\n", "2: invalid UTF-8 in account_id" },
        { "account_id,kind\n\"A\n1\",bank\nA2,x\n", "4: unknown kind 'x'" },
    };
    return cr_make_param_array(struct ref_bad, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct ref_bad *c, refcsv, accounts_bad)
{
    char *path = write_tmp(c->data);
    struct jaga_accounts a = { .v = (void *)0x1, .n = 7 };
    char err[256] = "", expect[512];

    cr_assert_eq(jaga_accounts_load(path, &a, err, sizeof(err)), -EINVAL);
    snprintf(expect, sizeof(expect), "%s:%s", path, c->reason);
    cr_assert_str_eq(err, expect);
    cr_assert_eq(a.n, 7, "out untouched on failure");
    free(path);
}

Test(refcsv, nul_byte_refused)
{
    char path[128];
    FILE *f;
    struct jaga_accounts a;
    char err[256], expect[256];

    snprintf(path, sizeof(path), "%s/nul.csv", tmpdir);
    f = fopen(path, "wb");
    fwrite("account_id\nA1\nA\0002\n", 1, 18, f);
    fclose(f);
    cr_assert_eq(jaga_accounts_load(path, &a, err, sizeof(err)), -EINVAL);
    snprintf(expect, sizeof(expect), "%s:3: NUL byte", path);
    cr_assert_str_eq(err, expect);
}

Test(refcsv, unreadable_files)
{
    struct jaga_accounts a;
    struct jaga_watchlist w;
    char err[256], path[128], expect[256];

    snprintf(path, sizeof(path), "%s/missing.csv", tmpdir);
    cr_assert_eq(jaga_accounts_load(path, &a, err, sizeof(err)), -ENOENT);
    snprintf(expect, sizeof(expect), "%s: %s", path, strerror(ENOENT));
    cr_assert_str_eq(err, expect);
    cr_assert_eq(jaga_watchlist_load(path, &w, err, sizeof(err)), -ENOENT);
    cr_assert_str_eq(err, expect);
    cr_assert_eq(jaga_watchlist_load(tmpdir, &w, err, sizeof(err)), -EISDIR);
}

/* ---- watch list -------------------------------------------------------------------------- */

Test(refcsv, watchlist_good_file)
{
    char *path =
        write_tmp("entry_id,list,kind,account_id,name,aliases,birth_year,country,severity\n"
                  "W1,LE-FACILITATOR,account,PH001,,,,,3\n"
                  "W2,OFFENDER-REGISTRY,person,,Juan Cruz,\"J. Cruz|Johnny C||Cruz, J|\",1980,PH,\n"
                  "W3,EXITED-CUSTOMER,,PH009,,,,,1\n"
                  "W4,,,,\"Maria \"\"M\"\" Santos\",,,,\n"
                  "W5,LE-FACILITATOR,crypto,bc1qxyz,,,,SG,2\n");
    struct jaga_watchlist w = { 0 };
    char err[256] = "";

    cr_assert_eq(jaga_watchlist_load(path, &w, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(w.n, 5);
    cr_assert_str_eq(w.v[0].entry_id, "W1");
    cr_assert_str_eq(w.v[0].list, "LE-FACILITATOR");
    cr_assert_eq(w.v[0].kind, JAGA_WL_ACCOUNT);
    cr_assert_str_eq(w.v[0].account_id, "PH001");
    cr_assert_eq(w.v[0].account_h, h("PH001"));
    cr_assert_str_eq(w.v[0].name, "");
    cr_assert_eq(w.v[0].n_aliases, 0);
    cr_assert_eq(w.v[0].severity, 3);
    cr_assert_eq(w.v[0].line, 2);

    cr_assert_eq(w.v[1].kind, JAGA_WL_PERSON);
    cr_assert_str_eq(w.v[1].name, "Juan Cruz");
    cr_assert_eq(w.v[1].account_h, 0);
    cr_assert_eq(w.v[1].n_aliases, 3);
    cr_assert_str_eq(w.v[1].aliases[0], "J. Cruz");
    cr_assert_str_eq(w.v[1].aliases[1], "Johnny C");
    cr_assert_str_eq(w.v[1].aliases[2], "Cruz, J");
    cr_assert_eq(w.v[1].birth_year, 1980);
    cr_assert_eq(w.v[1].country, jaga_cc_code("PH", 2));
    cr_assert_eq(w.v[1].severity, 2, "empty severity defaults to 2");

    cr_assert_eq(w.v[2].kind, JAGA_WL_ACCOUNT, "empty kind with account_id -> account");
    cr_assert_eq(w.v[3].kind, JAGA_WL_PERSON, "empty kind without account_id -> person");
    cr_assert_str_eq(w.v[3].name, "Maria \"M\" Santos");
    cr_assert_str_eq(w.v[3].list, "");
    cr_assert_eq(w.v[4].kind, JAGA_WL_CRYPTO);
    cr_assert_eq(w.v[4].country, jaga_cc_code("SG", 2));
    cr_assert_eq(w.v[4].line, 6);
    jaga_watchlist_free(&w);
    cr_assert_null(w.v);
    jaga_watchlist_free(NULL);
    free(path);
}

Test(refcsv, watchlist_minimal_columns)
{
    char *path = write_tmp("name,entry_id\nAna,E1\n\nBen,E2\n");
    struct jaga_watchlist w = { 0 };
    char err[256] = "";

    cr_assert_eq(jaga_watchlist_load(path, &w, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(w.n, 2);
    cr_assert_eq(w.v[1].line, 4);
    cr_assert_str_eq(w.v[1].name, "Ben");
    cr_assert_eq(w.v[1].kind, JAGA_WL_PERSON);
    jaga_watchlist_free(&w);
    free(path);
}

ParameterizedTestParameters(refcsv, watchlist_bad)
{
    static struct ref_bad cases[] = {
        { "list,name\nL,Ana\n", "1: header lacks required column 'entry_id'" },
        { "entry_id,name\n,Ana\n", "2: empty entry_id" },
        { "entry_id,kind,account_id,name\nE1,account,,Ana\n", "2: account entry needs account_id" },
        { "entry_id,kind,account_id,name\nE1,crypto,,\n", "2: crypto entry needs account_id" },
        { "entry_id,kind,account_id,name\nE1,person,A1,\n", "2: person entry needs a name" },
        { "entry_id,name\nE1,\n", "2: person entry needs a name" },
        { "entry_id,kind,name\nE1,human,Ana\n", "2: unknown kind 'human'" },
        { "entry_id,name,severity\nE1,Ana,4\n", "2: bad severity '4'" },
        { "entry_id,name,severity\nE1,Ana,0\n", "2: bad severity '0'" },
        { "entry_id,name,severity\nE1,Ana,high\n", "2: bad severity 'high'" },
        { "entry_id,name,birth_year\nE1,Ana,80\n", "2: bad birth_year '80'" },
        { "entry_id,name,country\nE1,Ana,XX\n", "2: bad country 'XX'" },
        { "entry_id,name\nE1,Ana\nE2,Ben,extra\n", "3: wrong column count: 3 of 2" },
        { "entry_id,name,name\nE1,Ana,Ana\n", "1: header has duplicate column 'name'" },
        { "entry_id,name\nE1,\"Ana\xc3\"\n", "2: invalid UTF-8 in name" },
    };
    return cr_make_param_array(struct ref_bad, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct ref_bad *c, refcsv, watchlist_bad)
{
    char *path = write_tmp(c->data);
    struct jaga_watchlist w = { 0 };
    char err[256] = "", expect[512];

    cr_assert_eq(jaga_watchlist_load(path, &w, err, sizeof(err)), -EINVAL);
    snprintf(expect, sizeof(expect), "%s:%s", path, c->reason);
    cr_assert_str_eq(err, expect);
    cr_assert_null(w.v);
    free(path);
}

Test(refcsv, watchlist_long_name_refused)
{
    char *buf = malloc(2000), *path;
    struct jaga_watchlist w = { 0 };
    char err[256], expect[512];
    size_t n = (size_t)sprintf(buf, "entry_id,name\nE1,Ana\nE2,");

    memset(buf + n, 'n', 561);
    strcpy(buf + n + 561, "\n");
    path = write_tmp(buf);
    cr_assert_eq(jaga_watchlist_load(path, &w, err, sizeof(err)), -EINVAL);
    snprintf(expect, sizeof(expect), "%s:3: name too long (561 > 560)", path);
    cr_assert_str_eq(err, expect);
    free(path);
    free(buf);
}

Test(refcsv, mutated_files_never_crash)
{
    size_t n = 0;
    char *base = malloc(1 << 20), *buf = malloc(1 << 20), *path;
    uint64_t x = 99;
    static const char special[] = ",\"\n\r|\xff\xc3 0123MFU";

    n += (size_t)sprintf(base, "entry_id,list,kind,account_id,name,aliases,birth_year,country,"
                               "severity\n");
    for (int i = 0; i < 3000; i++)
        n += (size_t)sprintf(base + n, "E%d,L,%s,A%d,\"N, %d\",a|b,19%02d,PH,%d\n", i,
                             i % 3 == 0   ? "account"
                             : i % 3 == 1 ? "person"
                                          : "",
                             i, i, i % 100, 1 + i % 3);
    for (int round = 0; round < 200; round++) {
        struct jaga_watchlist w = { 0 };
        struct jaga_accounts a = { 0 };
        char err[256] = "";
        int ret;

        memcpy(buf, base, n + 1);
        for (int m = 0; m < 1 + round % 5; m++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buf[80 + x % (n - 80)] = special[(x >> 32) % (sizeof(special) - 1)];
        }
        path = write_tmp(buf);
        ret = jaga_watchlist_load(path, &w, err, sizeof(err));
        cr_assert(ret == 0 || ret == -EINVAL, "ret %d", ret);
        if (ret == 0) {
            cr_assert_gt(w.n, 2900);
            jaga_watchlist_free(&w);
        } else {
            cr_assert_eq(strncmp(err, path, strlen(path)), 0, "%s", err);
        }
        /* The same bytes as an accounts file: its kinds are not account kinds, so it is
         * refused unless a mutation happens to fix that; it must not crash either way. */
        ret = jaga_accounts_load(path, &a, err, sizeof(err));
        cr_assert(ret == 0 || ret == -EINVAL, "ret %d", ret);
        jaga_accounts_free(&a);
        remove(path);
        free(path);
    }
    free(base);
    free(buf);
}
