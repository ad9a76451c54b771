// SPDX-License-Identifier: Apache-2.0
/*
 * Memo skeletons: the normal form the scanner matches lexicons against, so that one plain
 * pattern ("gift") also catches the evasions writers use to slip past keyword filters
 * ("G.I.F.T", "g1ft", "gíft", Cyrillic "gіft", fullwidth "ｇｉｆｔ", "giiift"). Folding the memo
 * once and scanning literal-ish patterns is much cheaper than compiling every evasion into
 * the patterns (an earlier design). This module folds text and turns lexicon terms into
 * skeleton patterns; it does not scan (models/rules/scan.c does).
 *
 * The skeleton of a text, applied in one left-to-right pass:
 *  - letters: lower case; Latin, Greek and Cyrillic lose their diacritics (Vietnamese "tuổi" is
 *    "tuoi"); compatibility forms (fullwidth, mathematical, circled, small capitals, ligatures)
 *    and Cyrillic/Greek look-alikes become ASCII; other scripts stay UTF-8 (Thai, Khmer keep
 *    their vowel and tone marks);
 *  - runs of one letter collapse to one ("yoooung" and "young" are "young", "school" is
 *    "schol", "class" is "clas"): a pattern never holds a doubled letter;
 *  - punctuation between two letters is deleted, "sch-ool", "s.c.h.o.o.l" and "school_fees"
 *    are "schol" and "scholfes" (the chars . - _ * ` ~ ^ and their Unicode forms); "!" and "$"
 *    between letters read as "i" and "s". Other punctuation (/ , : ' @ & ...) is kept;
 *  - one or two digits with a letter on both sides read as letters (0 o, 1 i or l after i/l,
 *    3 e, 4 a, 5 s, 7 t, 8 b, 9 g): "sch00l" is "schol", "s3x" is "sex". Every other digit is
 *    kept, so "12yo", "15 yrs old" and "Rp 50.000" keep their numbers; Thai, Khmer and other
 *    decimal digits become ASCII;
 *  - single letters separated only by spaces or deletable punctuation are joined ("s c h o o l"
 *    is "schol", "y o" is "yo"); two letters of a script written without spaces (Thai, Lao,
 *    Khmer, Myanmar, CJK) are joined across spaces and deletable punctuation;
 *  - zero-width and format characters, variation selectors and stray combining marks vanish;
 *    every run of whitespace and control characters is one space (not trimmed).
 * The skeleton is never longer than the text and holds no byte below 0x20. Bytes that are not
 * valid UTF-8 are copied as they are and break words like punctuation.
 */
#ifndef JAGA_MODELS_RULES_SKEL_H
#define JAGA_MODELS_RULES_SKEL_H

#include <stdbool.h>
#include <stddef.h>

/* The fold tables: immutable once built, shared by every worker. */
struct jaga_skel;

/** Builds the fold tables from utf8proc's Unicode data (planes 0 and 1; a few ms). 0 or
 *  -ENOMEM; *out untouched on failure. COLD. */
int jaga_skel_create(struct jaga_skel **out);
/** Accepts NULL. COLD. */
void jaga_skel_destroy(struct jaga_skel *sk);

/* Flag for jaga_skel_fold: the split reading, which keeps punctuation inside words and digits
 * between letters as they are ("gift-card", "anak-anak", "rp50rb"): the word boundaries that
 * deleting them removes. */
#define JAGA_SKEL_SPLIT 1u
/* Flag for jaga_skel_fold: skip the plain-text path and run the full fold on everything (its
 * reference, for tests; same result, slower). */
#define JAGA_SKEL_REFERENCE 2u

/** Writes the skeleton of src[0..len) to dst and returns its length, at most len: dst needs
 *  len bytes and must not overlap src. flags: JAGA_SKEL_* or 0. When joined is not NULL it
 *  is set to whether the fold deleted punctuation inside a word or read digits as letters,
 *  i.e. whether the split reading may differ: a scanner that wants "gift-card" to match `gift`
 *  and "g-i-f-t" to match too scans both readings then. Never fails. Thread-safe (sk is only
 *  read). HOT: no alloc/lock/syscall. */
size_t jaga_skel_fold(const struct jaga_skel *sk, const char *src, size_t len, char *dst,
                      unsigned flags, bool *joined);

/** Writes the Hyperscan regex for a lexicon term (one to four plain words, UTF-8) into out as
 *  a NUL-terminated string, for HS_FLAG_CASELESS | HS_FLAG_UTF8 over skeletons: an alternation
 *  of the literal forms the term takes in a skeleton, each gap between words being none or a
 *  space ("school fees" also matches "school-fees" and "SchoolFees"), with `\b` at an
 *  ASCII letter or digit edge. Returns its length; -EINVAL for a term that is not UTF-8 or has
 *  no letter or digit, -E2BIG for more than four words, -ENOSPC when cap is too small. The
 *  regex never matches '\n' or '\x1e'. COLD. */
int jaga_skel_term_regex(const struct jaga_skel *sk, const char *term, size_t len, char *out,
                         size_t cap);

/** Checks that a lexicon regex can match a skeleton: refuses literal text no skeleton holds,
 *  i.e. a doubled letter ("school") and characters the fold changes ("tuổi", fullwidth, a
 *  look-alike, NBSP). Classes, escapes and quantified letters are not judged. 0, or -EINVAL with
 *  the reason (naming the skeleton form to write) in msg. COLD. */
int jaga_skel_vet_regex(const struct jaga_skel *sk, const char *re, char *msg, size_t cap);

#endif
