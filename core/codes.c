// SPDX-License-Identifier: Apache-2.0
/*
 * ISO 4217 currency and ISO 3166-1 alpha-2 country code tables. The code lists are compiled in
 * as strings (easy to review against the standards' published lists) and turned, once at
 * process start, into validity bitmaps indexed by the packed base-26 code, so a lookup on the
 * hot path is three compares, a multiply-add and one bit test. This file knows nothing about
 * CSV or payments; it only answers "is this an assigned code" and "how many minor digits".
 */
#include "core/codes.h"

#include <stdint.h>
#include <string.h>

#include "core/base.h"

/*
 * Active ISO 4217 codes with their minor-unit exponent (digit after the letters). Funds codes
 * (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) and the IMF/metal units (XAU, XAG, XPD, XPT,
 * XDR, XSU, XUA, XBA-XBD) are in the list because ISO lists them and a switch can carry them;
 * codes without minor units in the standard ("N.A.") get exponent 0. XTS (testing) and XXX (no
 * currency) are left out on purpose: a payment in "no currency" is a broken record. Codes
 * still in circulation during a changeover (ANG next to XCG, SLL next to SLE, CUC, ZWL next to
 * ZWG) are kept so that late messages are not rejected.
 */
// clang-format off
static const char ccy_list[] =
    "AED2 AFN2 ALL2 AMD2 ANG2 AOA2 ARS2 AUD2 AWG2 AZN2 BAM2 BBD2 BDT2 BGN2 BHD3 BIF0 BMD2 "
    "BND2 BOB2 BOV2 BRL2 BSD2 BTN2 BWP2 BYN2 BZD2 CAD2 CDF2 CHE2 CHF2 CHW2 CLF4 CLP0 CNY2 "
    "COP2 COU2 CRC2 CUC2 CUP2 CVE2 CZK2 DJF0 DKK2 DOP2 DZD2 EGP2 ERN2 ETB2 EUR2 FJD2 FKP2 "
    "GBP2 GEL2 GHS2 GIP2 GMD2 GNF0 GTQ2 GYD2 HKD2 HNL2 HTG2 HUF2 IDR2 ILS2 INR2 IQD3 IRR2 "
    "ISK0 JMD2 JOD3 JPY0 KES2 KGS2 KHR2 KMF0 KPW2 KRW0 KWD3 KYD2 KZT2 LAK2 LBP2 LKR2 LRD2 "
    "LSL2 LYD3 MAD2 MDL2 MGA2 MKD2 MMK2 MNT2 MOP2 MRU2 MUR2 MVR2 MWK2 MXN2 MXV2 MYR2 MZN2 "
    "NAD2 NGN2 NIO2 NOK2 NPR2 NZD2 OMR3 PAB2 PEN2 PGK2 PHP2 PKR2 PLN2 PYG0 QAR2 RON2 RSD2 "
    "RUB2 RWF0 SAR2 SBD2 SCR2 SDG2 SEK2 SGD2 SHP2 SLE2 SLL2 SOS2 SRD2 SSP2 STN2 SVC2 SYP2 "
    "SZL2 THB2 TJS2 TMT2 TND3 TOP2 TRY2 TTD2 TWD2 TZS2 UAH2 UGX0 USD2 USN2 UYI0 UYU2 UYW4 "
    "UZS2 VED2 VES2 VND0 VUV0 WST2 XAF0 XAG0 XAU0 XBA0 XBB0 XBC0 XBD0 XCD2 XCG2 XDR0 XOF0 "
    "XPD0 XPF0 XPT0 XSU0 XUA0 YER2 ZAR2 ZMW2 ZWG2 ZWL2";

/*
 * Officially assigned ISO 3166-1 alpha-2 codes (249), plus XK: a user-assigned code, but the
 * one the EU, SWIFT and the IBAN registry use for Kosovo, so real payment traffic carries it.
 */
static const char cc_list[] =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ "
    "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ "
    "DE DJ DK DM DO DZ "
    "EC EE EG EH ER ES ET "
    "FI FJ FK FM FO FR "
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY "
    "HK HM HN HR HT HU "
    "ID IE IL IM IN IO IQ IR IS IT "
    "JE JM JO JP "
    "KE KG KH KI KM KN KP KR KW KY KZ "
    "LA LB LC LI LK LR LS LT LU LV LY "
    "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ "
    "NA NC NE NF NG NI NL NO NP NR NU NZ "
    "OM "
    "PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
    "QA "
    "RE RO RS RU RW "
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ "
    "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ "
    "UA UG UM US UY UZ "
    "VA VC VE VG VI VN VU "
    "WF WS "
    "XK "
    "YE YT "
    "ZA ZM ZW";
// clang-format on

/* Validity bitmaps indexed by packed code (bit 0 unused: 0 means "no code"), and the currency
 * exponent in two bits per code (0, 2, 3 or 4 encoded as 0..3) so both tables stay in L1. */
static uint64_t ccy_valid[(JAGA_CCY_SPACE + 63) / 64];
static uint64_t cc_valid[(JAGA_CC_SPACE + 63) / 64];
static uint8_t ccy_exp2[(JAGA_CCY_SPACE + 3) / 4];

static inline unsigned letter(char c)
{
    return (unsigned)(unsigned char)c - 'A';
}

static inline int test_bit(const uint64_t *bm, unsigned i)
{
    return (int)((bm[i >> 6] >> (i & 63)) & 1);
}

/* Runs before main, so lookups need no lock or once-flag: the tables are written only here and
 * read-only afterwards. */
JAGA_COLD __attribute__((constructor)) static void codes_init(void)
{
    for (const char *p = ccy_list;; p += 5) {
        unsigned code = (letter(p[0]) * 26 + letter(p[1])) * 26 + letter(p[2]) + 1;
        unsigned e = (unsigned)(p[3] - '0');
        unsigned enc = e == 0 ? 0 : e - 1; /* 2->1, 3->2, 4->3 */

        ccy_valid[code >> 6] |= 1ull << (code & 63);
        ccy_exp2[code >> 2] |= (uint8_t)(enc << ((code & 3) * 2));
        if (!p[4])
            break;
    }
    for (const char *p = cc_list;; p += 3) {
        unsigned code = letter(p[0]) * 26 + letter(p[1]) + 1;

        cc_valid[code >> 6] |= 1ull << (code & 63);
        if (!p[2])
            break;
    }
}

uint16_t jaga_ccy_code(const char *s, size_t len)
{
    unsigned a, b, c, code;

    if (len != 3)
        return 0;
    a = letter(s[0]);
    b = letter(s[1]);
    c = letter(s[2]);
    /* Unsigned: bytes below 'A' wrap around and fail the same compare. */
    if (a >= 26 || b >= 26 || c >= 26)
        return 0;
    code = (a * 26 + b) * 26 + c + 1;
    return test_bit(ccy_valid, code) ? (uint16_t)code : 0;
}

uint16_t jaga_cc_code(const char *s, size_t len)
{
    unsigned a, b, code;

    if (len != 2)
        return 0;
    a = letter(s[0]);
    b = letter(s[1]);
    if (a >= 26 || b >= 26)
        return 0;
    code = a * 26 + b + 1;
    return test_bit(cc_valid, code) ? (uint16_t)code : 0;
}

/* Writes the n letters of a packed base-26 code (1-based, 0 = none) into out, NUL-terminated;
 * "?" for each letter of a code outside [1, space). */
static void code_str(unsigned code, unsigned space, unsigned n, char *out)
{
    unsigned v = code - 1u;
    for (unsigned k = n; k-- > 0; v /= 26)
        out[k] = code == 0 || code >= space ? '?' : (char)('A' + v % 26);
    out[n] = '\0';
}

void jaga_ccy_str(uint16_t code, char out[4])
{
    code_str(code, JAGA_CCY_SPACE, 3, out);
}

void jaga_cc_str(uint16_t code, char out[3])
{
    code_str(code, JAGA_CC_SPACE, 2, out);
}

unsigned jaga_ccy_exponent(uint16_t code)
{
    static const unsigned char dec[4] = { 0, 2, 3, 4 };

    if (code == 0 || code >= JAGA_CCY_SPACE || !test_bit(ccy_valid, code))
        return 2;
    return dec[(ccy_exp2[code >> 2] >> ((code & 3) * 2)) & 3];
}
