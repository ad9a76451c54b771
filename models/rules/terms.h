// SPDX-License-Identifier: Apache-2.0
/*
 * Lexicon terms to evasion-tolerant Hyperscan regexes. A pack lists plain words ("school
 * fees", "học phí"); this turns each into a pattern that still matches when the writer
 * changes case, drops or swaps diacritics, uses Cyrillic or Greek look-alike letters,
 * writes digits or symbols for letters (sch00l, g1ft), repeats letters (schoooool) or puts
 * spaces and punctuation between them (g.i.f.t, s c h o o l). Cold: runs at pack load.
 */
#ifndef JAGA_MODELS_RULES_TERMS_H
#define JAGA_MODELS_RULES_TERMS_H

#include <stddef.h>

/** Writes the regex for term[0..len) (UTF-8, at least one letter or digit) into out as a
 *  NUL-terminated string, for compiling with HS_FLAG_CASELESS | HS_FLAG_UTF8. Returns its
 *  length, -EINVAL for a term that is empty or not valid UTF-8, -ENOSPC when cap is too
 *  small. The pattern never matches a newline or the scanner's field separator, so it stays
 *  inside one field. */
int jaga_term_regex(const char *term, size_t len, char *out, size_t cap);

#endif
