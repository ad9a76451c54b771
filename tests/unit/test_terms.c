// SPDX-License-Identifier: Apache-2.0
/*
 * Evasion-tolerant lexicon terms (models/rules/terms.c), checked through the real Hyperscan
 * scanner: each evasion of redflags.md's cover terms must still hit, ordinary words that
 * merely resemble them must not, and no term may reach into the neighbouring field.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <string.h>

#include "core/mem.h"
#include "models/rules/scan.h"
#include "models/rules/terms.h"

static const char *const terms[] = { "school fees", "gift", "học phí", "ค่าเทอม" };
#define N_TERMS 4

static struct jaga_scan_db *db;
static struct jaga_scanner *sc;
static struct jaga_batch *b;
static char rx[N_TERMS][8192];
static struct jaga_lex_pattern pats[N_TERMS];

static void setup(void)
{
    for (int k = 0; k < N_TERMS; k++) {
        cr_assert_gt(jaga_term_regex(terms[k], strlen(terms[k]), rx[k], sizeof(rx[k])), 0);
        pats[k] = (struct jaga_lex_pattern){
            .regex = rx[k], .category = (uint32_t)k, .file = "test", .line = (uint32_t)k + 1
        };
    }
    struct jaga_lexicon lx = { .v = pats, .n = N_TERMS };
    char err[512];
    cr_assert_eq(jaga_scan_db_build(&lx, NULL, &db, err, sizeof(err)), 0, "%s", err);
    cr_assert_not(jaga_scan_db_has_per_memo(db), "terms must stay inside one field");
    cr_assert_eq(jaga_scanner_create(db, &sc), 0);
    b = jaga_aligned_alloc(64, sizeof(*b));
}

static void teardown(void)
{
    jaga_free(b);
    jaga_scanner_destroy(sc);
    jaga_scan_db_destroy(db);
}

/* Categories hit by one memo, scanned alone and batched with neighbours. */
static uint32_t hits(const char *memo)
{
    const char *memos[3] = { "xx", memo, "yy" };
    b->n = 3;
    b->arena_used = 0;
    for (uint32_t i = 0; i < 3; i++) {
        size_t len = strlen(memos[i]);
        memcpy(b->arena + b->arena_used, memos[i], len + 1);
        b->memo[i] = (struct jaga_sref){ b->arena_used, (uint32_t)len };
        b->debtor_name[i] = b->creditor_name[i] = (struct jaga_sref){ 0, 0 };
        b->arena_used += (uint32_t)len + 1;
    }
    jaga_scanner_run(sc, b);
    uint32_t batched = b->memo_hits[1];
    jaga_scanner_run_per_record(sc, b);
    cr_assert_eq(b->memo_hits[1], batched, "batched and per-record differ on '%s'", memo);
    cr_assert_eq(b->memo_hits[0] | b->memo_hits[2], 0, "'%s' leaked into a neighbour", memo);
    return batched;
}

struct tcase {
    char memo[96];
    uint32_t want;
};

/* bit 0 school fees, bit 1 gift, bit 2 học phí, bit 3 ค่าเทอม */
static struct tcase cases[] = {
    { "school fees", 1 },
    { "SCHOOL FEES for june", 1 },
    { "schoolfees", 1 }, /* word gap dropped */
    { "school-fees", 1 },
    { "sch00l f33s", 1 },          /* digits for letters */
    { "s c h o o l  f e e s", 1 }, /* spaced out */
    { "s.c.h.o.o.l fees", 1 },     /* punctuation between letters */
    { "schooool feeees", 1 },      /* repeated letters */
    { "schоol fees", 1 },          /* Cyrillic о */
    { "schöol fées", 1 },          /* diacritics */
    { "gift", 2 },
    { "a GIFT for you", 2 },
    { "g.i.f.t", 2 },
    { "g1ft", 2 },
    { "gíft", 2 },
    { "gіft", 2 },            /* Cyrillic і */
    { "ГИФТ", 0 },            /* a different script spelling is not a look-alike */
    { "hoc phi thang 9", 4 }, /* Vietnamese typed without diacritics */
    { "HỌC PHÍ", 4 },
    { "ค่าเทอม ลูก", 8 },
    { "ค่า เทอม", 8 },
    { "shift", 0 }, /* near words are not the term */
    { "lift", 0 },
    { "gifted", 0 },
    { "giftcard", 0 },
    { "preschool feesible", 0 },
    { "schools fee", 0 },
    { "rent", 0 },
};

ParameterizedTestParameters(terms, evasions)
{
    return cr_make_param_array(struct tcase, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct tcase *tc, terms, evasions, .init = setup, .fini = teardown)
{
    cr_assert_eq(hits(tc->memo), tc->want, "'%s': got %#x, want %#x", tc->memo, hits(tc->memo),
                 tc->want);
}

Test(terms, bad_terms_refused)
{
    char out[256];
    cr_assert_eq(jaga_term_regex("", 0, out, sizeof(out)), -EINVAL);
    cr_assert_eq(jaga_term_regex("  ", 2, out, sizeof(out)), -EINVAL);
    cr_assert_eq(jaga_term_regex("\xff", 1, out, sizeof(out)), -EINVAL);
    cr_assert_eq(jaga_term_regex("school fees", 11, out, 16), -ENOSPC);
}
