// SPDX-License-Identifier: Apache-2.0
/*
 * Unit tests for core/codes.c: ISO 4217 and ISO 3166-1 lookups, exponents, and the packing
 * round trip. The tables are spot-checked against the published lists, not re-derived.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "core/codes.h"

struct ccy_case {
    char s[8];
    int valid;
    unsigned exp;
};

ParameterizedTestParameters(codes, currency)
{
    static struct ccy_case cases[] = {
        { "USD", 1, 2 },    { "EUR", 1, 2 }, { "PHP", 1, 2 },  { "JPY", 1, 0 }, { "KRW", 1, 0 },
        { "VND", 1, 0 },    { "BHD", 1, 3 }, { "KWD", 1, 3 },  { "CLF", 1, 4 }, { "UYW", 1, 4 },
        { "XOF", 1, 0 },    { "SLE", 1, 2 }, { "VES", 1, 2 },  { "ZWG", 1, 2 }, { "XCG", 1, 2 },
        { "MYR", 1, 2 },    { "THB", 1, 2 }, { "IDR", 1, 2 },  { "SGD", 1, 2 }, { "AAA", 0, 2 },
        { "ZZZ", 0, 2 },    { "XTS", 0, 2 }, { "XXX", 0, 2 },  { "HRK", 0, 2 }, { "usd", 0, 2 },
        { "UsD", 0, 2 },    { "US", 0, 2 },  { "USDD", 0, 2 }, { "U$D", 0, 2 }, { "", 0, 2 },
        { "US\x80", 0, 2 }, { "[[[", 0, 2 },
    };
    return cr_make_param_array(struct ccy_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct ccy_case *c, codes, currency)
{
    uint16_t code = jaga_ccy_code(c->s, strlen(c->s));

    if (c->valid) {
        char back[4];

        cr_assert_neq(code, 0, "%s should be valid", c->s);
        cr_assert_lt(code, JAGA_CCY_SPACE);
        jaga_ccy_str(code, back);
        cr_assert_str_eq(back, c->s);
        cr_assert_eq(jaga_ccy_exponent(code), c->exp, "%s exponent", c->s);
    } else {
        cr_assert_eq(code, 0, "%s should be invalid", c->s);
    }
}

struct cc_case {
    char s[8];
    int valid;
};

ParameterizedTestParameters(codes, country)
{
    static struct cc_case cases[] = {
        { "PH", 1 }, { "US", 1 }, { "GB", 1 }, { "SG", 1 }, { "KH", 1 }, { "XK", 1 },
        { "AX", 1 }, { "BQ", 1 }, { "SS", 1 }, { "ZW", 1 }, { "AD", 1 }, { "TL", 1 },
        { "UK", 0 }, { "ZZ", 0 }, { "EU", 0 }, { "ph", 0 }, { "P", 0 },  { "PHL", 0 },
        { "", 0 },   { "AA", 0 }, { "@A", 0 }, { "A[", 0 }, { "YU", 0 }, { "AN", 0 },
    };
    return cr_make_param_array(struct cc_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct cc_case *c, codes, country)
{
    uint16_t code = jaga_cc_code(c->s, strlen(c->s));

    if (c->valid) {
        char back[3];

        cr_assert_neq(code, 0, "%s should be valid", c->s);
        cr_assert_lt(code, JAGA_CC_SPACE);
        jaga_cc_str(code, back);
        cr_assert_str_eq(back, c->s);
    } else {
        cr_assert_eq(code, 0, "%s should be invalid", c->s);
    }
}

Test(codes, country_count_matches_iso_list)
{
    unsigned n = 0;
    char s[3] = { 0 };

    for (char a = 'A'; a <= 'Z'; a++)
        for (char b = 'A'; b <= 'Z'; b++) {
            s[0] = a;
            s[1] = b;
            n += jaga_cc_code(s, 2) != 0;
        }
    /* 249 officially assigned codes plus XK. */
    cr_assert_eq(n, 250);
}

Test(codes, currency_round_trip_over_whole_space)
{
    unsigned n = 0;
    char s[4];

    for (unsigned code = 1; code < JAGA_CCY_SPACE; code++) {
        jaga_ccy_str((uint16_t)code, s);
        cr_assert_eq(strlen(s), 3);
        uint16_t back = jaga_ccy_code(s, 3);
        if (back) {
            cr_assert_eq(back, code);
            n++;
            unsigned e = jaga_ccy_exponent(back);
            cr_assert(e == 0 || e == 2 || e == 3 || e == 4);
        }
    }
    cr_assert_gt(n, 170);
    cr_assert_lt(n, 200);
}

Test(codes, codes_are_distinct_and_ordered)
{
    cr_assert_lt(jaga_ccy_code("AED", 3), jaga_ccy_code("USD", 3));
    cr_assert_lt(jaga_cc_code("AD", 2), jaga_cc_code("ZW", 2));
    cr_assert_neq(jaga_cc_code("PH", 2), jaga_cc_code("HP", 2));
}

Test(codes, bad_codes_print_placeholders)
{
    char c3[4], c2[3];

    jaga_ccy_str(0, c3);
    cr_assert_str_eq(c3, "???");
    jaga_ccy_str(JAGA_CCY_SPACE, c3);
    cr_assert_str_eq(c3, "???");
    jaga_cc_str(0, c2);
    cr_assert_str_eq(c2, "??");
    cr_assert_eq(jaga_ccy_exponent(0), 2);
    cr_assert_eq(jaga_ccy_exponent(jaga_ccy_code("ZZZ", 3)), 2);
}
