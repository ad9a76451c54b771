// SPDX-License-Identifier: Apache-2.0
/*
 * RFC 4180 record cursor shared by the transaction source (io/csv.c) and the reference-data
 * loaders (io/refcsv.c). It pulls chunks from a jaga_reader, finds record boundaries, splits
 * fields, tracks physical lines and byte offsets, and flags structural problems (NUL, bad
 * quoting, overlong records, non-ASCII bytes to validate). It never judges field content; the
 * callers do. Private to io/: everything here is static inline so each user gets its own copy
 * and the hot path inlines.
 *
 * Two paths: the fast path finds commas and the newline of an unquoted record eight bytes at a
 * time (SWAR) and hands out fields pointing into the chunk; any quote, NUL, chunk end or
 * overlong record falls back to the byte-by-byte state machine, which unescapes into a scratch
 * buffer. Quotes only open a quoted field at the start of a field; a quote anywhere else, or
 * text after a closing quote, is "bad quoting" (the record still ends at the next newline
 * outside quotes, so one stray quote never swallows the rest of the file).
 *
 * A record cut by the end of a chunk is copied to a carry buffer, the next chunk is fetched,
 * and the carried bytes are put back into the reader's writable prefix right in front of the
 * new data, so records are always contiguous. A record longer than JAGA_REC_MAX is returned
 * once with JAGA_CSV_TOOLONG (its first bytes as raw), and the rest of it is skipped, still
 * following quotes and counting lines, before the next record.
 */
#ifndef JAGA_IO_CSV_SPLIT_H
#define JAGA_IO_CSV_SPLIT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/base.h"
#include "core/batch.h"
#include "core/mem.h"
#include "io/reader.h"

/* Columns a header may have. A record with more fields is counted but only this many stored. */
#define JAGA_CSV_MAX_COLS 256

/* jaga_csv_rec.flags */
#define JAGA_CSV_NUL 0x01u /* a NUL byte somewhere in the record */
#define JAGA_CSV_BADQUOTE                                                                     \
    0x02u                      /* quote inside an unquoted field, text after a closing quote, \
                                  or a quoted field still open at end of input */
#define JAGA_CSV_TOOLONG 0x04u /* longer than JAGA_REC_MAX; fields are not split */
#define JAGA_CSV_HIGH    0x08u /* bytes >= 0x80 present: fields need UTF-8 validation */
#define JAGA_CSV_EMPTY   0x10u /* nothing before the line end */
#define JAGA_CSV_READERR 0x20u /* cut short by a read error */

struct jaga_csv_field {
    const uint8_t *p; /* unescaped content, valid until the next jaga_csv_next call */
    size_t len;
};

struct jaga_csv_rec {
    const uint8_t *raw; /* record as in the input, without its line end */
    size_t raw_len;
    uint64_t line; /* 1-based physical line where the record starts */
    uint64_t off;  /* byte offset of its first byte */
    uint32_t nf;   /* fields found (may exceed JAGA_CSV_MAX_COLS) */
    uint32_t flags;
    /* One spare entry past the last column, never written by the splitter: callers may point
     * absent columns at f[JAGA_CSV_MAX_COLS] after setting it to an empty field. */
    struct jaga_csv_field f[JAGA_CSV_MAX_COLS + 1];
};

struct jaga_csv_cur {
    struct jaga_reader *rd;
    uint8_t *pos; /* next unparsed byte */
    uint8_t *end; /* end of the bytes at hand */
    uint64_t off; /* stream offset of pos */
    uint64_t line;
    int eof;
    int err;          /* -errno of a read error, else 0 */
    int skip;         /* nonzero: inside an overlong record; quote state + 1 */
    uint8_t *carry;   /* JAGA_REC_MAX bytes: the unfinished tail across a chunk change */
    uint8_t *scratch; /* JAGA_REC_MAX + 64 bytes: unescaped fields of the slow path */
};

/* Parser states of the slow path (also kept across chunks while skipping). */
enum { JAGA_CSV_S_FSTART, JAGA_CSV_S_UNQ, JAGA_CSV_S_QUOTED, JAGA_CSV_S_QEND, JAGA_CSV_S_QEND_CR };

enum { JAGA_CSV_DONE, JAGA_CSV_SLOW, JAGA_CSV_MORE };

#define JAGA_SWAR_ONES  0x0101010101010101ull
#define JAGA_SWAR_HIGHS 0x8080808080808080ull

static inline uint64_t jaga_swar_load(const uint8_t *p)
{
    uint64_t w;

    memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* High bit of each byte that is zero. Exact for the lowest zero byte; a byte 0x01 right above a
 * zero byte can also be flagged (borrow), so callers re-check the byte they land on. No zero
 * byte is ever missed. */
static inline uint64_t jaga_swar_zero(uint64_t v)
{
    return (v - JAGA_SWAR_ONES) & ~v & JAGA_SWAR_HIGHS;
}

/** Length of the valid UTF-8 sequence at p[0..n) (p[0] >= 0x80), or 0 if invalid: overlong
 *  forms, surrogates, code points above U+10FFFF and truncated sequences are all invalid. */
static inline size_t jaga_utf8_seq(const uint8_t *p, size_t n)
{
    unsigned c = p[0];

    if (c >= 0xc2 && c <= 0xdf)
        return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        unsigned lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;

        return n >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        unsigned lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;

        if (n >= 4 && p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80)
            return 4;
    }
    return 0;
}

/** True when p[0..n) is valid UTF-8. ASCII runs are skipped eight bytes at a time. */
static inline bool jaga_utf8_valid(const uint8_t *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        if (i + 8 <= n && !(jaga_swar_load(p + i) & JAGA_SWAR_HIGHS)) {
            i += 8;
            continue;
        }
        if (p[i] < 0x80) {
            i++;
        } else {
            size_t k = jaga_utf8_seq(p + i, n - i);

            if (!k)
                return false;
            i += k;
        }
    }
    return true;
}

/** Sets up a cursor over `rd` (borrowed). 0 or -ENOMEM. COLD. */
static inline int jaga_csv_cur_init(struct jaga_csv_cur *c, struct jaga_reader *rd)
{
    memset(c, 0, sizeof(*c));
    c->rd = rd;
    c->line = 1;
    c->carry = jaga_malloc(JAGA_REC_MAX);
    c->scratch = jaga_malloc(JAGA_REC_MAX + 64);
    if (!c->carry || !c->scratch) {
        jaga_free(c->carry);
        jaga_free(c->scratch);
        c->carry = c->scratch = NULL;
        return -ENOMEM;
    }
    return 0;
}

static inline void jaga_csv_cur_fini(struct jaga_csv_cur *c)
{
    jaga_free(c->carry);
    jaga_free(c->scratch);
    c->carry = c->scratch = NULL;
}

/* Fetches the next chunk, keeping the unparsed bytes [pos, end) (at most JAGA_REC_MAX) in front
 * of it. At end of input or on a read error the kept bytes stay in the carry buffer and eof is
 * set, so the caller can still finish the last record. One syscall at most. */
static inline void jaga_csv_refill(struct jaga_csv_cur *c)
{
    size_t t = (size_t)(c->end - c->pos);
    uint8_t *d = NULL;
    ssize_t n;

    JAGA_BUG_ON(t > JAGA_REC_MAX);
    /* The reader may hand out the same buffer again, so save the tail before asking. */
    if (t)
        memmove(c->carry, c->pos, t);
    n = jaga_reader_next(c->rd, &d);
    if (n > 0) {
        memcpy(d - t, c->carry, t);
        c->pos = d - t;
        c->end = d + n;
        return;
    }
    if (n < 0)
        c->err = (int)n;
    c->eof = 1;
    c->pos = c->carry;
    c->end = c->carry + t;
}

/* Skips the rest of an overlong record, following quotes so that a quoted newline does not end
 * it, and counting every newline as a physical line. */
static inline void jaga_csv_skip(struct jaga_csv_cur *c)
{
    int st = c->skip - 1;

    for (;;) {
        while (c->pos < c->end) {
            unsigned ch = *c->pos++;

            c->off++;
            if (ch == '\n') {
                c->line++;
                if (st != JAGA_CSV_S_QUOTED) {
                    c->skip = 0;
                    return;
                }
                continue;
            }
            switch (st) {
            case JAGA_CSV_S_FSTART:
                st = ch == '"' ? JAGA_CSV_S_QUOTED : ch == ',' ? JAGA_CSV_S_FSTART : JAGA_CSV_S_UNQ;
                break;
            case JAGA_CSV_S_UNQ:
                if (ch == ',')
                    st = JAGA_CSV_S_FSTART;
                break;
            case JAGA_CSV_S_QUOTED:
                if (ch == '"')
                    st = JAGA_CSV_S_QEND;
                break;
            default: /* QEND, QEND_CR */
                st = ch == '"' && st == JAGA_CSV_S_QEND ? JAGA_CSV_S_QUOTED
                     : ch == ','                        ? JAGA_CSV_S_FSTART
                                                        : JAGA_CSV_S_UNQ;
                break;
            }
        }
        if (c->eof) {
            c->skip = 0;
            return;
        }
        c->pos = c->end; /* nothing to keep */
        jaga_csv_refill(c);
    }
}

/*
 * 16-byte compares through GCC/Clang vector extensions. On x86-64 the movemask is SSE2, which is
 * part of the x86-64 baseline ABI (no ISA flag, no dispatch needed); elsewhere the byte masks
 * are packed with a multiply. SWAR over 8-byte words was measured ~3x slower here because it
 * costs several ALU ops per word for each byte class.
 */
typedef char jaga_v16 __attribute__((vector_size(16)));

static inline jaga_v16 jaga_v16_load(const uint8_t *p)
{
    jaga_v16 v;

    memcpy(&v, p, 16);
    return v;
}

static inline jaga_v16 jaga_v16_splat(char c)
{
    return (jaga_v16){ c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c };
}

/* Bit i set when byte i of v has its high bit set (compare results are 0 or 0xff). */
static inline uint32_t jaga_v16_mask(jaga_v16 v)
{
#if defined(__SSE2__)
    return (uint32_t)__builtin_ia32_pmovmskb128(v);
#else
    uint64_t lo, hi;

    memcpy(&lo, &v, 8);
    memcpy(&hi, (const char *)&v + 8, 8);
#    if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    lo = __builtin_bswap64(lo);
    hi = __builtin_bswap64(hi);
#    endif
    lo = ((lo & JAGA_SWAR_HIGHS) * 0x0002040810204081ull) >> 56;
    hi = ((hi & JAGA_SWAR_HIGHS) * 0x0002040810204081ull) >> 56;
    return (uint32_t)(lo | hi << 8);
#endif
}

/* Fast path: an unquoted record that ends within the bytes at hand. Works on 64-byte blocks:
 * one bitmask of commas and one of "special" bytes (newline, quote, NUL) per block, so the
 * only data-dependent branches are one per block and one per field. Returns JAGA_CSV_DONE with
 * rec filled and the cursor advanced, or JAGA_CSV_SLOW (quote, NUL, or no newline found in
 * whole blocks, i.e. near the end of the bytes at hand) with nothing changed.
 * HOT: no alloc/lock/syscall. */
static inline int jaga_csv_fast(struct jaga_csv_cur *c, struct jaga_csv_rec *rec)
{
    const jaga_v16 vc = jaga_v16_splat(','), vn = jaga_v16_splat('\n'), vq = jaga_v16_splat('"'),
                   vz = jaga_v16_splat(0);
    uint8_t *s = c->pos, *p = s, *fs = s, *q, *e;
    size_t avail = (size_t)(c->end - s);
    uint8_t *stop = s + (avail < JAGA_REC_MAX + 1 ? avail : JAGA_REC_MAX + 1);
    jaga_v16 hv = vz;
    uint32_t nf = 0;

    while (p + 64 <= stop) {
        uint64_t cm = 0, sm = 0;

        for (int k = 0; k < 4; k++) {
            jaga_v16 v = jaga_v16_load(p + 16 * k);

            hv |= v;
            cm |= (uint64_t)jaga_v16_mask(v == vc) << (16 * k);
            sm |= (uint64_t)jaga_v16_mask((v == vn) | (v == vq) | (v == vz)) << (16 * k);
        }
        if (sm) {
            unsigned j = (unsigned)__builtin_ctzll(sm);

            q = p + j;
            if (*q != '\n')
                return JAGA_CSV_SLOW;
            cm &= (1ull << j) - 1; /* j < 64 */
        }
        while (cm) {
            uint8_t *comma = p + __builtin_ctzll(cm);

            cm &= cm - 1;
            if (jaga_likely(nf < JAGA_CSV_MAX_COLS)) {
                rec->f[nf].p = fs;
                rec->f[nf].len = (size_t)(comma - fs);
            }
            nf++;
            fs = comma + 1;
        }
        if (sm)
            goto found;
        p += 64;
    }
    return JAGA_CSV_SLOW;

found:
    /* q is the newline. A CR right before it belongs to the line end (CRLF). */
    e = q;
    if (e > fs && e[-1] == '\r')
        e--;
    if (jaga_likely(nf < JAGA_CSV_MAX_COLS)) {
        rec->f[nf].p = fs;
        rec->f[nf].len = (size_t)(e - fs);
    }
    nf++;
    rec->nf = nf;
    rec->raw = s;
    rec->raw_len = (size_t)(e - s);
    /* hv may include bytes after the newline in the last block: at worst a needless UTF-8
     * check of fields that turn out valid. */
    rec->flags = jaga_v16_mask(hv) ? JAGA_CSV_HIGH : 0;
    if (rec->raw_len == 0)
        rec->flags |= JAGA_CSV_EMPTY;
    rec->line = c->line;
    rec->off = c->off;
    c->line++;
    c->off += (uint64_t)(q + 1 - s);
    c->pos = q + 1;
    return JAGA_CSV_DONE;
}

/* Slow path: the full state machine, unescaping into c->scratch. Returns JAGA_CSV_DONE (also
 * for an overlong record, flagged JAGA_CSV_TOOLONG, with c->skip set to finish it), or
 * JAGA_CSV_MORE when the record runs past the bytes at hand and more input may follow. */
static inline int jaga_csv_slow(struct jaga_csv_cur *c, struct jaga_csv_rec *rec)
{
    uint8_t *s = c->pos, *p = s;
    size_t avail = (size_t)(c->end - s);
    uint8_t *stop = s + (avail < JAGA_REC_MAX + 1 ? avail : JAGA_REC_MAX + 1);
    uint8_t *out = c->scratch, *fo = out;
    uint32_t nf = 0, flags = 0;
    uint64_t lfs = 0;
    unsigned hi = 0;
    int st = JAGA_CSV_S_FSTART;
    size_t consumed, raw_len;

#define EMIT_FIELD()                             \
    do {                                         \
        if (nf < JAGA_CSV_MAX_COLS) {            \
            rec->f[nf].p = fo;                   \
            rec->f[nf].len = (size_t)(out - fo); \
        }                                        \
        nf++;                                    \
        fo = out;                                \
    } while (0)

    for (; p < stop; p++) {
        unsigned ch;

        if (st == JAGA_CSV_S_QUOTED) {
            /* Inside quotes only '"' matters: take the run up to it in one go (files that
             * quote every field spend most of their bytes here). */
            uint8_t *q = memchr(p, '"', (size_t)(stop - p));
            size_t n = (size_t)((q ? q : stop) - p);
            unsigned run_hi = 0, run_nul = 0;

            for (size_t i = 0; i < n; i++) {
                run_hi |= p[i];
                run_nul |= p[i] == 0;
                lfs += p[i] == '\n';
            }
            hi |= run_hi;
            if (run_nul)
                flags |= JAGA_CSV_NUL;
            memcpy(out, p, n);
            out += n;
            if (!q) {
                p = stop;
                break;
            }
            p = q; /* the loop step moves past the quote */
            st = JAGA_CSV_S_QEND;
            continue;
        }
        ch = *p;
        hi |= ch;
        if (ch == 0)
            flags |= JAGA_CSV_NUL;
        switch (st) {
        case JAGA_CSV_S_FSTART:
            if (ch == '"') {
                st = JAGA_CSV_S_QUOTED;
                break;
            }
            /* fall through */
        case JAGA_CSV_S_UNQ:
            if (ch == ',') {
                EMIT_FIELD();
                st = JAGA_CSV_S_FSTART;
            } else if (ch == '\n') {
                if (out > fo && out[-1] == '\r')
                    out--;
                EMIT_FIELD();
                goto line_end;
            } else {
                if (ch == '"')
                    flags |= JAGA_CSV_BADQUOTE;
                *out++ = (uint8_t)ch;
                st = JAGA_CSV_S_UNQ;
            }
            break;
        case JAGA_CSV_S_QEND:
            if (ch == '"') {
                *out++ = '"';
                st = JAGA_CSV_S_QUOTED;
            } else if (ch == ',') {
                EMIT_FIELD();
                st = JAGA_CSV_S_FSTART;
            } else if (ch == '\n') {
                EMIT_FIELD();
                goto line_end;
            } else if (ch == '\r') {
                st = JAGA_CSV_S_QEND_CR;
            } else {
                flags |= JAGA_CSV_BADQUOTE;
                *out++ = (uint8_t)ch;
                st = JAGA_CSV_S_UNQ;
            }
            break;
        default: /* QEND_CR: CRLF after a closing quote ends the record; CR + other is bad */
            if (ch == '\n') {
                EMIT_FIELD();
                goto line_end;
            }
            flags |= JAGA_CSV_BADQUOTE;
            *out++ = '\r';
            st = JAGA_CSV_S_UNQ;
            p--; /* look at this byte again as unquoted text */
            break;
        }
    }

    if ((size_t)(p - s) > JAGA_REC_MAX) {
        /* No line end within the limit: report it now, skip the rest on the next call. */
        rec->nf = 0;
        rec->flags = flags | JAGA_CSV_TOOLONG | ((hi & 0x80) ? JAGA_CSV_HIGH : 0);
        rec->raw = s;
        rec->raw_len = (size_t)(p - s);
        rec->line = c->line;
        rec->off = c->off;
        c->line += lfs;
        c->off += (uint64_t)(p - s);
        c->pos = p;
        c->skip = st + 1;
        return JAGA_CSV_DONE;
    }
    if (!c->eof)
        return JAGA_CSV_MORE;

    /* End of input: the last record has no line end. */
    if (st == JAGA_CSV_S_QUOTED)
        flags |= JAGA_CSV_BADQUOTE; /* quote never closed */
    if (st == JAGA_CSV_S_UNQ && out > fo && out[-1] == '\r')
        out--;
    EMIT_FIELD();
    if (c->err)
        flags |= JAGA_CSV_READERR;
    consumed = (size_t)(p - s);
    raw_len = consumed;
    if (raw_len && s[raw_len - 1] == '\r')
        raw_len--;
    goto finish;

line_end:
    lfs++; /* the terminating newline */
    consumed = (size_t)(p + 1 - s);
    raw_len = (size_t)(p - s);
    if (raw_len && s[raw_len - 1] == '\r')
        raw_len--;

finish:
#undef EMIT_FIELD
    rec->nf = nf;
    rec->flags = flags | ((hi & 0x80) ? JAGA_CSV_HIGH : 0) | (raw_len == 0 ? JAGA_CSV_EMPTY : 0);
    rec->raw = s;
    rec->raw_len = raw_len;
    rec->line = c->line;
    rec->off = c->off;
    c->line += lfs;
    c->off += consumed;
    c->pos = s + consumed;
    return JAGA_CSV_DONE;
}

/** Next record into *rec: 1, or 0 at end of input (check c->err for a read error). rec's
 *  pointers stay valid until the next call. HOT: no alloc/lock; a syscall only per chunk. */
static inline int jaga_csv_next(struct jaga_csv_cur *c, struct jaga_csv_rec *rec)
{
    for (;;) {
        if (jaga_unlikely(c->skip))
            jaga_csv_skip(c);
        if (jaga_unlikely(c->pos == c->end)) {
            if (c->eof)
                return 0;
            jaga_csv_refill(c);
            continue;
        }
        if (jaga_likely(jaga_csv_fast(c, rec) == JAGA_CSV_DONE))
            return 1;
        if (jaga_csv_slow(c, rec) == JAGA_CSV_DONE)
            return 1;
        jaga_csv_refill(c);
    }
}

#endif
