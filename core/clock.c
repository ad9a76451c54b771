// SPDX-License-Identifier: Apache-2.0
/*
 * Event-time parsing and formatting. The parser runs once per record, so it reads the fixed
 * RFC 3339 layout by position with hand-written digit checks instead of strptime/sscanf (which
 * take locks and are locale-aware), and converts with Hinnant's days_from_civil. It accepts
 * only what RFC 3339 allows (plus `t`/space separators and a lower-case `z`, as the RFC's
 * note permits) and rejects rather than normalises anything out of range. Wall-clock time is
 * never read here.
 */
#include "core/clock.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

/* 9999-12-31T23:59:59.999Z: the last instant a 4-digit year can express. */
#define TS_MAX_MS 253402300799999ll

static inline unsigned dig(char c)
{
    return (unsigned)(unsigned char)c - '0';
}

/* Two digits at s; returns false unless both are ASCII digits. */
static inline bool two(const char *s, unsigned *v)
{
    unsigned a = dig(s[0]), b = dig(s[1]);

    *v = a * 10 + b;
    return a < 10 && b < 10;
}

static inline bool is_leap(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static inline unsigned days_in_month(unsigned y, unsigned m)
{
    static const unsigned char dim[13] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    return m == 2 && is_leap(y) ? 29 : dim[m];
}

/* Inlined into the parser; the exported jaga_days_from_civil wraps it. */
static inline int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int64_t jaga_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    return days_from_civil(y, m, d);
}

/* Inverse of jaga_days_from_civil (Hinnant's civil_from_days). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t era;
    unsigned doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int parse_epoch_ms(const char *s, size_t len, int64_t *out_ms)
{
    int64_t v = 0;

    if (len == 0 || len > 15)
        return -EINVAL;
    for (size_t i = 0; i < len; i++) {
        unsigned c = dig(s[i]);

        if (c >= 10)
            return -EINVAL;
        v = v * 10 + c;
    }
    if (v > TS_MAX_MS)
        return -EINVAL;
    *out_ms = v;
    return 0;
}

int jaga_ts_parse(const char *s, size_t len, int64_t *out_ms)
{
    unsigned yh, yl, mon, day, hh, mi, ss, ms = 0, y;
    int64_t off_s = 0, secs, v;
    size_t i;

    /* The shortest RFC 3339 form is 20 bytes (`1970-01-01T00:00:00Z`); anything shorter can
     * only be epoch milliseconds, and so can any all-digit string (no '-' at index 4). */
    if (len < 20 || s[4] != '-')
        return parse_epoch_ms(s, len, out_ms);

    if (!two(s, &yh) || !two(s + 2, &yl) || !two(s + 5, &mon) || s[7] != '-' || !two(s + 8, &day) ||
        !two(s + 11, &hh) || s[13] != ':' || !two(s + 14, &mi) || s[16] != ':' || !two(s + 17, &ss))
        return -EINVAL;
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
        return -EINVAL;
    y = yh * 100 + yl;
    if (y < 1970 || mon < 1 || mon > 12 || day < 1 || day > days_in_month(y, mon) || hh > 23 ||
        mi > 59 || ss > 60)
        return -EINVAL;
    /* A leap second cannot be placed on a POSIX time line; pin it to the second before so that
     * ordering within the minute is kept. */
    if (ss == 60)
        ss = 59;

    i = 19;
    if (s[i] == '.') {
        size_t start = ++i;

        while (i < len && dig(s[i]) < 10) {
            if (i - start < 3)
                ms = ms * 10 + dig(s[i]);
            i++;
        }
        if (i == start || i - start > 9)
            return -EINVAL;
        for (size_t k = i - start; k < 3; k++)
            ms *= 10;
    }
    if (i >= len)
        return -EINVAL;
    if (s[i] == 'Z' || s[i] == 'z') {
        i++;
    } else if (s[i] == '+' || s[i] == '-') {
        unsigned oh, om;

        if (len - i < 6 || !two(s + i + 1, &oh) || s[i + 3] != ':' || !two(s + i + 4, &om) ||
            oh > 23 || om > 59)
            return -EINVAL;
        off_s = (int64_t)(oh * 3600 + om * 60);
        if (s[i] == '-')
            off_s = -off_s;
        i += 6;
    } else {
        return -EINVAL;
    }
    if (i != len)
        return -EINVAL;

    secs = days_from_civil(y, mon, day) * 86400 + hh * 3600 + mi * 60 + ss - off_s;
    v = secs * 1000 + ms;
    /* Offsets can push an edge date outside the epoch range; keep the result in the range
     * the epoch form and the formatter share. */
    if (v < 0 || v > TS_MAX_MS)
        return -EINVAL;
    *out_ms = v;
    return 0;
}

static inline void put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

int jaga_ts_format(int64_t ms, char out[25])
{
    int64_t days, y, rem;
    unsigned mon, day, sod;

    /* Clamp rather than overflow the fixed-width buffer; callers only pass parsed times. */
    if (ms < 0)
        ms = 0;
    if (ms > TS_MAX_MS)
        ms = TS_MAX_MS;
    days = ms / 86400000;
    rem = ms % 86400000;
    civil_from_days(days, &y, &mon, &day);
    sod = (unsigned)(rem / 1000);

    put2(out, (unsigned)(y / 100));
    put2(out + 2, (unsigned)(y % 100));
    out[4] = '-';
    put2(out + 5, mon);
    out[7] = '-';
    put2(out + 8, day);
    out[10] = 'T';
    put2(out + 11, sod / 3600);
    out[13] = ':';
    put2(out + 14, sod / 60 % 60);
    out[16] = ':';
    put2(out + 17, sod % 60);
    out[19] = '.';
    out[20] = (char)('0' + rem % 1000 / 100);
    put2(out + 21, (unsigned)(rem % 100));
    out[23] = 'Z';
    out[24] = '\0';
    return 24;
}
