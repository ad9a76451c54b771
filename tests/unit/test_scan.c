// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests for models/rules/scan.c: lexicon categories, field boundaries in the concatenated
 * buffer, UTF-8 patterns, whole-field watch-list names, error messages, and batched vs
 * per-record equivalence. Batches are built by hand in the arena; no CSV parsing involved.
 * Memos are scanned as skeletons (models/rules/skel.h; tests/unit/test_skel.c covers the fold),
 * so the test lexicon is written for them: "schol", not "school".
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/batch.h"
#include "core/mem.h"
#include "core/refdata.h"
#include "models/rules/scan.h"

enum {
    CAT_COVER = 0,  /* school fees, gift */
    CAT_AGE = 1,    /* age expressions, several languages */
    CAT_GAP = 2,    /* video ... new */
    CAT_WCARD = 3,  /* gift\W+card: can span a separator, goes to the per-memo database */
    CAT_NOB = 4,    /* \d{1,2}\s*(yo|tahun) without \b */
    CAT_ANCHOR = 5, /* ^hadiah$: whole memo */
    CAT_HIGH = 31,
};

/* clang-format off */
static const struct jaga_lex_pattern k_lex[] = {
    { "\\bschol\\s*fes?\\b", CAT_COVER, "lex/cover.txt", 3, false },
    { "\\bgift\\b", CAT_COVER, "lex/cover.txt", 4, false },
    { "\\b([1-9]|1[0-7])\\s?(yo|y/o|yrs?|years?\\s?old)\\b", CAT_AGE, "lex/age.txt", 1, false },
    { "\\b([1-9]|1[0-7])\\s?(th|thn|tahun)\\b", CAT_AGE, "lex/age.txt", 2, false },
    { "\\d{1,2}\\s?ขวบ", CAT_AGE, "lex/age_th.txt", 1, false },
    { "\\b\\d{1,2}\\s?tuoi\\b", CAT_AGE, "lex/age_vi.txt", 1, false },
    { "\\bvideo\\b.{0,20}\\b(baru|new)\\b", CAT_GAP, "lex/gap.txt", 1, false },
    { "\\bgift\\W+card\\b", CAT_WCARD, "lex/wcard.txt", 1, false },
    { "\\d{1,2}\\s*(yo|tahun)", CAT_NOB, "lex/nob.txt", 1, false },
    { "^hadiah$", CAT_ANCHOR, "lex/anchor.txt", 1, false },
    { "\\bzqx\\b", CAT_HIGH, "lex/high.txt", 1, false },
};
/* clang-format on */

static char *k_al0[] = { "Johnny Smyth" };
static char *k_al2[] = { "Should Not Match" };
static char *k_al5[] = { "Ali Baba", "   " };
static char *k_al6[] = { "Budi Santoso" };

static struct jaga_watch_entry k_wl_v[] = {
    { .entry_id = "WL-0",
      .name = "John Smith",
      .aliases = k_al0,
      .n_aliases = 1,
      .kind = JAGA_WL_PERSON },
    { .entry_id = "WL-1", .name = "Nguyễn Văn An", .kind = JAGA_WL_PERSON },
    { .entry_id = "WL-2", .name = "", .aliases = k_al2, .n_aliases = 1, .kind = JAGA_WL_ACCOUNT },
    { .entry_id = "WL-3", .name = "john  SMITH", .kind = JAGA_WL_PERSON },
    { .entry_id = "WL-4", .name = "O'Brien-Lee (Jr.)", .kind = JAGA_WL_PERSON },
    { .entry_id = "WL-5", .name = "", .aliases = k_al5, .n_aliases = 2, .kind = JAGA_WL_PERSON },
    { .entry_id = "WL-6",
      .name = "PT Maju Jaya",
      .aliases = k_al6,
      .n_aliases = 1,
      .kind = JAGA_WL_ACCOUNT },
    { .entry_id = "WL-7",
      .name = "Maria Fernanda Gonzalez Rodriguez de la Cruz",
      .kind = JAGA_WL_PERSON },
};

static const struct jaga_lexicon k_lexicon = { k_lex, sizeof(k_lex) / sizeof(k_lex[0]) };
static const struct jaga_watchlist k_wl = { k_wl_v, sizeof(k_wl_v) / sizeof(k_wl_v[0]) };

static struct jaga_batch *g_b;
static struct jaga_scan_db *g_db;
static struct jaga_scanner *g_s;

static void setup(void)
{
    char err[256] = "";
    g_b = jaga_aligned_alloc(64, sizeof(*g_b));
    cr_assert_not_null(g_b);
    memset(g_b, 0, sizeof(*g_b));
    int rc = jaga_scan_db_build(&k_lexicon, &k_wl, &g_db, err, sizeof(err));
    cr_assert_eq(rc, 0, "build: %d %s", rc, err);
    cr_assert_eq(jaga_scanner_create(g_db, &g_s), 0);
}

static void teardown(void)
{
    jaga_scanner_destroy(g_s);
    jaga_scan_db_destroy(g_db);
    jaga_free(g_b);
    g_s = NULL;
    g_db = NULL;
    g_b = NULL;
}

static struct jaga_sref put(struct jaga_batch *b, const char *s, size_t len)
{
    struct jaga_sref r = { b->arena_used, (uint32_t)len };
    cr_assert_leq(b->arena_used + len, JAGA_ARENA_SIZE);
    memcpy(b->arena + b->arena_used, s, len);
    b->arena_used += (uint32_t)len;
    return r;
}

static struct jaga_sref put_str(struct jaga_batch *b, const char *s)
{
    return s ? put(b, s, strlen(s)) : (struct jaga_sref){ 0, 0 };
}

static uint32_t add(struct jaga_batch *b, const char *memo, const char *debtor,
                    const char *creditor)
{
    uint32_t i = b->n++;
    cr_assert_leq(b->n, JAGA_BATCH_MAX);
    b->memo[i] = put_str(b, memo);
    b->debtor_name[i] = put_str(b, debtor);
    b->creditor_name[i] = put_str(b, creditor);
    return i;
}

static void reset(struct jaga_batch *b)
{
    b->n = 0;
    b->arena_used = 0;
    /* Garbage in the outputs: the scanner must clear them. */
    memset(b->memo_hits, 0xa5, sizeof(b->memo_hits));
    memset(b->debtor_wl_name, 0x5a, sizeof(b->debtor_wl_name));
    memset(b->creditor_wl_name, 0x5a, sizeof(b->creditor_wl_name));
}

struct out {
    uint32_t hits[JAGA_BATCH_MAX];
    int32_t dn[JAGA_BATCH_MAX];
    int32_t cn[JAGA_BATCH_MAX];
};

static void save(const struct jaga_batch *b, struct out *o)
{
    memcpy(o->hits, b->memo_hits, sizeof(o->hits));
    memcpy(o->dn, b->debtor_wl_name, sizeof(o->dn));
    memcpy(o->cn, b->creditor_wl_name, sizeof(o->cn));
}

/* Runs both modes, checks they agree, and leaves the batched result in b. */
static void run_both(struct jaga_scanner *s, struct jaga_batch *b)
{
    static struct out per;
    jaga_scanner_run_per_record(s, b);
    save(b, &per);
    jaga_scanner_run(s, b);
    for (uint32_t i = 0; i < b->n; i++) {
        cr_assert_eq(b->memo_hits[i], per.hits[i], "record %u: memo_hits %#x vs %#x", i,
                     b->memo_hits[i], per.hits[i]);
        cr_assert_eq(b->debtor_wl_name[i], per.dn[i], "record %u debtor", i);
        cr_assert_eq(b->creditor_wl_name[i], per.cn[i], "record %u creditor", i);
    }
}

static uint32_t memo_hits_of(const char *memo)
{
    reset(g_b);
    add(g_b, memo, NULL, NULL);
    run_both(g_s, g_b);
    return g_b->memo_hits[0];
}

static int32_t debtor_of(const char *name)
{
    reset(g_b);
    add(g_b, NULL, name, NULL);
    run_both(g_s, g_b);
    cr_assert_eq(g_b->creditor_wl_name[0], -1);
    cr_assert_eq(g_b->memo_hits[0], 0);
    return g_b->debtor_wl_name[0];
}

#define BIT(c) (1u << (c))

TestSuite(scan, .init = setup, .fini = teardown);

Test(scan, memo_category_hit_and_no_false_hit)
{
    cr_expect_eq(memo_hits_of("pembayaran school fees term 2"), BIT(CAT_COVER));
    cr_expect_eq(memo_hits_of("schoolfee"), BIT(CAT_COVER));
    cr_expect_eq(memo_hits_of("a gift"), BIT(CAT_COVER));
    cr_expect_eq(memo_hits_of("zzqx"), BIT(CAT_HIGH));
    cr_expect_eq(memo_hits_of("girl 12yo"), BIT(CAT_AGE) | BIT(CAT_NOB));
    cr_expect_eq(memo_hits_of("anak 9 tahun"), BIT(CAT_AGE) | BIT(CAT_NOB));
    cr_expect_eq(memo_hits_of("video 2 new"), BIT(CAT_GAP));
    cr_expect_eq(memo_hits_of("video clip for the new office"), BIT(CAT_GAP));

    cr_expect_eq(memo_hits_of("schools feed"), 0);
    cr_expect_eq(memo_hits_of("gifted students"), 0);
    cr_expect_eq(memo_hits_of("invoice 2024 rent"), 0);
    cr_expect_eq(memo_hits_of("18 years old"), 0);
    cr_expect_eq(memo_hits_of("video of an event that happened last new"), 0);
    cr_expect_eq(memo_hits_of(""), 0);
}

Test(scan, case_insensitive)
{
    cr_expect_eq(memo_hits_of("SCHOOL FEES"), BIT(CAT_COVER));
    cr_expect_eq(memo_hits_of("GiFt"), BIT(CAT_COVER));
    cr_expect_eq(memo_hits_of("12 YEARS OLD"), BIT(CAT_AGE));
    cr_expect_eq(memo_hits_of("Video BARU"), BIT(CAT_GAP));
}

Test(scan, no_bridge_between_records)
{
    reset(g_b);
    add(g_b, "pay 12", NULL, NULL);        /* "12" ends memo 0 ... */
    add(g_b, "tahun baru", NULL, NULL);    /* ... "tahun" starts memo 1 */
    add(g_b, "see the video", NULL, NULL); /* gap pattern: "video" here ... */
    add(g_b, "new year", NULL, NULL);      /* ... "new" in the next memo */
    add(g_b, "ok", "Budi 7", NULL);        /* age in a name ... */
    add(g_b, "tahun ini", NULL, "Ani");    /* ... then "tahun" in the next memo */
    add(g_b, "x", NULL, "Budi 7");         /* creditor name right before memo 7 */
    add(g_b, "yo man", NULL, NULL);
    add(g_b, "buy a gift", NULL, NULL); /* gift\W+card across records */
    add(g_b, "card for mum", NULL, NULL);
    add(g_b, "video", "new", "baru"); /* memo then its own names */
    run_both(g_s, g_b);
    for (uint32_t i = 0; i < g_b->n; i++) {
        uint32_t want = i == 8 ? BIT(CAT_COVER) : 0;
        cr_expect_eq(g_b->memo_hits[i], want, "record %u: %#x", i, g_b->memo_hits[i]);
    }

    /* The same patterns do fire inside one memo. */
    cr_expect_eq(memo_hits_of("pay 12 tahun"), BIT(CAT_AGE) | BIT(CAT_NOB));
    cr_expect_eq(memo_hits_of("buy a gift - card for mum"), BIT(CAT_COVER) | BIT(CAT_WCARD));
    cr_expect_eq(memo_hits_of("gift\tcard"), BIT(CAT_COVER) | BIT(CAT_WCARD));
}

Test(scan, both_readings_of_a_hyphenated_memo)
{
    /* "gift-card" is scanned as "giftcard" and, split, as "gift-card": \bgift\b and
     * gift\W+card (a per-memo pattern) find the split reading... */
    cr_expect_eq(memo_hits_of("gift-card"), BIT(CAT_COVER) | BIT(CAT_WCARD));
    cr_expect_eq(memo_hits_of("g.i.f.t"), BIT(CAT_COVER)); /* single letters join either way */
    /* ... but no pattern joins the end of one reading to the start of the other:
     * "card-xy gift" is "cardxy gift" then "card-xy gift". */
    cr_expect_eq(memo_hits_of("card-xy gift"), BIT(CAT_COVER));
    cr_expect_eq(memo_hits_of("card-xy hadiah"), 0); /* ^hadiah$ needs a whole reading */
    cr_expect_eq(memo_hits_of("hadiah"), BIT(CAT_ANCHOR));
}

Test(scan, embedded_separator_bytes_do_not_fake_a_boundary)
{
    /* With '\n' kept, MULTILINE ^...$ would see a line "hadiah" of its own. */
    cr_expect_eq(memo_hits_of("hadiah"), BIT(CAT_ANCHOR));
    cr_expect_eq(memo_hits_of("x\nhadiah"), 0);
    cr_expect_eq(memo_hits_of("hadiah\n\x1e\nx"), 0);
    cr_expect_eq(memo_hits_of("x\n\x1e\nhadiah\n\x1e\n"), 0);
    cr_expect_eq(memo_hits_of("hadiah\x1e"), 0);
    /* The bytes become spaces, so `\s` still sees whitespace there. */
    cr_expect_eq(memo_hits_of("umur 12\ntahun"), BIT(CAT_AGE) | BIT(CAT_NOB));
    cr_expect_eq(memo_hits_of("umur 12\x1etahun"), BIT(CAT_AGE) | BIT(CAT_NOB));

    /* A name field cannot smuggle a whole "line" matching a watch-list name. */
    cr_expect_eq(debtor_of("Innocent Person\n\x1e\nJohn Smith"), -1);
    cr_expect_eq(debtor_of("John Smith\n\x1e\nInnocent"), -1);
    cr_expect_eq(debtor_of("x\nJohn Smith\n"), -1);
    cr_expect_eq(debtor_of("\nJohn\nSmith\n"), 0); /* newlines are whitespace, like spaces */
}

Test(scan, utf8_patterns)
{
    cr_expect_eq(memo_hits_of("ค่าขนม 12 ขวบ"), BIT(CAT_AGE));
    cr_expect_eq(memo_hits_of("น้อง7ขวบ"), BIT(CAT_AGE));
    cr_expect_eq(memo_hits_of("ค่าขนม ขวบ"), 0);
    cr_expect_eq(memo_hits_of("bé gái 10 tuổi"), BIT(CAT_AGE));
    cr_expect_eq(memo_hits_of("BÉ GÁI 10 TUỔI"), BIT(CAT_AGE));
    /* Diacritics are folded away: the same memo typed without them hits too. */
    cr_expect_eq(memo_hits_of("bé gái 10 tuoi"), BIT(CAT_AGE));
    cr_expect_eq(memo_hits_of("quà tặng gift ของขวัญ"), BIT(CAT_COVER));
}

Test(scan, name_matches_whole_field)
{
    cr_expect_eq(debtor_of("John Smith"), 0);
    cr_expect_eq(debtor_of("JOHN SMITH"), 0);
    cr_expect_eq(debtor_of("  john   smith  "), 0);
    cr_expect_eq(debtor_of("\tJohn \t Smith\r"), 0);
    cr_expect_eq(debtor_of("John\xc2\xa0Smith"), 0); /* NBSP */
    cr_expect_eq(debtor_of("Johnny Smyth"), 0);      /* alias */
    cr_expect_eq(debtor_of("NGUYỄN VĂN AN"), 1);
    cr_expect_eq(debtor_of("nguyễn văn an"), 1);
    cr_expect_eq(debtor_of("O'Brien-Lee (Jr.)"), 4);
    cr_expect_eq(debtor_of("o'brien-lee  (jr.)"), 4);
    cr_expect_eq(debtor_of("ali baba"), 5);
    cr_expect_eq(debtor_of("PT Maju Jaya"), 6); /* account entry with a name */
    cr_expect_eq(debtor_of("Budi Santoso"), 6); /* ... and its alias */

    cr_expect_eq(debtor_of("John Smithson"), -1);
    cr_expect_eq(debtor_of("Mr John Smith"), -1);
    cr_expect_eq(debtor_of("John Smith Jr"), -1);
    cr_expect_eq(debtor_of("John"), -1);
    cr_expect_eq(debtor_of("JohnSmith"), -1);
    cr_expect_eq(debtor_of("OBrien-Lee (Jr.)"), -1);
    cr_expect_eq(debtor_of("O'Brien-Lee (Jr)"), -1);
    cr_expect_eq(debtor_of("Should Not Match"), -1); /* account entry without a name */
    cr_expect_eq(debtor_of(""), -1);
    cr_expect_eq(debtor_of("   "), -1);

    /* Creditor side, and a name in the memo sets nothing. */
    reset(g_b);
    add(g_b, "John Smith", "someone", "john smith");
    add(g_b, "Ali Baba", NULL, NULL);
    add(g_b, NULL, "Ali Baba", "Nguyễn Văn An");
    run_both(g_s, g_b);
    cr_expect_eq(g_b->debtor_wl_name[0], -1);
    cr_expect_eq(g_b->creditor_wl_name[0], 0);
    cr_expect_eq(g_b->debtor_wl_name[1], -1);
    cr_expect_eq(g_b->creditor_wl_name[1], -1);
    cr_expect_eq(g_b->debtor_wl_name[2], 5);
    cr_expect_eq(g_b->creditor_wl_name[2], 1);
    cr_expect_eq(g_b->memo_hits[0], 0);

    /* Memo patterns do not fire on names. */
    reset(g_b);
    add(g_b, NULL, "school fees", "gift");
    run_both(g_s, g_b);
    cr_expect_eq(g_b->memo_hits[0], 0);
}

Test(scan, lowest_entry_index_wins)
{
    /* Entries 1 (alias), 2 and 3 all match "same name" at the same offset; Hyperscan does not
     * promise an order for such reports, and the lowest index must win. */
    char err[256];
    static char *al[] = { "Same Name" };
    struct jaga_watch_entry v[] = {
        { .entry_id = "A", .name = "Other Person", .kind = JAGA_WL_PERSON },
        { .entry_id = "B", .name = "", .aliases = al, .n_aliases = 1, .kind = JAGA_WL_PERSON },
        { .entry_id = "C", .name = "same   name", .kind = JAGA_WL_PERSON },
        { .entry_id = "D", .name = "SAME NAME", .kind = JAGA_WL_PERSON },
    };
    struct jaga_watchlist wl = { v, 4 };
    struct jaga_scan_db *db;
    struct jaga_scanner *s;
    cr_assert_eq(jaga_scan_db_build(NULL, &wl, &db, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(jaga_scanner_create(db, &s), 0);
    reset(g_b);
    add(g_b, "x", "Same Name", "same name");
    add(g_b, "x", "Other Person", "nobody");
    run_both(s, g_b);
    cr_expect_eq(g_b->debtor_wl_name[0], 1);
    cr_expect_eq(g_b->creditor_wl_name[0], 1);
    cr_expect_eq(g_b->debtor_wl_name[1], 0);
    cr_expect_eq(g_b->creditor_wl_name[1], -1);
    jaga_scanner_destroy(s);
    jaga_scan_db_destroy(db);

    cr_expect_eq(debtor_of("john smith"), 0); /* entries 0 and 3 in the shared fixture */
}

/* Random memos and names mixing hits, misses and separator bytes. */
static const char *const k_words[] = { "pay",   "invoice", "INV-004211", "rent", "school", "fees",
                                       "gift",  "card",    "12",         "7",    "tahun",  "yo",
                                       "years", "old",     "video",      "baru", "new",    "hadiah",
                                       "ขวบ",   "tuổi",    "\n",         "\x1e", "-",      "  ",
                                       "John",  "Smith",   "zzqx",       "2024", "y/o",    "ok",
                                       "thn",   "th",      "buat",       "anak" };
static const char *const k_names[] = {
    "John Smith",    "JOHN  SMITH",       "Ali Baba",      "Budi Santoso",
    "Nguyễn Văn An", "John Smithson",     "Siti",          "",
    "PT Maju Jaya",  "O'Brien-Lee (Jr.)", "random person", "Johnny Smyth"
};

static uint64_t rng_next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void random_batch(struct jaga_batch *b, uint64_t seed, uint32_t n)
{
    char memo[512];
    reset(b);
    for (uint32_t i = 0; i < n; i++) {
        size_t len = 0;
        uint32_t nw = (uint32_t)(rng_next(&seed) % 12);
        for (uint32_t w = 0; w < nw; w++) {
            const char *word = k_words[rng_next(&seed) % (sizeof(k_words) / sizeof(k_words[0]))];
            size_t wl = strlen(word);
            if (len + wl + 1 >= sizeof(memo))
                break;
            memcpy(memo + len, word, wl);
            len += wl;
            if (rng_next(&seed) % 4)
                memo[len++] = ' ';
        }
        memo[len] = 0;
        const size_t nn = sizeof(k_names) / sizeof(k_names[0]);
        add(b, memo, k_names[rng_next(&seed) % nn], k_names[rng_next(&seed) % nn]);
    }
}

Test(scan, batched_equals_per_record_and_is_composition_independent)
{
    static struct out full;
    uint32_t any_hit = 0, any_name = 0;
    for (uint64_t seed = 1; seed <= 20; seed++) {
        random_batch(g_b, seed * 0x9e3779b97f4a7c15ull, JAGA_BATCH_MAX);
        run_both(g_s, g_b);
        save(g_b, &full);
        for (uint32_t i = 0; i < g_b->n; i++) {
            any_hit |= g_b->memo_hits[i];
            any_name += g_b->debtor_wl_name[i] >= 0;
        }
        /* Every record scanned alone in a one-record batch gives the same answer. */
        static struct jaga_batch one;
        for (uint32_t i = 0; i < g_b->n; i++) {
            one.n = 1;
            one.memo[0] = g_b->memo[i];
            one.debtor_name[0] = g_b->debtor_name[i];
            one.creditor_name[0] = g_b->creditor_name[i];
            struct jaga_sref *r[] = { &one.memo[0], &one.debtor_name[0], &one.creditor_name[0] };
            uint32_t used = 0;
            for (int f = 0; f < 3; f++) {
                memcpy(one.arena + used, g_b->arena + r[f]->off, r[f]->len);
                r[f]->off = used;
                used += r[f]->len;
            }
            jaga_scanner_run(g_s, &one);
            cr_assert_eq(one.memo_hits[0], full.hits[i], "seed %llu record %u",
                         (unsigned long long)seed, i);
            cr_assert_eq(one.debtor_wl_name[0], full.dn[i]);
            cr_assert_eq(one.creditor_wl_name[0], full.cn[i]);
        }
    }
    /* The random mix did exercise hits. */
    cr_expect_eq(any_hit & (BIT(CAT_COVER) | BIT(CAT_AGE) | BIT(CAT_NOB) | BIT(CAT_HIGH)),
                 BIT(CAT_COVER) | BIT(CAT_AGE) | BIT(CAT_NOB) | BIT(CAT_HIGH));
    cr_expect_gt(any_name, 100);
}

Test(scan, empty_batch)
{
    reset(g_b);
    jaga_scanner_run(g_s, g_b);
    jaga_scanner_run_per_record(g_s, g_b);
}

Test(scan, empty_lexicon_and_watchlist)
{
    struct jaga_lexicon lex = { NULL, 0 };
    struct jaga_watchlist wl = { NULL, 0 };
    const struct jaga_lexicon *lexes[] = { &lex, NULL };
    const struct jaga_watchlist *wls[] = { &wl, NULL };
    for (int k = 0; k < 2; k++) {
        struct jaga_scan_db *db;
        struct jaga_scanner *s;
        char err[64] = "";
        cr_assert_eq(jaga_scan_db_build(lexes[k], wls[k], &db, err, sizeof(err)), 0, "%s", err);
        cr_assert_eq(jaga_scanner_create(db, &s), 0);
        reset(g_b);
        add(g_b, "school fees 12 tahun", "John Smith", "John Smith");
        add(g_b, "gift", NULL, NULL);
        jaga_scanner_run(s, g_b);
        for (uint32_t i = 0; i < 2; i++) {
            cr_expect_eq(g_b->memo_hits[i], 0);
            cr_expect_eq(g_b->debtor_wl_name[i], -1);
            cr_expect_eq(g_b->creditor_wl_name[i], -1);
        }
        reset(g_b);
        add(g_b, "gift", NULL, NULL);
        jaga_scanner_run_per_record(s, g_b);
        cr_expect_eq(g_b->memo_hits[0], 0);
        cr_expect_eq(g_b->debtor_wl_name[0], -1);
        jaga_scanner_destroy(s);
        jaga_scan_db_destroy(db);
    }
    jaga_scan_db_destroy(NULL);
    jaga_scanner_destroy(NULL);
}

Test(scan, names_only_and_wide_patterns_only)
{
    /* Only a separator-spanning pattern: the batch database is empty, the per-memo one not. */
    static const struct jaga_lex_pattern p[] = { { "gift\\W+card", 2, "w.txt", 1, false } };
    struct jaga_lexicon lex = { p, 1 };
    struct jaga_scan_db *db;
    struct jaga_scanner *s;
    char err[128];
    cr_assert_eq(jaga_scan_db_build(&lex, NULL, &db, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(jaga_scanner_create(db, &s), 0);
    reset(g_b);
    add(g_b, "gift", NULL, NULL);
    add(g_b, "card", NULL, NULL);
    add(g_b, "gift, card", "gift", "card");
    run_both(s, g_b);
    cr_expect_eq(g_b->memo_hits[0], 0);
    cr_expect_eq(g_b->memo_hits[1], 0);
    cr_expect_eq(g_b->memo_hits[2], BIT(2));
    jaga_scanner_destroy(s);
    jaga_scan_db_destroy(db);
}

Test(scan, bad_regex_reports_file_and_line)
{
    static const struct jaga_lex_pattern p[] = {
        { "\\bok\\b", 0, "lex/cover.txt", 16, false },
        { "\\b(unclosed\\b", 0, "lex/cover.txt", 17, false },
    };
    struct jaga_lexicon lex = { p, 2 };
    struct jaga_scan_db *db = (struct jaga_scan_db *)(uintptr_t)0x1;
    char err[256] = "";
    cr_assert_eq(jaga_scan_db_build(&lex, NULL, &db, err, sizeof(err)), -EINVAL);
    cr_expect_eq(db, (struct jaga_scan_db *)(uintptr_t)0x1, "*out untouched on failure");
    const char *want = "lex/cover.txt:17: pattern rejected: ";
    cr_expect_eq(strncmp(err, want, strlen(want)), 0, "got \"%s\"", err);
    cr_expect_gt(strlen(err), strlen(want));

    static const struct jaga_lex_pattern q[] = { { "a*", 0, "lex/x.txt", 5, false } };
    lex = (struct jaga_lexicon){ q, 1 };
    cr_assert_eq(jaga_scan_db_build(&lex, NULL, &db, err, sizeof(err)), -EINVAL);
    cr_expect_eq(strncmp(err, "lex/x.txt:5: pattern rejected: ", 31), 0, "got \"%s\"", err);

    static const struct jaga_lex_pattern c[] = { { "ok", 32, "lex/y.txt", 9, false } };
    lex = (struct jaga_lexicon){ c, 1 };
    cr_assert_eq(jaga_scan_db_build(&lex, NULL, &db, err, sizeof(err)), -EINVAL);
    cr_expect_eq(strncmp(err, "lex/y.txt:9: ", 13), 0, "got \"%s\"", err);

    /* Invalid UTF-8 in the pattern. */
    static const struct jaga_lex_pattern u[] = { { "bad\xff", 0, "lex/z.txt", 2, false } };
    lex = (struct jaga_lexicon){ u, 1 };
    cr_assert_eq(jaga_scan_db_build(&lex, NULL, &db, err, sizeof(err)), -EINVAL);
    cr_expect_eq(strncmp(err, "lex/z.txt:2: pattern rejected: ", 31), 0, "got \"%s\"", err);
}

Test(scan, bad_watchlist_name_reports_entry)
{
    static char *al[] = { "fine name", "bad \xff\xfe alias" };
    struct jaga_watch_entry v[] = {
        { .entry_id = "OK-1", .name = "Good Name", .kind = JAGA_WL_PERSON },
        { .entry_id = "WL-9",
          .name = "Also Good",
          .aliases = al,
          .n_aliases = 2,
          .kind = JAGA_WL_PERSON },
    };
    struct jaga_watchlist wl = { v, 2 };
    struct jaga_scan_db *db = NULL;
    char err[256] = "";
    cr_assert_eq(jaga_scan_db_build(&k_lexicon, &wl, &db, err, sizeof(err)), -EINVAL);
    cr_expect_null(db);
    cr_expect_eq(strncmp(err, "watchlist entry WL-9: ", 22), 0, "got \"%s\"", err);
}

Test(scan, full_batch_of_max_length_fields)
{
    /* 256 x (1024-byte memo + 2 x 560-byte names) = 549 KB of fields. */
    uint64_t seed = 42;
    reset(g_b);
    for (uint32_t i = 0; i < JAGA_BATCH_MAX; i++) {
        char memo[1024], dn[560], cn[560];
        for (size_t k = 0; k < sizeof(memo); k++)
            memo[k] = (char)("abc xyz 0123\n\x1e"[rng_next(&seed) % 15]);
        for (size_t k = 0; k < sizeof(dn); k++)
            dn[k] = (char)("abcdefgh "[rng_next(&seed) % 9]);
        memcpy(cn, dn, sizeof(cn));
        if (i % 3 == 0)
            memcpy(memo + sizeof(memo) - 11, " 12 tahun ", 10);
        if (i % 5 == 0)
            memcpy(memo, "zzqx ", 5);
        if (i % 7 == 0) {
            memset(cn, ' ', sizeof(cn));
            memcpy(cn + 200, "john smith", 10);
        }
        uint32_t k = g_b->n++;
        g_b->memo[k] = put(g_b, memo, sizeof(memo));
        g_b->debtor_name[k] = put(g_b, dn, sizeof(dn));
        g_b->creditor_name[k] = put(g_b, cn, sizeof(cn));
    }
    run_both(g_s, g_b);
    for (uint32_t i = 0; i < JAGA_BATCH_MAX; i++) {
        if (i % 3 == 0)
            cr_expect(g_b->memo_hits[i] & BIT(CAT_AGE), "record %u", i);
        if (i % 5 == 0)
            cr_expect(g_b->memo_hits[i] & BIT(CAT_HIGH), "record %u", i);
        cr_expect_eq(g_b->creditor_wl_name[i], i % 7 == 0 ? 0 : -1, "record %u", i);
    }
}

Test(scan, overlapping_slices_larger_than_the_buffer)
{
    /* Slices may overlap: three 700 KB views of the same bytes per record exceed the buffer,
     * which must then be split (and a record too large for it scanned field by field). */
    reset(g_b);
    const uint32_t big = 700 * 1024;
    memset(g_b->arena, 'a', big);
    memcpy(g_b->arena + 10, " gift ", 6);
    memcpy(g_b->arena + big - 10, " 9 yo ", 6);
    g_b->arena_used = big;
    for (uint32_t i = 0; i < 6; i++) {
        uint32_t k = g_b->n++;
        g_b->memo[k] = (struct jaga_sref){ 0, i % 2 ? big : 20 };
        g_b->debtor_name[k] = (struct jaga_sref){ 0, i % 3 ? big : 0 };
        g_b->creditor_name[k] = (struct jaga_sref){ 0, big / 2 };
    }
    run_both(g_s, g_b);
    for (uint32_t i = 0; i < 6; i++) {
        uint32_t want = BIT(CAT_COVER) | (i % 2 ? BIT(CAT_AGE) | BIT(CAT_NOB) : 0);
        cr_expect_eq(g_b->memo_hits[i], want, "record %u: %#x", i, g_b->memo_hits[i]);
    }
}

Test(scan, separator_bytes_replaced_at_every_position)
{
    /* ^1*\x202*$ matches only if the byte between the 1s and 2s became a space, for every
     * length and offset. Digits, because the skeleton would join "a b" (single letters) and
     * collapse runs of letters. */
    static const struct jaga_lex_pattern p[] = { { "^1*\\x202*$", 7, "sp.txt", 1, false } };
    struct jaga_lexicon lex = { p, 1 };
    struct jaga_scan_db *db;
    struct jaga_scanner *s;
    char err[128], memo[64];
    cr_assert_eq(jaga_scan_db_build(&lex, NULL, &db, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(jaga_scanner_create(db, &s), 0);
    static const char xs[] = { '\n', '\x1e', ' ', 'c' };
    for (uint32_t len = 1; len <= 40; len++) {
        reset(g_b);
        for (uint32_t pos = 0; pos < len; pos++) {
            for (uint32_t x = 0; x < sizeof(xs); x++) {
                memset(memo, '1', pos);
                memo[pos] = xs[x];
                memset(memo + pos + 1, '2', len - pos - 1);
                uint32_t k = g_b->n++;
                g_b->memo[k] = put(g_b, memo, len);
                g_b->debtor_name[k] = g_b->memo[k]; /* names right after, same bytes */
                g_b->creditor_name[k] = (struct jaga_sref){ 0, 0 };
            }
        }
        run_both(s, g_b);
        for (uint32_t k = 0; k < g_b->n; k++) {
            uint32_t want = xs[k % sizeof(xs)] == 'c' ? 0 : BIT(7);
            cr_assert_eq(g_b->memo_hits[k], want, "len %u pos %u byte %#x", len,
                         k / (uint32_t)sizeof(xs), xs[k % sizeof(xs)]);
        }
    }
    jaga_scanner_destroy(s);
    jaga_scan_db_destroy(db);
}

Test(scan, fields_at_the_end_of_the_arena)
{
    /* A name ending in a truncated UTF-8 space lead byte at the very end of the arena: the
     * whitespace test must not read past the field (ASan catches it: the arena ends the batch). */
    static const char name[] = "John Smith\xe2\x80";
    static const char memo[] = "umur 12 tahun\xc2";
    reset(g_b);
    uint32_t nl = (uint32_t)(sizeof(name) - 1), ml = (uint32_t)(sizeof(memo) - 1);
    memcpy(g_b->arena + JAGA_ARENA_SIZE - nl, name, nl);
    memcpy(g_b->arena + JAGA_ARENA_SIZE - nl - ml, memo, ml);
    g_b->n = 1;
    g_b->memo[0] = (struct jaga_sref){ JAGA_ARENA_SIZE - nl - ml, ml };
    g_b->debtor_name[0] = (struct jaga_sref){ JAGA_ARENA_SIZE - nl, nl };
    g_b->creditor_name[0] = (struct jaga_sref){ JAGA_ARENA_SIZE - 2, 2 };
    run_both(g_s, g_b);
    cr_expect_eq(g_b->memo_hits[0], BIT(CAT_AGE) | BIT(CAT_NOB));
    cr_expect_eq(g_b->debtor_wl_name[0], -1);
    cr_expect_eq(g_b->creditor_wl_name[0], -1);
    cr_expect_eq(debtor_of("John Smith\xe2\x80\x83"), 0); /* U+2003 EM SPACE, trimmed */
    cr_expect_eq(debtor_of("\xe3\x80\x80John\xe2\x80\xafSmith\xc2\x85"), 0);
}

Test(scan, name_spacing_random)
{
    /* Token sequences joined by random whitespace runs (ASCII, controls, NBSP, U+3000), with
     * random case: whole-field match iff the tokens are exactly a listed name. Lengths from 3 to
     * ~80 bytes cover the short, 8-byte and 16-byte paths of the name copy. */
    static const struct {
        const char *tok[8];
        int32_t want;
    } names[] = {
        { { "John", "Smith" }, 0 },
        { { "Johnny", "Smyth" }, 0 },
        { { "Ali", "Baba" }, 5 },
        { { "PT", "Maju", "Jaya" }, 6 },
        { { "O'Brien-Lee", "(Jr.)" }, 4 },
        { { "Maria", "Fernanda", "Gonzalez", "Rodriguez", "de", "la", "Cruz" }, 7 },
        { { "Maria", "Fernanda", "Gonzalez", "Rodriguez", "de", "la" }, -1 },
        { { "Maria", "Fernanda", "Gonzalez", "Rodriguez", "de", "la", "Cruzz" }, -1 },
        { { "John", "Smith", "Jr" }, -1 },
        { { "Jo", "hn", "Smith" }, -1 },
        { { "Ali" }, -1 },
        { { "Nguyễn", "Văn", "An" }, 1 },
    };
    static const char *const ws[] = { " ",    " ",  " ",        "\t",           "\n",
                                      "\x1e", "\r", "\xc2\xa0", "\xe3\x80\x80", "\x01" };
    const size_t nws = sizeof(ws) / sizeof(ws[0]);
    uint64_t seed = 7;
    char buf[256];
    for (int iter = 0; iter < 3000; iter++) {
        size_t k = rng_next(&seed) % (sizeof(names) / sizeof(names[0])), o = 0;
        uint32_t lead = (uint32_t)(rng_next(&seed) % 3), trail = (uint32_t)(rng_next(&seed) % 3);
        for (uint32_t w = 0; w < lead; w++)
            o += (size_t)sprintf(buf + o, "%s", ws[rng_next(&seed) % nws]);
        for (int t = 0; t < 8 && names[k].tok[t]; t++) {
            if (t) {
                uint32_t run = 1 + (uint32_t)(rng_next(&seed) % 4 == 0);
                for (uint32_t w = 0; w < run; w++)
                    o += (size_t)sprintf(buf + o, "%s", ws[rng_next(&seed) % nws]);
            }
            for (const char *c = names[k].tok[t]; *c; c++) {
                char ch = *c;
                if (ch >= 'a' && ch <= 'z' && rng_next(&seed) % 3 == 0)
                    ch = (char)(ch - 32);
                buf[o++] = ch;
            }
        }
        for (uint32_t w = 0; w < trail; w++)
            o += (size_t)sprintf(buf + o, "%s", ws[rng_next(&seed) % nws]);
        buf[o] = 0;
        int32_t got = debtor_of(buf);
        cr_assert_eq(got, names[k].want, "iteration %d: got %d for \"%s\"", iter, got, buf);
    }
}
