// SPDX-License-Identifier: Apache-2.0
/*
 * Fuzzy person-name matching for watch lists (redflags.md RF-WL-03). A compiled, immutable
 * index over the names and aliases of listed people answers "is this transaction party one of
 * them?" despite swapped name order, missing middle names, one- or two-letter typos,
 * diacritics, and the spelling conventions of Indonesian (oe/u, dj/j, tj/c, j/y, ch/kh/h) and
 * Filipino (Ma./Maria, dela/de la, Ñ/N, Jr./Sr./III, c/k, f/p, v/b) names. Birth year and
 * country, when both sides know them, veto matches they contradict; a single-token name only
 * matches with one of them agreeing.
 *
 * It is not a phonetic matcher for non-Latin scripts: Thai, Khmer or Chinese script names are
 * compared byte for byte after Unicode normalisation, so a listed romanised name does not match
 * the same name written in its own script.
 */
#ifndef JAGA_MODELS_RULES_NAMES_H
#define JAGA_MODELS_RULES_NAMES_H

#include <stddef.h>
#include <stdint.h>

/** Names longer than this many bytes are cut there (on both the index and the query side). */
#define JAGA_NAME_MAX_BYTES 560

/** Compiled name index. Immutable after jaga_names_build; share it freely between threads. */
struct jaga_names;

/** One name to index. The caller passes a watch-list entry's name and each of its aliases as
 *  separate sources carrying the same `entry`. */
struct jaga_name_src {
    const char *name;    /* UTF-8, need not be NUL-terminated; invalid bytes act as spaces */
    size_t len;          /* bytes */
    uint16_t birth_year; /* 0 unknown */
    uint16_t country;    /* jaga_cc_code, 0 unknown */
    uint32_t entry;      /* caller's watch-list entry index */
};

/** How a hit was reached, from least to most lenient; a hit reports the most lenient step it
 *  needed. */
enum jaga_name_how {
    JAGA_NAME_EXACT = 1, /* equal after case, spacing, punctuation, diacritics and titles */
    JAGA_NAME_REORDERED, /* same tokens, different order */
    JAGA_NAME_PARTIAL,   /* middle name(s) or initials missing on one side */
    JAGA_NAME_TRANSLIT,  /* spelling convention: oe/u, Ma./Maria, Mohd/Muhammad, Jr., c/k ... */
    JAGA_NAME_TYPO,      /* one or two letters wrong, missing, extra or swapped */
};

struct jaga_name_hit {
    uint32_t entry;         /* entry of the matching source */
    uint8_t how;            /* enum jaga_name_how */
    uint8_t edits;          /* Damerau-Levenshtein edits over all matched tokens, 0-2 */
    uint8_t tokens_matched; /* token pairs aligned (a split/joined pair counts once) */
    uint8_t confirmed;      /* bit0 birth years within 1, bit1 countries equal */
};

/** Builds an index over v[0..n). Sources without a letter are skipped. JAGA_COLD. Returns 0 and
 *  sets *out (caller owns it; free with jaga_names_destroy), -EINVAL for a NULL argument, a
 *  NULL name with len > 0 or n >= 2^29, -ENOMEM; *out is untouched on failure. The index copies
 *  what it needs: v may be freed afterwards. */
int jaga_names_build(const struct jaga_name_src *v, size_t n, struct jaga_names **out);

/** Frees an index; NULL is fine. JAGA_COLD. */
void jaga_names_destroy(struct jaga_names *nx);

/** Number of indexed sources (sources with at least one letter). */
size_t jaga_names_count(const struct jaga_names *nx);

/** Best watch-list match for a party named name[0..len) (UTF-8; invalid bytes act as spaces)
 *  with the account's birth year and country (0 when unknown). A candidate is rejected when
 *  both birth years are known and differ by more than 1, or both countries are known and
 *  differ. A single-token name on either side needs an exact or transliterated token and a
 *  confirmation: birth year or country between two single names, the birth year against a
 *  longer name. Otherwise at least two tokens pair up, every token of the shorter name is
 *  paired, unpaired tokens of the longer one are middle names, and the pairs hold at most 2
 *  edits. Among accepted candidates the best has the fewest edits, then the least lenient
 *  `how`, then more confirmations, then more tokens matched, then the lowest entry. Bounded
 *  work: when more than 384 candidates qualify, those hit by the most query tokens (then the
 *  lowest source index) are verified. Returns 1 and fills *hit, or 0 (also for NULL
 *  arguments). HOT-ish: no alloc, lock or syscall; about 70 KiB of stack; thread-safe. */
int jaga_names_match(const struct jaga_names *nx, const char *name, size_t len, uint16_t birth_year,
                     uint16_t country, struct jaga_name_hit *hit);

/** "exact", "reordered", "partial", "transliteration", "typo", or "?" for anything else. */
const char *jaga_name_how_str(uint8_t how);

#endif
