// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests for core/clock.c: RFC 3339 and epoch-ms parsing (valid forms, calendar edges,
 * offsets, fractions, rejects), the formatter, and days_from_civil against timegm().
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"

struct ts_case {
    char s[48];
    int ok;
    long long ms;
};

/* 2026-03-01T22:15:03Z = 1772403303 s. */
ParameterizedTestParameters(clock, parse)
{
    static struct ts_case cases[] = {
        { "2026-03-01T22:15:03.120Z", 1, 1772403303120ll },
        { "2026-03-01T22:15:03Z", 1, 1772403303000ll },
        { "2026-03-01t22:15:03z", 1, 1772403303000ll },
        { "2026-03-01 22:15:03Z", 1, 1772403303000ll },
        { "2026-03-02T06:15:03+08:00", 1, 1772403303000ll },
        { "2026-03-01T16:45:03-05:30", 1, 1772403303000ll },
        { "2026-03-01T22:15:03.1Z", 1, 1772403303100ll },
        { "2026-03-01T22:15:03.12Z", 1, 1772403303120ll },
        { "2026-03-01T22:15:03.1239Z", 1, 1772403303123ll },
        { "2026-03-01T22:15:03.999999999Z", 1, 1772403303999ll },
        { "2026-03-01T22:15:03.000000001+00:00", 1, 1772403303000ll },
        { "2026-03-01T22:15:03.5-00:00", 1, 1772403303500ll },
        { "1970-01-01T00:00:00Z", 1, 0 },
        { "1970-01-01T01:00:00+01:00", 1, 0 },
        { "9999-12-31T23:59:59.999Z", 1, 253402300799999ll },
        { "2024-02-29T00:00:00Z", 1, 1709164800000ll },
        { "2000-02-29T00:00:00Z", 1, 951782400000ll },
        { "2016-12-31T23:59:60Z", 1, 1483228799000ll },
        { "2026-03-01T22:15:03+23:59", 1, 1772316963000ll },
        { "0", 1, 0 },
        { "1772403303120", 1, 1772403303120ll },
        { "000000000000042", 1, 42 },
        { "253402300799999", 1, 253402300799999ll },
        /* rejects */
        { "", 0, 0 },
        { "1234567890123456", 0, 0 },
        { "253402300800000", 0, 0 },
        { "-1", 0, 0 },
        { "12a4", 0, 0 },
        { " 123", 0, 0 },
        { "2023-02-29T00:00:00Z", 0, 0 },
        { "2100-02-29T00:00:00Z", 0, 0 },
        { "2026-04-31T00:00:00Z", 0, 0 },
        { "2026-13-01T00:00:00Z", 0, 0 },
        { "2026-00-01T00:00:00Z", 0, 0 },
        { "2026-01-00T00:00:00Z", 0, 0 },
        { "2026-01-32T00:00:00Z", 0, 0 },
        { "2026-01-01T24:00:00Z", 0, 0 },
        { "2026-01-01T23:60:00Z", 0, 0 },
        { "2026-01-01T23:59:61Z", 0, 0 },
        { "2026-01-01T00:00:00+24:00", 0, 0 },
        { "2026-01-01T00:00:00+05:60", 0, 0 },
        { "2026-01-01T00:00:00+0500", 0, 0 },
        { "2026-01-01T00:00:00+05:0", 0, 0 },
        { "2026-01-01T00:00:00", 0, 0 },
        { "2026-01-01T00:00:00.Z", 0, 0 },
        { "2026-01-01T00:00:00.1234567890Z", 0, 0 },
        { "2026-01-01T00:00:00ZZ", 0, 0 },
        { "2026-01-01T00:00:00Z ", 0, 0 },
        { "2026-01-01X00:00:00Z", 0, 0 },
        { "2026/01/01T00:00:00Z", 0, 0 },
        { "2026-1-01T00:00:00Z0", 0, 0 },
        { "1969-12-31T23:59:59Z", 0, 0 },
        { "1970-01-01T00:30:00+01:00", 0, 0 },
        { "+026-01-01T00:00:00Z", 0, 0 },
        { "2026-01-01T00:00:00+05:30:00", 0, 0 },
        { "2026-03-01", 0, 0 },
    };
    return cr_make_param_array(struct ts_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct ts_case *c, clock, parse)
{
    int64_t ms = -12345;
    int ret = jaga_ts_parse(c->s, strlen(c->s), &ms);

    if (c->ok) {
        cr_assert_eq(ret, 0, "'%s' should parse", c->s);
        cr_assert_eq(ms, c->ms, "'%s': got %lld want %lld", c->s, (long long)ms, c->ms);
    } else {
        cr_assert_eq(ret, -EINVAL, "'%s' should be rejected", c->s);
        cr_assert_eq(ms, -12345, "output untouched on failure");
    }
}

Test(clock, parse_uses_len_not_nul)
{
    const char buf[] = "2026-03-01T22:15:03ZGARBAGE";
    int64_t ms;

    cr_assert_eq(jaga_ts_parse(buf, 20, &ms), 0);
    cr_assert_eq(ms, 1772403303000ll);
    cr_assert_eq(jaga_ts_parse("12345", 3, &ms), 0);
    cr_assert_eq(ms, 123);
}

Test(clock, format)
{
    char out[25];

    cr_assert_eq(jaga_ts_format(1772403303120ll, out), 24);
    cr_assert_str_eq(out, "2026-03-01T22:15:03.120Z");
    jaga_ts_format(0, out);
    cr_assert_str_eq(out, "1970-01-01T00:00:00.000Z");
    jaga_ts_format(951782400007ll, out);
    cr_assert_str_eq(out, "2000-02-29T00:00:00.007Z");
    jaga_ts_format(253402300799999ll, out);
    cr_assert_str_eq(out, "9999-12-31T23:59:59.999Z");
    /* Out of range clamps instead of overflowing. */
    jaga_ts_format(-5, out);
    cr_assert_str_eq(out, "1970-01-01T00:00:00.000Z");
    jaga_ts_format(INT64_MAX, out);
    cr_assert_str_eq(out, "9999-12-31T23:59:59.999Z");
}

Test(clock, format_parse_round_trip)
{
    uint64_t x = 0x9e3779b97f4a7c15ull;

    for (int i = 0; i < 200000; i++) {
        char out[25];
        int64_t ms, back;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        ms = (int64_t)(x % 253402300800000ull);
        cr_assert_eq(jaga_ts_format(ms, out), 24);
        cr_assert_eq(jaga_ts_parse(out, 24, &back), 0, "%s", out);
        cr_assert_eq(back, ms, "%s", out);
    }
}

Test(clock, days_from_civil_matches_timegm)
{
    cr_assert_eq(jaga_days_from_civil(1970, 1, 1), 0);
    cr_assert_eq(jaga_days_from_civil(1969, 12, 31), -1);
    cr_assert_eq(jaga_days_from_civil(2000, 3, 1), 11017);
    cr_assert_eq(jaga_days_from_civil(1900, 1, 1), -25567);
    for (int y = 1900; y <= 2200; y++) {
        for (unsigned m = 1; m <= 12; m++) {
            struct tm tm = { .tm_year = y - 1900, .tm_mon = (int)m - 1, .tm_mday = 15 };
            time_t t = timegm(&tm);

            cr_assert_eq(jaga_days_from_civil(y, m, 15) * 86400, (int64_t)t, "%d-%u", y, m);
        }
    }
}

Test(clock, every_day_of_four_centuries)
{
    /* Walk day by day: each valid date parses to the previous one + 86400000 ms, and invalid
     * day numbers are refused. */
    int64_t prev = -86400000;

    for (int y = 1970; y < 2370; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= 31; d++) {
                char s[48];
                int64_t ms;
                struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d };
                time_t t = timegm(&tm);
                int valid = tm.tm_mday == d; /* timegm normalised an invalid day */

                snprintf(s, sizeof(s), "%04d-%02d-%02dT00:00:00Z", y, m, d);
                if (valid) {
                    cr_assert_eq(jaga_ts_parse(s, strlen(s), &ms), 0, "%s", s);
                    cr_assert_eq(ms, prev + 86400000, "%s", s);
                    cr_assert_eq(ms, (int64_t)t * 1000);
                    prev = ms;
                } else {
                    cr_assert_eq(jaga_ts_parse(s, strlen(s), &ms), -EINVAL, "%s", s);
                }
            }
        }
    }
}
