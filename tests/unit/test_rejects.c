// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests for io/rejects.c: the TSV line format, escaping of every special byte class,
 * truncation of raw records to 1 KiB, count-only mode and error reporting.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/rejects.h"

static char tmpdir[64];

static void setup(void)
{
    strcpy(tmpdir, "/tmp/jaga_rej_XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

TestSuite(rejects, .init = setup, .fini = teardown);

Test(rejects, line_format_and_escaping)
{
    char path[128];
    struct jaga_rejects *r;
    /* backslash, tab, CR, LF, 0x01, DEL, valid 2/3/4-byte UTF-8, stray continuation byte,
     * overlong encoding, surrogate, truncated sequence at the end */
    static const char raw[] = "a\\b\tc\rd\ne\x01"
                              "f\x7f"
                              "g\xc3\xa9h\xe2\x82\xac"
                              "i\xf0\x9f\x98\x80"
                              "j\x80k\xc0\xafl\xed\xa0\x80m\xe2\x82";
    char *got;

    snprintf(path, sizeof(path), "%s/rej.tsv", tmpdir);
    cr_assert_eq(jaga_rejects_open(path, &r), 0);
    jaga_rejects_add(r, "in.csv", 7, 1234, "bad amount", raw, sizeof(raw) - 1);
    jaga_rejects_add(r, "my\tfile", 1, 0, "unknown currency 'X\tY'", "", 0);
    cr_assert_eq(jaga_rejects_count(r), 2);
    cr_assert_eq(jaga_rejects_close(r), 0);

    got = slurp(path, NULL);
    cr_assert_str_eq(got, "in.csv\t7\t1234\tbad amount\t"
                          "a\\\\b\\tc\\rd\\ne\\x01f\\x7fg\xc3\xa9h\xe2\x82\xaci\xf0\x9f\x98\x80"
                          "j\\x80k\\xc0\\xafl\\xed\\xa0\\x80m\\xe2\\x82\n"
                          "my\\tfile\t1\t0\tunknown currency 'X\\tY'\t\n");
    free(got);
}

Test(rejects, raw_truncated_to_1k)
{
    char path[128], raw[3000];
    struct jaga_rejects *r;
    size_t len;
    char *got, *last_tab;

    memset(raw, 'x', sizeof(raw));
    snprintf(path, sizeof(path), "%s/rej.tsv", tmpdir);
    cr_assert_eq(jaga_rejects_open(path, &r), 0);
    jaga_rejects_add(r, "s", 1, 2, "record too long", raw, sizeof(raw));
    cr_assert_eq(jaga_rejects_close(r), 0);
    got = slurp(path, &len);
    last_tab = strrchr(got, '\t');
    cr_assert_not_null(last_tab);
    cr_assert_eq(strlen(last_tab + 1), JAGA_REJECT_RAW_MAX + 1); /* + newline */
    cr_assert_eq(got[len - 1], '\n');
    free(got);
}

Test(rejects, truncation_counts_bytes_before_escaping)
{
    char path[128], raw[1100];
    struct jaga_rejects *r;
    char *got, *last_tab;

    memset(raw, '\t', sizeof(raw));
    snprintf(path, sizeof(path), "%s/rej.tsv", tmpdir);
    cr_assert_eq(jaga_rejects_open(path, &r), 0);
    jaga_rejects_add(r, "s", 1, 2, "x", raw, sizeof(raw));
    cr_assert_eq(jaga_rejects_close(r), 0);
    got = slurp(path, NULL);
    last_tab = strrchr(got, '\t');
    /* 1024 tabs, each written as two bytes, then the newline */
    cr_assert_eq(strlen(last_tab + 1), 2 * JAGA_REJECT_RAW_MAX + 1);
    free(got);
}

Test(rejects, count_only_and_null)
{
    struct jaga_rejects *r;

    cr_assert_eq(jaga_rejects_open(NULL, &r), 0);
    for (int i = 0; i < 1000; i++)
        jaga_rejects_add(r, "s", (uint64_t)i, 0, "x", "abc", 3);
    cr_assert_eq(jaga_rejects_count(r), 1000);
    cr_assert_eq(jaga_rejects_close(r), 0);
    cr_assert_eq(jaga_rejects_close(NULL), 0);
    cr_assert_eq(jaga_rejects_count(NULL), 0);
    jaga_rejects_add(NULL, "s", 1, 0, "x", "a", 1); /* no crash */
}

Test(rejects, open_errors)
{
    struct jaga_rejects *r = (struct jaga_rejects *)0x1;
    char path[128];

    snprintf(path, sizeof(path), "%s/no/such/dir/rej.tsv", tmpdir);
    cr_assert_eq(jaga_rejects_open(path, &r), -ENOENT);
    cr_assert_eq(r, (struct jaga_rejects *)0x1, "out untouched on failure");
    cr_assert_eq(jaga_rejects_open(tmpdir, &r), -EISDIR);
}

Test(rejects, write_error_reported_at_close)
{
    struct jaga_rejects *r;
    char raw[1024];

    if (access("/dev/full", W_OK) != 0)
        cr_skip_test("no /dev/full");
    memset(raw, 'a', sizeof(raw));
    cr_assert_eq(jaga_rejects_open("/dev/full", &r), 0);
    for (int i = 0; i < 1000; i++)
        jaga_rejects_add(r, "s", 1, 0, "x", raw, sizeof(raw));
    cr_assert_eq(jaga_rejects_count(r), 1000);
    cr_assert_eq(jaga_rejects_close(r), -ENOSPC);
}
