// SPDX-License-Identifier: Apache-2.0
/*
 * Fuzzy person-name index (models/rules/names.h). A name goes through four steps, the same on
 * the index and the query side:
 *
 *  1. Fold: Unicode NFKD, case fold and mark stripping (utf8proc), plus the letters NFKD does
 *     not split (đ, ø, ł, æ, ß ...) and Cyrillic/Greek look-alikes, as the memo skeleton (skel.c)
 * does. Anything that is not a letter separates words; apostrophes vanish (O'Brien = OBrien).
 *  2. Words to tokens: titles (Mr, Dr, Haji ...) and patronymic connectors (bin, binti) go,
 *     generational suffixes (Jr., Sr., III) and single-letter initials are kept aside,
 *     "Surname, Given" is turned round, particles join the word after them so that
 *     "De la Cruz", "Dela Cruz" and "Delacruz" are one token.
 *  3. Token to skeleton: whole-token spellings (Ma. = Maria, Mohd = Muhammad, Achmad = Ahmad),
 *     then letter rules for the spelling conventions of the region: old Indonesian oe/dj/tj/sj/
 *     nj/ch, j = y, c = k = q, f = p, v = b, z = s, ph/th/kh/dh, oo/ee, y = i before a
 *     consonant, a silent final h, and double letters collapsed. Two spellings of one name
 *     should reach the same skeleton; the rules are written as letter classes, not as a list of
 *     names.
 *  4. Match: token pairs are equal (exact), equal in skeleton (transliteration), or within a
 *     Damerau-Levenshtein budget (typo: 0 edits up to 3 letters, 1 up to 7, 2 from 8; at most
 *     2 over the whole name). Two adjacent tokens may also pair with one token (Nur Aini =
 *     Nuraini). The alignment ignores order.
 *
 * The index has two levels. Terms are the distinct tokens of all listed names, and the joins
 * of adjacent tokens; keys lead to terms: a term's raw form and skeleton and their deletion
 * neighbourhoods (SymSpell), deep enough that two terms within the typo budget share a key.
 * Each term lists the sources holding it. A query token looks up its keys, verifies the few
 * terms they reach once, and takes those terms' sources; a source's alignment later only
 * looks these verdicts up. A source must be reached by two query tokens (all of them when it
 * is at least as long as the query), so only the rarest tokens' sources enter the candidate
 * table and common tokens (maria, santos, nguyen, muhammad) only mark what is already there:
 * their long posting lists never fill it. Single-token names have their own posting lists and
 * only answer when a birth year or country agrees.
 *
 * It is not a general phonetic algorithm (Soundex, Metaphone) and knows no nicknames
 * (Bong = Roberto, Jun = Junior) or scripts other than Latin.
 */
#include "models/rules/names.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <utf8proc.h>

#include "core/base.h"
#include "core/hash.h"
#include "core/mem.h"

#define MAXWORD          40 /* words kept from one name */
#define MAXTOK           16 /* tokens kept from one name after joining */
#define TOK_MAX          48 /* bytes of a token's raw and lexicon forms */
#define SKEL_MAX         64 /* bytes of a skeleton ('x' becomes "ks", "ma" becomes "maria") */
#define JOIN_MAX         (2 * SKEL_MAX)
#define WB_MAX           1536 /* folded bytes of one name */
#define DEL1_MAX         24   /* deletion neighbourhoods only for keys up to this many bytes */
#define DEL2_MAX         16
#define CM_SLOTS         4096 /* candidate table on the stack; a power of two */
#define CM_FILL          3072
#define MAX_VERIFY       384
#define MAX_SPANS        512
#define TERMS_PER_KEYSET 256  /* distinct terms one query token's keys may reach */
#define MAX_KEYS         256  /* keys of one query token: 2 + 2 * 24 + 16 * 15 / 2 at most */
#define MAX_QTERMS       512  /* terms all query tokens and joins matched */
#define MAX_NODES        4096 /* alignment search nodes per candidate */

#define MONO_BIT (1u << 31)

/* A posting is a source id with the source's token count (capped at 7) in the top 3 bits, so
 * that feeding candidates needs no look at the source itself. */
#define POST_SHIFT 29
#define POST_SRC   ((1u << POST_SHIFT) - 1)

/* ------------------------------------------------------------------------------------------ */
/* Step 1: fold a name into words.                                                              */

struct word {
    uint16_t off;
    uint8_t len;
};

struct words {
    char b[WB_MAX];
    struct word w[MAXWORD];
    unsigned n;
    unsigned comma; /* words before the first comma; n when there is none */
};

/* Letters NFKD leaves whole, and Cyrillic/Greek letters that look Latin, as ASCII. Matching
 * is on the case-folded code point. */
static const char *special_letter(utf8proc_int32_t c)
{
    switch (c) {
    case 0x0111: return "d";  /* đ */
    case 0x00f0: return "d";  /* ð */
    case 0x00f8: return "o";  /* ø */
    case 0x0142: return "l";  /* ł */
    case 0x00e6: return "ae"; /* æ */
    case 0x0153: return "oe"; /* œ */
    case 0x00fe: return "th"; /* þ */
    case 0x0131: return "i";  /* dotless ı */
    case 0x0127: return "h";  /* ħ */
    case 0x0167: return "t";  /* ŧ */
    case 0x014b: return "ng"; /* ŋ */
    case 0x0430: return "a";  /* Cyrillic а */
    case 0x0435: return "e";  /* е */
    case 0x043e: return "o";  /* о */
    case 0x0440: return "p";  /* р */
    case 0x0441: return "c";  /* с */
    case 0x0443: return "y";  /* у */
    case 0x0445: return "x";  /* х */
    case 0x0456: return "i";  /* і */
    case 0x0458: return "j";  /* ј */
    case 0x0455: return "s";  /* ѕ */
    case 0x0501: return "d";  /* ԁ */
    case 0x03bf: return "o";  /* Greek ο */
    case 0x03b1: return "a";  /* α */
    case 0x03b9: return "i";  /* ι */
    case 0x03ba: return "k";  /* κ */
    case 0x03bd: return "v";  /* ν */
    case 0x03c1: return "p";  /* ρ */
    case 0x03c4: return "t";  /* τ */
    default: return NULL;
    }
}

static bool is_apostrophe(utf8proc_int32_t c)
{
    return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02bc || c == 0x0060 || c == 0x00b4 ||
           c == 0x02bb;
}

static bool is_letter_cat(utf8proc_int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LL || k == UTF8PROC_CATEGORY_LT ||
           k == UTF8PROC_CATEGORY_LM || k == UTF8PROC_CATEGORY_LO;
}

struct folder {
    struct words *ws;
    size_t o;     /* bytes used in ws->b */
    size_t start; /* start of the open word */
    bool open;    /* a word is being written */
    bool stopped; /* out of words or bytes: ignore the rest */
};

static void word_end(struct folder *f)
{
    if (!f->open)
        return;
    f->open = false;
    struct words *ws = f->ws;
    size_t len = f->o - f->start;
    if (len > TOK_MAX)
        len = TOK_MAX, f->o = f->start + TOK_MAX;
    ws->w[ws->n++] = (struct word){ (uint16_t)f->start, (uint8_t)len };
    if (ws->n == MAXWORD)
        f->stopped = true;
}

static void put_bytes(struct folder *f, const char *s, size_t k)
{
    if (f->stopped)
        return;
    if (f->o + k > WB_MAX) {
        word_end(f);
        f->stopped = true;
        return;
    }
    if (!f->open) {
        f->open = true;
        f->start = f->o;
    }
    memcpy(f->ws->b + f->o, s, k);
    f->o += k;
}

static void put_cp(struct folder *f, utf8proc_int32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        char ch = (char)c;
        put_bytes(f, &ch, 1);
    } else if (c >= 'A' && c <= 'Z') {
        char ch = (char)(c - 'A' + 'a');
        put_bytes(f, &ch, 1);
    } else if (is_apostrophe(c)) {
        /* O'Brien, Ma'ruf: the apostrophe neither splits nor counts. */
    } else if (special_letter(c)) {
        const char *s = special_letter(c);
        put_bytes(f, s, strlen(s));
    } else if (c >= 0x80 && is_letter_cat(c)) {
        utf8proc_uint8_t u[4];
        utf8proc_ssize_t k = utf8proc_encode_char(c, u);
        put_bytes(f, (const char *)u, (size_t)k);
    } else {
        word_end(f);
    }
}

static void fold_words(const char *name, size_t len, struct words *ws)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)name;
    struct folder f = { .ws = ws };
    ws->n = 0;
    ws->comma = MAXWORD + 1;
    if (len > JAGA_NAME_MAX_BYTES)
        len = JAGA_NAME_MAX_BYTES;
    size_t i = 0;
    while (i < len && !f.stopped) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0 || cp < 0) {
            /* Invalid UTF-8: one byte acts as a space. */
            word_end(&f);
            i++;
            continue;
        }
        i += (size_t)k;
        if (cp == ',') {
            word_end(&f);
            if (ws->comma > MAXWORD)
                ws->comma = ws->n;
            continue;
        }
        if (cp < 0x80 || is_apostrophe(cp) || special_letter(cp)) {
            put_cp(&f, cp);
            continue;
        }
        utf8proc_int32_t d[32];
        utf8proc_ssize_t m =
            utf8proc_decompose_char(cp, d, 32,
                                    UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                        UTF8PROC_LUMP | UTF8PROC_DECOMPOSE,
                                    NULL);
        if (m < 0 || m > 32) {
            word_end(&f);
            continue;
        }
        for (utf8proc_ssize_t j = 0; j < m; j++)
            put_cp(&f, d[j]);
    }
    word_end(&f);
    if (ws->comma > ws->n)
        ws->comma = ws->n;
}

/* ------------------------------------------------------------------------------------------ */
/* Step 2 and 3: words to tokens with skeletons.                                                */

struct ptok {
    uint8_t raw_len, lex_len, skel_len;
    char raw[TOK_MAX];   /* folded spelling, particles joined */
    char lex[TOK_MAX];   /* after whole-token spellings (ma -> maria) */
    char skel[SKEL_MAX]; /* after the letter rules */
};

struct pname {
    unsigned n;
    uint32_t initials; /* bit per letter of single-letter words */
    uint8_t gen;       /* generational suffix: 1 jr, 2 sr, 3 ii, 4 iii, 5 iv; 0 none */
    struct ptok t[MAXTOK];
};

static bool has_digit(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (w[i] >= '0' && w[i] <= '9')
            return true;
    return false;
}

static bool word_is(const char *w, size_t n, const char *s)
{
    return strlen(s) == n && !memcmp(w, s, n);
}

static bool in_list(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (word_is(w, n, *list))
            return true;
    return false;
}

/* Honorifics and degrees: dropped wherever they stand (degrees only after the first word). */
static const char *const titles[] = { "mr",     "mrs",   "ms",   "miss", "mx",  "dr",
                                      "drs",    "dra",   "prof", "hj",   "hjh", "haji",
                                      "hajjah", "hajah", "atty", "engr", "ir",  NULL };
static const char *const degrees[] = { "sh", "se",  "mm",  "mba", "spd", "skom", "ssi",
                                       "mh", "mpd", "msi", "amd", "phd", "md",   NULL };
/* Patronymic connectors (Malay/Indonesian): "Ahmad bin Ismail" is "Ahmad Ismail". */
static const char *const connectors[] = { "bin", "binti", "bte", "binte", "bt", "ibni", NULL };
/* Particles that belong to the next word: de la Cruz, delos Santos, Mc Donald, al Amin. Not
 * "van", "le" or "la": those are also Vietnamese names (Văn, Lê, La). */
static const char *const particles[] = { "de",  "del",   "dela",  "della", "delos", "delas",
                                         "di",  "da",    "dos",   "das",   "du",    "von",
                                         "der", "den",   "ter",   "ten",   "mac",   "mc",
                                         "san", "santa", "santo", "al",    "el",    NULL };

static unsigned gen_code(const char *w, size_t n)
{
    static const char *const g[] = { "jr",  "jnr", "junior", "sr",  "snr", "senior", "ii",
                                     "iii", "iv",  "2nd",    "3rd", "4th", NULL };
    static const uint8_t code[] = { 1, 1, 1, 2, 2, 2, 3, 4, 5, 3, 4, 5 };
    for (unsigned i = 0; g[i]; i++)
        if (word_is(w, n, g[i]))
            return code[i];
    return 0;
}

/* Whole-token spellings: the abbreviation or variant, then the form its skeleton comes from.
 * Muhammad and Ahmad have too many vowel spellings for letter rules without merging unrelated
 * names; Ma. is the Filipino abbreviation of Maria; Sta./Sto. of Santa/Santo. */
// clang-format off
static const char *const lexicon[][2] = {
    { "ma", "maria" }, { "sta", "santa" }, { "sto", "santo" },
    { "muhammad", "muhammad" }, { "muhamad", "muhammad" }, { "mohammad", "muhammad" },
    { "mohamad", "muhammad" }, { "mohammed", "muhammad" }, { "mohamed", "muhammad" },
    { "muhammed", "muhammad" }, { "muhamed", "muhammad" }, { "mochammad", "muhammad" },
    { "mochamad", "muhammad" }, { "mohamad", "muhammad" }, { "mokhamad", "muhammad" },
    { "muchammad", "muhammad" }, { "muchamad", "muhammad" }, { "mohd", "muhammad" },
    { "muhd", "muhammad" }, { "mhd", "muhammad" }, { "muh", "muhammad" }, { "moch", "muhammad" },
    { "moh", "muhammad" }, { "md", "muhammad" },
    { "ahmed", "ahmad" }, { "achmad", "ahmad" }, { "akhmad", "ahmad" }, { "ahmat", "ahmad" },
    { "achmed", "ahmad" }, { "abd", "abdul" }, { "abdel", "abdul" }, { "abdoel", "abdul" },
};
// clang-format on

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static void put_skel(char *o, size_t *k, size_t cap, char c)
{
    /* Double letters collapse: Muhammad = Muhamad, Kittisak = Kitisak. */
    if (!c || (*k && o[*k - 1] == c) || *k >= cap)
        return;
    o[(*k)++] = c;
}

/* Letter rules, left to right, longest match first. Non-ASCII bytes pass through. */
static size_t skeleton(const char *s, size_t n, char *o, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i], d = i + 1 < n ? s[i + 1] : 0, e = i + 2 < n ? s[i + 2] : 0;
        char a = c, b = 0;
        size_t adv = 1;
        char last = k ? o[k - 1] : 0;
        switch (c) {
        case 'o': /* oe (old Indonesian), oo (Thai), ou: all u */
            if (d == 'e' || d == 'o' || d == 'u')
                a = 'u', adv = 2;
            break;
        case 'e':
            if (d == 'e')
                a = 'i', adv = 2;
            break;
        case 'd': /* dj = j = y; dh = d */
            if (d == 'j')
                a = 'y', adv = 2;
            else if (d == 'h')
                adv = 2;
            break;
        case 't': /* tj = c = k; th = t */
            if (d == 'j')
                a = 'k', adv = 2;
            else if (d == 'h')
                adv = 2;
            break;
        case 'n': /* nj = ny */
            if (d == 'j')
                b = 'y', adv = 2;
            break;
        case 's': /* sj = sy = sh = s */
            if (d == 'j' || d == 'h' || (d == 'y' && is_vowel(e)))
                adv = 2;
            break;
        case 'c': /* ch = kh = h (Chairul, Khairul, Hairul); ck = c = k */
            a = d == 'h' ? 'h' : 'k';
            if (d == 'h' || d == 'k')
                adv = 2;
            break;
        case 'k':
            if (d == 'h')
                a = 'h', adv = 2;
            break;
        case 'p': /* ph = f = p, bh = v = b, gh = g */
        case 'b':
        case 'g':
            if (d == 'h')
                adv = 2;
            break;
        case 'q': a = 'k'; break;
        case 'x': a = 'k', b = 's'; break;
        case 'z': a = 's'; break;
        case 'f': a = 'p'; break;
        case 'v': a = 'b'; break;
        case 'j': a = 'y'; break;
        case 'y': /* Smyth = Smith, Somchay = Somchai; a y before a vowel stays */
            if (!is_vowel(d))
                a = 'i';
            break;
        case 'h':
            /* Silent h: final after a vowel (Fatimah, Aisyah), or after a consonant (Jhon,
             * Rhoda); not after n, which is the Vietnamese nh (Minh, Linh). */
            if ((i + 1 == n && is_vowel(last)) || (last >= 'a' && last <= 'z' && !is_vowel(last) &&
                                                   last != 'n' && last != 'y' && last != 'h'))
                a = 0;
            break;
        default: break;
        }
        put_skel(o, &k, cap, a);
        put_skel(o, &k, cap, b);
        i += adv;
    }
    return k;
}

static void tok_set(struct ptok *t, const char *raw, size_t rl, const char *lex, size_t ll)
{
    if (rl > TOK_MAX)
        rl = TOK_MAX;
    if (ll > TOK_MAX)
        ll = TOK_MAX;
    memcpy(t->raw, raw, rl);
    memcpy(t->lex, lex, ll);
    t->raw_len = (uint8_t)rl;
    t->lex_len = (uint8_t)ll;
}

static void tok_append(struct ptok *t, const struct ptok *u)
{
    size_t rl = JAGA_MIN((size_t)u->raw_len, TOK_MAX - (size_t)t->raw_len);
    size_t ll = JAGA_MIN((size_t)u->lex_len, TOK_MAX - (size_t)t->lex_len);
    memcpy(t->raw + t->raw_len, u->raw, rl);
    memcpy(t->lex + t->lex_len, u->lex, ll);
    t->raw_len = (uint8_t)(t->raw_len + rl);
    t->lex_len = (uint8_t)(t->lex_len + ll);
}

static void parse_name(const char *name, size_t len, struct words *ws, struct pname *pn)
{
    fold_words(name, len, ws);
    pn->n = 0;
    pn->initials = 0;
    pn->gen = 0;

    /* Classify words; keep name words in order, remembering which side of a comma. */
    unsigned keep[MAXWORD], nk = 0, before = 0;
    for (unsigned i = 0; i < ws->n; i++) {
        const char *w = ws->b + ws->w[i].off;
        size_t n = ws->w[i].len;
        if (n == 1 && w[0] >= 'a' && w[0] <= 'z') {
            pn->initials |= 1u << (w[0] - 'a');
            continue;
        }
        if (in_list(w, n, titles) || (i > 0 && in_list(w, n, degrees)) ||
            (i > 0 && in_list(w, n, connectors)))
            continue;
        unsigned g = i > 0 ? gen_code(w, n) : 0;
        if (g) {
            pn->gen = (uint8_t)g;
            continue;
        }
        if (has_digit(w, n))
            continue; /* names have no digits: a reference number or "2" typed in the field */
        keep[nk++] = i;
        before += i < ws->comma;
    }
    if (!nk) {
        /* Only titles (a person called "Haji"?): take the words as they are. */
        for (unsigned i = 0; i < ws->n && nk < MAXWORD; i++)
            if (ws->w[i].len > 1 && !has_digit(ws->b + ws->w[i].off, ws->w[i].len))
                keep[nk++] = i;
        before = nk;
    }
    /* "Dela Cruz, Juan" is "Juan Dela Cruz"; "Juan Dela Cruz, Jr." has no name after the comma
     * and stays. */
    unsigned order[MAXWORD];
    for (unsigned i = 0; i < nk; i++)
        order[i] = before > 0 && before < nk ? keep[(i + before) % nk] : keep[i];

    struct ptok cur;
    for (unsigned i = 0; i < nk && pn->n < MAXTOK;) {
        const char *w = ws->b + ws->w[order[i]].off;
        size_t n = ws->w[order[i]].len;
        const char *lx = w;
        size_t ln = n;
        for (size_t j = 0; j < JAGA_ARRAY_SIZE(lexicon); j++)
            if (word_is(w, n, lexicon[j][0])) {
                lx = lexicon[j][1];
                ln = strlen(lx);
                break;
            }
        tok_set(&cur, w, n, lx, ln);
        i++;
        /* A particle takes the next word, and again while the result is a particle
         * (de + la = dela, + cruz). A particle at the end stays a word. */
        while (i < nk && in_list(cur.lex, cur.lex_len, particles)) {
            struct ptok nx;
            const char *w2 = ws->b + ws->w[order[i]].off;
            size_t n2 = ws->w[order[i]].len;
            tok_set(&nx, w2, n2, w2, n2);
            tok_append(&cur, &nx);
            i++;
        }
        struct ptok *t = &pn->t[pn->n++];
        *t = cur;
        t->skel_len = (uint8_t)skeleton(t->lex, t->lex_len, t->skel, SKEL_MAX);
        if (!t->skel_len) {
            /* All letters were silent (a lone "h"): keep the raw form as the skeleton. */
            memcpy(t->skel, t->raw, JAGA_MIN((size_t)t->raw_len, (size_t)SKEL_MAX));
            t->skel_len = (uint8_t)JAGA_MIN((size_t)t->raw_len, (size_t)SKEL_MAX);
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Keys.                                                                                        */

static uint64_t key_hash(const char *s, size_t n)
{
    uint64_t h = XXH3_64bits_withSeed(s, n, JAGA_HASH_SEED);
    return h ? h : 1;
}

/* Edit budget for a token pair by the shorter token's length (folded letters). */
static int edit_budget(size_t len)
{
    return len >= 8 ? 2 : len >= 4 ? 1 : 0;
}

typedef void (*key_fn)(void *ctx, uint64_t h);

/* Calls fn for s and its deletion neighbourhood of the given depth (1 or 2). Repeats are left
 * to the caller (the index dedups; the query dedups the terms it finds). */
static void gen_dels(const char *s, size_t n, int depth, key_fn fn, void *ctx)
{
    char buf[DEL1_MAX];
    if (depth >= 1 && n <= DEL1_MAX && n > 1) {
        for (size_t i = 0; i < n; i++) {
            if (i && s[i] == s[i - 1])
                continue;
            memcpy(buf, s, i);
            memcpy(buf + i, s + i + 1, n - i - 1);
            fn(ctx, key_hash(buf, n - 1));
        }
    }
    if (depth >= 2 && n <= DEL2_MAX && n > 2) {
        /* For each i, t = s without i; then t without each position k >= i, moving the gap
         * one place right per step (one byte written), as s without i and j = k + 1. */
        char t[DEL1_MAX];
        for (size_t i = 0; i + 1 < n; i++) {
            memcpy(t, s, i);
            memcpy(t + i, s + i + 1, n - i - 1);
            size_t m = n - 1;
            memcpy(buf, t, i);
            memcpy(buf + i, t + i + 1, m - i - 1);
            for (size_t k = i;; k++) {
                fn(ctx, key_hash(buf, m - 1));
                if (k + 1 >= m)
                    break;
                buf[k] = t[k];
            }
        }
    }
}

/* Keys of a term: raw form and skeleton, and with dels their deletion neighbourhoods deep
 * enough for the edit budget of the term's length (raw forms 1 deep only: two edits apart in
 * raw form but not in skeleton is rare, and each 2-deletion set costs L(L-1)/2 probes). Two
 * terms within the budget share a key. */
static void term_keys(const char *raw, size_t rl, const char *sk, size_t sl, bool dels, key_fn fn,
                      void *ctx)
{
    bool same = rl == sl && !memcmp(raw, sk, rl);
    fn(ctx, key_hash(sk, sl));
    if (!same)
        fn(ctx, key_hash(raw, rl));
    int depth = dels ? edit_budget(rl) : 0;
    if (!depth)
        return;
    gen_dels(sk, sl, depth, fn, ctx);
    if (!same)
        gen_dels(raw, rl, 1, fn, ctx);
}

/* Two adjacent tokens written as one. Skeletons collapse a double letter across the seam, as
 * skeleton() would have; raw forms stay as typed. */
static size_t join2(const char *a, size_t la, const char *b, size_t lb, bool collapse, char *out)
{
    memcpy(out, a, la);
    size_t j = collapse && la && lb && a[la - 1] == b[0] ? 1 : 0;
    memcpy(out + la, b + j, lb - j);
    return la + lb - j;
}

/* ------------------------------------------------------------------------------------------ */
/* The index: sources, their tokens, and two levels of lookup. A term is a distinct token
 * (raw form and skeleton) or a distinct join of two adjacent tokens; keys lead to terms, SymSpell
 * style, and each term lists the sources that hold it. Verifying a query token against the few
 * terms its keys reach, before touching any source, keeps the candidate count independent of
 * how many deletion keys two common names happen to share.                                   */

struct src {
    uint32_t entry;
    uint32_t tok; /* first token in toks */
    uint32_t initials;
    uint8_t ntok;
    uint8_t gen;
};

struct meta {
    uint16_t by, cc;
};

struct tokref {
    uint32_t off;  /* raw at chars + off, skeleton right after it */
    uint32_t term; /* the token's term */
    uint32_t join; /* the term of this token and the next written as one; UINT32_MAX last */
    uint8_t raw_len, skel_len;
};

struct term {
    uint32_t off; /* raw at tchars + off, skeleton right after it */
    uint8_t raw_len, skel_len;
    uint32_t post, npost; /* multi-token sources holding the term (as a token or a join) */
    uint32_t mono, nmono; /* single-token sources whose token it is */
};

struct slot {
    uint64_t h;
    uint32_t off, n; /* term ids in keyterm[off .. off + n) */
};

struct jaga_names {
    struct src *srcs;
    struct meta *meta;
    size_t nsrc;
    struct tokref *toks;
    char *chars;
    struct term *terms;
    size_t nterms;
    char *tchars;
    struct slot *tab;
    size_t tab_mask;
    uint32_t *keyterm;
    uint32_t *post; /* source ids, per term: multi-token list then single-token list */
};

struct pair64 {
    uint64_t a;
    uint32_t b;
};

static int pair_cmp(const void *x, const void *y)
{
    const struct pair64 *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : p->b > q->b;
}

static bool grow(void **p, size_t *cap, size_t need, size_t elsz)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = jaga_realloc(*p, c * elsz);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

struct builder {
    struct jaga_names *nx;
    size_t cap_src, cap_meta, cap_tok, cap_chars, ntok, nchars;
    size_t cap_terms, cap_tchars, ntchars;
    uint8_t *term_dels; /* per term: gets deletion keys */
    size_t cap_dels;
    uint32_t *dict; /* open addressing, term id + 1 */
    size_t dict_mask;
    struct pair64 *pairs; /* (key hash, term) and then (term << 32 | kind, source) */
    size_t npairs, cap_pairs;
    uint32_t cur_term;
    bool oom;
};

static const char *term_raw(const struct jaga_names *nx, const struct term *t)
{
    return nx->tchars + t->off;
}

static const char *term_skel(const struct jaga_names *nx, const struct term *t)
{
    return nx->tchars + t->off + t->raw_len;
}

static bool push_pair(struct builder *b, uint64_t a, uint32_t v)
{
    if (!grow((void **)&b->pairs, &b->cap_pairs, b->npairs + 1, sizeof(*b->pairs))) {
        b->oom = true;
        return false;
    }
    b->pairs[b->npairs++] = (struct pair64){ a, v };
    return true;
}

static bool dict_grow(struct builder *b)
{
    size_t cap = b->dict ? (b->dict_mask + 1) * 2 : 1024;
    uint32_t *d = jaga_calloc(cap, sizeof(*d));
    if (!d)
        return false;
    for (size_t t = 0; t < b->nx->nterms; t++) {
        const struct term *tm = &b->nx->terms[t];
        size_t x =
            (size_t)key_hash(term_raw(b->nx, tm), (size_t)tm->raw_len + tm->skel_len) & (cap - 1);
        while (d[x])
            x = (x + 1) & (cap - 1);
        d[x] = (uint32_t)t + 1;
    }
    jaga_free(b->dict);
    b->dict = d;
    b->dict_mask = cap - 1;
    return true;
}

/* Id of the term (raw, skel), created on first sight. UINT32_MAX when out of memory. */
static uint32_t term_id(struct builder *b, const char *raw, size_t rl, const char *sk, size_t sl)
{
    struct jaga_names *nx = b->nx;
    if ((!b->dict || 2 * (nx->nterms + 1) > b->dict_mask + 1) && !dict_grow(b))
        return UINT32_MAX;
    char key[JOIN_MAX * 2];
    memcpy(key, raw, rl);
    memcpy(key + rl, sk, sl);
    size_t x = (size_t)key_hash(key, rl + sl) & b->dict_mask;
    while (b->dict[x]) {
        const struct term *t = &nx->terms[b->dict[x] - 1];
        if (t->raw_len == rl && t->skel_len == sl && !memcmp(term_raw(nx, t), key, rl + sl))
            return b->dict[x] - 1;
        x = (x + 1) & b->dict_mask;
    }
    if (!grow((void **)&nx->terms, &b->cap_terms, nx->nterms + 1, sizeof(*nx->terms)) ||
        !grow((void **)&b->term_dels, &b->cap_dels, nx->nterms + 1, 1) ||
        !grow((void **)&nx->tchars, &b->cap_tchars, b->ntchars + rl + sl, 1))
        return UINT32_MAX;
    memcpy(nx->tchars + b->ntchars, key, rl + sl);
    nx->terms[nx->nterms] = (struct term){ .off = (uint32_t)b->ntchars,
                                           .raw_len = (uint8_t)rl,
                                           .skel_len = (uint8_t)sl };
    b->term_dels[nx->nterms] = 0;
    b->ntchars += rl + sl;
    b->dict[x] = (uint32_t)nx->nterms + 1;
    return (uint32_t)nx->nterms++;
}

/* Term occurrences: kind 0 multi-token source, 1 single-token source. */
static void add_occurrence(struct builder *b, uint32_t term, unsigned kind, uint32_t src)
{
    if (term == UINT32_MAX) {
        b->oom = true;
        return;
    }
    push_pair(b, (uint64_t)term << 1 | kind, src);
}

/* Registers the terms of source s (tokens tr[0 .. pn->n)) and its postings. */
static void add_source(struct builder *b, const struct pname *pn, uint32_t s, struct tokref *tr,
                       bool can_confirm)
{
    for (unsigned i = 0; i < pn->n; i++) {
        const struct ptok *t = &pn->t[i];
        tr[i].term = term_id(b, t->raw, t->raw_len, t->skel, t->skel_len);
        if (tr[i].term == UINT32_MAX) {
            b->oom = true;
            return;
        }
    }
    if (pn->n == 1) {
        /* A single-token name answers only with a birth year or country to confirm it. */
        if (can_confirm)
            add_occurrence(b, tr[0].term, 1, s);
        return;
    }
    for (unsigned i = 0; i < pn->n; i++) {
        b->term_dels[tr[i].term] = 1;
        add_occurrence(b, tr[i].term, 0, s);
    }
    for (unsigned i = 0; i + 1 < pn->n; i++) {
        const struct ptok *t = &pn->t[i], *u = &pn->t[i + 1];
        char jr[JOIN_MAX], js[JOIN_MAX];
        size_t rl = join2(t->raw, t->raw_len, u->raw, u->raw_len, false, jr);
        size_t sl = join2(t->skel, t->skel_len, u->skel, u->skel_len, true, js);
        tr[i].join = term_id(b, jr, rl, js, sl);
        add_occurrence(b, tr[i].join, 0, s);
    }
}

static void add_key(void *ctx, uint64_t h)
{
    struct builder *b = ctx;
    push_pair(b, h, b->cur_term);
}

/* Sorts and dedups b->pairs. */
static size_t sort_pairs(struct builder *b)
{
    if (b->npairs)
        qsort(b->pairs, b->npairs, sizeof(*b->pairs), pair_cmp);
    size_t n = 0;
    for (size_t i = 0; i < b->npairs; i++)
        if (!n || b->pairs[n - 1].a != b->pairs[i].a || b->pairs[n - 1].b != b->pairs[i].b)
            b->pairs[n++] = b->pairs[i];
    return n;
}

static int build_postings(struct builder *b)
{
    struct jaga_names *nx = b->nx;
    size_t n = sort_pairs(b);
    nx->post = jaga_malloc((n ? n : 1) * sizeof(*nx->post));
    if (!nx->post)
        return -ENOMEM;
    for (size_t i = 0; i < n; i++) {
        struct term *t = &nx->terms[b->pairs[i].a >> 1];
        if (b->pairs[i].a & 1) {
            if (!t->nmono)
                t->mono = (uint32_t)i;
            t->nmono++;
        } else {
            if (!t->npost)
                t->post = (uint32_t)i;
            t->npost++;
        }
        uint32_t src = b->pairs[i].b;
        nx->post[i] = src | (uint32_t)JAGA_MIN(nx->srcs[src].ntok, 7) << POST_SHIFT;
    }
    b->npairs = 0;
    return 0;
}

static int build_keys(struct builder *b)
{
    struct jaga_names *nx = b->nx;
    for (size_t t = 0; t < nx->nterms && !b->oom; t++) {
        const struct term *tm = &nx->terms[t];
        b->cur_term = (uint32_t)t;
        term_keys(term_raw(nx, tm), tm->raw_len, term_skel(nx, tm), tm->skel_len, b->term_dels[t],
                  add_key, b);
    }
    if (b->oom)
        return -ENOMEM;
    size_t n = sort_pairs(b), nkeys = 0;
    for (size_t i = 0; i < n; i++)
        nkeys += !i || b->pairs[i - 1].a != b->pairs[i].a;
    size_t cap = 16;
    while (cap < 2 * nkeys)
        cap *= 2;
    nx->tab = jaga_calloc(cap, sizeof(*nx->tab));
    nx->keyterm = jaga_malloc((n ? n : 1) * sizeof(*nx->keyterm));
    if (!nx->tab || !nx->keyterm)
        return -ENOMEM;
    nx->tab_mask = cap - 1;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && b->pairs[j].a == b->pairs[i].a) {
            nx->keyterm[j] = b->pairs[j].b;
            j++;
        }
        size_t x = (size_t)b->pairs[i].a & nx->tab_mask;
        while (nx->tab[x].h)
            x = (x + 1) & nx->tab_mask;
        nx->tab[x] = (struct slot){ b->pairs[i].a, (uint32_t)i, (uint32_t)(j - i) };
        i = j;
    }
    return 0;
}

JAGA_COLD int jaga_names_build(const struct jaga_name_src *v, size_t n, struct jaga_names **out)
{
    if (!out || (!v && n) || n > POST_SRC)
        return -EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!v[i].name && v[i].len)
            return -EINVAL;

    struct jaga_names *nx = jaga_calloc(1, sizeof(*nx));
    struct words *ws = jaga_malloc(sizeof(*ws));
    struct pname *pn = jaga_malloc(sizeof(*pn));
    struct builder b = { .nx = nx };
    if (!nx || !ws || !pn)
        goto fail;

    for (size_t i = 0; i < n; i++) {
        parse_name(v[i].name, v[i].name ? v[i].len : 0, ws, pn);
        if (!pn->n)
            continue;
        size_t bytes = 0;
        for (unsigned j = 0; j < pn->n; j++)
            bytes += (size_t)pn->t[j].raw_len + pn->t[j].skel_len;
        if (!grow((void **)&nx->srcs, &b.cap_src, nx->nsrc + 1, sizeof(*nx->srcs)) ||
            !grow((void **)&nx->meta, &b.cap_meta, nx->nsrc + 1, sizeof(*nx->meta)) ||
            !grow((void **)&nx->toks, &b.cap_tok, b.ntok + pn->n, sizeof(*nx->toks)) ||
            !grow((void **)&nx->chars, &b.cap_chars, b.nchars + bytes, 1))
            goto fail;
        uint32_t s = (uint32_t)nx->nsrc++;
        nx->srcs[s] = (struct src){ .entry = v[i].entry,
                                    .tok = (uint32_t)b.ntok,
                                    .initials = pn->initials,
                                    .ntok = (uint8_t)pn->n,
                                    .gen = pn->gen };
        nx->meta[s] = (struct meta){ v[i].birth_year, v[i].country };
        for (unsigned j = 0; j < pn->n; j++) {
            const struct ptok *t = &pn->t[j];
            nx->toks[b.ntok++] = (struct tokref){ .off = (uint32_t)b.nchars,
                                                  .join = UINT32_MAX,
                                                  .raw_len = t->raw_len,
                                                  .skel_len = t->skel_len };
            memcpy(nx->chars + b.nchars, t->raw, t->raw_len);
            memcpy(nx->chars + b.nchars + t->raw_len, t->skel, t->skel_len);
            b.nchars += (size_t)t->raw_len + t->skel_len;
        }
        add_source(&b, pn, s, nx->toks + nx->srcs[s].tok, v[i].birth_year || v[i].country);
        if (b.oom)
            goto fail;
    }
    if (build_postings(&b) || build_keys(&b))
        goto fail;
    jaga_free(b.pairs);
    jaga_free(b.dict);
    jaga_free(b.term_dels);
    jaga_free(ws);
    jaga_free(pn);
    *out = nx;
    return 0;

fail:
    jaga_free(b.pairs);
    jaga_free(b.dict);
    jaga_free(b.term_dels);
    jaga_free(ws);
    jaga_free(pn);
    jaga_names_destroy(nx);
    return -ENOMEM;
}

JAGA_COLD void jaga_names_destroy(struct jaga_names *nx)
{
    if (!nx)
        return;
    jaga_free(nx->srcs);
    jaga_free(nx->meta);
    jaga_free(nx->toks);
    jaga_free(nx->chars);
    jaga_free(nx->terms);
    jaga_free(nx->tchars);
    jaga_free(nx->tab);
    jaga_free(nx->keyterm);
    jaga_free(nx->post);
    jaga_free(nx);
}

size_t jaga_names_count(const struct jaga_names *nx)
{
    return nx ? nx->nsrc : 0;
}

const char *jaga_name_how_str(uint8_t how)
{
    switch (how) {
    case JAGA_NAME_EXACT: return "exact";
    case JAGA_NAME_REORDERED: return "reordered";
    case JAGA_NAME_PARTIAL: return "partial";
    case JAGA_NAME_TRANSLIT: return "transliteration";
    case JAGA_NAME_TYPO: return "typo";
    default: return "?";
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Verification: align the tokens of a query and one source.                                   */

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps), or lim + 1 when
 * it exceeds lim. */
static int osa(const char *a, size_t la, const char *b, size_t lb, int lim)
{
    if ((la > lb ? la - lb : lb - la) > (size_t)lim || la > JOIN_MAX || lb > JOIN_MAX)
        return lim + 1;
    int r0[JOIN_MAX + 1], r1[JOIN_MAX + 1], r2[JOIN_MAX + 1];
    int *pp = r0, *p = r1, *c = r2;
    for (size_t j = 0; j <= lb; j++)
        p[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        c[0] = (int)i;
        int best = c[0];
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = JAGA_MIN(p[j] + 1, c[j - 1] + 1);
            v = JAGA_MIN(v, p[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                v = JAGA_MIN(v, pp[j - 2] + 1);
            c[j] = v;
            best = JAGA_MIN(best, v);
        }
        if (best > lim)
            return lim + 1;
        int *t = pp;
        pp = p;
        p = c;
        c = t;
    }
    return p[lb] <= lim ? p[lb] : lim + 1;
}

struct view {
    unsigned n;
    uint32_t initials;
    uint8_t gen;
    const char *raw[MAXTOK], *skel[MAXTOK];
    uint8_t rl[MAXTOK], sl[MAXTOK];
    uint32_t term[MAXTOK], join[MAXTOK]; /* source side only */
};

enum { K_EXACT = 0, K_TRANSLIT = 1, K_TYPO = 2 };

struct pcost {
    int8_t e; /* edits, -1 no match */
    uint8_t kind;
};

static struct pcost pair_cost(const char *ra, size_t rla, const char *sa, size_t sla,
                              const char *rb, size_t rlb, const char *sb, size_t slb)
{
    if (rla == rlb && !memcmp(ra, rb, rla))
        return (struct pcost){ 0, K_EXACT };
    if (sla == slb && !memcmp(sa, sb, sla))
        return (struct pcost){ 0, K_TRANSLIT };
    int lim = edit_budget(JAGA_MIN(rla, rlb));
    if (!lim)
        return (struct pcost){ -1, 0 };
    int e = JAGA_MIN(osa(ra, rla, rb, rlb, lim), osa(sa, sla, sb, slb, lim));
    if (e > lim)
        return (struct pcost){ -1, 0 };
    return (struct pcost){ (int8_t)e, K_TYPO };
}

/* The terms a query unit (token i, or tokens i and i+1 written as one at MAXTOK + i) matched,
 * with their costs: computed once per query against the vocabulary, then looked up for every
 * candidate, so no candidate costs an edit-distance computation. */
struct qterm {
    uint32_t term;
    struct pcost pc;
};

struct qunits {
    struct qterm pool[MAX_QTERMS];
    unsigned npool;
    uint16_t off[2 * MAXTOK], n[2 * MAXTOK];
};

static struct pcost unit_cost(const struct qunits *u, unsigned unit, uint32_t term)
{
    const struct qterm *t = u->pool + u->off[unit];
    for (unsigned k = 0; k < u->n[unit]; k++)
        if (t[k].term == term)
            return t[k].pc;
    return (struct pcost){ -1, 0 };
}

struct unit {
    uint8_t a, alen, b, blen;
    int8_t e;
    uint8_t kind;
};

struct search {
    const struct view *qa, *sb;
    const struct qunits *qu;
    uint8_t confirmed;
    struct pcost single[MAXTOK][MAXTOK];
    struct pcost ja[MAXTOK][MAXTOK]; /* a[i]+a[i+1] vs b[j] */
    struct pcost jb[MAXTOK][MAXTOK]; /* a[i] vs b[j]+b[j+1] */
    uint32_t used_b;
    struct unit cur[MAXTOK];
    unsigned ncur;
    int edits;
    unsigned nodes;
    bool found;
    struct jaga_name_hit best;
};

static bool devotional(const struct view *v, unsigned i)
{
    /* Given names that often stand first and are often dropped: Ma./Maria, Muhammad, Siti,
     * Nur. Their skeletons. */
    static const char *const d[] = { "maria", "muhamad", "siti", "nur", NULL };
    return in_list(v->skel[i], v->sl[i], d);
}

/* Uncovered tokens of the longer side must be middle names: not its last token, and not its
 * first unless that is a devotional given name. */
static bool only_middles_missing(const struct view *v, uint32_t covered)
{
    for (unsigned i = 0; i < v->n; i++) {
        if (covered >> i & 1)
            continue;
        if (i + 1 == v->n || (i == 0 && !devotional(v, 0)))
            return false;
    }
    return true;
}

static uint32_t first_letters(const struct view *v, uint32_t covered)
{
    uint32_t m = 0;
    for (unsigned i = 0; i < v->n; i++)
        if (!(covered >> i & 1) && v->raw[i][0] >= 'a' && v->raw[i][0] <= 'z')
            m |= 1u << (v->raw[i][0] - 'a');
    return m;
}

/* A middle initial that fits neither the other side's initials nor its unmatched names. */
static bool initials_clash(uint32_t ini, uint32_t other_ini, uint32_t other_uncovered)
{
    if (!ini)
        return false;
    if (other_ini && !(ini & other_ini))
        return true;
    return other_uncovered && !(ini & (other_uncovered | other_ini));
}

/* Judges one complete alignment: the match rules of names.h, then the hit it would give. */
static void leaf(struct search *s)
{
    const struct view *q = s->qa, *sv = s->sb;
    if (!s->ncur)
        return;
    uint32_t cov_a = 0, cov_b = 0;
    int kind = K_EXACT, cross = 0;
    for (unsigned u = 0; u < s->ncur; u++) {
        const struct unit *x = &s->cur[u];
        cov_a |= (x->alen == 2 ? 3u : 1u) << x->a;
        cov_b |= (x->blen == 2 ? 3u : 1u) << x->b;
        kind = JAGA_MAX(kind, (int)x->kind);
        cross += u && x->b < s->cur[u - 1].b;
    }
    uint32_t full_a = (uint32_t)((1ull << q->n) - 1), full_b = (uint32_t)((1ull << sv->n) - 1);
    /* Every token of the shorter side is matched. */
    if ((q->n <= sv->n && cov_a != full_a) || (sv->n <= q->n && cov_b != full_b))
        return;
    if (q->n == 1 || sv->n == 1) {
        /* One name alone is weak evidence: exact or transliterated, and confirmed; against a
         * longer name, by the birth year (a shared country says little on domestic traffic). */
        if (s->edits || !(s->confirmed & (q->n == sv->n ? 3 : 1)))
            return;
    } else {
        if (s->ncur < 2)
            return;
        if (cov_a != full_a && !only_middles_missing(q, cov_a))
            return;
        if (cov_b != full_b && !only_middles_missing(sv, cov_b))
            return;
    }
    if (initials_clash(q->initials, sv->initials, first_letters(sv, cov_b)) ||
        initials_clash(sv->initials, q->initials, first_letters(q, cov_a)))
        return;

    unsigned how = JAGA_NAME_EXACT;
    if (cross)
        how = JAGA_NAME_REORDERED;
    if (cov_a != full_a || cov_b != full_b || q->initials != sv->initials)
        how = JAGA_NAME_PARTIAL;
    if (kind == K_TRANSLIT || q->gen != sv->gen)
        how = JAGA_NAME_TRANSLIT;
    if (s->edits)
        how = JAGA_NAME_TYPO;
    struct jaga_name_hit h = { .how = (uint8_t)how,
                               .edits = (uint8_t)s->edits,
                               .tokens_matched = (uint8_t)s->ncur,
                               .confirmed = s->confirmed };
    /* The most conservative reading wins: fewest edits, least lenient step, most pairs. */
    if (s->found && (h.edits > s->best.edits ||
                     (h.edits == s->best.edits &&
                      (h.how > s->best.how ||
                       (h.how == s->best.how && h.tokens_matched <= s->best.tokens_matched)))))
        return;
    s->best = h;
    s->found = true;
}

static void take(struct search *s, unsigned i, unsigned alen, unsigned j, unsigned blen,
                 struct pcost pc, uint32_t used_a);

/* Depth-first over query tokens in order: leave token i unpaired, or pair it (alone or with
 * i+1) with a free source token (alone or with j+1). Bounded by MAX_NODES. */
static void dfs(struct search *s, unsigned i, uint32_t used_a)
{
    if (++s->nodes > MAX_NODES)
        return;
    unsigned na = s->qa->n, nb = s->sb->n;
    while (i < na && (used_a >> i & 1))
        i++;
    if (i >= na) {
        leaf(s);
        return;
    }
    for (unsigned j = 0; j < nb; j++) {
        if (s->used_b >> j & 1)
            continue;
        struct pcost pc = s->single[i][j];
        if (pc.e >= 0 && s->edits + pc.e <= 2)
            take(s, i, 1, j, 1, pc, used_a);
        if (i + 1 < na) {
            pc = s->ja[i][j];
            if (pc.e >= 0 && s->edits + pc.e <= 2)
                take(s, i, 2, j, 1, pc, used_a);
        }
        if (j + 1 < nb && !(s->used_b >> (j + 1) & 1)) {
            pc = s->jb[i][j];
            if (pc.e >= 0 && s->edits + pc.e <= 2)
                take(s, i, 1, j, 2, pc, used_a);
        }
    }
    dfs(s, i + 1, used_a | 1u << i);
}

static void take(struct search *s, unsigned i, unsigned alen, unsigned j, unsigned blen,
                 struct pcost pc, uint32_t used_a)
{
    uint32_t ma = (alen == 2 ? 3u : 1u) << i, mb = (blen == 2 ? 3u : 1u) << j;
    s->cur[s->ncur++] =
        (struct unit){ (uint8_t)i, (uint8_t)alen, (uint8_t)j, (uint8_t)blen, pc.e, pc.kind };
    s->used_b |= mb;
    s->edits += pc.e;
    dfs(s, i + alen, used_a | ma);
    s->edits -= pc.e;
    s->used_b &= ~mb;
    s->ncur--;
}

/* Aligns query q (its matched terms in qu) with source view sv. Returns false when they do
 * not match. */
static bool verify(struct search *s, const struct view *q, const struct qunits *qu,
                   const struct view *sv, uint8_t confirmed, struct jaga_name_hit *h)
{
    if (q->gen && sv->gen && q->gen != sv->gen)
        return false; /* Jr. is not Sr. */
    s->qa = q;
    s->sb = sv;
    s->qu = qu;
    s->confirmed = confirmed;
    static const struct pcost none = { -1, 0 };
    for (unsigned i = 0; i < q->n; i++)
        for (unsigned j = 0; j < sv->n; j++) {
            s->single[i][j] = unit_cost(qu, i, sv->term[j]);
            s->ja[i][j] = i + 1 < q->n ? unit_cost(qu, MAXTOK + i, sv->term[j]) : none;
            s->jb[i][j] = j + 1 < sv->n ? unit_cost(qu, i, sv->join[j]) : none;
        }
    s->used_b = 0;
    s->ncur = 0;
    s->edits = 0;
    s->nodes = 0;
    s->found = false;
    dfs(s, 0, 0);
    if (s->found)
        *h = s->best;
    return s->found;
}

/* ------------------------------------------------------------------------------------------ */
/* Query.                                                                                       */

/* Confirmation bits, or -1 when birth year or country contradicts. */
static int confirm(uint16_t qby, uint16_t qcc, const struct meta *m)
{
    int c = 0;
    if (qby && m->by) {
        int d = (int)qby - (int)m->by;
        if (d > 1 || d < -1)
            return -1;
        c |= 1;
    }
    if (qcc && m->cc) {
        if (qcc != m->cc)
            return -1;
        c |= 2;
    }
    return c;
}

static const struct slot *lookup(const struct jaga_names *nx, uint64_t h)
{
    size_t x = (size_t)h & nx->tab_mask;
    while (nx->tab[x].h) {
        if (nx->tab[x].h == h)
            return &nx->tab[x];
        x = (x + 1) & nx->tab_mask;
    }
    return NULL;
}

/* A run of postings: the sources of one term that a query token (or two joined) matched. */
struct span {
    uint32_t off, n;
    uint32_t bits; /* query tokens it stands for, MONO_BIT for single-token sources */
    uint8_t group; /* the query token for a one-token span, 0xff otherwise */
};

struct cmap {
    uint32_t key[CM_SLOTS]; /* source + 1; 0 empty */
    uint32_t bits[CM_SLOTS];
    uint16_t used[CM_FILL];
    unsigned fill;
};

struct qstate {
    const struct jaga_names *nx;
    struct words ws;
    struct pname pn;
    uint64_t keys[MAX_KEYS]; /* key hashes of one token, looked up as a batch */
    unsigned nkeys;
    uint32_t seen[TERMS_PER_KEYSET]; /* terms reached by the keys of one token */
    unsigned nseen;
    struct qunits qu;
    struct span sp[MAX_SPANS];
    unsigned nsp;
    struct cmap cm;
    uint16_t cand[CM_FILL]; /* candidate table slots */
    struct search srch;
};

static void q_key(void *ctx, uint64_t h)
{
    struct qstate *q = ctx;
    if (q->nkeys < MAX_KEYS)
        q->keys[q->nkeys++] = h;
}

/* Looks up the keys gathered for one token: prefetch every slot first, since each probe into
 * a large table is a cache miss, then collect the distinct terms they lead to. */
static void q_lookup(struct qstate *q)
{
    const struct jaga_names *nx = q->nx;
    for (unsigned i = 0; i < q->nkeys; i++)
        __builtin_prefetch(&nx->tab[(size_t)q->keys[i] & nx->tab_mask]);
    q->nseen = 0;
    for (unsigned i = 0; i < q->nkeys; i++) {
        const struct slot *sl = lookup(nx, q->keys[i]);
        if (!sl)
            continue;
        for (uint32_t k = 0; k < sl->n; k++) {
            uint32_t t = nx->keyterm[sl->off + k];
            unsigned j = 0;
            while (j < q->nseen && q->seen[j] != t)
                j++;
            if (j == q->nseen && q->nseen < TERMS_PER_KEYSET)
                q->seen[q->nseen++] = t;
        }
    }
}

static void add_span(struct qstate *q, uint32_t off, uint32_t n, uint32_t bits, uint8_t group)
{
    if (n && q->nsp < MAX_SPANS)
        q->sp[q->nsp++] = (struct span){ off, n, bits, group };
}

/* Looks up the keys of one query token (or join), verifies the terms they reach and adds the
 * postings of those that match. */
static void token_spans(struct qstate *q, unsigned unit, const char *raw, size_t rl, const char *sk,
                        size_t sl, bool dels, bool exact_only, uint32_t bits, uint8_t group)
{
    const struct jaga_names *nx = q->nx;
    struct qunits *qu = &q->qu;
    q->nkeys = 0;
    term_keys(raw, rl, sk, sl, dels, q_key, q);
    q_lookup(q);
    qu->off[unit] = (uint16_t)qu->npool;
    qu->n[unit] = 0;
    for (unsigned i = 0; i < q->nseen && qu->npool < MAX_QTERMS; i++) {
        const struct term *t = &nx->terms[q->seen[i]];
        struct pcost pc =
            pair_cost(raw, rl, sk, sl, term_raw(nx, t), t->raw_len, term_skel(nx, t), t->skel_len);
        if (pc.e < 0 || (exact_only && pc.e))
            continue;
        qu->pool[qu->npool++] = (struct qterm){ q->seen[i], pc };
        qu->n[unit]++;
        add_span(q, t->post, t->npost, bits, group);
        if (!pc.e)
            add_span(q, t->mono, t->nmono, bits | MONO_BIT, 0xff);
    }
}

static uint32_t *cm_find(struct cmap *cm, uint32_t src, bool insert)
{
    uint32_t k = src + 1;
    size_t x = (size_t)((k * 0x9e3779b1u) >> 20) & (CM_SLOTS - 1);
    while (cm->key[x]) {
        if (cm->key[x] == k)
            return &cm->bits[x];
        x = (x + 1) & (CM_SLOTS - 1);
    }
    if (!insert || cm->fill >= CM_FILL)
        return NULL;
    cm->used[cm->fill++] = (uint16_t)x;
    cm->key[x] = k;
    cm->bits[x] = 0;
    return &cm->bits[x];
}

/* Fewest query tokens a source of ntok tokens must pair with to match a query of nq tokens:
 * all of them against a source at least as long; otherwise enough to cover the source, where
 * one query token may cover two source tokens (a join), and never fewer than two. */
static unsigned bits_needed(unsigned ntok, unsigned nq)
{
    if (ntok >= nq)
        return nq;
    return JAGA_MAX(2u, (ntok + 1) / 2);
}

/* Adds a span's sources to the candidate table, or only marks those already there. The spans
 * of query tokens come smallest first; rank is this span's place in that order (0 for joins
 * and single names, which always insert). A source that needs t tokens must be in one of the
 * nq - t + 1 smallest, so later spans insert only sources short enough to still qualify. */
static void feed(struct qstate *q, const struct span *sp, unsigned rank, unsigned nq, bool mono_q,
                 uint16_t by, uint16_t cc)
{
    const struct jaga_names *nx = q->nx;
    bool checks = by || cc || mono_q || (sp->bits & MONO_BIT);
    for (uint32_t k = 0; k < sp->n; k++) {
        uint32_t p = nx->post[sp->off + k], s = p & POST_SRC;
        bool insert = !rank || mono_q || rank + bits_needed(p >> POST_SHIFT, nq) <= nq;
        if (!insert) {
            uint32_t *b = cm_find(&q->cm, s, false);
            if (b)
                *b |= sp->bits;
            continue;
        }
        if (!checks) {
            uint32_t *b = cm_find(&q->cm, s, true);
            if (b)
                *b |= sp->bits;
            continue;
        }
        int c = confirm(by, cc, &nx->meta[s]);
        if (c < 0)
            continue;
        /* Single names need confirming (the rule in leaf()): skip early what cannot be. */
        if (mono_q || (sp->bits & MONO_BIT)) {
            bool both_mono = mono_q && p >> POST_SHIFT == 1;
            if (!(c & (both_mono ? 3 : 1)))
                continue;
        }
        uint32_t *b = cm_find(&q->cm, s, true);
        if (b)
            *b |= sp->bits;
    }
}

static void view_of_query(const struct pname *p, struct view *v)
{
    v->n = p->n;
    v->initials = p->initials;
    v->gen = p->gen;
    for (unsigned i = 0; i < p->n; i++) {
        v->raw[i] = p->t[i].raw;
        v->rl[i] = p->t[i].raw_len;
        v->skel[i] = p->t[i].skel;
        v->sl[i] = p->t[i].skel_len;
    }
}

static void view_of_src(const struct jaga_names *nx, uint32_t s, struct view *v)
{
    const struct src *sr = &nx->srcs[s];
    v->n = sr->ntok;
    v->initials = sr->initials;
    v->gen = sr->gen;
    for (unsigned i = 0; i < sr->ntok; i++) {
        const struct tokref *t = &nx->toks[sr->tok + i];
        v->raw[i] = nx->chars + t->off;
        v->rl[i] = t->raw_len;
        v->skel[i] = nx->chars + t->off + t->raw_len;
        v->sl[i] = t->skel_len;
        v->term[i] = t->term;
        v->join[i] = t->join;
    }
}

static unsigned popcount32(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return (((x + (x >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24;
}

static bool hit_better(const struct jaga_name_hit *a, uint32_t sa, const struct jaga_name_hit *b,
                       uint32_t sb)
{
    if (a->edits != b->edits)
        return a->edits < b->edits;
    if (a->how != b->how)
        return a->how < b->how;
    unsigned ca = popcount32(a->confirmed), cb = popcount32(b->confirmed);
    if (ca != cb)
        return ca > cb;
    if (a->tokens_matched != b->tokens_matched)
        return a->tokens_matched > b->tokens_matched;
    if (a->entry != b->entry)
        return a->entry < b->entry;
    return sa < sb;
}

/* Shell sort of candidate slots by (query tokens hit, descending; source, ascending): not libc
 * qsort, which may allocate. */
static bool cand_before(const struct cmap *cm, uint16_t x, uint16_t y)
{
    unsigned wx = popcount32(cm->bits[x] & ~MONO_BIT), wy = popcount32(cm->bits[y] & ~MONO_BIT);
    return wx != wy ? wx > wy : cm->key[x] < cm->key[y];
}

static void cand_sort(const struct cmap *cm, uint16_t *c, unsigned n)
{
    static const unsigned gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };
    for (unsigned g = 0; g < JAGA_ARRAY_SIZE(gaps); g++) {
        unsigned gap = gaps[g];
        for (unsigned i = gap; i < n; i++) {
            uint16_t v = c[i];
            unsigned j = i;
            while (j >= gap && cand_before(cm, v, c[j - gap])) {
                c[j] = c[j - gap];
                j -= gap;
            }
            c[j] = v;
        }
    }
}

JAGA_HOT int jaga_names_match(const struct jaga_names *nx, const char *name, size_t len,
                              uint16_t birth_year, uint16_t country, struct jaga_name_hit *hit)
{
    if (!nx || !name || !hit || !nx->nsrc)
        return 0;
    struct qstate q;
    q.nx = nx;
    parse_name(name, len, &q.ws, &q.pn);
    const struct pname *pn = &q.pn;
    if (!pn->n)
        return 0;
    bool mono_q = pn->n == 1;
    if (mono_q && !birth_year && !country)
        return 0; /* nothing could confirm a single name */

    /* Terms each query token (and each adjacent pair, written as one) matches. */
    q.nsp = 0;
    q.qu.npool = 0;
    for (unsigned g = 0; g < pn->n; g++) {
        const struct ptok *t = &pn->t[g];
        token_spans(&q, g, t->raw, t->raw_len, t->skel, t->skel_len, !mono_q, mono_q, 1u << g,
                    (uint8_t)g);
    }
    for (unsigned g = 0; g + 1 < pn->n; g++) {
        const struct ptok *a = &pn->t[g], *b = &pn->t[g + 1];
        char jr[JOIN_MAX], js[JOIN_MAX];
        size_t rl = join2(a->raw, a->raw_len, b->raw, b->raw_len, false, jr);
        size_t sl = join2(a->skel, a->skel_len, b->skel, b->skel_len, true, js);
        token_spans(&q, MAXTOK + g, jr, rl, js, sl, true, false, 3u << g, 0xff);
    }

    /* Candidates: joins and single names first, then each query token's sources from the
     * rarest token up; a common token mostly marks sources already there (feed()), so its long
     * list never fills the table. */
    uint64_t gsize[MAXTOK] = { 0 };
    for (unsigned i = 0; i < q.nsp; i++)
        if (q.sp[i].group != 0xff)
            gsize[q.sp[i].group] += q.sp[i].n;
    q.cm.fill = 0;
    memset(q.cm.key, 0, sizeof(q.cm.key));
    for (unsigned i = 0; i < q.nsp; i++)
        if (q.sp[i].group == 0xff)
            feed(&q, &q.sp[i], 0, pn->n, mono_q, birth_year, country);
    bool done[MAXTOK] = { false };
    for (unsigned rank = 0;; rank++) {
        unsigned g = MAXTOK;
        for (unsigned x = 0; x < pn->n; x++)
            if (!done[x] && (g == MAXTOK || gsize[x] < gsize[g]))
                g = x;
        if (g == MAXTOK)
            break;
        done[g] = true;
        for (unsigned i = 0; i < q.nsp; i++)
            if (q.sp[i].group == g)
                feed(&q, &q.sp[i], rank, pn->n, mono_q, birth_year, country);
    }

    unsigned nc = 0;
    for (unsigned u = 0; u < q.cm.fill; u++) {
        unsigned x = q.cm.used[u];
        uint32_t b = q.cm.bits[x];
        unsigned w = popcount32(b & ~MONO_BIT);
        if (!(mono_q || (b & MONO_BIT) || w >= 2))
            continue;
        /* Against a source at least as long, every query token must pair (leaf()); the bits
         * say which can, since all pairings come from the terms looked up above. */
        if (!mono_q && !(b & MONO_BIT) && w < pn->n && nx->srcs[q.cm.key[x] - 1].ntok >= pn->n)
            continue;
        q.cand[nc] = (uint16_t)x;
        nc++;
    }
    if (nc > MAX_VERIFY) {
        cand_sort(&q.cm, q.cand, nc);
        nc = MAX_VERIFY;
    }

    struct view qv, sv;
    view_of_query(pn, &qv);
    struct jaga_name_hit best = { 0 }, h;
    uint32_t best_src = UINT32_MAX;
    for (unsigned i = 0; i < nc; i++) {
        uint32_t s = q.cm.key[q.cand[i]] - 1;
        int c = confirm(birth_year, country, &nx->meta[s]);
        if (c < 0)
            continue;
        view_of_src(nx, s, &sv);
        if (!verify(&q.srch, &qv, &q.qu, &sv, (uint8_t)c, &h))
            continue;
        h.entry = nx->srcs[s].entry;
        if (best_src == UINT32_MAX || hit_better(&h, s, &best, best_src)) {
            best = h;
            best_src = s;
        }
    }
    if (best_src == UINT32_MAX)
        return 0;
    *hit = best;
    return 1;
}
