// SPDX-License-Identifier: Apache-2.0
/*
 * Memo skeletons (models/rules/skel.h): the fold tables built from utf8proc at load, the
 * one-pass fold the scanner runs on every memo, the term compiler and the lexicon vetting.
 *
 * Tables. Every code point of planes 0 and 1 gets a 32-bit entry saying what it becomes (a
 * kind, up to three ASCII bytes or one code point, and whether its script is written without
 * spaces), computed once from utf8proc's decompositions and case folding plus hand lists
 * (look-alikes, letters with strokes, small capitals). ASCII has its own tables; other code
 * points go through 256-entry pages, identical pages shared (133 pages, 136 KB, of which a memo
 * touches one or two). Code points above plane 1 are letters (CJK extensions) or, for the tag
 * and variation-selector planes, ignored.
 *
 * Two paths. Most memos are plain printable ASCII where folding only lowers case and collapses
 * letter runs; fold_plain does exactly that, branch-free, and reports whether it met anything
 * else (a non-ASCII or control byte, a digit or deletable punctuation after a letter, a lone
 * letter before a space). The full fold then starts over: a state machine that keeps
 * the word being written at the end of dst and decides each join or rewrite when the next unit
 * shows whether it applies: punctuation after a letter is written and taken back if a letter
 * follows, digits after a letter are rewritten as letters if a letter follows, a separator
 * after a single letter is taken back if another single letter follows. Every unit writes at
 * most as many bytes as it reads, and every rewrite shrinks, so dst never outgrows src. The
 * full fold is the reference: JAGA_SKEL_REFERENCE forces it, and tests/unit/test_skel.c checks
 * the two paths agree.
 */
#include "models/rules/skel.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "core/base.h"
#include "core/mem.h"
#include "core/strbuf.h"

/* Entry: bits 0-23 payload (ASCII bytes, low byte first, or a code point), 24-27 kind, 28-29
 * number of ASCII bytes, 30 script written without spaces. */
#define E_KIND(e) (((e) >> 24) & 0xfu)
#define E_N(e)    (((e) >> 28) & 3u)
#define E_PAY(e)  ((e)&0xffffffu)
#define E_NS      0x40000000u

enum kind {
    K_ALPHA,   /* ASCII letters, E_N of them in the payload */
    K_ULETTER, /* another letter or a mark of such a script, copied as written */
    K_ULOWER,  /* another letter, written as the payload code point (its lower case) */
    K_DIGIT,   /* ASCII digit in the payload */
    K_SPACE,
    K_IGNORE,
    K_PDEL,    /* punctuation deleted between letters, else written as the payload byte */
    K_LEET,    /* '!' '$': the letter in payload byte 1 between letters, else byte 0 */
    K_PUNCT,   /* other punctuation, written as the payload byte */
    K_USYM,    /* other punctuation or symbol, copied as written */
    K_INVALID, /* a byte that starts no valid UTF-8 sequence, copied */
};

#define NCP        0x20000u /* code points with a table entry: planes 0 and 1 */
#define PAGE_SHIFT 8
#define NPAGES     (NCP >> PAGE_SHIFT)

/* Byte classes of the plain-text path (fold_plain), 3 bits. */
#define F_O  0u /* other punctuation */
#define F_L  1u /* ASCII letter */
#define F_S  2u /* ' ' */
#define F_DP 3u /* digit, punctuation deleted between letters, '!', '$' */
#define F_X  4u /* needs the full fold: non-ASCII, controls, DEL */

struct jaga_skel {
    uint16_t plain[256];    /* F_* class << 8 | the byte in lower case */
    uint8_t plain_bad[512]; /* 1: three bytes of these classes in a row are not plain text */
    uint8_t alpha[128];     /* lower-case letter of an ASCII letter, else 0 */
    uint32_t ascii[128];
    uint16_t page_of[NPAGES];
    uint32_t npages;
    uint32_t pages[][1u << PAGE_SHIFT];
};

static uint32_t mk(unsigned kind, uint32_t pay, unsigned n, bool ns)
{
    return pay | (uint32_t)kind << 24 | (uint32_t)n << 28 | (ns ? E_NS : 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Tables (COLD)                                                                               */

static uint32_t ascii_entry(unsigned c)
{
    if (c >= 'A' && c <= 'Z')
        return mk(K_ALPHA, c + 32, 1, false);
    if (c >= 'a' && c <= 'z')
        return mk(K_ALPHA, c, 1, false);
    if (c >= '0' && c <= '9')
        return mk(K_DIGIT, c, 1, false);
    if (c <= 0x20 || c == 0x7f)
        return mk(K_SPACE, ' ', 1, false);
    if (c == '!')
        return mk(K_LEET, '!' | 'i' << 8, 1, false);
    if (c == '$')
        return mk(K_LEET, '$' | 's' << 8, 1, false);
    if (strchr(".-_*`~^", (int)c))
        return mk(K_PDEL, c, 1, false);
    return mk(K_PUNCT, c, 1, false);
}

/* Scripts written without spaces between words: a space or deletable punctuation between two
 * of their letters is dropped ("ค่า เทอม" is "ค่าเทอม"). */
static bool no_space_script(uint32_t cp)
{
    return (cp >= 0x0e00 && cp <= 0x0eff) || /* Thai, Lao */
           (cp >= 0x1000 && cp <= 0x109f) || /* Myanmar */
           (cp >= 0x1780 && cp <= 0x17ff) || /* Khmer */
           (cp >= 0x1980 && cp <= 0x19ff) || /* New Tai Lue, Khmer symbols */
           (cp >= 0x1a20 && cp <= 0x1aaf) || /* Tai Tham */
           (cp >= 0x3040 && cp <= 0x30ff) || /* kana */
           (cp >= 0x3400 && cp <= 0x4dbf) || /* CJK extension A */
           (cp >= 0x4e00 && cp <= 0x9fff) || /* CJK */
           (cp >= 0xa9e0 && cp <= 0xa9ff) || /* Myanmar extended B */
           (cp >= 0xaa60 && cp <= 0xaa7f) || /* Myanmar extended A */
           (cp >= 0xf900 && cp <= 0xfaff);   /* CJK compatibility */
}

/* Combining marks that decorate Latin, Greek or Cyrillic letters (or anything) rather than
 * belong to a script: dropped wherever they stand. */
static bool generic_mark(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x1ab0 && cp <= 0x1aff) ||
           (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff) ||
           (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xfe20 && cp <= 0xfe2f) ||
           (cp >= 0x180b && cp <= 0x180d) || cp == 0x17b4 || cp == 0x17b5;
}

/* Bases whose marks are diacritics to strip: Latin, Greek, Cyrillic. */
static bool latinish(uint32_t cp)
{
    return cp < 0x250 || (cp >= 0x370 && cp < 0x530) || (cp >= 0x1d00 && cp < 0x1dc0) ||
           (cp >= 0x1e00 && cp < 0x2000) || (cp >= 0x2c60 && cp < 0x2c80) ||
           (cp >= 0xa720 && cp < 0xa800);
}

struct glyph {
    uint16_t cp;
    char to;
};

/* Lower-case Greek and Cyrillic letters that look like a Latin one (after case folding, so
 * upper case reaches them too unless `upper_glyphs` says otherwise). */
// clang-format off
static const struct glyph lower_glyphs[] = {
    { 0x3b1, 'a' }, { 0x3b2, 'b' }, { 0x3b3, 'y' }, { 0x3b5, 'e' }, { 0x3b7, 'n' }, { 0x3b9, 'i' },
    { 0x3ba, 'k' }, { 0x3bc, 'u' }, { 0x3bd, 'v' }, { 0x3bf, 'o' }, { 0x3c1, 'p' }, { 0x3c4, 't' },
    { 0x3c5, 'u' }, { 0x3c7, 'x' }, { 0x3c9, 'w' }, { 0x3f2, 'c' }, { 0x3f3, 'j' }, { 0x430, 'a' },
    { 0x432, 'b' }, { 0x435, 'e' }, { 0x43a, 'k' }, { 0x43c, 'm' }, { 0x43d, 'h' }, { 0x43e, 'o' },
    { 0x440, 'p' }, { 0x441, 'c' }, { 0x442, 't' }, { 0x443, 'y' }, { 0x445, 'x' }, { 0x44c, 'b' },
    { 0x455, 's' }, { 0x456, 'i' }, { 0x458, 'j' }, { 0x461, 'w' }, { 0x4af, 'y' }, { 0x4bb, 'h' },
    { 0x4cf, 'l' }, { 0x501, 'd' }, { 0x51b, 'q' }, { 0x51d, 'w' },
};
// clang-format on

/* Code points (as written) whose look-alike differs from their lower case's, or that have no
 * decomposition to reach a Latin letter: upper-case Greek (H looks like H, its lower case η like
 * n), Cyrillic г and п, Latin letters with a stroke or hook, small capitals, and the letter-like
 * symbols people pick from "fancy text" generators. */
// clang-format off
static const struct glyph letter_ovr[] = {
    /* Latin-1, Latin Extended-A/B, IPA */
    { 0xd0, 'd' }, { 0xd8, 'o' }, { 0xf0, 'd' }, { 0xf8, 'o' }, { 0x110, 'd' }, { 0x111, 'd' },
    { 0x126, 'h' }, { 0x127, 'h' }, { 0x131, 'i' }, { 0x138, 'k' }, { 0x141, 'l' }, { 0x142, 'l' },
    { 0x14a, 'n' }, { 0x14b, 'n' }, { 0x166, 't' }, { 0x167, 't' }, { 0x180, 'b' }, { 0x189, 'd' },
    { 0x197, 'i' }, { 0x1b5, 'z' }, { 0x1b6, 'z' }, { 0x1e4, 'g' }, { 0x1e5, 'g' }, { 0x246, 'e' },
    { 0x247, 'e' }, { 0x248, 'j' }, { 0x249, 'j' }, { 0x24c, 'r' }, { 0x24d, 'r' }, { 0x24e, 'y' },
    { 0x24f, 'y' }, { 0x251, 'a' }, { 0x253, 'b' }, { 0x254, 'o' }, { 0x256, 'd' }, { 0x257, 'd' },
    { 0x25b, 'e' }, { 0x260, 'g' }, { 0x261, 'g' }, { 0x262, 'g' }, { 0x266, 'h' }, { 0x268, 'i' },
    { 0x26a, 'i' }, { 0x26b, 'l' }, { 0x26d, 'l' }, { 0x271, 'm' }, { 0x272, 'n' }, { 0x273, 'n' },
    { 0x274, 'n' }, { 0x275, 'o' }, { 0x27c, 'r' }, { 0x27d, 'r' }, { 0x27e, 'r' }, { 0x280, 'r' },
    { 0x282, 's' }, { 0x288, 't' }, { 0x289, 'u' }, { 0x28b, 'v' }, { 0x28f, 'y' }, { 0x290, 'z' },
    { 0x291, 'z' }, { 0x29c, 'h' }, { 0x29f, 'l' },
    /* Greek capitals */
    { 0x37f, 'j' }, { 0x391, 'a' }, { 0x392, 'b' }, { 0x395, 'e' }, { 0x396, 'z' }, { 0x397, 'h' },
    { 0x399, 'i' }, { 0x39a, 'k' }, { 0x39c, 'm' }, { 0x39d, 'n' }, { 0x39f, 'o' }, { 0x3a1, 'p' },
    { 0x3a4, 't' }, { 0x3a5, 'y' }, { 0x3a7, 'x' }, { 0x3f9, 'c' },
    /* Cyrillic lower case only: upper-case Г and П look like no Latin letter */
    { 0x433, 'r' }, { 0x43f, 'n' },
    /* small capitals */
    { 0x1d00, 'a' }, { 0x1d03, 'b' }, { 0x1d04, 'c' }, { 0x1d05, 'd' }, { 0x1d06, 'd' },
    { 0x1d07, 'e' }, { 0x1d0a, 'j' }, { 0x1d0b, 'k' }, { 0x1d0c, 'l' }, { 0x1d0d, 'm' },
    { 0x1d0f, 'o' }, { 0x1d18, 'p' }, { 0x1d1b, 't' }, { 0x1d1c, 'u' }, { 0x1d20, 'v' },
    { 0x1d21, 'w' }, { 0x1d22, 'z' }, { 0xa730, 'f' }, { 0xa731, 's' },
};
// clang-format on

/* Ligature letters with no decomposition. */
static const struct {
    uint16_t cp;
    char to[3];
} pair_ovr[] = { { 0xc6, "ae" }, { 0xe6, "ae" }, { 0x152, "oe" }, { 0x153, "oe" },
                 { 0xde, "th" }, { 0xfe, "th" }, { 0x1e9e, "s" } };

/* Dots and bullets between letters ("s·c·h·o·o·l") read like '.'. */
static const uint16_t dot_ovr[] = { 0xb7, 0x2022, 0x2027, 0x2219, 0x22c5, 0x30fb, 0xff65 };
/* Invisible letters (Hangul fillers) used to split words. */
static const uint16_t ignore_ovr[] = { 0x115f, 0x1160, 0x3164, 0xffa0 };

static char glyph_of(const struct glyph *g, size_t n, uint32_t cp)
{
    for (size_t k = 0; k < n; k++)
        if (g[k].cp == cp)
            return g[k].to;
    return 0;
}

static size_t u8len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static bool is_mark_cat(utf8proc_category_t c)
{
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

/* Value of a decimal digit of any script: digits come in runs of ten from zero. */
static unsigned digit_value(uint32_t cp)
{
    unsigned k = 0;
    while (k < cp && utf8proc_category((utf8proc_int32_t)(cp - k - 1)) == UTF8PROC_CATEGORY_ND)
        k++;
    return k % 10;
}

static uint32_t uni_entry(uint32_t cp)
{
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    bool ns = no_space_script(cp),
         letter_cat = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
    switch (cat) {
    case UTF8PROC_CATEGORY_CN:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_CS: return mk(K_USYM, 0, 0, false);
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC: return mk(K_SPACE, ' ', 1, false);
    case UTF8PROC_CATEGORY_CF: return mk(K_IGNORE, 0, 0, false);
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return generic_mark(cp) ? mk(K_IGNORE, 0, 0, false) : mk(K_ULETTER, 0, 0, ns);
    default: break;
    }

    utf8proc_int32_t buf[32];
    int bc = 0;
    utf8proc_ssize_t r = utf8proc_decompose_char(
        (utf8proc_int32_t)cp, buf, 32,
        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_LUMP, &bc);
    if (r <= 0 || r > 32)
        return letter_cat ? mk(K_ULETTER, 0, 0, ns) : mk(K_USYM, 0, 0, false);
    size_t n = (size_t)r;
    if (latinish((uint32_t)buf[0])) {
        size_t w = 0;
        for (size_t k = 0; k < n; k++)
            if (!is_mark_cat(utf8proc_category(buf[k])))
                buf[w++] = buf[k];
        n = w;
    }
    bool ascii = n > 0, alpha = n > 0, same = n > 0;
    for (size_t k = 0; k < n; k++) {
        char g = glyph_of(lower_glyphs, JAGA_ARRAY_SIZE(lower_glyphs), (uint32_t)buf[k]);
        if (g)
            buf[k] = g;
        ascii &= buf[k] < 0x80;
        alpha &= buf[k] >= 'a' && buf[k] <= 'z';
        same &= buf[k] == buf[0];
    }
    if (!n)
        return mk(K_IGNORE, 0, 0, false);
    if (ascii) {
        /* Letters: from a letter (ligature, fullwidth, circled, Roman numeral, ...), but
         * never a symbol spelt out in letters (™ is not "tm"). */
        if (alpha && n <= 3 && n <= u8len(cp) &&
            (letter_cat || n == 1 || cat == UTF8PROC_CATEGORY_NL)) {
            uint32_t pay = 0;
            for (size_t k = 0; k < n; k++)
                pay |= (uint32_t)buf[k] << (8 * k);
            return mk(K_ALPHA, pay, (unsigned)n, false);
        }
        if (n == 1 && buf[0] >= '0' && buf[0] <= '9')
            return mk(K_DIGIT, (uint32_t)buf[0], 1, false);
        if (same && !(buf[0] >= '0' && buf[0] <= '9') && !alpha) {
            uint32_t e = ascii_entry((unsigned)buf[0]); /* "…" is one '.' */
            return E_KIND(e) == K_SPACE ? mk(K_SPACE, ' ', 1, false) : e;
        }
        return letter_cat ? mk(K_ULETTER, 0, 0, ns) : mk(K_USYM, 0, 0, false);
    }
    if (cat == UTF8PROC_CATEGORY_ND)
        return mk(K_DIGIT, '0' + digit_value(cp), 1, false);
    if (letter_cat || cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO) {
        if (n == 1 && (uint32_t)buf[0] != cp && u8len((uint32_t)buf[0]) <= u8len(cp))
            return mk(K_ULOWER, (uint32_t)buf[0], 0, ns);
        return mk(K_ULETTER, 0, 0, ns);
    }
    return mk(K_USYM, 0, 0, false);
}

static uint64_t page_hash(const uint32_t *p)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t k = 0; k < (1u << PAGE_SHIFT); k++)
        h = (h ^ p[k]) * 1099511628211ull;
    return h;
}

JAGA_COLD int jaga_skel_create(struct jaga_skel **out)
{
    if (!out)
        return -EINVAL;
    uint32_t *all = jaga_malloc(NCP * sizeof(*all));
    uint64_t *hash = jaga_malloc(NPAGES * sizeof(*hash));
    uint16_t *uniq = jaga_malloc(NPAGES * sizeof(*uniq));
    struct jaga_skel *sk = NULL;
    int rc = -ENOMEM;
    if (!all || !hash || !uniq)
        goto done;

    for (uint32_t cp = 0; cp < NCP; cp++)
        all[cp] = cp < 0x80 ? ascii_entry(cp) : uni_entry(cp);
    for (size_t k = 0; k < JAGA_ARRAY_SIZE(letter_ovr); k++)
        all[letter_ovr[k].cp] = mk(K_ALPHA, (uint32_t)letter_ovr[k].to, 1, false);
    for (size_t k = 0; k < JAGA_ARRAY_SIZE(pair_ovr); k++) {
        const char *t = pair_ovr[k].to;
        unsigned n = (unsigned)strlen(t);
        all[pair_ovr[k].cp] =
            mk(K_ALPHA, (uint32_t)t[0] | (n > 1 ? (uint32_t)t[1] << 8 : 0), n, false);
    }
    for (size_t k = 0; k < JAGA_ARRAY_SIZE(dot_ovr); k++)
        all[dot_ovr[k]] = mk(K_PDEL, '.', 1, false);
    for (size_t k = 0; k < JAGA_ARRAY_SIZE(ignore_ovr); k++)
        all[ignore_ovr[k]] = mk(K_IGNORE, 0, 0, false);
    all[0x2800] = mk(K_SPACE, ' ', 1, false); /* braille blank */
    /* Negative circled and squared capitals and regional indicators: letters. */
    for (uint32_t k = 0; k < 26; k++) {
        all[0x1f150 + k] = mk(K_ALPHA, 'a' + k, 1, false);
        all[0x1f170 + k] = mk(K_ALPHA, 'a' + k, 1, false);
        all[0x1f1e6 + k] = mk(K_ALPHA, 'a' + k, 1, false);
    }

    /* Share identical pages. */
    uint32_t npages = 0;
    uint16_t page_of[NPAGES];
    for (uint32_t p = 0; p < NPAGES; p++) {
        const uint32_t *pg = all + ((size_t)p << PAGE_SHIFT);
        uint64_t h = page_hash(pg);
        uint32_t j = 0;
        for (; j < npages; j++)
            if (hash[j] == h &&
                !memcmp(all + ((size_t)uniq[j] << PAGE_SHIFT), pg, sizeof(uint32_t) << PAGE_SHIFT))
                break;
        if (j == npages) {
            hash[npages] = h;
            uniq[npages++] = (uint16_t)p;
        }
        page_of[p] = (uint16_t)j;
    }
    size_t sz = sizeof(*sk) + (size_t)npages * (sizeof(uint32_t) << PAGE_SHIFT);
    sk = jaga_aligned_alloc(64, sz);
    if (!sk)
        goto done;
    memcpy(sk->ascii, all, sizeof(sk->ascii));
    for (unsigned c = 0; c < 256; c++) {
        unsigned k = c < 128 ? E_KIND(all[c]) : K_INVALID;
        if (c < 128)
            sk->alpha[c] = k == K_ALPHA ? (uint8_t)E_PAY(all[c]) : 0;
        unsigned cls = k == K_ALPHA                                 ? F_L
                       : k == K_DIGIT || k == K_PDEL || k == K_LEET ? F_DP
                       : c == ' '                                   ? F_S
                       : k == K_PUNCT                               ? F_O
                                                                    : F_X;
        sk->plain[c] = (uint16_t)(cls << 8 | (k == K_ALPHA ? E_PAY(all[c]) : c));
    }
    /* Window of three classes (two bytes back, one back, this one): what the full fold would
     * do more than lower case and collapse runs. */
    for (unsigned w = 0; w < 512; w++) {
        unsigned pp = w >> 6, p = (w >> 3) & 7, c = w & 7;
        sk->plain_bad[w] = c == F_X || (p == F_S && c == F_S) ||
                           (p == F_L && c == F_DP) ||           /* "sch00l", "sch-ool" */
                           (p == F_L && pp != F_L && c == F_S); /* "s c", a single letter */
    }
    memcpy(sk->page_of, page_of, sizeof(page_of));
    sk->npages = npages;
    for (uint32_t j = 0; j < npages; j++)
        memcpy(sk->pages[j], all + ((size_t)uniq[j] << PAGE_SHIFT), sizeof(sk->pages[j]));
    *out = sk;
    rc = 0;
done:
    jaga_free(uniq);
    jaga_free(hash);
    jaga_free(all);
    return rc;
}

JAGA_COLD void jaga_skel_destroy(struct jaga_skel *sk)
{
    jaga_free(sk);
}

/* ------------------------------------------------------------------------------------------ */
/* Fold (HOT)                                                                                  */

/* Reads the unit at p (n > 0 bytes left): its entry, its code point, its length. */
static JAGA_ALWAYS_INLINE size_t read_unit(const struct jaga_skel *sk, const unsigned char *p,
                                           size_t n, uint32_t *e, uint32_t *cp)
{
    unsigned c = p[0];
    uint32_t u;
    size_t k;
    if (c < 0x80) {
        *cp = c;
        *e = sk->ascii[c];
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        if (n < 2 || (p[1] & 0xc0) != 0x80)
            goto bad;
        u = (c & 0x1fu) << 6 | (p[1] & 0x3fu);
        k = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
            goto bad;
        u = (c & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 | (p[2] & 0x3fu);
        if (u < 0x800 || (u >= 0xd800 && u <= 0xdfff))
            goto bad;
        k = 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
        if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
            goto bad;
        u = (c & 0x07u) << 18 | (p[1] & 0x3fu) << 12 | (p[2] & 0x3fu) << 6 | (p[3] & 0x3fu);
        if (u < 0x10000 || u > 0x10ffff)
            goto bad;
        k = 4;
    } else {
        goto bad;
    }
    *cp = u;
    if (jaga_likely(u < NCP))
        *e = sk->pages[sk->page_of[u >> PAGE_SHIFT]][u & ((1u << PAGE_SHIFT) - 1)];
    else if (u >= 0xe0000 && u <= 0xe0fff) /* tags, variation selectors supplement */
        *e = mk(K_IGNORE, 0, 0, false);
    else
        *e = mk(K_ULETTER, 0, 0, true);
    return k;
bad:
    *cp = c;
    *e = mk(K_INVALID, 0, 0, false);
    return 1;
}

static JAGA_ALWAYS_INLINE size_t put_cp(unsigned char *d, uint32_t cp)
{
    if (cp < 0x800) {
        d[0] = (unsigned char)(0xc0 | cp >> 6);
        d[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (unsigned char)(0xe0 | cp >> 12);
        d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        d[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    }
    d[0] = (unsigned char)(0xf0 | cp >> 18);
    d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
    d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
    d[3] = (unsigned char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Letters digits stand for inside a word; 0 = none (2 and 6 are read as digits). */
static const char leet_digit[10] = { 'o', 'i', 0, 'e', 'a', 's', 0, 't', 'b', 'g' };

/* Whether the letter just read is a word of its own: nothing but ignorable characters (and
 * deletable punctuation, which separates only in the split reading) stands between it and the
 * next non-word unit. */
static bool single_ahead(const struct jaga_skel *sk, const unsigned char *s, size_t i, size_t len,
                         bool split)
{
    while (i < len) {
        uint32_t e, cp;
        i += read_unit(sk, s + i, len - i, &e, &cp);
        switch (E_KIND(e)) {
        case K_IGNORE: continue;
        case K_PDEL:
        case K_LEET:
            if (split)
                return true;
            continue;
        case K_ALPHA:
        case K_ULETTER:
        case K_ULOWER:
        case K_DIGIT: return false;
        default: return true;
        }
    }
    return true;
}

/* Plain text: printable ASCII where the fold only lowers case and collapses letter runs, i.e.
 * no double space, no digit or deletable punctuation right after a letter (leetspeak, in-word
 * punctuation), and no one-letter word before a space or punctuation (joins). Writes that to d
 * and returns its length, or SIZE_MAX (having written garbage) when the text is not plain.
 * Branch-free per byte apart from the loop: memos are short, and the full fold's branches on
 * word boundaries mispredict at about every word. */
static JAGA_ALWAYS_INLINE size_t fold_plain(const struct jaga_skel *sk, const unsigned char *s,
                                            size_t len, unsigned char *d)
{
    unsigned w = 0, plo = 0, bad = 0;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned v = sk->plain[s[i]], cls = v >> 8, lo = v & 0xff;
        w = (w << 3 | cls) & 511;
        bad |= sk->plain_bad[w];
        d[o] = (unsigned char)lo;
        o += lo != plo || cls != F_L; /* a letter equal to the one before collapses */
        plo = lo;
    }
    return bad ? SIZE_MAX : o;
}

enum state {
    ST_SEP,    /* start, or after a space or punctuation */
    ST_LETTER, /* in a word, after a letter */
    ST_DIGIT,  /* in a word, after a digit */
    ST_TAIL,   /* deletable punctuation right after a letter */
};

JAGA_HOT size_t jaga_skel_fold(const struct jaga_skel *sk, const char *src, size_t len, char *dst,
                               unsigned flags, bool *joined)
{
    const bool split = flags & JAGA_SKEL_SPLIT;
    bool join = false;
    if (jaga_likely(!(flags & JAGA_SKEL_REFERENCE))) {
        size_t n = fold_plain(sk, (const unsigned char *)src, len, (unsigned char *)dst);
        if (jaga_likely(n != SIZE_MAX)) {
            if (joined)
                *joined = false;
            return n;
        }
    }
    const unsigned char *s = (const unsigned char *)src;
    unsigned char *d = (unsigned char *)dst;
    size_t i = 0, o = 0;
    enum state st = ST_SEP;
    /* Current word: last letter written (ASCII byte or code point, 0 = none to collapse
     * with), its script, whether the word was one letter (as written, so "aa" is not) or
     * single letters joined. */
    uint32_t last = 0;
    bool last_ns = false, last_ascii = false, wsingle = false;
    /* ST_DIGIT: where the digit run starts and whether an ASCII letter precedes it; ST_TAIL:
     * where the punctuation starts. */
    size_t mark = 0;
    bool run_ok = false;
    /* The word before the current separator, while a join with the next letter is possible:
     * it ended in a letter and only spaces and deletable punctuation followed. */
    bool join_ok = false, prev_ns = false, prev_single = false;
    size_t sep_at = 0;
    uint32_t prev_last = 0;

#define END_WORD()                               \
    do {                                         \
        join_ok = st == ST_LETTER;               \
        if (join_ok) {                           \
            sep_at = o;                          \
            prev_last = last;                    \
            prev_ns = last_ns;                   \
            prev_single = wsingle && last_ascii; \
        }                                        \
    } while (0)

    while (i < len) {
        /* ASCII fast path: the cases plain memos are made of, decided from the byte alone. */
        unsigned c = s[i];
        if (jaga_likely(c < 0x80)) {
            uint32_t ch = sk->alpha[c];
            if (ch && st == ST_LETTER) {
                /* Letters inside a word: lower case, runs collapsed. dst[o] is in bounds
                 * (o <= i), and is overwritten by the next letter when collapsed. */
                do {
                    d[o] = (unsigned char)ch;
                    o += ch != last;
                    last = ch;
                } while (++i < len && (c = s[i]) < 0x80 && (ch = sk->alpha[c]) != 0);
                wsingle = false;
                last_ascii = true;
                last_ns = false;
                continue;
            }
            if (ch && st == ST_SEP && !(join_ok && prev_single)) {
                /* A letter starting a word that cannot join the previous one. */
                d[o++] = (unsigned char)ch;
                last = ch;
                wsingle = true;
                last_ascii = true;
                last_ns = false;
                st = ST_LETTER;
                i++;
                continue;
            }
            if (c == ' ' && st == ST_LETTER) {
                END_WORD();
                d[o++] = ' ';
                st = ST_SEP;
                i++;
                continue;
            }
            if (c - '0' < 10u && st == ST_DIGIT) {
                d[o++] = (unsigned char)c;
                i++;
                continue;
            }
        }

        uint32_t e, cp;
        size_t n = read_unit(sk, s + i, len - i, &e, &cp);
        unsigned k = E_KIND(e);
        i += n;

        switch (k) {
        case K_IGNORE: break;

        case K_ALPHA:
        case K_ULETTER:
        case K_ULOWER: {
            bool ascii = k == K_ALPHA, ns = e & E_NS, cont = st == ST_LETTER, keep_single = false;
            if (st == ST_DIGIT) {
                /* "sch00l", "s3x": one or two digits between letters are letters. */
                size_t rl = o - mark;
                bool map = run_ok && ascii && rl <= 2 && !split;
                for (size_t r = mark; map && r < o; r++)
                    map = leet_digit[d[r] - '0'] != 0;
                if (map) {
                    size_t w = mark;
                    for (size_t r = mark; r < o; r++) {
                        uint32_t m = (uint32_t)leet_digit[d[r] - '0'];
                        if (d[r] == '1' && (last == 'i' || last == 'l'))
                            m = 'l'; /* "chi1d", "bi11s" */
                        if (m != last)
                            d[w++] = (unsigned char)m;
                        last = m;
                    }
                    o = w;
                    join = true;
                } else {
                    last = 0; /* "12yo": digits stay, the word goes on */
                }
                cont = true;
                wsingle = false;
            } else if (st == ST_TAIL && split) {
                st = ST_SEP; /* the punctuation stays, and separates */
            } else if (st == ST_TAIL) {
                /* "sch-ool", "g!ft": punctuation between letters is taken back. The split
                 * reading differs unless it would join the two sides anyway ("y.o", Thai). */
                bool sj = prev_single && ascii && single_ahead(sk, s, i, len, true);
                join |= !((prev_ns && ns) || sj);
                size_t w = mark;
                for (size_t r = mark; r < o; r++) {
                    uint32_t m = d[r] == '!' ? 'i' : d[r] == '$' ? 's' : 0;
                    if (m && m != last) {
                        d[w++] = (unsigned char)m;
                        last = m;
                    }
                }
                o = w;
                cont = true;
                keep_single = sj; /* "s.c.h": a chain of single letters, as split */
                wsingle = sj;
            }
            if (st == ST_SEP && join_ok) {
                bool nsj = prev_ns && ns;
                if (nsj || (prev_single && ascii && single_ahead(sk, s, i, len, split))) {
                    o = sep_at;
                    last = prev_last;
                    cont = true;
                    keep_single = !nsj;
                    wsingle = keep_single;
                }
            }
            if (!cont) {
                last = 0;
                wsingle = true;
            }
            if (ascii) {
                uint32_t pay = E_PAY(e);
                for (unsigned j = 0; j < E_N(e); j++, pay >>= 8) {
                    uint32_t ch = pay & 0xff;
                    if (ch != last) {
                        d[o++] = (unsigned char)ch;
                        last = ch;
                    }
                }
            } else {
                uint32_t key = k == K_ULOWER ? E_PAY(e) : cp;
                if (key != last) {
                    if (k == K_ULOWER)
                        o += put_cp(d + o, key);
                    else
                        memcpy(d + o, s + i - n, n), o += n;
                    last = key;
                }
            }
            if (E_N(e) > 1 || (cont && !keep_single))
                wsingle = false; /* a second letter: "aa" is no single letter */
            st = ST_LETTER;
            last_ns = ns;
            last_ascii = ascii;
            break;
        }

        case K_DIGIT:
            if (st == ST_LETTER) {
                mark = o;
                run_ok = last_ascii;
            } else if (st != ST_DIGIT) {
                END_WORD(); /* a tail before the digits stays punctuation */
                join_ok = false;
                mark = o;
                run_ok = false;
            }
            wsingle = false;
            d[o++] = (unsigned char)E_PAY(e);
            st = ST_DIGIT;
            break;

        case K_PDEL:
        case K_LEET:
            if (st == ST_LETTER) {
                END_WORD();
                mark = o;
                st = ST_TAIL;
            } else if (st == ST_DIGIT) {
                END_WORD();
                st = ST_SEP;
            }
            d[o++] = (unsigned char)E_PAY(e);
            break;

        case K_SPACE:
            if (st == ST_LETTER || st == ST_DIGIT)
                END_WORD();
            if (!o || d[o - 1] != ' ')
                d[o++] = ' ';
            st = ST_SEP;
            break;

        default: /* K_PUNCT, K_USYM, K_INVALID */
            if (st == ST_LETTER || st == ST_DIGIT)
                END_WORD();
            join_ok = false;
            if (k == K_PUNCT)
                d[o++] = (unsigned char)E_PAY(e);
            else
                memcpy(d + o, s + i - n, n), o += n;
            st = ST_SEP;
            break;
        }
    }
#undef END_WORD
    if (joined)
        *joined = join;
    return o;
}

/* ------------------------------------------------------------------------------------------ */
/* Terms and vetting (COLD)                                                                    */

static bool valid_utf8(const unsigned char *s, size_t n)
{
    utf8proc_int32_t cp;
    while (n) {
        utf8proc_ssize_t k = utf8proc_iterate(s, (utf8proc_ssize_t)n, &cp);
        if (k <= 0)
            return false;
        s += k;
        n -= (size_t)k;
    }
    return true;
}

/* A term becomes a plain alternation of the forms it can take in a skeleton, so Hyperscan
 * matches whole literals: each gap between words is none ("schoolfees", and "school-fees",
 * whose hyphen the fold deletes) or a space. Patterns with short optional parts such as
 * `\btre\s?em\b` cost more: five Vietnamese ones added 10 ns/record to the batch scan (names
 * included), and a third gap form (" - ") 3 ns more for the whole lexicon. */
#define TERM_MAX_WORDS 4
static const char *const term_gaps[] = { "", " " };

static void put_literal(struct jaga_strbuf *o, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c >= 0x80 || c == ' ' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            jaga_sb_put(o, (const char *)&p[i], 1);
        } else {
            char esc[2] = { '\\', (char)c };
            jaga_sb_put(o, esc, 2);
        }
    }
}

static bool is_letter_byte(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}

JAGA_COLD int jaga_skel_term_regex(const struct jaga_skel *sk, const char *term, size_t len,
                                   char *out, size_t cap)
{
    if (!sk || !term || !out || !cap || !valid_utf8((const unsigned char *)term, len))
        return -EINVAL;
    unsigned char *f = jaga_malloc(len + 1);
    if (!f)
        return -ENOMEM;
    size_t fl = jaga_skel_fold(sk, term, len, (char *)f, 0, NULL), a = 0;
    while (a < fl && f[a] == ' ')
        a++;
    while (fl > a && f[fl - 1] == ' ')
        fl--;
    bool any = false;
    for (size_t i = a; i < fl;) {
        uint32_t e, cp;
        i += read_unit(sk, f + i, fl - i, &e, &cp);
        unsigned k = E_KIND(e);
        any |= k == K_ALPHA || k == K_ULETTER || k == K_ULOWER || k == K_DIGIT;
    }
    /* Words: the skeleton holds single spaces only. */
    size_t ws[TERM_MAX_WORDS], we[TERM_MAX_WORDS], nw = 0;
    for (size_t i = a; any && i < fl;) {
        size_t j = i;
        while (j < fl && f[j] != ' ')
            j++;
        if (nw == TERM_MAX_WORDS) {
            any = false;
            break;
        }
        ws[nw] = i;
        we[nw++] = j;
        i = j + 1;
    }
    if (!any) {
        jaga_free(f);
        return nw == TERM_MAX_WORDS ? -E2BIG : -EINVAL;
    }
    struct jaga_strbuf o = { out, 0, cap };
    bool alnum_l = is_letter_byte(f[a]) || (f[a] >= '0' && f[a] <= '9');
    bool alnum_r = is_letter_byte(f[fl - 1]) || (f[fl - 1] >= '0' && f[fl - 1] <= '9');
    if (alnum_l)
        jaga_sb_puts(&o, "\\b");
    jaga_sb_puts(&o, "(?:");
    size_t ng = sizeof(term_gaps) / sizeof(term_gaps[0]), nalt = 1;
    for (size_t k = 1; k < nw; k++)
        nalt *= ng;
    for (size_t alt = 0; alt < nalt; alt++) {
        if (alt)
            jaga_sb_puts(&o, "|");
        size_t code = alt;
        for (size_t k = 0; k < nw; k++) {
            size_t from = ws[k];
            if (k) {
                const char *g = term_gaps[code % ng];
                code /= ng;
                /* Joined words share a letter: "bus stop" is "bustop" when written as one. */
                if (!*g && is_letter_byte(f[from]) && f[from] == f[we[k - 1] - 1])
                    from++;
                put_literal(&o, (const unsigned char *)g, strlen(g));
            }
            put_literal(&o, f + from, we[k] - from);
        }
    }
    jaga_sb_puts(&o, ")");
    if (alnum_r)
        jaga_sb_puts(&o, "\\b");
    jaga_free(f);
    if (o.len >= cap)
        return -ENOSPC;
    out[o.len] = 0;
    return (int)o.len;
}

static bool quantifier_next(const unsigned char *p)
{
    return *p == '?' || *p == '*' || *p == '{';
}

/* Skips the rest of an escape that started at p[0] == '\\'; returns the next position. */
static const unsigned char *skip_escape(const unsigned char *p)
{
    unsigned d = p[1];
    p += 2;
    if (strchr("xopPN", (int)d) && *p == '{') {
        while (*p && *p != '}')
            p++;
        return *p ? p + 1 : p;
    }
    if (d == 'x') {
        for (int k = 0;
             k < 2 && ((*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f')); k++)
            p++;
    } else if (d == 'c' && *p) {
        p++;
    } else if (d >= '0' && d <= '9') {
        while (*p >= '0' && *p <= '9')
            p++;
    } else if (d == 'Q') {
        while (*p && !(p[0] == '\\' && p[1] == 'E'))
            p++;
        if (*p)
            p += 2;
    }
    return p;
}

JAGA_COLD int jaga_skel_vet_regex(const struct jaga_skel *sk, const char *re, char *msg, size_t cap)
{
    const unsigned char *p = (const unsigned char *)re, *class_first = NULL;
    bool in_class = false;
    /* Previous literal letter (ASCII lower case or code point) and where it starts. */
    uint32_t prev = 0;
    const unsigned char *prev_at = NULL;

    while (*p) {
        unsigned c = *p;
        if (in_class) {
            if (c == '\\' && p[1])
                p += 2;
            else {
                if (c == ']' && p != class_first)
                    in_class = false;
                p++;
            }
            continue;
        }
        if (c == '[') {
            in_class = true;
            p++;
            if (*p == '^')
                p++;
            class_first = p;
            prev = 0;
            continue;
        }
        if (c == '\\') {
            p = p[1] ? skip_escape(p) : p + 1;
            prev = 0;
            continue;
        }
        uint32_t key = 0, e = 0, cp = c;
        size_t n = 1;
        if (c >= 0x80) {
            n = read_unit(sk, p, strlen((const char *)p), &e, &cp);
            unsigned k = E_KIND(e);
            if (k == K_INVALID)
                return 0; /* Hyperscan has refused it already */
            /* Upper case is fine: lexicon patterns are caseless. */
            bool upper =
                k == K_ULOWER && (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp) == E_PAY(e);
            if (k != K_ULETTER && k != K_USYM && !upper) {
                char f[8] = "";
                size_t fl = jaga_skel_fold(sk, (const char *)p, n, f, 0, NULL);
                if (fl && f[0] != ' ')
                    snprintf(msg, cap, "'%.*s' never occurs in a memo skeleton: write '%.*s'",
                             (int)n, (const char *)p, (int)fl, f);
                else
                    snprintf(msg, cap, "'%.*s' never occurs in a memo skeleton (it is %s)", (int)n,
                             (const char *)p, fl ? "a space" : "dropped");
                return -EINVAL;
            }
            key = k == K_ULETTER ? cp : upper ? E_PAY(e) : 0;
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            key = c | 0x20;
        }
        if (!key) {
            prev = 0;
            p += n;
            continue;
        }
        /* "oo?" and "o*o" still match one 'o': only an unquantified pair is dead. */
        bool quant = quantifier_next(p + n);
        if (key == prev && !quant) {
            snprintf(msg, cap,
                     "'%.*s' never occurs in a memo skeleton (letter runs are collapsed): write "
                     "'%.*s'",
                     (int)(p + n - prev_at), (const char *)prev_at, (int)n, (const char *)p);
            return -EINVAL;
        }
        prev = quant ? 0 : key;
        prev_at = p;
        p += n;
    }
    return 0;
}
