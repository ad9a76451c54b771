// SPDX-License-Identifier: Apache-2.0
/*
 * Memo lexicons and watch-list names compiled into one immutable Hyperscan database, and the
 * per-worker scanner that runs it over a batch: memos and party names are concatenated with
 * "\n\x1e\n" separators and scanned with one hs_scan call, and matches are mapped back to
 * (record, field). Memos are scanned as their skeleton (models/rules/skel.h: case, diacritics,
 * look-alikes, leetspeak, in-word punctuation and repeated letters folded away), so lexicon
 * patterns are written for the skeleton. Lexicon patterns that could cross any separator (e.g.
 * `gift\W+card`) live in a second database scanned per memo; names are whole-field caseless
 * literals after whitespace normalisation, matched on the raw name.
 */
#ifndef JAGA_MODELS_RULES_SCAN_H
#define JAGA_MODELS_RULES_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/batch.h"
#include "core/refdata.h"

/* One lexicon entry: a Hyperscan regex matched caselessly against memo skeletons, or (term)
 * plain words compiled with jaga_skel_term_regex. */
struct jaga_lex_pattern {
    const char *regex;
    uint32_t category; /* bit index in jaga_batch.memo_hits, < JAGA_MEMO_MAX_CATEGORIES */
    const char *file;  /* where it was defined, for error messages */
    uint32_t line;
    bool term; /* regex holds a term, not a regex */
};

struct jaga_lexicon {
    const struct jaga_lex_pattern *v;
    size_t n;
};

struct jaga_scan_db;
struct jaga_scanner;

/** Compiles `lex` (may be empty) and the names and aliases of `wl` (may be NULL) into one
 *  block-mode database. A pattern Hyperscan refuses, or one that cannot match a skeleton
 *  (jaga_skel_vet_regex), and a term with no letter fail the build with "FILE:LINE: reason"
 *  in err and -EINVAL. COLD. */
int jaga_scan_db_build(const struct jaga_lexicon *lex, const struct jaga_watchlist *wl,
                       struct jaga_scan_db **out, char *err, size_t errlen);
void jaga_scan_db_destroy(struct jaga_scan_db *db);
/** True when some lexicon pattern could cross a field separator and is scanned memo by memo
 *  (a slower path; `jaga pack check` warns about it). */
bool jaga_scan_db_has_per_memo(const struct jaga_scan_db *db);

/** Per-worker scanner: its own scratch and concatenation buffer. COLD. */
int jaga_scanner_create(const struct jaga_scan_db *db, struct jaga_scanner **out);
void jaga_scanner_destroy(struct jaga_scanner *s);

/** Fills b->memo_hits, b->debtor_wl_name and b->creditor_wl_name for all records: one hs_scan
 *  for the batch (memo skeletons and raw names), plus one per memo only when the pack has
 *  separator-crossing patterns. HOT: no alloc/lock/syscall. */
void jaga_scanner_run(struct jaga_scanner *s, struct jaga_batch *b);
/** Same result with one hs_scan per field; kept for the benchmark's comparison. */
void jaga_scanner_run_per_record(struct jaga_scanner *s, struct jaga_batch *b);

#endif
