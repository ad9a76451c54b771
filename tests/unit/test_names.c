// SPDX-License-Identifier: Apache-2.0
/*
 * Fuzzy watch-list name matching (models/rules/names.c): one case per variant kind and per
 * rejection rule against a small list, the bounds a hostile party name can reach (long, empty,
 * invalid UTF-8, many tokens), the hand-built table tests/data/names/cases.tsv with its
 * measured true- and false-match rates, and a 20,000-name synthetic list.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "models/rules/names.h"

static uint16_t cc(const char *s)
{
    return s && *s ? jaga_cc_code(s, strlen(s)) : 0;
}

/* ---------------------------------------------------------------------------------------- */
/* A small list and one case per behaviour.                                                   */

struct person {
    const char *name;
    uint16_t by;
    const char *cc;
};

// clang-format off
static const struct person people[] = {
    { "Juan Carlos Dela Cruz", 1979, "PH" },      /* 0 */
    { "Ma. Cristina Reyes Santos", 1986, "PH" },  /* 1 */
    { "Soekarno Djojohadikoesoemo", 1970, "ID" }, /* 2 */
    { "Tjahjadi Wibowo", 1971, "ID" },            /* 3 */
    { "Nguyễn Văn Hùng", 1985, "VN" },            /* 4 */
    { "Muhammad Rizki Pratama", 1992, "ID" },     /* 5 */
    { "Soetrisno", 1960, "ID" },                  /* 6: a mononym */
    { "Rodrigo Bautista Jr.", 1981, "PH" },       /* 7 */
    { "Somchai Srisuk", 1978, "TH" },             /* 8 */
    { "Robert James Whitfield", 1958, "AU" },     /* 9 */
    { "Siti Nurhaliza Rahmawati", 1994, "ID" },   /* 10 */
    { "Carlos Niño Mendoza", 1993, "PH" },        /* 11 */
    { "Victoria Fernandez Villanueva", 0, "" },   /* 12: nothing to confirm with */
    { "Jusuf Chairul Hidajat", 1958, "ID" },      /* 13 */
};
// clang-format on
#define N_PEOPLE (sizeof(people) / sizeof(people[0]))

static struct jaga_names *nx;

static void small_setup(void)
{
    struct jaga_name_src v[N_PEOPLE];
    for (size_t i = 0; i < N_PEOPLE; i++)
        v[i] = (struct jaga_name_src){ people[i].name, strlen(people[i].name), people[i].by,
                                       cc(people[i].cc), (uint32_t)i };
    cr_assert_eq(jaga_names_build(v, N_PEOPLE, &nx), 0);
    cr_assert_eq(jaga_names_count(nx), N_PEOPLE);
}

static void small_teardown(void)
{
    jaga_names_destroy(nx);
    nx = NULL;
}

struct mcase {
    char query[64];
    uint16_t by;
    char cc[3];
    int entry; /* -1: no match */
    uint8_t how;
    uint8_t edits;
};

#define E JAGA_NAME_EXACT
#define R JAGA_NAME_REORDERED
#define P JAGA_NAME_PARTIAL
#define T JAGA_NAME_TRANSLIT
#define Y JAGA_NAME_TYPO

// clang-format off
static struct mcase mcases[] = {
    /* Exact: case, spacing, punctuation, diacritics, titles. */
    { "JUAN CARLOS DELA CRUZ", 0, "", 0, E, 0 },
    { "juan  carlos   dela-cruz", 0, "", 0, E, 0 },
    { "Juan Carlos Delacruz", 0, "", 0, E, 0 },          /* particle joining */
    { "Juan Carlos De La Cruz", 0, "", 0, E, 0 },
    { "Nguyen Van Hung", 0, "", 4, E, 0 },               /* diacritics */
    { "NGUYỄN VĂN HÙNG", 0, "", 4, E, 0 },
    { "Carlos Nino Mendoza", 0, "", 11, E, 0 },          /* Ñ/N */
    { "Mr. Somchai Srisuk", 0, "", 8, E, 0 },            /* title */
    /* Reordered. */
    { "Dela Cruz Juan Carlos", 0, "", 0, R, 0 },
    { "Hung Van Nguyen", 0, "", 4, R, 0 },
    { "Srisuk Somchai", 0, "", 8, R, 0 },
    { "Dela Cruz, Juan Carlos", 0, "", 0, E, 0 },        /* "Surname, Given" is not a reorder */
    /* Partial: middle names or initials missing on one side. */
    { "Juan Dela Cruz", 0, "", 0, P, 0 },
    { "Robert Whitfield", 0, "", 9, P, 0 },
    { "Robert J. Whitfield", 0, "", 9, P, 0 },
    { "Hung Nguyen", 0, "", 4, P, 0 },
    { "Cristina Santos", 0, "", 1, P, 0 },               /* Ma. dropped, Reyes dropped */
    { "Rizki Pratama", 0, "", 5, P, 0 },                 /* Muhammad dropped */
    { "M. Rizki Pratama", 0, "", 5, P, 0 },
    /* Transliteration. */
    { "Sukarno Djojohadikusumo", 0, "", 2, T, 0 },       /* oe -> u */
    { "Cahyadi Wibowo", 0, "", 3, T, 0 },                /* tj -> c, j -> y */
    { "Yusuf Khairul Hidayat", 0, "", 13, T, 0 },        /* j -> y, ch -> kh */
    { "Mohammad Rizki Pratama", 0, "", 5, T, 0 },
    { "Mohd Rizky Pratama", 0, "", 5, T, 0 },
    { "Maria Cristina Reyes Santos", 0, "", 1, T, 0 },   /* Ma. = Maria */
    { "Karlos Nino Mendoza", 0, "", 11, T, 0 },          /* c/k */
    { "Bictoria Pernandez Villanueba", 0, "", 12, T, 0 },/* v/b, f/p */
    { "Rodrigo Bautista", 0, "", 7, T, 0 },              /* suffix dropped */
    { "Somchay Srisook", 0, "", 8, T, 0 },
    { "Siti Nur Haliza Rahmawati", 0, "", 10, E, 0 },    /* split token, same letters */
    /* Typos: 1 edit for 4-7 letters, 2 for 8 and more, 2 in total. */
    { "Juan Carlso Dela Cruz", 0, "", 0, Y, 1 },
    { "Ngyuen Van Hung", 0, "", 4, Y, 1 },
    { "Robert James Whtifeld", 0, "", 9, Y, 2 },
    { "Robret James Whitfeld", 0, "", 9, Y, 2 },
    /* Rejections. */
    { "Juan Carlos Dela Cruz", 1990, "", -1, 0, 0 },     /* birth year off by more than 1 */
    { "Juan Carlos Dela Cruz", 1980, "", 0, E, 0 },      /* off by 1 is fine */
    { "Juan Carlos Dela Cruz", 0, "ID", -1, 0, 0 },      /* other country */
    { "Sutrisno", 0, "", -1, 0, 0 },                     /* mononym, nothing confirms */
    { "Sutrisno", 0, "ID", 6, T, 0 },                    /* mononym, country confirms */
    { "Sutrisno Wijaya", 0, "ID", -1, 0, 0 },            /* one shared name needs the year */
    { "Sutrisno Wijaya", 1960, "", 6, T, 0 },
    { "Sutrisna", 1960, "ID", -1, 0, 0 },                /* mononym needs 0 edits */
    { "Rizki", 0, "ID", -1, 0, 0 },                      /* against a longer name too */
    { "Rizki", 1992, "", 5, P, 0 },
    { "Robret Jaems Whtifeld", 0, "", -1, 0, 0 },        /* 3 edits */
    { "Juan Carlos Santos", 0, "", -1, 0, 0 },           /* a token of each side unmatched */
    { "Pedro Dela Cruz", 0, "", -1, 0, 0 },              /* shares the surname only */
    { "Juan Carlos", 0, "", -1, 0, 0 },                  /* surname missing */
    { "Nguyen Van Hong", 0, "", 4, Y, 1 },               /* typo-close ... */
    { "Nguyen Van Hong", 1975, "", -1, 0, 0 },           /* ... until the year contradicts */
    { "Nguyen Van Hai", 0, "", -1, 0, 0 },
    { "Rodrigo Bautista Sr.", 0, "", -1, 0, 0 },         /* Jr. is not Sr. */
    { "Robert K. Whitfield", 0, "", -1, 0, 0 },          /* initial contradicts James */
    { "Nguyen Van Hun", 0, "", -1, 0, 0 },               /* 3 letters: no typo allowed */
    { "Maria Cristina Reyes", 0, "", -1, 0, 0 },         /* surname Santos missing */
    { "Victoria Villanueva", 1950, "PH", 12, P, 0 },     /* the list knows nothing: no veto */
};
// clang-format on

ParameterizedTestParameters(names, cases)
{
    return cr_make_param_array(struct mcase, mcases, sizeof(mcases) / sizeof(mcases[0]));
}

ParameterizedTest(struct mcase *mc, names, cases, .init = small_setup, .fini = small_teardown)
{
    struct jaga_name_hit h;
    memset(&h, 0xee, sizeof(h));
    int r = jaga_names_match(nx, mc->query, strlen(mc->query), mc->by, cc(mc->cc), &h);
    if (mc->entry < 0) {
        cr_assert_eq(r, 0, "'%s' matched entry %u (%s, %u edits)", mc->query, h.entry,
                     jaga_name_how_str(h.how), h.edits);
        return;
    }
    cr_assert_eq(r, 1, "'%s' did not match", mc->query);
    cr_assert_eq(h.entry, (uint32_t)mc->entry, "'%s': entry %u, want %d", mc->query, h.entry,
                 mc->entry);
    cr_assert_eq(h.how, mc->how, "'%s': %s, want %s", mc->query, jaga_name_how_str(h.how),
                 jaga_name_how_str(mc->how));
    cr_assert_eq(h.edits, mc->edits, "'%s': %u edits, want %u", mc->query, h.edits, mc->edits);
}

Test(names, confirmation_bits, .init = small_setup, .fini = small_teardown)
{
    struct jaga_name_hit h;
    const char *q = "Tjahjadi Wibowo";
    cr_assert_eq(jaga_names_match(nx, q, strlen(q), 0, 0, &h), 1);
    cr_assert_eq(h.confirmed, 0);
    cr_assert_eq(jaga_names_match(nx, q, strlen(q), 1972, 0, &h), 1);
    cr_assert_eq(h.confirmed, 1);
    cr_assert_eq(jaga_names_match(nx, q, strlen(q), 1971, cc("ID"), &h), 1);
    cr_assert_eq(h.confirmed, 3);
    cr_assert_eq(h.tokens_matched, 2);
}

/* Name and aliases of one entry are separate sources; the best source answers. */
Test(names, aliases_share_an_entry)
{
    struct jaga_name_src v[] = {
        { "Gary Lee Thompson", 17, 1984, 0, 7 },
        { "Jack Thompson", 13, 1984, 0, 7 },
        { "Gary Lee Thomas", 15, 1950, 0, 8 },
    };
    struct jaga_names *x;
    cr_assert_eq(jaga_names_build(v, 3, &x), 0);
    struct jaga_name_hit h;
    cr_assert_eq(jaga_names_match(x, "Thompson Jack", 13, 0, 0, &h), 1);
    cr_assert_eq(h.entry, 7);
    cr_assert_eq(h.how, JAGA_NAME_REORDERED);
    /* A misspelt Thompson is one edit from entry 7 and three from Thomas (entry 8). */
    cr_assert_eq(jaga_names_match(x, "Gary Lee Thompsen", 17, 0, 0, &h), 1);
    cr_assert_eq(h.entry, 7);
    cr_assert_eq(h.edits, 1);
    jaga_names_destroy(x);
}

/* Two entries with the same name: the lower entry index wins, whatever the source order. */
Test(names, ties_go_to_the_lowest_entry)
{
    struct jaga_name_src v[] = {
        { "Maria Santos", 12, 0, 0, 9 },
        { "Maria Santos", 12, 0, 0, 4 },
        { "Maria Santos", 12, 0, 0, 6 },
    };
    struct jaga_names *x;
    cr_assert_eq(jaga_names_build(v, 3, &x), 0);
    struct jaga_name_hit h;
    cr_assert_eq(jaga_names_match(x, "MARIA SANTOS", 12, 0, 0, &h), 1);
    cr_assert_eq(h.entry, 4);
    jaga_names_destroy(x);
}

/* More equally good candidates than the verification cap, and more sources sharing the rarest
 * query token than the candidate table holds: still a hit, and the same one every time. */
Test(names, candidate_caps_are_deterministic)
{
    enum { N = 6000 };
    static struct jaga_name_src v[N];
    for (int i = 0; i < N; i++)
        v[i] = (struct jaga_name_src){ i % 2 ? "Maria Santos" : "Maria Cristina Santos",
                                       i % 2 ? 12 : 21, 0, 0, (uint32_t)(N - i) };
    struct jaga_names *x;
    cr_assert_eq(jaga_names_build(v, N, &x), 0);
    struct jaga_name_hit h1, h2;
    cr_assert_eq(jaga_names_match(x, "Maria Santos", 12, 0, 0, &h1), 1);
    cr_assert_eq(h1.how, JAGA_NAME_EXACT);
    cr_assert_eq(jaga_names_match(x, "Maria Santos", 12, 0, 0, &h2), 1);
    cr_assert_eq(memcmp(&h1, &h2, sizeof(h1)), 0);
    cr_assert_eq(jaga_names_match(x, "Ma. Santos", 10, 1980, 0, &h2), 1);
    cr_assert_eq(jaga_names_match(x, "Santos", 6, 1980, 0, &h2), 0, "mononym, nothing known");
    jaga_names_destroy(x);
}

/* ---------------------------------------------------------------------------------------- */
/* Bounds.                                                                                    */

Test(names, bad_arguments)
{
    struct jaga_names *x = (struct jaga_names *)0x1;
    struct jaga_name_src v = { NULL, 3, 0, 0, 0 };
    cr_assert_eq(jaga_names_build(NULL, 1, &x), -EINVAL);
    cr_assert_eq(jaga_names_build(&v, 1, &x), -EINVAL);
    cr_assert_eq(jaga_names_build(&v, 0, NULL), -EINVAL);
    cr_assert_eq(x, (struct jaga_names *)0x1, "*out untouched on failure");
    cr_assert_eq(jaga_names_build(NULL, 0, &x), 0);
    struct jaga_name_hit h;
    cr_assert_eq(jaga_names_match(x, "Juan", 4, 1990, 0, &h), 0);
    cr_assert_eq(jaga_names_match(NULL, "Juan", 4, 1990, 0, &h), 0);
    cr_assert_eq(jaga_names_match(x, NULL, 0, 0, 0, &h), 0);
    cr_assert_eq(jaga_names_match(x, "Juan", 4, 0, 0, NULL), 0);
    jaga_names_destroy(x);
    jaga_names_destroy(NULL);
    cr_assert_str_eq(jaga_name_how_str(JAGA_NAME_TRANSLIT), "transliteration");
    cr_assert_str_eq(jaga_name_how_str(0), "?");
}

Test(names, empty_and_letterless_names, .init = small_setup, .fini = small_teardown)
{
    static const char *const q[] = { "", " ", "...", "-,-", "1234 5678", "Mr.", "\t\n" };
    struct jaga_name_hit h;
    for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++)
        cr_assert_eq(jaga_names_match(nx, q[i], strlen(q[i]), 1979, cc("PH"), &h), 0, "'%s'", q[i]);
    /* Letterless sources are skipped, not indexed. */
    struct jaga_name_src v[] = { { "", 0, 0, 0, 0 },
                                 { "!!", 2, 0, 0, 1 },
                                 { "Ana Cruz", 8, 0, 0, 2 } };
    struct jaga_names *x;
    cr_assert_eq(jaga_names_build(v, 3, &x), 0);
    cr_assert_eq(jaga_names_count(x), 1);
    jaga_names_destroy(x);
}

Test(names, invalid_utf8, .init = small_setup, .fini = small_teardown)
{
    static const char *const q[] = {
        "\xff\xfe\xfd",
        "Juan\xc3 Carlos Dela Cruz", /* truncated sequence acts as a space */
        "\xed\xa0\x80 surrogate",
        "Nguy\xe1\xbb", /* cut in the middle of ễ */
        "\xc0\xaf\xc0\xaf overlong",
        "\xf4\x90\x80\x80 beyond U+10FFFF",
    };
    struct jaga_name_hit h;
    for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++)
        (void)jaga_names_match(nx, q[i], strlen(q[i]), 0, 0, &h);
    cr_assert_eq(jaga_names_match(nx, q[1], strlen(q[1]), 0, 0, &h), 1);
    cr_assert_eq(h.entry, 0);
    /* Random bytes must not crash either. */
    unsigned s = 12345;
    char buf[JAGA_NAME_MAX_BYTES];
    for (int k = 0; k < 2000; k++) {
        size_t n = (size_t)(k % JAGA_NAME_MAX_BYTES);
        for (size_t i = 0; i < n; i++) {
            s = s * 1103515245u + 12345u;
            buf[i] = (char)(s >> 16);
        }
        (void)jaga_names_match(nx, buf, n, (uint16_t)(k & 1 ? 1979 : 0), 0, &h);
    }
}

Test(names, long_names, .init = small_setup, .fini = small_teardown)
{
    struct jaga_name_hit h;
    char buf[2 * JAGA_NAME_MAX_BYTES + 1];
    /* 560 bytes of one word, of many words, of multibyte letters, and longer than 560. */
    memset(buf, 'a', sizeof(buf));
    cr_assert_eq(jaga_names_match(nx, buf, JAGA_NAME_MAX_BYTES, 0, 0, &h), 0);
    cr_assert_eq(jaga_names_match(nx, buf, sizeof(buf), 1979, 0, &h), 0);
    for (size_t i = 0; i + 1 < sizeof(buf); i += 2)
        buf[i] = 'b', buf[i + 1] = ' ';
    cr_assert_eq(jaga_names_match(nx, buf, JAGA_NAME_MAX_BYTES, 0, 0, &h), 0);
    size_t o = 0;
    while (o + 3 <= JAGA_NAME_MAX_BYTES) {
        memcpy(buf + o, "\xe1\xbb\x85", 3); /* ễ */
        o += 3;
    }
    cr_assert_eq(jaga_names_match(nx, buf, o, 0, 0, &h), 0);
    /* The listed name repeated to 560 bytes: many tokens, each matching several others, so the
     * alignment search hits its node cap. It must return, whatever it decides. */
    o = 0;
    const char *rep = "Juan Carlos Dela Cruz ";
    while (o + strlen(rep) <= JAGA_NAME_MAX_BYTES) {
        memcpy(buf + o, rep, strlen(rep));
        o += strlen(rep);
    }
    (void)jaga_names_match(nx, buf, o, 0, 0, &h);
    /* A real name after 540 bytes of titles and initials is cut off at 560 bytes. */
    o = 0;
    while (o + 3 <= 540) {
        memcpy(buf + o, "A. ", 3);
        o += 3;
    }
    memcpy(buf + o, "Tjahjadi Wibowo", 15);
    cr_assert_eq(jaga_names_match(nx, buf, o + 15, 0, 0, &h), 0);
    /* Building from such names works too. */
    struct jaga_name_src v[] = { { buf, o + 15, 0, 0, 0 }, { buf, sizeof(buf), 1990, 0, 1 } };
    memset(buf, 'z', sizeof(buf));
    struct jaga_names *x;
    cr_assert_eq(jaga_names_build(v, 2, &x), 0);
    jaga_names_destroy(x);
}

/* ---------------------------------------------------------------------------------------- */
/* The hand-built table.                                                                      */

#define MAX_ROWS   1024
#define MAX_PEOPLE 256

struct row {
    char *f[8]; /* list_name, list_by, list_cc, query, query_by, query_cc, expect, kind */
    int person;
};

struct kind_stat {
    char kind[80];
    int n, ok;
};

static char *load_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    cr_assert_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = 0;
    fclose(f);
    return b;
}

static void stat_add(struct kind_stat *ks, int *nks, const char *kind, int ok)
{
    int i = 0;
    while (i < *nks && strcmp(ks[i].kind, kind))
        i++;
    if (i == *nks) {
        snprintf(ks[i].kind, sizeof(ks[i].kind), "%s", kind);
        ks[i].n = ks[i].ok = 0;
        (*nks)++;
    }
    ks[i].n++;
    ks[i].ok += ok;
}

Test(names, table)
{
    const char *src = getenv("JAGA_SRC");
    cr_assert_not_null(src, "JAGA_SRC not set");
    char path[4096];
    snprintf(path, sizeof(path), "%s/tests/data/names/cases.tsv", src);
    char *text = load_file(path);

    static struct row rows[MAX_ROWS];
    int nrows = 0;
    char *save = NULL;
    char *line = strtok_r(text, "\n", &save);
    cr_assert_not_null(line);
    cr_assert(strncmp(line, "list_name\t", 10) == 0, "header");
    while ((line = strtok_r(NULL, "\n", &save))) {
        cr_assert_lt(nrows, MAX_ROWS);
        struct row *r = &rows[nrows++];
        char *p = line;
        for (int k = 0; k < 8; k++) {
            r->f[k] = p;
            char *t = strchr(p, '\t');
            cr_assert(k == 7 || t, "row %d: %d fields", nrows, k + 1);
            if (t)
                *t = 0, p = t + 1;
        }
    }

    /* Listed people: each distinct (list_name, birth year, country) is one entry, and its
     * name and '|'-separated aliases are sources. All go into one index. */
    static struct jaga_name_src srcs[MAX_PEOPLE * 4];
    static int first_row[MAX_PEOPLE];
    int npeople = 0, nsrc = 0;
    for (int i = 0; i < nrows; i++) {
        struct row *r = &rows[i];
        int p = 0;
        for (; p < npeople; p++) {
            struct row *o = &rows[first_row[p]];
            if (!strcmp(o->f[0], r->f[0]) && !strcmp(o->f[1], r->f[1]) && !strcmp(o->f[2], r->f[2]))
                break;
        }
        r->person = p;
        if (p < npeople)
            continue;
        cr_assert_lt(npeople, MAX_PEOPLE);
        first_row[npeople++] = i;
        const char *s = r->f[0];
        while (*s) {
            const char *e = strchr(s, '|');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            srcs[nsrc++] =
                (struct jaga_name_src){ s, n, (uint16_t)atoi(r->f[1]), cc(r->f[2]), (uint32_t)p };
            s += n + (e ? 1 : 0);
        }
    }
    struct jaga_names *x;
    cr_assert_eq(jaga_names_build(srcs, (size_t)nsrc, &x), 0);

    static struct kind_stat ks[128];
    int nks = 0, tp = 0, np = 0, fp = 0, nn = 0;
    for (int i = 0; i < nrows; i++) {
        struct row *r = &rows[i];
        struct jaga_name_hit h;
        int got =
            jaga_names_match(x, r->f[3], strlen(r->f[3]), (uint16_t)atoi(r->f[4]), cc(r->f[5]), &h);
        bool want = !strcmp(r->f[6], "match");
        cr_assert(want || !strcmp(r->f[6], "nomatch"), "row %d: expect '%s'", i + 2, r->f[6]);
        bool ok;
        if (want) {
            ok = got && h.entry == (uint32_t)r->person;
            np++;
            tp += ok;
        } else {
            ok = !got;
            nn++;
            fp += !ok;
        }
        char kind[80];
        snprintf(kind, sizeof(kind), "%s %s", want ? "match  " : "nomatch", r->f[7]);
        stat_add(ks, &nks, kind, ok);
        if (!ok)
            fprintf(stderr, "names table: MISS line %d: '%s' vs '%s' (%s) -> %s\n", i + 2, r->f[3],
                    r->f[0], r->f[7], got ? jaga_name_how_str(h.how) : "no match");
    }
    double tmr = (double)tp / np, fmr = (double)fp / nn;
    fprintf(stderr,
            "names table: %d listed people, %d sources; true match %d/%d = %.3f, false "
            "match %d/%d = %.3f\n",
            npeople, nsrc, tp, np, tmr, fp, nn, fmr);
    for (int k = 0; k < nks; k++)
        fprintf(stderr, "names table:   %-28s %3d/%3d\n", ks[k].kind, ks[k].ok, ks[k].n);
    cr_assert_geq(np, 150);
    cr_assert_geq(nn, 150);
    cr_expect_geq(tmr, 0.95, "true-match rate %.3f", tmr);
    cr_expect_leq(fmr, 0.02, "false-match rate %.3f", fmr);
    jaga_names_destroy(x);
    free(text);
}

/* ---------------------------------------------------------------------------------------- */
/* A large synthetic list.                                                                    */

// clang-format off
static const char *const given[] = {
    "Maria", "Juan", "Jose", "Ma.", "Cristina", "Rodrigo", "Ana", "Mark", "John", "Paul",
    "Muhammad", "Siti", "Agus", "Budi", "Dewi", "Sri", "Joko", "Nur", "Ahmad", "Rizki",
    "Somchai", "Somsak", "Nattapong", "Kittisak", "Pornthip", "Wichai", "Supachai", "Malee",
    "Văn", "Thị", "Minh", "Hùng", "Anh", "Lan", "Tuấn", "Hà", "Thanh", "Quang",
    "Michael", "David", "Robert", "Catherine", "Stephen", "William", "Peter", "Gary",
};
static const char *const family[] = {
    "Santos", "Reyes", "Cruz", "Dela Cruz", "Bautista", "Garcia", "Mendoza", "Villanueva",
    "Gonzales", "Ocampo", "Aquino", "Delos Santos", "Manalo", "Castillo", "Ramos", "Flores",
    "Susanto", "Wibowo", "Hidayat", "Pratama", "Setiawan", "Nugroho", "Saputra", "Wijaya",
    "Kurniawan", "Siregar", "Lestari", "Rahmawati", "Srisuk", "Saetang", "Wongsawat",
    "Boonmee", "Rattanakul", "Kaewmanee", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh",
    "Võ", "Đặng", "Bùi", "Đỗ", "Smith", "Campbell", "Mitchell", "Schneider", "Thompson",
    "McDonald", "O'Brien", "Whitfield",
};
// clang-format on
#define N_GIVEN  (sizeof(given) / sizeof(given[0]))
#define N_FAMILY (sizeof(family) / sizeof(family[0]))

static unsigned rnd(unsigned *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* A name of 2-4 tokens; some get an invented syllable so that not every name is common. */
static void synth_name(unsigned *s, char *out, size_t cap)
{
    static const char *const syl[] = { "ka", "ri", "to", "na", "me", "so", "lu", "pe",
                                       "da", "wi", "ng", "ra", "ti", "bo", "ya", "hu" };
    size_t o = 0;
    unsigned ng = 1 + rnd(s) % 3;
    for (unsigned i = 0; i < ng; i++) {
        if (rnd(s) % 4 == 0) {
            unsigned k = 2 + rnd(s) % 3;
            for (unsigned j = 0; j < k; j++)
                o += (size_t)snprintf(out + o, cap - o, "%s", syl[rnd(s) % 16]);
            o += (size_t)snprintf(out + o, cap - o, " ");
        } else {
            o += (size_t)snprintf(out + o, cap - o, "%s ", given[rnd(s) % N_GIVEN]);
        }
    }
    snprintf(out + o, cap - o, "%s", family[rnd(s) % N_FAMILY]);
}

Test(names, synthetic_20k, .timeout = 120)
{
    enum { N = 20000 };
    static char names[N][96];
    static struct jaga_name_src v[N];
    unsigned s = 2024;
    for (int i = 0; i < N; i++) {
        synth_name(&s, names[i], sizeof(names[i]));
        v[i] = (struct jaga_name_src){ names[i], strlen(names[i]),
                                       (uint16_t)(rnd(&s) % 3 ? 1950 + rnd(&s) % 55 : 0),
                                       (uint16_t)(rnd(&s) % 2 ? cc("PH") : cc("ID")), (uint32_t)i };
    }
    struct jaga_names *x;
    cr_assert_eq(jaga_names_build(v, N, &x), 0);
    cr_assert_eq(jaga_names_count(x), N);

    /* Every listed name finds itself (or an identical earlier one) with 0 edits when asked
     * with its own birth year and country; a one-letter typo in a long token still matches. */
    int found = 0, typo_found = 0, typo_tried = 0;
    for (int i = 0; i < N; i += 7) {
        struct jaga_name_hit h;
        if (jaga_names_match(x, names[i], strlen(names[i]), v[i].birth_year, v[i].country, &h)) {
            found++;
            cr_assert_eq(h.edits, 0, "'%s'", names[i]);
            cr_assert_leq(h.entry, (uint32_t)i);
        }
        char q[96];
        strcpy(q, names[i]);
        size_t n = strlen(q);
        /* Swap two ASCII letters of the family name (a byte swap inside UTF-8 is no typo). */
        if (n > 12 && isalpha((unsigned char)q[n - 3]) && isalpha((unsigned char)q[n - 4]) &&
            isalpha((unsigned char)q[n - 5]) && isalpha((unsigned char)q[n - 2])) {
            char t = q[n - 3];
            q[n - 3] = q[n - 4];
            q[n - 4] = t;
            typo_tried++;
            typo_found += jaga_names_match(x, q, n, v[i].birth_year, v[i].country, &h);
        }
    }
    fprintf(stderr, "names synthetic: %d/%d self-matches, %d/%d swapped-letter matches\n", found,
            (N + 6) / 7, typo_found, typo_tried);
    /* The candidate caps must not cost a listed name its own match, common names included. */
    cr_assert_eq(found, (N + 6) / 7);
    cr_assert_geq(typo_found, typo_tried * 9 / 10);

    /* Random other names, common and rare: exercise the candidate caps. */
    for (int k = 0; k < 3000; k++) {
        char q[96];
        synth_name(&s, q, sizeof(q));
        struct jaga_name_hit h;
        (void)jaga_names_match(x, q, strlen(q), (uint16_t)(k % 3 ? 0 : 1980), 0, &h);
    }
    jaga_names_destroy(x);
}
