// SPDX-License-Identifier: Apache-2.0
/*
 * Memo and party-name scanning with Hyperscan. jaga_scan_db_build() compiles the lexicon and the
 * watch-list names once into an immutable database; each worker owns a jaga_scanner (scratch +
 * one concatenation buffer) and scans a whole batch with one hs_scan (perf.md §2: per-call
 * overhead dominates ~70-byte memos, so concatenating halves the cost). This file does not load
 * lexicons or watch lists (io/ does) and does not decide anything from the hits (models/engine.c).
 *
 * Buffer layout. Every field is framed by the separator SEP = "\n\x1e\n":
 *
 *     SEP skel(memo[0]) SEP debtor_name[0] SEP creditor_name[0] SEP skel(memo[1]) SEP ... SEP
 *
 * - Memos are written as their skeleton (models/rules/skel.h), folded straight into the buffer:
 *   evasions (case, diacritics, look-alikes, "s.c.h.o.o.l", "sch00l", "yoooung") are undone once
 *   per memo, so lexicon patterns stay plain words that Hyperscan matches as literals. When the
 *   fold deleted punctuation inside a word or read digits as letters, the memo's segment also
 *   holds its split reading after a SEP: "gift-card" is "giftcard SEP gift-card", so `\bgift\b`
 *   still finds the word that "sch-ool" must lose its hyphen for. A pattern matches either
 *   reading, never across them. Names are copied raw (below): the watch list matches them as
 *   written.
 * - `.` cannot cross the '\n's and `\s` cannot cross the '\x1e', so the usual `\d{1,2}\s*tahun`
 *   or `w.{0,20}w` patterns cannot join the end of one field to the start of the next. A
 *   skeleton holds no byte below 0x20 ('\n' and '\x1e' in a memo become spaces), so a field
 *   cannot fake a boundary.
 * - `\b` sees a non-word byte at both ends of a field, as at the ends of a lone string.
 * - Lexicon patterns are compiled with HS_FLAG_MULTILINE, so `^` and `$` match at the start and
 *   end of every memo.
 * - Name fields are copied trimmed, with each whitespace run turned into one space, and a
 *   watch-list name is the caseless literal "\nTOK TOK\n": it matches a whole name field and
 *   nothing else, without HS_FLAG_SOM_LEFTMOST, and compiles and scans as a literal.
 * - SEP is valid UTF-8; an invalid byte such as 0xff would make HS_FLAG_UTF8 results undefined
 *   (and Hyperscan does let `\W+` run over 0xff).
 *
 * A pattern that can match both '\n' and '\x1e' (`gift\W+card`, `\s.\s`, `[^a-z]+`) could
 * still span SEP. Such patterns are detected conservatively at build time and compiled into a
 * second database that is run on each framed memo on its own: one extra hs_scan per memo, paid
 * only when the lexicon has such patterns.
 *
 * A lexicon match is credited to memo k (framed as [s, e) in the buffer) when its end offset `to`
 * satisfies s <= to <= e + 1: a pattern that cannot cross '\x1e' then lies inside SEP memo SEP,
 * exactly as when the memo is scanned alone (jaga_scanner_run_per_record), so results do not
 * depend on which records share a batch. A name match must end at e + 1.
 */
#include "models/rules/scan.h"

#include <errno.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <hs.h>

#include "core/base.h"
#include "core/mem.h"
#include "models/rules/skel.h"

#define SEP     "\n\x1e\n"
#define SEP_LEN 3u

/* Pattern ids: bit 31 set = watch-list name, low 31 bits = entry index; clear = lexicon pattern,
 * low 5 bits = category, bits 5..30 = lexicon index (for diagnostics only). */
#define ID_NAME       0x80000000u
#define ID_CAT_MASK   (JAGA_MEMO_MAX_CATEGORIES - 1u)
#define ID_LEX_SHIFT  5u
#define LEX_MAX       (1u << (31 - ID_LEX_SHIFT))
#define WL_MAX        0x7fffffffu
#define FIELD_MEMO    0u
#define FIELD_DEBTOR  1u
#define FIELD_CRED    2u
#define FIELDS_PER_RR 3u
#define SEGS_MAX      (FIELDS_PER_RR * JAGA_BATCH_MAX)

/* HS_FLAG_UCP is not used: Hyperscan rejects `\b` in UCP mode ("\b unsupported in UCP mode"),
 * and every cover-term pattern needs `\b`. Caseless matching of non-ASCII letters works in
 * UTF-8 mode without it; `\d`, `\w`, `\s` and `\b` stay ASCII, which suits skeletons: their
 * Latin letters and all their digits (Thai and Khmer ones too) are ASCII. Names are pure literals
 * (see name_pattern), and get HS_FLAG_UTF8 only when they have non-ASCII bytes: 10,000 names then
 * compile in about 1 s instead of 40 s for `^\s*TOK\s+TOK\s*$` regexes, and scan much faster. */
#define LEX_FLAGS        (HS_FLAG_CASELESS | HS_FLAG_UTF8 | HS_FLAG_MULTILINE)
#define NAME_FLAGS_ASCII HS_FLAG_CASELESS
#define NAME_FLAGS_UTF8  (HS_FLAG_CASELESS | HS_FLAG_UTF8)

struct jaga_scan_db {
    hs_database_t *batch;   /* lexicon + names, run once over a concatenated batch; NULL if none */
    hs_database_t *field;   /* lexicon patterns that could span SEP, run per memo; NULL if none */
    struct jaga_skel *skel; /* memo fold tables; NULL when there is no lexicon */
    uint32_t want;          /* bit f: some pattern reads field f (FIELD_*); others are left empty */
};

struct jaga_scanner {
    const struct jaga_scan_db *db;
    hs_scratch_t *scratch; /* NULL when the database is empty */
    char *buf;
    size_t cap;
    alignas(64) uint32_t seg_start[SEGS_MAX];
    alignas(64) uint32_t seg_end[SEGS_MAX];
    /* Per record of the current scan: where the memo's split reading starts, 0 = none. */
    alignas(64) uint32_t memo_split[JAGA_BATCH_MAX];
};

bool jaga_scan_db_has_per_memo(const struct jaga_scan_db *db)
{
    return db && db->field;
}

/* ------------------------------------------------------------------------------------------ */
/* Build (COLD)                                                                                */

JAGA_PRINTF(3, 4)
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Where one compiled expression came from, to turn a Hyperscan error index into a message. */
struct origin {
    uint32_t idx;  /* lexicon index, or watch-list entry index */
    int32_t alias; /* -1: lexicon pattern; -2: the entry's name; >= 0: alias index */
};

struct expr_set {
    const char **re;
    unsigned *flags;
    unsigned *ids;
    struct origin *org;
    char **owned; /* generated name patterns, freed with the set */
    size_t n, cap, n_owned;
};

static int expr_push(struct expr_set *s, const char *re, unsigned flags, unsigned id,
                     struct origin org, bool owned)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        const char **re2 = jaga_realloc(s->re, cap * sizeof(*re2));
        if (!re2)
            return -ENOMEM;
        s->re = re2;
        unsigned *fl2 = jaga_realloc(s->flags, cap * sizeof(*fl2));
        if (!fl2)
            return -ENOMEM;
        s->flags = fl2;
        unsigned *id2 = jaga_realloc(s->ids, cap * sizeof(*id2));
        if (!id2)
            return -ENOMEM;
        s->ids = id2;
        struct origin *org2 = jaga_realloc(s->org, cap * sizeof(*org2));
        if (!org2)
            return -ENOMEM;
        s->org = org2;
        char **ow2 = jaga_realloc(s->owned, cap * sizeof(*ow2));
        if (!ow2)
            return -ENOMEM;
        s->owned = ow2;
        s->cap = cap;
    }
    s->re[s->n] = re;
    s->flags[s->n] = flags;
    s->ids[s->n] = id;
    s->org[s->n] = org;
    s->n++;
    if (owned)
        s->owned[s->n_owned++] = (char *)re;
    return 0;
}

static void expr_free(struct expr_set *s)
{
    for (size_t i = 0; i < s->n_owned; i++)
        jaga_free(s->owned[i]);
    jaga_free(s->re);
    jaga_free(s->flags);
    jaga_free(s->ids);
    jaga_free(s->org);
    jaga_free(s->owned);
}

static bool is_alnum_ascii(unsigned c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Conservative lexical test: could `re` match a string containing "\n\x1e\n"? That needs an
 * atom that can match '\n' and one that can match '\x1e'. It errs towards yes: any \x.., \p{..},
 * \c., octal, negated or POSIX class, or class range starting at a control byte counts as both,
 * and so does anything it does not know. A yes only costs speed (the per-memo database). */
static bool pattern_may_span_sep(const char *re)
{
    bool nl = false, rs = false, dot = false, dotall = false, in_class = false, low = false;
    /* A negated class matches every character it does not list: it can match '\n' unless it
     * lists \n, and '\x1e' unless it lists \x1e (e.g. a term's edge [^a-z0-9\n\x1e]). */
    bool neg = false, neg_nl = false, neg_rs = false;
    const unsigned char *p = (const unsigned char *)re, *class_first = NULL;

    while (*p) {
        unsigned c = *p;
        if (c == '\\') {
            unsigned d = p[1];
            if (!d)
                break;
            if (in_class && neg) {
                /* Listed characters only remove matches from a negated class. */
                if (d == 'n' || d == 's' || d == 'v')
                    neg_nl = true;
                if (d == 'x' && p[2] == '1' && (p[3] == 'e' || p[3] == 'E'))
                    neg_rs = true, p += 2;
                p += 2;
                continue;
            }
            if (d == 'Q') { /* \Q...\E: literal bytes */
                for (p += 2; *p && !(p[0] == '\\' && p[1] == 'E'); p++) {
                    nl |= *p == '\n';
                    rs |= *p == 0x1e;
                }
                p += *p ? 2 : 0;
                low = false;
                continue;
            }
            switch (d) {
            case 's':
            case 'v':
            case 'n': nl = true; break;
            case 'S':
            case 'V': rs = true; break;
            case 'W':
            case 'D':
            case 'H': nl = rs = true; break;
            case 'w':
            case 'd':
            case 'h':
            case 't':
            case 'r':
            case 'f':
            case 'a':
            case 'b':
            case 'B':
            case 'A':
            case 'z':
            case 'Z':
            case 'G':
            case 'E': break;
            default:
                /* \x.. \o{..} \c. \0 \1 \p{..} \P{..} \N \R \X ...: may denote anything. */
                if (is_alnum_ascii(d))
                    nl = rs = true;
                break;
            }
            /* In a class, a range may start at an escaped control byte ([\t-z] holds '\n'). */
            low = in_class && is_alnum_ascii(d) && !strchr("wWdDsShHvV", (int)d);
            p += 2;
            continue;
        }
        if (in_class) {
            if (c == ']' && p != class_first) {
                in_class = false;
                if (neg) {
                    nl |= !neg_nl;
                    rs |= !neg_rs;
                }
            } else if (neg) {
                neg_nl |= c == '\n';
                neg_rs |= c == 0x1e;
                if (c == '[' && p[1] == ':')
                    nl = rs = true; /* POSIX classes inside: give up */
            } else if (c == '[' && p[1] == ':') {
                nl = rs = true;
            } else if (c == '-' && low && p[1] != ']') {
                nl = rs = true;
            }
            if (!neg) {
                nl |= c == '\n';
                rs |= c == 0x1e;
            }
            low = c < 0x20;
            p++;
            continue;
        }
        switch (c) {
        case '[':
            in_class = true;
            low = false;
            neg = neg_nl = neg_rs = false;
            p++;
            if (*p == '^') {
                neg = true;
                p++;
            }
            class_first = p; /* a ']' here is a literal */
            continue;
        case '.': dot = true; break;
        case '(':
            if (p[1] == '?') {
                for (const unsigned char *q = p + 2; *q && *q != ')' && *q != ':'; q++)
                    dotall |= *q == 's';
            }
            break;
        case '\n': nl = true; break;
        case 0x1e: rs = true; break;
        default: break;
        }
        p++;
    }
    if (dot) {
        rs = true;
        nl |= dotall;
    }
    return nl && rs;
}

/* Byte length of the whitespace or control character at p (n bytes available), 0 if none. ASCII
 * controls count (so '\n' and '\x1e' do), and so do the Unicode spaces: NBSP, U+1680,
 * U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, and NEL. Names from the watch list and
 * name fields in the data are split with this same test. */
static JAGA_ALWAYS_INLINE size_t space_len(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    if (c <= 0x20 || c == 0x7f)
        return 1;
    if (c < 0xc2)
        return 0;
    if (c == 0xc2)
        return n >= 2 && (p[1] == 0xa0 || p[1] == 0x85) ? 2 : 0;
    if (n < 3 || c < 0xe1 || c > 0xe3)
        return 0;
    if (c == 0xe1)
        return p[1] == 0x9a && p[2] == 0x80 ? 3 : 0;
    if (c == 0xe3)
        return p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
    if (p[1] == 0x80)
        return (p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf ? 3
                                                                                              : 0;
    return p[1] == 0x81 && p[2] == 0x9f ? 3 : 0;
}

/* A watch-list name becomes the literal "\nTOK TOK ...\n": name fields are copied into the scan
 * buffer trimmed, with every whitespace run turned into one space (copy_name), and framed by
 * SEP, so the literal matches exactly a whole name field, whatever its spacing. Sets *out to NULL
 * when the name has no token, and *non_ascii when it needs HS_FLAG_UTF8 for caseless matching. */
static int name_pattern(const char *name, char **out, bool *non_ascii)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t n = strlen(name), i = 0, o = 0;
    /* Worst case: every byte escaped, plus the two "\n". */
    char *re = jaga_malloc(2 * n + 8);
    if (!re)
        return -ENOMEM;
    bool any = false;
    *non_ascii = false;
    memcpy(re, "\\n", 2);
    o = 2;
    while (i < n) {
        size_t sl;
        while (i < n && (sl = space_len(p + i, n - i)) != 0)
            i += sl;
        if (i == n)
            break;
        if (any)
            re[o++] = ' ';
        any = true;
        while (i < n && !space_len(p + i, n - i)) {
            unsigned c = p[i++];
            *non_ascii |= c >= 0x80;
            if (c < 0x80 && !is_alnum_ascii(c))
                re[o++] = '\\';
            re[o++] = (char)c;
        }
    }
    if (!any) {
        jaga_free(re);
        *out = NULL;
        return 0;
    }
    memcpy(re + o, "\\n", 3);
    *out = re;
    return 0;
}

static void origin_msg(const struct origin *org, const struct jaga_lexicon *lex,
                       const struct jaga_watchlist *wl, const char *msg, char *err, size_t errlen)
{
    if (org->alias == -1) {
        const struct jaga_lex_pattern *lp = &lex->v[org->idx];
        set_err(err, errlen, "%s:%u: pattern rejected: %s", lp->file ? lp->file : "?",
                (unsigned)lp->line, msg);
    } else if (org->alias == -2) {
        set_err(err, errlen, "watchlist entry %s: name rejected: %s", wl->v[org->idx].entry_id,
                msg);
    } else {
        set_err(err, errlen, "watchlist entry %s: alias %d rejected: %s", wl->v[org->idx].entry_id,
                (int)org->alias + 1, msg);
    }
}

static int compile_set(const struct expr_set *s, const struct jaga_lexicon *lex,
                       const struct jaga_watchlist *wl, hs_database_t **db, char *err,
                       size_t errlen)
{
    hs_compile_error_t *cerr = NULL;
    hs_error_t rc =
        hs_compile_multi(s->re, s->flags, s->ids, (unsigned)s->n, HS_MODE_BLOCK, NULL, db, &cerr);
    if (rc == HS_SUCCESS)
        return 0;
    int ret = rc == HS_ARCH_ERROR ? -ENOTSUP : rc == HS_NOMEM ? -ENOMEM : -EINVAL;
    if (cerr && cerr->expression >= 0 && (size_t)cerr->expression < s->n)
        origin_msg(&s->org[cerr->expression], lex, wl, cerr->message, err, errlen);
    else
        set_err(err, errlen, "hyperscan: %s", cerr ? cerr->message : "compile failed");
    hs_free_compile_error(cerr);
    return ret;
}

/* A term's regex: at most 8 forms of its skeleton (no longer than the term), each byte
 * escaped. */
#define TERM_RE_CAP(len) (64 * (len) + 1024)

static int add_lexicon(const struct jaga_lexicon *lex, const struct jaga_skel *skel,
                       struct expr_set *batch, struct expr_set *field, char *err, size_t errlen)
{
    if (lex->n > LEX_MAX) {
        set_err(err, errlen, "lexicon: %zu patterns, at most %u", lex->n, LEX_MAX);
        return -EINVAL;
    }
    for (size_t i = 0; i < lex->n; i++) {
        const struct jaga_lex_pattern *lp = &lex->v[i];
        const char *file = lp->file ? lp->file : "?";
        if (!lp->regex || !*lp->regex) {
            set_err(err, errlen, "%s:%u: pattern rejected: empty pattern", file,
                    (unsigned)lp->line);
            return -EINVAL;
        }
        if (lp->category >= JAGA_MEMO_MAX_CATEGORIES) {
            set_err(err, errlen, "%s:%u: pattern rejected: category %u, at most %u", file,
                    (unsigned)lp->line, (unsigned)lp->category, JAGA_MEMO_MAX_CATEGORIES - 1);
            return -EINVAL;
        }
        const char *re = lp->regex;
        char *owned = NULL;
        if (lp->term) {
            size_t tl = strlen(lp->regex);
            owned = jaga_malloc(TERM_RE_CAP(tl));
            if (!owned)
                return -ENOMEM;
            int n = jaga_skel_term_regex(skel, lp->regex, tl, owned, TERM_RE_CAP(tl));
            if (n < 0) {
                jaga_free(owned);
                if (n == -ENOMEM)
                    return n;
                set_err(err, errlen, "%s:%u: term '%s' rejected: %s", file, (unsigned)lp->line,
                        lp->regex,
                        n == -ENOSPC  ? "too long"
                        : n == -E2BIG ? "more than 4 words (write a pattern)"
                                      : "it has no letter or digit, or is not UTF-8");
                return -EINVAL;
            }
            re = owned;
        }
        /* Vet each pattern alone first: the message then names the pattern even when
         * hs_compile_multi would only report a database-wide failure. */
        hs_expr_info_t *info = NULL;
        hs_compile_error_t *cerr = NULL;
        char why[256] = "";
        if (hs_expression_info(re, LEX_FLAGS, &info, &cerr) != HS_SUCCESS) {
            set_err(err, errlen, "%s:%u: pattern rejected: %s", file, (unsigned)lp->line,
                    cerr ? cerr->message : "invalid");
            hs_free_compile_error(cerr);
            jaga_free(owned);
            return -EINVAL;
        }
        bool empty = info->min_width == 0;
        jaga_free(info); /* Hyperscan's misc allocator: jaga_malloc (STYLE §3.5) or libc */
        if (empty) {
            set_err(err, errlen, "%s:%u: pattern rejected: it can match an empty string", file,
                    (unsigned)lp->line);
            jaga_free(owned);
            return -EINVAL;
        }
        /* A pattern written for raw text ("school", "tuổi") would silently never match. */
        if (!owned && jaga_skel_vet_regex(skel, re, why, sizeof(why))) {
            set_err(err, errlen, "%s:%u: pattern rejected: %s", file, (unsigned)lp->line, why);
            return -EINVAL;
        }
        unsigned id = ((unsigned)i << ID_LEX_SHIFT) | lp->category;
        struct origin org = { .idx = (uint32_t)i, .alias = -1 };
        struct expr_set *dst = pattern_may_span_sep(re) ? field : batch;
        int rc = expr_push(dst, re, LEX_FLAGS, id, org, owned != NULL);
        if (rc) {
            jaga_free(owned);
            return rc;
        }
    }
    return 0;
}

static int add_names(const struct jaga_watchlist *wl, struct expr_set *batch, size_t *n_names)
{
    for (size_t e = 0; e < wl->n; e++) {
        const struct jaga_watch_entry *we = &wl->v[e];
        bool has_name = we->name && *we->name;
        if (we->kind != JAGA_WL_PERSON && !has_name)
            continue;
        for (int32_t a = -1; a < (int32_t)we->n_aliases; a++) {
            const char *name = a < 0 ? we->name : we->aliases[a];
            if (!name || !*name)
                continue;
            char *re = NULL;
            bool non_ascii;
            int rc = name_pattern(name, &re, &non_ascii);
            if (rc)
                return rc;
            if (!re)
                continue;
            struct origin org = { .idx = (uint32_t)e, .alias = a < 0 ? -2 : a };
            unsigned flags = non_ascii ? NAME_FLAGS_UTF8 : NAME_FLAGS_ASCII;
            rc = expr_push(batch, re, flags, ID_NAME | (unsigned)e, org, true);
            if (rc) {
                jaga_free(re);
                return rc;
            }
            (*n_names)++;
        }
    }
    return 0;
}

JAGA_COLD int jaga_scan_db_build(const struct jaga_lexicon *lex, const struct jaga_watchlist *wl,
                                 struct jaga_scan_db **out, char *err, size_t errlen)
{
    static const struct jaga_lexicon no_lex = { 0 };
    static const struct jaga_watchlist no_wl = { 0 };
    struct expr_set batch = { 0 }, field = { 0 };
    hs_database_t *hb = NULL, *hf = NULL;
    struct jaga_scan_db *db = NULL;
    struct jaga_skel *skel = NULL;
    size_t n_names = 0;
    int rc = -EINVAL;

    if (!out || (lex && lex->n && !lex->v) || (wl && wl->n && !wl->v)) {
        set_err(err, errlen, "jaga_scan_db_build: bad arguments");
        return -EINVAL;
    }
    lex = lex ? lex : &no_lex;
    wl = wl ? wl : &no_wl;
    if (wl->n > WL_MAX) {
        set_err(err, errlen, "watchlist: %zu entries, at most %u", wl->n, WL_MAX);
        return -EINVAL;
    }
    if (lex->n || wl->n) {
        if (hs_valid_platform() != HS_SUCCESS) {
            set_err(err, errlen, "hyperscan: this CPU lacks SSSE3");
            return -ENOTSUP;
        }
    }

    if (lex->n && (rc = jaga_skel_create(&skel)))
        goto fail;
    rc = add_lexicon(lex, skel, &batch, &field, err, errlen);
    if (rc)
        goto fail;
    rc = add_names(wl, &batch, &n_names);
    if (rc)
        goto fail;
    if (batch.n) {
        rc = compile_set(&batch, lex, wl, &hb, err, errlen);
        if (rc)
            goto fail;
    }
    if (field.n) {
        rc = compile_set(&field, lex, wl, &hf, err, errlen);
        if (rc)
            goto fail;
    }
    db = jaga_calloc(1, sizeof(*db));
    if (!db) {
        rc = -ENOMEM;
        goto fail;
    }
    db->batch = hb;
    db->field = hf;
    db->skel = skel;
    db->want =
        (lex->n ? 1u << FIELD_MEMO : 0) | (n_names ? (1u << FIELD_DEBTOR) | (1u << FIELD_CRED) : 0);
    expr_free(&field);
    expr_free(&batch);
    *out = db;
    return 0;

fail:
    if (rc == -ENOMEM && err && errlen && !*err)
        set_err(err, errlen, "scan db: out of memory");
    jaga_skel_destroy(skel);
    hs_free_database(hf);
    hs_free_database(hb);
    expr_free(&field);
    expr_free(&batch);
    return rc;
}

JAGA_COLD void jaga_scan_db_destroy(struct jaga_scan_db *db)
{
    if (!db)
        return;
    hs_free_database(db->field);
    hs_free_database(db->batch);
    jaga_skel_destroy(db->skel);
    jaga_free(db);
}

JAGA_COLD int jaga_scanner_create(const struct jaga_scan_db *db, struct jaga_scanner **out)
{
    if (!db || !out)
        return -EINVAL;
    struct jaga_scanner *s = jaga_aligned_alloc(64, sizeof(*s));
    if (!s)
        return -ENOMEM;
    memset(s, 0, sizeof(*s));
    s->db = db;
    /* Every field lies in the batch arena, so with non-overlapping slices the fields of a batch
     * total at most JAGA_ARENA_SIZE, and a memo takes at most twice its length (two readings,
     * put_memo); jaga_scanner_run splits the rare batch that does not fit (slices may overlap)
     * into several scans. */
    s->cap = 2 * (size_t)JAGA_ARENA_SIZE + (size_t)SEP_LEN * (2 * SEGS_MAX + 1);
    s->buf = jaga_aligned_alloc(64, s->cap);
    if (!s->buf)
        goto fail;
    if (db->batch && hs_alloc_scratch(db->batch, &s->scratch) != HS_SUCCESS)
        goto fail;
    /* A scratch grown for both databases serves either. */
    if (db->field && hs_alloc_scratch(db->field, &s->scratch) != HS_SUCCESS)
        goto fail;
    *out = s;
    return 0;

fail:
    hs_free_scratch(s->scratch);
    jaga_free(s->buf);
    jaga_free(s);
    return -ENOMEM;
}

JAGA_COLD void jaga_scanner_destroy(struct jaga_scanner *s)
{
    if (!s)
        return;
    hs_free_scratch(s->scratch);
    jaga_free(s->buf);
    jaga_free(s);
}

/* ------------------------------------------------------------------------------------------ */
/* Scan (HOT)                                                                                  */

struct scan_ctx {
    struct jaga_batch *b;
    const uint32_t *start; /* segment k is [start[k], end[k]) of the scanned buffer, ascending */
    const uint32_t *end;
    uint32_t nseg;
    uint32_t cur;   /* segment of the previous match: matches mostly come in ascending order */
    uint32_t slot0; /* FIELDS_PER_RR * record + field of segment 0 */
};

/* Last segment whose start is <= to, or -1. */
static JAGA_ALWAYS_INLINE int32_t seg_find(struct scan_ctx *c, unsigned long long to)
{
    const uint32_t *st = c->start;
    uint32_t j = c->cur, lo, hi;

    if (st[j] <= to) {
        if (j + 1 == c->nseg || to < st[j + 1])
            return (int32_t)j;
        lo = j + 1;
        hi = c->nseg;
    } else {
        if (to < st[0])
            return -1;
        lo = 0;
        hi = j;
    }
    /* Invariant: st[lo] <= to, and the answer is in [lo, hi). */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (st[mid] <= to)
            lo = mid;
        else
            hi = mid;
    }
    c->cur = lo;
    return (int32_t)lo;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *vctx)
{
    (void)from;
    (void)flags;
    struct scan_ctx *c = vctx;
    int32_t k = seg_find(c, to);
    if (k < 0)
        return 0;
    uint32_t slot = c->slot0 + (uint32_t)k;
    uint32_t rec = slot / FIELDS_PER_RR;
    uint32_t field = slot - rec * FIELDS_PER_RR;

    if (id & ID_NAME) {
        /* "\nNAME\n" ends one byte after a field that is exactly NAME. */
        if (field == FIELD_MEMO || to != (unsigned long long)c->end[k] + 1)
            return 0;
        int32_t *wl = field == FIELD_DEBTOR ? c->b->debtor_wl_name : c->b->creditor_wl_name;
        uint32_t entry = id & ~ID_NAME;
        /* -1 (none) compares as UINT32_MAX: the lowest entry index wins. */
        if (entry < (uint32_t)wl[rec])
            wl[rec] = (int32_t)entry;
    } else {
        if (field != FIELD_MEMO || to > (unsigned long long)c->end[k] + 1)
            return 0;
        c->b->memo_hits[rec] |= 1u << (id & ID_CAT_MASK);
    }
    return 0;
}

/* GCC/Clang generic vectors, not intrinsics: plain SSE2 on the baseline target. */
typedef unsigned char v16u __attribute__((vector_size(16)));
typedef unsigned char v8u __attribute__((vector_size(8)));

/* Bytes that may start whitespace or a control (space_len), and pairs of spaces: any of them
 * sends a name to the slow copy. a holds bytes [i, i+W), b bytes [i+1, i+1+W). */
#define NAME_BAD(a, b, T)                                                             \
    ((T)((a) < 0x20) | (T)((a) == 0x7f) | (T)((a) == 0xc2) | (T)((T)((a)-0xe1) < 3) | \
     (T)((b) < 0x20) | (T)((b) == 0x7f) | (T)((b) == 0xc2) | (T)((T)((b)-0xe1) < 3) | \
     (T)(((a) == ' ') & ((b) == ' ')))

/* Whether a name field is already in normal form (no leading, trailing or double space, no
 * other whitespace): true for most names, which are then copied as they are. Fields shorter
 * than 9 bytes take the slow path, which is cheap for them. */
static JAGA_ALWAYS_INLINE bool name_is_normal(const char *src, uint32_t len)
{
    if (len < 9 || src[0] == ' ' || src[len - 1] == ' ')
        return false;
    uint64_t w[2];
    if (len >= 17) {
        v16u bad = { 0 }, a, b;
        for (uint32_t i = 0;; i += 16) {
            if (i + 17 > len)
                i = len - 17;
            memcpy(&a, src + i, 16);
            memcpy(&b, src + i + 1, 16);
            bad |= NAME_BAD(a, b, v16u);
            if (i + 17 == len)
                break;
        }
        memcpy(w, &bad, 16);
        return !(w[0] | w[1]);
    }
    v8u a, b, bad;
    memcpy(&a, src, 8);
    memcpy(&b, src + 1, 8);
    bad = NAME_BAD(a, b, v8u);
    memcpy(&a, src + len - 9, 8);
    memcpy(&b, src + len - 8, 8);
    bad |= NAME_BAD(a, b, v8u);
    memcpy(w, &bad, 8);
    return !w[0];
}

/* Copies a name field trimmed, with every whitespace run turned into one space, so that the
 * literal of name_pattern matches it whatever its spacing. Returns the length written (<= len);
 * the output holds no byte of SEP. */
static uint32_t copy_name(char *restrict dst, const char *restrict src, uint32_t len)
{
    if (name_is_normal(src, len)) {
        memcpy(dst, src, len);
        return len;
    }
    const unsigned char *p = (const unsigned char *)src;
    uint32_t i = 0, o = 0;
    bool gap = false;
    while (i < len) {
        unsigned c = p[i];
        size_t sl = c > 0x20 && c < 0x7f ? 0 : space_len(p + i, len - i);
        if (sl) {
            gap = o != 0;
            i += (uint32_t)sl;
            continue;
        }
        if (gap)
            dst[o++] = ' ';
        gap = false;
        dst[o++] = (char)c;
        i++;
    }
    return o;
}

/* Space a field may take in the buffer, SEPs around it aside. */
static JAGA_ALWAYS_INLINE size_t field_room(uint32_t len, uint32_t f)
{
    return f == FIELD_MEMO ? 2 * (size_t)len + SEP_LEN : len;
}

/* Writes a memo's skeleton at dst, then SEP and its split reading when the two may differ.
 * Returns the length written, at most field_room(); *a_len is the first reading's. */
static JAGA_ALWAYS_INLINE uint32_t put_memo(const struct jaga_skel *skel, char *restrict dst,
                                            const char *restrict src, uint32_t len, uint32_t *a_len)
{
    bool joined = false;
    uint32_t a = len ? (uint32_t)jaga_skel_fold(skel, src, len, dst, 0, &joined) : 0;
    *a_len = a;
    if (jaga_likely(!joined))
        return a;
    memcpy(dst + a, SEP, SEP_LEN);
    return a + SEP_LEN +
           (uint32_t)jaga_skel_fold(skel, src, len, dst + a + SEP_LEN, JAGA_SKEL_SPLIT, NULL);
}

/* Writes field f at dst (a memo as put_memo, a name normalised); returns the length written.
 * *a_len: for a memo, the length of its first reading. */
static JAGA_ALWAYS_INLINE uint32_t copy_any(const struct jaga_skel *skel, char *restrict dst,
                                            const char *restrict src, uint32_t len, uint32_t f,
                                            uint32_t *a_len)
{
    if (f == FIELD_MEMO)
        return put_memo(skel, dst, src, len, a_len);
    return *a_len = copy_name(dst, src, len);
}

static JAGA_ALWAYS_INLINE struct jaga_sref field_ref(const struct jaga_batch *b, uint32_t i,
                                                     uint32_t f)
{
    struct jaga_sref r = f == FIELD_MEMO     ? b->memo[i]
                         : f == FIELD_DEBTOR ? b->debtor_name[i]
                                             : b->creditor_name[i];
    jaga_assert((uint64_t)r.off + r.len <= JAGA_ARENA_SIZE);
    return r;
}

static void scan_or_die(const hs_database_t *db, const char *data, size_t len,
                        struct jaga_scanner *s, struct scan_ctx *c)
{
    hs_error_t rc = hs_scan(db, data, (unsigned)len, 0, s->scratch, on_match, c);
    /* Only a bug (shared scratch, corrupt database) can fail a scan; skipping it would
     * silently drop hits. */
    JAGA_BUG_ON(rc != HS_SUCCESS);
}

/* Runs the per-memo database over the text at p (flen bytes, framed by SEP on both sides in
 * the buffer), crediting slot. */
static void scan_framed(struct jaga_scanner *s, struct jaga_batch *b, const char *p, uint32_t flen,
                        uint32_t slot)
{
    uint32_t st = SEP_LEN, en = SEP_LEN + flen;
    struct scan_ctx c = { .b = b, .start = &st, .end = &en, .nseg = 1, .slot0 = slot };
    scan_or_die(s->db->field, p - SEP_LEN, flen + 2 * SEP_LEN, s, &c);
}

/* The per-memo database never sees both readings at once: a pattern that crosses SEP would
 * join the end of one to the start of the other. */
static void scan_memo_readings(struct jaga_scanner *s, struct jaga_batch *b, uint32_t seg_start,
                               uint32_t seg_end, uint32_t split, uint32_t slot)
{
    uint32_t a_end = split ? split - SEP_LEN : seg_end;
    scan_framed(s, b, s->buf + seg_start, a_end - seg_start, slot);
    if (split)
        scan_framed(s, b, s->buf + split, seg_end - split, slot);
}

/* Scans one field alone, framed as SEP field SEP at the start of the buffer. */
static void scan_one_field(struct jaga_scanner *s, struct jaga_batch *b, uint32_t i, uint32_t f)
{
    if (!(s->db->want & (1u << f)))
        return; /* no pattern would be credited to this field */
    struct jaga_sref r = field_ref(b, i, f);
    JAGA_BUG_ON(field_room(r.len, f) > s->cap - 2 * SEP_LEN);
    memcpy(s->buf, SEP, SEP_LEN);
    uint32_t alen;
    uint32_t flen = copy_any(s->db->skel, s->buf + SEP_LEN, jaga_batch_str(b, r), r.len, f, &alen);
    memcpy(s->buf + SEP_LEN + flen, SEP, SEP_LEN);
    uint32_t st = SEP_LEN, en = SEP_LEN + flen, slot = FIELDS_PER_RR * i + f;
    struct scan_ctx c = { .b = b, .start = &st, .end = &en, .nseg = 1, .slot0 = slot };
    if (s->db->batch)
        scan_or_die(s->db->batch, s->buf, flen + 2 * SEP_LEN, s, &c);
    if (s->db->field && f == FIELD_MEMO)
        scan_memo_readings(s, b, st, en, alen != flen ? st + alen + SEP_LEN : 0, slot);
}

static void clear_outputs(struct jaga_batch *b)
{
    for (uint32_t i = 0; i < b->n; i++) {
        b->memo_hits[i] = 0;
        b->debtor_wl_name[i] = -1;
        b->creditor_wl_name[i] = -1;
    }
}

JAGA_HOT void jaga_scanner_run(struct jaga_scanner *s, struct jaga_batch *b)
{
    const struct jaga_scan_db *db = s->db;
    uint32_t n = b->n;

    jaga_assert(n <= JAGA_BATCH_MAX);
    clear_outputs(b);
    if (!db->batch && !db->field)
        return;

    /* A field no pattern reads is left empty: its matches would not be credited anyway. */
    const uint32_t keep[FIELDS_PER_RR] = { db->want & (1u << FIELD_MEMO) ? ~0u : 0,
                                           db->want & (1u << FIELD_DEBTOR) ? ~0u : 0,
                                           db->want & (1u << FIELD_CRED) ? ~0u : 0 };
    uint32_t i = 0;
    while (i < n) {
        /* Fill the buffer with as many whole records as fit (all of them unless the batch's
         * slices overlap), then scan it once. */
        uint32_t rec0 = i, nseg = 0;
        size_t pos = SEP_LEN;
        memcpy(s->buf, SEP, SEP_LEN);
        for (; i < n; i++) {
            struct jaga_sref r[FIELDS_PER_RR] = { field_ref(b, i, FIELD_MEMO),
                                                  field_ref(b, i, FIELD_DEBTOR),
                                                  field_ref(b, i, FIELD_CRED) };
            for (uint32_t f = 0; f < FIELDS_PER_RR; f++)
                r[f].len &= keep[f];
            size_t need =
                field_room(r[0].len, FIELD_MEMO) + r[1].len + r[2].len + FIELDS_PER_RR * SEP_LEN;
            if (jaga_unlikely(pos + need > s->cap))
                break;
            for (uint32_t f = 0; f < FIELDS_PER_RR; f++) {
                uint32_t alen, w;
                s->seg_start[nseg] = (uint32_t)pos;
                w = copy_any(db->skel, s->buf + pos, jaga_batch_str(b, r[f]), r[f].len, f, &alen);
                if (f == FIELD_MEMO)
                    s->memo_split[i - rec0] = w != alen ? (uint32_t)pos + alen + SEP_LEN : 0;
                pos += w;
                s->seg_end[nseg++] = (uint32_t)pos;
                memcpy(s->buf + pos, SEP, SEP_LEN);
                pos += SEP_LEN;
            }
        }
        if (jaga_unlikely(nseg == 0)) {
            /* One record larger than the buffer: only possible with overlapping slices. */
            for (uint32_t f = 0; f < FIELDS_PER_RR; f++)
                scan_one_field(s, b, i, f);
            i++;
            continue;
        }
        struct scan_ctx c = { .b = b,
                              .start = s->seg_start,
                              .end = s->seg_end,
                              .nseg = nseg,
                              .slot0 = FIELDS_PER_RR * rec0 };
        if (db->batch)
            scan_or_die(db->batch, s->buf, pos, s, &c);
        if (db->field) {
            /* Each memo is already framed by SEP in the buffer: scan it in place. */
            for (uint32_t k = 0; k < nseg; k += FIELDS_PER_RR)
                scan_memo_readings(s, b, s->seg_start[k], s->seg_end[k],
                                   s->memo_split[k / FIELDS_PER_RR], c.slot0 + k);
        }
    }
}

JAGA_HOT void jaga_scanner_run_per_record(struct jaga_scanner *s, struct jaga_batch *b)
{
    jaga_assert(b->n <= JAGA_BATCH_MAX);
    clear_outputs(b);
    if (!s->db->batch && !s->db->field)
        return;
    for (uint32_t i = 0; i < b->n; i++) {
        for (uint32_t f = 0; f < FIELDS_PER_RR; f++)
            scan_one_field(s, b, i, f);
    }
}
