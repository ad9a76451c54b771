// SPDX-License-Identifier: Apache-2.0
/*
 * `jaga gen`: a fast, deterministic generator of one national switch's traffic (Philippines or
 * Indonesia) for one or more local calendar days, with the composite typologies of
 * research/redflags.md §7 injected and their ground truth: live-streamed child abuse (LSAC)
 * buyer and facilitator networks, domestic CSAM sellers, domestic brokers, sextortion victims
 * and their collection (mule) accounts, and buyers travelling to offend. It has three parts: a
 * population builder (persons, their bank/e-wallet/card accounts, merchants, foreign senders,
 * remitters, and an extra population of visitors' cards, new e-wallets, travel merchants,
 * crypto exchanges, gateways and accounts abroad), behaviour models (legitimate background
 * traffic drawn slot by slot along a diurnal curve, with a look-alike for every typology, and a
 * pre-planned schedule of injected payments held in a min-heap), and writers behind `struct
 * gen_writer` so that other output formats can be added without touching the models. The
 * background models also mark the accounts whose traffic they make look like a red flag, and
 * lookalikes.csv lists them by look-alike group (enum gen_la). truth.csv names every injected
 * account once; truth_tx.csv names every injected transaction with each labelled account that
 * takes part in it (gen_event_tx). Every
 * parameter is either traced to research/redflags.md (section given in the comment) or marked
 * "assumed". It is not a simulator of real customers: volumes, shares and amounts are plausible
 * shapes for stress-testing the screening rules, not statistics of any real switch.
 */
#include "tools/gen.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/base.h"
#include "core/mem.h"

#define GEN_NONE UINT32_MAX

/* ------------------------------------------------------------------------------------------ */
/* Random numbers                                                                              */
/* ------------------------------------------------------------------------------------------ */

/* xoshiro256** seeded through splitmix64: fast, good enough for simulation, and ours, so the
 * output never depends on the libc. Separate streams for population, plan and background
 * keep the population identical when only --tx changes. */
struct gen_rng {
    uint64_t s[4];
};

static uint64_t gen_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void gen_rng_seed(struct gen_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ull);

    for (int i = 0; i < 4; i++)
        r->s[i] = gen_splitmix64(&x);
}

static inline uint64_t gen_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t gen_next(struct gen_rng *r)
{
    uint64_t *s = r->s;
    uint64_t res = gen_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = gen_rotl(s[3], 45);
    return res;
}

static inline uint32_t gen_u32(struct gen_rng *r)
{
    return (uint32_t)(gen_next(r) >> 32);
}

/* Uniform in [0, n) by multiply-shift; the bias (n / 2^32) is irrelevant here. */
static inline uint32_t gen_below(struct gen_rng *r, uint32_t n)
{
    return (uint32_t)(((uint64_t)gen_u32(r) * n) >> 32);
}

static inline double gen_unit(struct gen_rng *r)
{
    return (double)(gen_next(r) >> 11) * 0x1p-53;
}

static inline bool gen_chance(struct gen_rng *r, double p)
{
    return gen_unit(r) < p;
}

static inline uint32_t gen_range_u(struct gen_rng *r, uint32_t lo, uint32_t hi)
{
    return lo + gen_below(r, hi - lo + 1);
}

/* Sum of two exponentials: a gamma(2) gap, less bursty than a single exponential. */
static double gen_gamma2(struct gen_rng *r, double mean)
{
    double a = 1.0 - gen_unit(r), b = 1.0 - gen_unit(r);

    return -0.5 * mean * (log(a) + log(b));
}

/* ------------------------------------------------------------------------------------------ */
/* Calendar                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/* Howard Hinnant's civil-date algorithms; kept here so the tool does not depend on core/. */
static int64_t gen_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + (int64_t)doe - 719468;
}

static void gen_civil_from_days(int64_t z, int *yy, unsigned *mm, unsigned *dd)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;

    *yy = (int)(y + (m <= 2));
    *mm = m;
    *dd = d;
}

static unsigned gen_days_in_month(int y, unsigned m)
{
    static const unsigned char dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : dim[m - 1];
}

/* ------------------------------------------------------------------------------------------ */
/* Reference tables: currencies, countries, profiles                                           */
/* ------------------------------------------------------------------------------------------ */

enum gen_cur {
    CUR_PHP,
    CUR_IDR,
    CUR_USD,
    CUR_AUD,
    CUR_GBP,
    CUR_CAD,
    CUR_SAR,
    CUR_EUR,
    CUR_JPY,
    CUR_SGD,
    CUR_NOK,
    CUR_SEK,
    CUR_N
};

/* Rates per US dollar are assumed early-2026 round figures; they only shape amounts. `unit`
 * is what "a round 5 or 10" means in the currency, in multiples of its major unit (5 JPY is
 * not a round payment, 500 is). IDR is written without decimals: ISO 4217 gives it two, but
 * rupiah have no fractional coins and switches carry whole rupiah (assumed). */
static const struct gen_currency {
    char code[4];
    uint8_t decimals;
    double per_usd;
    double unit;
} gen_cur_tab[CUR_N] = {
    [CUR_PHP] = { "PHP", 2, 57.0, 50 },   [CUR_IDR] = { "IDR", 0, 16300.0, 5000 },
    [CUR_USD] = { "USD", 2, 1.0, 1 },     [CUR_AUD] = { "AUD", 2, 1.55, 1 },
    [CUR_GBP] = { "GBP", 2, 0.79, 1 },    [CUR_CAD] = { "CAD", 2, 1.37, 1 },
    [CUR_SAR] = { "SAR", 2, 3.75, 1 },    [CUR_EUR] = { "EUR", 2, 0.92, 1 },
    [CUR_JPY] = { "JPY", 0, 150.0, 100 }, [CUR_SGD] = { "SGD", 2, 1.34, 1 },
    [CUR_NOK] = { "NOK", 2, 10.8, 10 },   [CUR_SEK] = { "SEK", 2, 10.5, 10 },
};

/* Name cultures. NS_NG and NS_CI name the sextortion collection accounts abroad and are interned
 * with the extra population (gen_world_extend), after every string of the resident one. */
enum gen_ns {
    NS_PH,
    NS_ID,
    NS_EN,
    NS_DE,
    NS_FR,
    NS_NL,
    NS_NO,
    NS_SE,
    NS_JP,
    NS_AR,
    NS_SG,
    NS_RESIDENT_N,
    NS_NG = NS_RESIDENT_N,
    NS_CI,
    NS_N
};

/* Demand-side countries. Shares: US 50%, AU 7.4%, GB 6.8% (§1.3, §8, AMLC 2026); the other
 * 35.8% is split over CA SA DE JP SG FR NL NO SE in the order §1.3 lists them (split assumed).
 * Time zones are fixed offsets valid in early March (US before its DST switch, AU eastern
 * states in daylight time, Europe in winter time); a run crossing a DST change ignores it
 * (assumed). tz in quarter hours east of UTC, with the share of senders in each. */
#define GEN_NFOREIGN 12
static const struct gen_foreign {
    char cc[3];
    uint8_t cur, ns;
    double share;
    struct {
        int8_t tz_q;
        uint8_t pct;
    } tz[4];
} gen_foreign_tab[GEN_NFOREIGN] = {
    { "US", CUR_USD, NS_EN, 50.0, { { -20, 50 }, { -24, 30 }, { -28, 5 }, { -32, 15 } } },
    { "AU", CUR_AUD, NS_EN, 7.4, { { 44, 70 }, { 40, 20 }, { 32, 10 } } },
    { "GB", CUR_GBP, NS_EN, 6.8, { { 0, 100 } } },
    { "CA", CUR_CAD, NS_EN, 7.0, { { -20, 60 }, { -32, 40 } } },
    { "SA", CUR_SAR, NS_AR, 6.0, { { 12, 100 } } },
    { "DE", CUR_EUR, NS_DE, 4.5, { { 4, 100 } } },
    { "JP", CUR_JPY, NS_JP, 4.5, { { 36, 100 } } },
    { "SG", CUR_SGD, NS_SG, 4.0, { { 32, 100 } } },
    { "FR", CUR_EUR, NS_FR, 3.0, { { 4, 100 } } },
    { "NL", CUR_EUR, NS_NL, 2.8, { { 4, 100 } } },
    { "NO", CUR_NOK, NS_NO, 2.0, { { 4, 100 } } },
    { "SE", CUR_SEK, NS_SE, 2.0, { { 4, 100 } } },
};

int jaga_gen_sender_tz_q(const char *cc)
{
    for (int f = 0; f < GEN_NFOREIGN; f++)
        if (cc[0] == gen_foreign_tab[f].cc[0] && cc[1] == gen_foreign_tab[f].cc[1])
            return gen_foreign_tab[f].tz[1].pct ? JAGA_GEN_TZ_SEVERAL
                                                : gen_foreign_tab[f].tz[0].tz_q;
    return JAGA_GEN_TZ_SEVERAL;
}

double jaga_gen_per_usd(const char *cur)
{
    for (int c = 0; c < CUR_N; c++)
        if (cur[0] == gen_cur_tab[c].code[0] && cur[1] == gen_cur_tab[c].code[1] &&
            cur[2] == gen_cur_tab[c].code[2])
            return gen_cur_tab[c].per_usd;
    return 0;
}

/* Countries that only receive: sextortion proceeds flow to Nigeria and Cote d'Ivoire (§1.3, DSA
 * case studies). Their country index follows the demand-side ones. */
#define GEN_CC_NG 12
#define GEN_CC_CI 13

enum gen_home_id { HOME_PH, HOME_ID };

/* The scenario country. dom_scale shrinks US$-denominated domestic amount medians to local
 * spending (assumed). Paydays: PH semi-monthly on the 15th and last day ("kinsenas",
 * "katapusan"); ID monthly around the 25th and the 1st (assumed). */
static const struct gen_home {
    char cc[3];
    const char *name;
    uint8_t cur, ns;
    int8_t tz_q;
    double dom_scale;
    uint8_t payday[2]; /* day of month; 0 = last day */
} gen_home_tab[2] = {
    [HOME_PH] = { "PH", "ph", CUR_PHP, NS_PH, 32, 1.0, { 15, 0 } },
    [HOME_ID] = { "ID", "id", CUR_IDR, NS_ID, 28, 0.7, { 25, 1 } },
};

enum gen_chan {
    CH_TRANSFER,
    CH_INSTANT,
    CH_REMITTANCE,
    CH_EWALLET,
    CH_CARD,
    CH_QR,
    CH_GAMING,
    CH_CROWDFUNDING,
    CH_ATM,
    CH_CRYPTO,
    CH_GIFTCARD,
    CH_OTHER,
    CH_N
};
/* A string with its length, for fields copied on every row. */
struct gen_lit {
    const char *s;
    uint8_t n;
};
#define GEN_LIT(x)       \
    {                    \
        x, sizeof(x) - 1 \
    }
static const struct gen_lit gen_chan_name[CH_N] = {
    GEN_LIT("transfer"), GEN_LIT("instant"), GEN_LIT("remittance"), GEN_LIT("ewallet"),
    GEN_LIT("card"),     GEN_LIT("qr"),      GEN_LIT("gaming"),     GEN_LIT("crowdfunding"),
    GEN_LIT("atm"),      GEN_LIT("crypto"),  GEN_LIT("giftcard"),   GEN_LIT("other"),
};

/* ISO 20022 ExternalPurpose1Code values used here. SCVE (purchase of services) and SUPP (supplier
 * payment) appear only on freelancers' invoices from abroad. */
enum gen_purpose {
    PU_NONE,
    PU_FAMI,
    PU_GIFT,
    PU_EDUC,
    PU_MDCS,
    PU_SALA,
    PU_UBIL,
    PU_ELEC,
    PU_WTER,
    PU_PHON,
    PU_CHAR,
    PU_GDDS,
    PU_RENT,
    PU_LOAN,
    PU_INSU,
    PU_TAXS,
    PU_SCVE,
    PU_SUPP,
    PU_N
};
static const struct gen_lit gen_purpose_name[PU_N] = {
    GEN_LIT(""),     GEN_LIT("FAMI"), GEN_LIT("GIFT"), GEN_LIT("EDUC"), GEN_LIT("MDCS"),
    GEN_LIT("SALA"), GEN_LIT("UBIL"), GEN_LIT("ELEC"), GEN_LIT("WTER"), GEN_LIT("PHON"),
    GEN_LIT("CHAR"), GEN_LIT("GDDS"), GEN_LIT("RENT"), GEN_LIT("LOAN"), GEN_LIT("INSU"),
    GEN_LIT("TAXS"), GEN_LIT("SCVE"), GEN_LIT("SUPP"),
};

/* Hourly activity profiles in the relevant local time (receiver's for domestic traffic,
 * sender's for remittances), relative units. All assumed: retail peaks at lunch and in the
 * evening; office traffic in business hours; payroll runs in the morning; teens' game top-ups
 * after school and in the evening; family remitters send in their own daytime and evening,
 * with about 11% of sends at 22:00-05:59 so that RF-TIM-01 has legitimate night traffic to
 * reject (buyers are at 60-70%, §8). Sellers and campaigns move their takings at the end of the
 * day (P_EVENING). */
enum gen_prof { P_RETAIL, P_OFFICE, P_PAYROLL, P_GAMING, P_REMIT, P_EVENING, P_N };
// clang-format off
static const double gen_prof_tab[P_N][24] = {
    [P_RETAIL]  = { 25, 14, 8, 5, 4, 6, 14, 30, 50, 65, 75, 85, 95, 90, 82, 80, 85, 92, 100, 98, 85, 70, 55, 38 },
    [P_OFFICE]  = { 5, 3, 2, 1, 1, 2, 8, 25, 55, 80, 90, 95, 85, 80, 85, 80, 70, 60, 50, 40, 30, 20, 12, 8 },
    [P_PAYROLL] = { 1, 1, 1, 1, 1, 2, 5, 20, 60, 100, 90, 60, 50, 70, 80, 60, 40, 20, 8, 4, 2, 1, 1, 1 },
    [P_GAMING]  = { 20, 10, 4, 2, 1, 1, 2, 4, 6, 8, 10, 15, 25, 22, 25, 35, 55, 70, 85, 100, 100, 90, 70, 40 },
    [P_REMIT]   = { 18, 10, 4, 2, 2, 4, 10, 22, 45, 60, 70, 75, 75, 70, 70, 72, 78, 85, 90, 88, 75, 60, 45, 30 },
    [P_EVENING] = { 8, 4, 2, 1, 1, 1, 2, 5, 10, 15, 20, 25, 30, 30, 30, 35, 45, 60, 80, 100, 100, 85, 60, 25 },
};
// clang-format on

/* Background categories and their share of the day's background volume (all assumed; a
 * switch-wide mix where retail payments dominate and inbound remittances are a visible
 * minority, §8 "background: legitimate remittances ... dominate" the corridor). */
enum gen_bg {
    BG_INSTANT,
    BG_EWALLET,
    BG_QR,
    BG_CARD,
    BG_BILLS,
    BG_SALARY,
    BG_SELLER,
    BG_CROWD,
    BG_GAMING,
    BG_REMIT,
    BG_TRANSFER,
    /* The look-alikes of the typologies injected after LSAC (all shares assumed): */
    BG_ATM,       /* residents' cash withdrawals */
    BG_TRAVEL,    /* residents' cards at hotels, airlines, travel agencies, jewellers */
    BG_CRYPTO,    /* buying and selling crypto at a domestic exchange */
    BG_ALLOW,     /* guardian -> own minor (allowance) */
    BG_GROUP,     /* savings-group (arisan, paluwagan) and rent collections and payouts */
    BG_SWEEP,     /* sellers and campaigns moving takings to their own account; gateway payouts */
    BG_NEWACC,    /* accounts opened in the last 90 days by young adults */
    BG_ABROAD,    /* residents paying accounts in Nigeria or Cote d'Ivoire */
    BG_TOURIST,   /* visitors' foreign cards */
    BG_FREELANCE, /* freelancers paid by clients abroad, and moving that income on */
    BG_N
};
/* The first eleven shares add up to 100; the look-alikes come on top of that (11.5). Adding a
 * category (BG_FREELANCE was the last) moves every category's thresholds, so the background
 * stream of a given seed changes with it; the shares of the others stay as they were. */
static const double gen_bg_share[BG_N] = { 20, 18, 14,  14,  6,   3,   8, 1.5,  3,   7,  5.5,
                                           5,  1,  0.6, 0.8, 0.5, 0.8, 1, 0.02, 1.5, 0.3 };
/* BG_REMIT and BG_FREELANCE follow the profile in each sender's time zone (gen_bin_weights). */
static const uint8_t gen_bg_prof[BG_N] = { P_RETAIL,  P_RETAIL,  P_RETAIL, P_RETAIL, P_OFFICE,
                                           P_PAYROLL, P_RETAIL,  P_RETAIL, P_GAMING, P_REMIT,
                                           P_OFFICE,  P_RETAIL,  P_RETAIL, P_GAMING, P_OFFICE,
                                           P_OFFICE,  P_EVENING, P_RETAIL, P_OFFICE, P_RETAIL,
                                           P_OFFICE };

/* Look-alike groups, written to lookalikes.csv so that an evaluation can say which legitimate
 * population produced a false positive. An account is labelled only for what it did in the
 * stream: the background models mark it (struct gen.la) as they emit its look-alike traffic,
 * except the watch-list decoys, which are a property of the account's name. Accounts that are
 * only random counterparties of ordinary traffic (a shopper paying a seller, a member paying
 * into a savings group) are not labelled, and accounts with an injected role never are.
 *
 *   group                   made by       population (picked how)        red flag it mimics
 *   family_remit_sender     BG_REMIT      AC_FOREIGN, own account        LSAC buyer: CTY-01, AMT-01
 *   remit_operator          BG_REMIT      AC_REMITTER, cash-funded 15%   buyer via an MSB (CH-01)
 *   family_remit_receiver   BG_REMIT      gen_relative(): an adult       facilitator: FAN-IN-01
 *   family_hub              BG_REMIT      w->hub, 5% of senders' picks   FAN-IN-01 from abroad
 *   remit_cover_memo        BG_REMIT      memo of purpose EDUC/GIFT/MDCS TXT-01, TXT-03
 *   crowd_campaign          BG_CROWD      AC_CAMPAIGN, popular first     FAN-IN-01
 *   crowd_donor             BG_CROWD      gen_pick_adult()               small payments in
 *   crowd_donor_abroad      BG_CROWD      AC_FOREIGN, 15% of donations   LSAC buyer
 *   online_seller           BG_SELLER,    AC_SELLER, popular first; also CSAM seller: FAN-IN-01
 *                           BG_SWEEP      gateway payouts, teens' P2P
 *   sweep_to_own            BG_SWEEP      AC_SELLER / AC_CAMPAIGN        LAY-01
 *   payment_gateway         BG_SELLER,    AC_GATEWAY                     CH-09
 *                           BG_SWEEP
 *   teen_gaming             BG_GAMING     AC_MINOR, game sessions        sextortion: FSEC-01
 *   teen_p2p                BG_GAMING     AC_MINOR paying friend/shop    victim's P2P payment
 *   teen_friend_payee       BG_GAMING     AC_MINOR paid by a minor       CPY-01 (minor payee)
 *   teen_allowance          BG_ALLOW,     AC_MINOR paid by own guardian  CPY-01
 *                           BG_GAMING
 *   allowance_guardian      BG_ALLOW,     gen_guardian_acct()            adult paying a minor
 *                           BG_GAMING
 *   savings_collector       BG_GROUP      gen_treasurer()                broker (section 7.4)
 *   savings_payee           BG_GROUP      gen_treasurer_out()            broker_recipient
 *   new_young_ewallet       BG_NEWACC     AC_NEWACC, opened by day       mule: NEW-01, MULE-01
 *   crypto_trader           BG_CRYPTO     gen_pick_adult()               CH-04 off-ramp
 *   resident_travel         BG_TRAVEL     AC_CARD                        TRV-01
 *   atm_cash                BG_ATM        AC_CARD                        TRV-01 (ATM use)
 *   visitor_card            BG_TOURIST    AC_FCARD visitors present      travel to offend
 *   visiting_family         BG_TOURIST    visitor who is a sender abroad travel to offend
 *   pays_ng_ci              BG_ABROAD     gen_pick_adult()               sextortion corridor
 *   ng_ci_payee             BG_ABROAD     AC_ABROAD without a role       collector
 *   watchlist_decoy         watch list    adult named on a decoy entry   WL-03 fuzzy names
 *   freelancer_abroad_paid  BG_FREELANCE  adult without a role, paid by  facilitator: FAN-IN-01
 *                                         >= 2 distinct clients abroad   from abroad, LAY-01
 *   freelancer_client       BG_FREELANCE  AC_CLIENT that paid            LSAC buyer: CTY-01
 *
 * A resident adult's mark byte has no bit left, so a freelancer is marked in its own record
 * (struct gen_fl.paid) and read through the LH_FREELANCE rule.
 */
enum gen_la {
    LA_REMIT_SENDER,
    LA_REMIT_OPERATOR,
    LA_REMIT_RECEIVER,
    LA_FAMILY_HUB,
    LA_REMIT_COVER,
    LA_CROWD_CAMPAIGN,
    LA_CROWD_DONOR,
    LA_CROWD_DONOR_ABROAD,
    LA_ONLINE_SELLER,
    LA_SWEEP_TO_OWN,
    LA_PAYMENT_GATEWAY,
    LA_TEEN_GAMING,
    LA_TEEN_P2P,
    LA_TEEN_FRIEND_PAYEE,
    LA_TEEN_ALLOWANCE,
    LA_ALLOWANCE_GUARDIAN,
    LA_SAVINGS_COLLECTOR,
    LA_SAVINGS_PAYEE,
    LA_NEW_YOUNG_EWALLET,
    LA_CRYPTO_TRADER,
    LA_RESIDENT_TRAVEL,
    LA_ATM_CASH,
    LA_VISITOR_CARD,
    LA_VISITING_FAMILY,
    LA_PAYS_NG_CI,
    LA_NG_CI_PAYEE,
    LA_WATCHLIST_DECOY,
    LA_FREELANCER,
    LA_FREELANCER_CLIENT,
    LA_N
};
_Static_assert(LA_N == JAGA_GEN_N_LOOKALIKES, "gen.h's JAGA_GEN_N_LOOKALIKES is stale");

/* What each group means, as `jaga gen --help` prints it (one line of at most 56 characters). */
const struct jaga_gen_lookalike jaga_gen_lookalikes[JAGA_GEN_N_LOOKALIKES] = {
    [LA_REMIT_SENDER] = { "family_remit_sender",
                          "sender abroad remitting to family from own account" },
    [LA_REMIT_OPERATOR] = { "remit_operator", "transfer operator sending cash-funded remittances" },
    [LA_REMIT_RECEIVER] = { "family_remit_receiver", "resident receiving family remittances" },
    [LA_FAMILY_HUB] = { "family_hub", "receiver that many relatives abroad remit to" },
    [LA_REMIT_COVER] = { "remit_cover_memo",
                         "sent/received a school-fee, gift or medical remittance" },
    [LA_CROWD_CAMPAIGN] = { "crowd_campaign", "crowdfunding campaign receiving donations" },
    [LA_CROWD_DONOR] = { "crowd_donor", "resident donating to a crowdfunding campaign" },
    [LA_CROWD_DONOR_ABROAD] = { "crowd_donor_abroad", "sender abroad donating to a campaign" },
    [LA_ONLINE_SELLER] = { "online_seller",
                           "online seller's e-wallet paid by buyers or a gateway" },
    [LA_SWEEP_TO_OWN] = { "sweep_to_own", "seller or campaign moving takings to holder's account" },
    [LA_PAYMENT_GATEWAY] = { "payment_gateway",
                             "gateway taking shop payments, paying out to sellers" },
    [LA_TEEN_GAMING] = { "teen_gaming", "minor buying game credits or gift cards" },
    [LA_TEEN_P2P] = { "teen_p2p", "minor paying a friend or an online shop by e-wallet" },
    [LA_TEEN_FRIEND_PAYEE] = { "teen_friend_payee", "minor paid by another minor" },
    [LA_TEEN_ALLOWANCE] = { "teen_allowance", "minor paid an allowance by their own guardian" },
    [LA_ALLOWANCE_GUARDIAN] = { "allowance_guardian", "adult paying their own minor" },
    [LA_SAVINGS_COLLECTOR] = { "savings_collector",
                               "arisan/paluwagan treasurer or landlord collecting" },
    [LA_SAVINGS_PAYEE] = { "savings_payee", "paid a pot or an expense by a savings collector" },
    [LA_NEW_YOUNG_EWALLET] = { "new_young_ewallet",
                               "e-wallet opened within 90 days by an adult of 18-30" },
    [LA_CRYPTO_TRADER] = { "crypto_trader", "resident buying or selling crypto at an exchange" },
    [LA_RESIDENT_TRAVEL] = { "resident_travel",
                             "resident's card at hotels, airlines, agencies, jewellers" },
    [LA_ATM_CASH] = { "atm_cash", "resident's card withdrawing cash" },
    [LA_VISITOR_CARD] = { "visitor_card", "visitor's foreign card spending in the country" },
    [LA_VISITING_FAMILY] = { "visiting_family", "visitor card of a sender abroad visiting family" },
    [LA_PAYS_NG_CI] = { "pays_ng_ci", "resident paying an account in Nigeria or Cote d'Ivoire" },
    [LA_NG_CI_PAYEE] = { "ng_ci_payee", "account in Nigeria or Cote d'Ivoire paid by residents" },
    [LA_WATCHLIST_DECOY] = { "watchlist_decoy",
                             "customer named (or one letter off) on a decoy entry" },
    [LA_FREELANCER] = { "freelancer_abroad_paid",
                        "resident freelancer paid by several clients abroad" },
    [LA_FREELANCER_CLIENT] = { "freelancer_client",
                               "client or platform abroad paying a freelancer" },
};

/* ------------------------------------------------------------------------------------------ */
/* Built-in text: names, merchants, memos                                                      */
/* ------------------------------------------------------------------------------------------ */

/* No string here may contain a comma, a double quote or a line break: the CSV writer copies
 * them unquoted (checked once at start). */
static const char *const ph_f[] = {
    "Maria",  "Ana",     "Rosa",     "Jennifer", "Michelle", "Kristine", "Angelica", "Marites",
    "Lorna",  "Grace",   "Joy",      "Mary Ann", "Rowena",   "Maricel",  "Jocelyn",  "Liza",
    "Aileen", "Cherry",  "Rachelle", "Princess", "Jasmine",  "Camille",  "Nicole",   "Andrea",
    "Divina", "Leonora", "Teresita", "Erlinda",  "Rosalie",  "Analyn",   "Jonalyn",  "Mylene",
};
static const char *const ph_m[] = {
    "Jose",   "Juan",    "Mark",    "John Paul", "Michael", "Rodel",  "Jerome",   "Christian",
    "Ramon",  "Eduardo", "Ricardo", "Danilo",    "Rolando", "Arnel",  "Jayson",   "Kevin",
    "Carlo",  "Paolo",   "Noel",    "Romeo",     "Rey",     "Marvin", "Jomar",    "Francis",
    "Renato", "Ernesto", "Benjie",  "Ronald",    "Edwin",   "Alvin",  "Reynaldo", "Dennis",
};
static const char *const ph_l[] = {
    "Santos",    "Reyes",    "Cruz",     "Bautista",     "Ocampo",   "Garcia",      "Mendoza",
    "Torres",    "Tomas",    "Andrada",  "Castillo",     "Flores",   "Villanueva",  "Ramos",
    "Castro",    "Rivera",   "Aquino",   "Navarro",      "Salazar",  "Mercado",     "Dela Cruz",
    "De Leon",   "Gonzales", "Lopez",    "Fernandez",    "Soriano",  "Manalo",      "Dizon",
    "Pascual",   "Lim",      "Tan",      "Dimaculangan", "Macaraeg", "Magbanua",    "Panganiban",
    "Villareal", "Espiritu", "Mangubat", "Sarmiento",    "Cabrera",  "Del Rosario", "Evangelista",
};
static const char *const id_f[] = {
    "Siti",  "Sri",   "Dewi",    "Putri",     "Ayu",       "Nur",     "Wulan", "Rina",
    "Fitri", "Indah", "Lestari", "Ratna",     "Yuliani",   "Kartika", "Maya",  "Novita",
    "Anisa", "Dian",  "Mega",    "Rahmawati", "Nurhayati", "Sari",    "Wati",  "Endang",
};
static const char *const id_m[] = {
    "Agus",  "Budi", "Eko",   "Joko",     "Slamet",   "Bambang", "Hendra", "Rudi",
    "Andi",  "Dedi", "Ahmad", "Muhammad", "Rizky",    "Fajar",   "Arif",   "Dwi",
    "Yusuf", "Hadi", "Wahyu", "Irfan",    "Sutrisno", "Teguh",   "Bayu",   "Imam",
};
static const char *const id_l[] = {
    "Santoso",    "Wijaya",    "Saputra",     "Pratama", "Setiawan", "Hidayat",   "Kurniawan",
    "Nugroho",    "Siregar",   "Simanjuntak", "Lubis",   "Nasution", "Harahap",   "Gunawan",
    "Susanto",    "Purnomo",   "Hartono",     "Wibowo",  "Sitompul", "Rahayu",    "Permana",
    "Firmansyah", "Handayani", "Utami",       "Kusuma",  "Hakim",    "Syahputra", "Ginting",
};
static const char *const en_f[] = { "Mary",  "Patricia", "Jennifer", "Linda",    "Elizabeth",
                                    "Susan", "Karen",    "Sarah",    "Lisa",     "Emma",
                                    "Helen", "Margaret", "Donna",    "Michelle", "Laura" };
static const char *const en_m[] = { "James", "John",    "Robert",      "Michael", "William",
                                    "David", "Richard", "Thomas",      "Mark",    "Steven",
                                    "Paul",  "Andrew",  "Kevin",       "Brian",   "Gary",
                                    "Peter", "Daniel",  "Christopher", "Wayne",   "Graham" };
static const char *const en_l[] = { "Smith",  "Johnson",  "Williams", "Brown",    "Jones",
                                    "Miller", "Davis",    "Wilson",   "Anderson", "Taylor",
                                    "Thomas", "Moore",    "Martin",   "Jackson",  "White",
                                    "Harris", "Clark",    "Lewis",    "Walker",   "Hall",
                                    "Young",  "King",     "Wright",   "Scott",    "Green",
                                    "Baker",  "Campbell", "Mitchell", "Roberts",  "O'Brien" };
static const char *const de_f[] = { "Sabine", "Petra", "Claudia", "Monika", "Andrea" };
static const char *const de_m[] = { "Thomas", "Michael", "Andreas", "Stefan",   "Klaus",
                                    "Jürgen", "Frank",   "Uwe",     "Wolfgang", "Dieter" };
static const char *const de_l[] = { "Müller", "Schmidt",  "Schneider", "Fischer",
                                    "Weber",  "Meyer",    "Wagner",    "Becker",
                                    "Schulz", "Hoffmann", "Schäfer",   "Koch" };
static const char *const fr_f[] = { "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine" };
static const char *const fr_m[] = { "Jean",    "Pierre",  "Philippe",   "Michel", "Alain",
                                    "Nicolas", "Patrick", "Christophe", "Éric",   "Laurent" };
static const char *const fr_l[] = { "Martin", "Bernard", "Dubois", "Thomas", "Robert",  "Richard",
                                    "Petit",  "Durand",  "Leroy",  "Moreau", "Lefèvre", "Girard" };
static const char *const nl_f[] = { "Anna", "Sanne", "Lotte", "Marieke", "Ingrid" };
static const char *const nl_m[] = { "Jan",  "Pieter", "Hendrik", "Willem", "Dirk",
                                    "Kees", "Johan",  "Ruud",    "Bram",   "Sander" };
static const char *const nl_l[] = { "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk",
                                    "Bakker",  "Visser", "Smit",     "Meijer",       "de Boer" };
static const char *const no_f[] = { "Ingrid", "Kari", "Marit", "Hilde", "Anne" };
static const char *const no_m[] = { "Ole",   "Lars", "Knut",  "Bjørn", "Per",
                                    "Terje", "Geir", "Svein", "Odd",   "Arne" };
static const char *const no_l[] = { "Hansen",   "Johansen", "Olsen",       "Larsen", "Andersen",
                                    "Pedersen", "Nilsen",   "Kristiansen", "Berg",   "Haugen" };
static const char *const se_f[] = { "Anna", "Eva", "Karin", "Maria", "Lena" };
static const char *const se_m[] = { "Lars", "Anders", "Johan",  "Per",   "Mikael",
                                    "Erik", "Stefan", "Magnus", "Håkan", "Peter" };
static const char *const se_l[] = { "Andersson", "Johansson", "Karlsson", "Nilsson",  "Eriksson",
                                    "Larsson",   "Olsson",    "Persson",  "Svensson", "Lindberg" };
static const char *const jp_f[] = { "Yuko", "Keiko", "Akiko", "Naomi", "Emi" };
static const char *const jp_m[] = { "Hiroshi", "Takashi", "Kenji",   "Satoshi", "Makoto",
                                    "Yoshio",  "Kazuo",   "Tetsuya", "Shinji",  "Masaru" };
static const char *const jp_l[] = { "Sato", "Suzuki",   "Takahashi", "Tanaka",    "Watanabe",
                                    "Ito",  "Yamamoto", "Nakamura",  "Kobayashi", "Kato" };
static const char *const ar_f[] = { "Noura", "Fatimah", "Aisha", "Maha", "Reem" };
static const char *const ar_m[] = { "Mohammed", "Abdullah", "Fahad",  "Khalid", "Saud",
                                    "Faisal",   "Turki",    "Nasser", "Omar",   "Sultan" };
static const char *const ar_l[] = { "Al-Otaibi",  "Al-Ghamdi", "Al-Qahtani", "Al-Harbi",
                                    "Al-Zahrani", "Al-Shehri", "Al-Dosari",  "Al-Mutairi" };
static const char *const sg_f[] = { "Hui Min", "Li Ling", "Siew Lan", "Nurul", "Mei Ling" };
static const char *const sg_m[] = { "Wei Ming",   "Jun Jie",   "Kok Leong", "Muhammad Hafiz",
                                    "Chee Keong", "Boon Huat", "Ravi",      "Kelvin" };
static const char *const sg_l[] = { "Tan",  "Lim", "Lee",  "Ng",  "Ong",
                                    "Wong", "Goh", "Chua", "Koh", "Teo" };
static const char *const ng_f[] = { "Ngozi", "Funmilayo", "Chioma", "Aisha", "Adaeze" };
static const char *const ng_m[] = { "Chinedu",  "Emeka",    "Oluwaseun", "Tunde",   "Ifeanyi",
                                    "Babajide", "Chukwuma", "Ibrahim",   "Uchenna", "Segun" };
static const char *const ng_l[] = { "Okafor", "Adeyemi",  "Okonkwo",  "Balogun", "Eze",
                                    "Nwosu",  "Ogunleye", "Abubakar", "Obi",     "Olawale" };
static const char *const ci_f[] = { "Aya", "Adjoua", "Affoue", "Mariam", "Fatou" };
static const char *const ci_m[] = { "Kouassi", "Yao",     "Kouadio", "Konan",  "Koffi",
                                    "Mamadou", "Ibrahim", "Seydou",  "Didier", "Serge" };
static const char *const ci_l[] = { "Kouame",  "Traoré",    "Koné",      "Ouattara", "Bamba",
                                    "Diabaté", "N'Guessan", "Coulibaly", "Touré",    "Kouakou" };

#define GEN_POOL(a) a, (uint16_t)JAGA_ARRAY_SIZE(a)
/* mononym_pct: share of holders with a single name (common in Indonesia, assumed 15%). */
static const struct gen_ns_src {
    const char *const *f;
    uint16_t nf;
    const char *const *m;
    uint16_t nm;
    const char *const *l;
    uint16_t nl;
    uint8_t mononym_pct;
} gen_ns_src[NS_N] = {
    [NS_PH] = { GEN_POOL(ph_f), GEN_POOL(ph_m), GEN_POOL(ph_l), 0 },
    [NS_ID] = { GEN_POOL(id_f), GEN_POOL(id_m), GEN_POOL(id_l), 15 },
    [NS_EN] = { GEN_POOL(en_f), GEN_POOL(en_m), GEN_POOL(en_l), 0 },
    [NS_DE] = { GEN_POOL(de_f), GEN_POOL(de_m), GEN_POOL(de_l), 0 },
    [NS_FR] = { GEN_POOL(fr_f), GEN_POOL(fr_m), GEN_POOL(fr_l), 0 },
    [NS_NL] = { GEN_POOL(nl_f), GEN_POOL(nl_m), GEN_POOL(nl_l), 0 },
    [NS_NO] = { GEN_POOL(no_f), GEN_POOL(no_m), GEN_POOL(no_l), 0 },
    [NS_SE] = { GEN_POOL(se_f), GEN_POOL(se_m), GEN_POOL(se_l), 0 },
    [NS_JP] = { GEN_POOL(jp_f), GEN_POOL(jp_m), GEN_POOL(jp_l), 0 },
    [NS_AR] = { GEN_POOL(ar_f), GEN_POOL(ar_m), GEN_POOL(ar_l), 0 },
    [NS_SG] = { GEN_POOL(sg_f), GEN_POOL(sg_m), GEN_POOL(sg_l), 0 },
    [NS_NG] = { GEN_POOL(ng_f), GEN_POOL(ng_m), GEN_POOL(ng_l), 0 },
    [NS_CI] = { GEN_POOL(ci_f), GEN_POOL(ci_m), GEN_POOL(ci_l), 0 },
};

/* Businesses: a base name (with its MCC and, for billers, purpose code) plus a place. */
struct gen_biz_src {
    const char *name;
    uint16_t mcc;
    uint8_t purpose;
};
static const struct gen_biz_src ph_retail[] = {
    { "Aling Nena Store", 5411, PU_NONE },    { "Bayanihan Pharmacy", 5912, PU_NONE },
    { "Kusina ni Lola", 5812, PU_NONE },      { "Golden Grains Rice Dealer", 5499, PU_NONE },
    { "Mabuhay Bakeshop", 5462, PU_NONE },    { "Lucky Star Hardware", 5251, PU_NONE },
    { "Island Fresh Mart", 5411, PU_NONE },   { "Sunrise Carinderia", 5812, PU_NONE },
    { "Tres Marias Salon", 7230, PU_NONE },   { "JM Fuel Station", 5541, PU_NONE },
    { "Perlas Laundry Shop", 7211, PU_NONE }, { "Bituin Mini Mart", 5499, PU_NONE },
    { "Kapihan sa Kanto", 5814, PU_NONE },    { "Sampaguita Boutique", 5651, PU_NONE },
    { "Pinoy Gadget Hub", 5732, PU_NONE },    { "Dagat Seafood Grill", 5812, PU_NONE },
};
static const struct gen_biz_src id_retail[] = {
    { "Warung Bu Sri", 5812, PU_NONE },        { "Toko Sumber Rejeki", 5411, PU_NONE },
    { "Apotek Sehat Sentosa", 5912, PU_NONE }, { "Rumah Makan Sederhana", 5812, PU_NONE },
    { "Toko Bangunan Jaya", 5251, PU_NONE },   { "Roti Enak Bakery", 5462, PU_NONE },
    { "Minimarket Berkah", 5499, PU_NONE },    { "Salon Cantik", 7230, PU_NONE },
    { "SPBU Mandiri Jaya", 5541, PU_NONE },    { "Laundry Kilat", 7211, PU_NONE },
    { "Kopi Kenangan Kita", 5814, PU_NONE },   { "Butik Melati", 5651, PU_NONE },
    { "Toko Ponsel Abadi", 5732, PU_NONE },    { "Sate Pak Kumis", 5812, PU_NONE },
};
static const struct gen_biz_src ph_biller[] = {
    { "Metro Power Distribution", 4900, PU_ELEC },
    { "Luzon Water Services", 4900, PU_WTER },
    { "Pinas Telecom", 4814, PU_PHON },
    { "Isla Broadband", 4899, PU_PHON },
    { "Archipelago Life Insurance", 6300, PU_INSU },
    { "City Treasurer Office", 9311, PU_TAXS },
};
static const struct gen_biz_src id_biller[] = {
    { "Listrik Nusantara", 4900, PU_ELEC },       { "PDAM Tirta Kota", 4900, PU_WTER },
    { "Nusantara Seluler", 4814, PU_PHON },       { "Indo Broadband", 4899, PU_PHON },
    { "Asuransi Jiwa Sejahtera", 6300, PU_INSU }, { "Bapenda Kota", 9311, PU_TAXS },
};
/* MCC 5816: digital goods, games (the teen top-up channel of §6 RF-CH-05). */
static const struct gen_biz_src ph_game[] = {
    { "Diamond TopUp Hub", 5816, PU_NONE },
    { "Pixel Load Center", 5816, PU_NONE },
    { "Arena Coins Store", 5816, PU_NONE },
};
static const struct gen_biz_src id_game[] = {
    { "Top Up Diamond Center", 5816, PU_NONE },
    { "Voucher Game Nusantara", 5816, PU_NONE },
    { "Koin Arena Store", 5816, PU_NONE },
};
static const struct gen_biz_src ph_employer[] = {
    { "Visayas BPO Services Inc", 0, PU_NONE }, { "Mindanao Agri Corp", 0, PU_NONE },
    { "Luzon Logistics Inc", 0, PU_NONE },      { "Metro Retail Holdings", 0, PU_NONE },
    { "Pacific Call Solutions", 0, PU_NONE },   { "Harbor Shipping Lines", 0, PU_NONE },
    { "Bayside Construction Inc", 0, PU_NONE }, { "Northern Foods Corp", 0, PU_NONE },
};
static const struct gen_biz_src id_employer[] = {
    { "PT Maju Bersama", 0, PU_NONE },      { "PT Sinar Logistik", 0, PU_NONE },
    { "PT Agro Lestari", 0, PU_NONE },      { "PT Nusantara Teknologi", 0, PU_NONE },
    { "PT Karya Konstruksi", 0, PU_NONE },  { "PT Pangan Sejahtera", 0, PU_NONE },
    { "PT Samudra Pelayaran", 0, PU_NONE }, { "PT Ritel Makmur", 0, PU_NONE },
};
static const char *const ph_place[] = { "Quezon City", "Manila",         "Cebu",     "Davao",
                                        "Makati",      "Pasig",          "Taguig",   "Iloilo",
                                        "Bacolod",     "Cagayan de Oro", "Baguio",   "Angeles",
                                        "Zamboanga",   "General Santos", "Antipolo", "Tacloban" };
static const char *const id_place[] = { "Jakarta",   "Surabaya",   "Bandung",  "Medan",
                                        "Denpasar",  "Yogyakarta", "Makassar", "Semarang",
                                        "Palembang", "Batam",      "Malang",   "Bekasi",
                                        "Tangerang", "Depok",      "Bogor",    "Lombok" };
/* Merchants of the extra population (gen_world_extend). MCCs from ISO 18245: 7011 lodging, 4511
 * airlines (and the 3000-3299 block, where each code is one carrier: the code given to the
 * fictional international carrier is arbitrary, assumed), 4722 travel agencies, 5944 jewellery,
 * 6011 automated cash disbursement, 7399 business services (payment facilitators and gateways
 * are commonly acquired under it, assumed), 6051 quasi-cash (crypto purchases). Gift-card and
 * app-store voucher sellers get 5818, large digital-goods merchants (assumed). The base names
 * of hotels, agencies, jewellers and voucher shops take a place after them. */
static const struct gen_biz_src ph_hotel[] = {
    { "Bayview Hotel", 7011, PU_NONE },      { "Seaside Inn", 7011, PU_NONE },
    { "Garden Suites", 7011, PU_NONE },      { "Harbor Hotel", 7011, PU_NONE },
    { "Palm Beach Resort", 7011, PU_NONE },  { "Sunset Lodge", 7011, PU_NONE },
    { "City Pension House", 7011, PU_NONE }, { "Coral Apartelle", 7011, PU_NONE },
};
static const struct gen_biz_src id_hotel[] = {
    { "Hotel Melati", 7011, PU_NONE },   { "Wisma Indah", 7011, PU_NONE },
    { "Griya Homestay", 7011, PU_NONE }, { "Villa Bunga", 7011, PU_NONE },
    { "Losmen Sari", 7011, PU_NONE },    { "Hotel Nusantara", 7011, PU_NONE },
    { "Resort Pantai", 7011, PU_NONE },  { "Guest House Asri", 7011, PU_NONE },
};
/* Carriers first (no place), then agencies (with a place). */
static const struct gen_biz_src ph_air[] = {
    { "Island Wings Air", 4511, PU_NONE },
    { "Visayas Sky Express", 4511, PU_NONE },
    { "Pacific Archipelago Airways", 3211, PU_NONE },
};
static const struct gen_biz_src id_air[] = {
    { "Nusa Air", 4511, PU_NONE },
    { "Garuda Timur Express", 4511, PU_NONE },
    { "Archipelago Pacific Airways", 3211, PU_NONE },
};
static const struct gen_biz_src ph_agency[] = {
    { "Lakbay Travel and Tours", 4722, PU_NONE },
    { "Biyahe Ticketing Office", 4722, PU_NONE },
};
static const struct gen_biz_src id_agency[] = {
    { "Tour and Travel Nusantara", 4722, PU_NONE },
    { "Agen Tiket Jaya", 4722, PU_NONE },
};
static const struct gen_biz_src ph_jewel[] = {
    { "Perlas Jewelry", 5944, PU_NONE },
    { "Gold Star Jewelers", 5944, PU_NONE },
};
static const struct gen_biz_src id_jewel[] = {
    { "Toko Emas Mulia", 5944, PU_NONE },
    { "Perak Celuk", 5944, PU_NONE },
};
static const struct gen_biz_src ph_atm[] = {
    { "Metro Savings ATM Network", 6011, PU_NONE },
    { "Island Bank ATM", 6011, PU_NONE },
    { "Rural Bank ATM", 6011, PU_NONE },
    { "Union Peso ATM", 6011, PU_NONE },
};
static const struct gen_biz_src id_atm[] = {
    { "ATM Bank Nusantara", 6011, PU_NONE },
    { "ATM Bank Rakyat Daerah", 6011, PU_NONE },
    { "ATM Bersama Jaya", 6011, PU_NONE },
    { "ATM Bank Syariah Kita", 6011, PU_NONE },
};
static const struct gen_biz_src ph_gift[] = {
    { "eGift Card Hub", 5818, PU_NONE },
    { "App Voucher Center", 5818, PU_NONE },
};
static const struct gen_biz_src id_gift[] = {
    { "Voucher Digital Kita", 5818, PU_NONE },
    { "Gift Card Indo", 5818, PU_NONE },
};
static const struct gen_biz_src ph_gateway[] = {
    { "BayadLink Payments", 7399, PU_NONE },
    { "Isla Pay Gateway", 7399, PU_NONE },
};
static const struct gen_biz_src id_gateway[] = {
    { "Gerbang Bayar", 7399, PU_NONE },
    { "Nusapay Gateway", 7399, PU_NONE },
};
static const struct gen_biz_src ph_vasp[] = {
    { "Coinsbay Exchange", 6051, PU_NONE },
    { "Pinas Crypto Exchange", 6051, PU_NONE },
};
static const struct gen_biz_src id_vasp[] = {
    { "Kripto Nusantara", 6051, PU_NONE },
    { "Tokokoin Exchange", 6051, PU_NONE },
};

/* One remitter (money-transfer operator) brand per demand country, in gen_foreign_tab order. */
static const char *const gen_remitter_name[GEN_NFOREIGN] = {
    "Pacific Remit USA", "Southern Cross Money", "Albion Transfer",       "Maple Remit",
    "Gulf Exchange Co",  "Rhein Geldtransfer",   "Sakura Soukin",         "Merlion Remit",
    "Seine Transferts",  "Polder Geldzending",   "Fjord Pengeoverføring", "Nordic Remit AB",
};

/* Freelancers' clients abroad (AC_CLIENT, all fictional): a few work platforms paying out many
 * freelancers, then small businesses whose name takes the legal suffix of their country (in
 * gen_foreign_tab order). */
#define GEN_N_PLATFORM 4
static const struct {
    const char *name;
    char cc[3];
} gen_platform[GEN_N_PLATFORM] = {
    { "TalentBridge Payouts", "US" },
    { "GigHarbor Global", "US" },
    { "RemoteCrew Pay", "GB" },
    { "SkillPort Asia", "SG" },
};
static const char *const gen_client_name[] = {
    "Brightline Digital",  "Northwind Studio",   "Bluegum Media",      "Harbourside Consulting",
    "Summit Analytics",    "Redwood Labs",       "Silverleaf Design",  "Pinnacle Support",
    "Clearwater Ventures", "Ironbark Solutions", "Lakeside Health",    "Oakmont Realty",
    "Beacon Ecommerce",    "Evergreen Learning", "Kestrel Software",   "Fernhill Creative",
    "Granite Logistics",   "Tidewater Legal",    "Maplewood Accounts", "Copperleaf Marketing",
};
static const char *const gen_client_suffix[GEN_NFOREIGN] = {
    "LLC", "Pty Ltd", "Ltd", "Inc", "LLC", "GmbH", "KK", "Pte Ltd", "SAS", "BV", "AS", "AB",
};
/* What freelancers invoice for (assumed: virtual assistance, design, writing, support and
 * development are the usual remote work; online English tutoring is common in the Philippines,
 * and its word "lessons" is the kind a text rule must not take for a red flag). */
static const char *const gen_fl_service[] = {
    "web design",        "VA services",  "graphic design",  "content writing",
    "video editing",     "bookkeeping",  "translation",     "customer support",
    "social media mgmt", "software dev", "data entry",      "SEO services",
    "transcription",     "UI design",    "English lessons", "lead generation",
};
static const char *const gen_month_name[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* Memo tables: text, weight, purpose code, and digits of a random reference number appended
 * after a space (0 = none). The cover words the research lists for LSAC payments ("school
 * fees", "gift", "medical bills", "family support", "uniform", "accommodation", §4 RF-TXT-01)
 * appear in legitimate remittances and P2P at realistic-looking rates (assumed), and a few
 * legitimate memos carry child words or a child's age (RF-TXT-03) so text rules meet false
 * positives, as §8 asks. */
struct gen_memo_src {
    const char *s;
    uint16_t w;
    uint8_t purpose, digits;
};
static const struct gen_memo_src ph_remit_memo[] = {
    { "", 260, PU_NONE, 0 },
    { "", 240, PU_FAMI, 0 },
    { "allowance", 80, PU_FAMI, 0 },
    { "school fees", 55, PU_EDUC, 0 },
    { "tuition", 40, PU_EDUC, 0 },
    { "gift", 50, PU_GIFT, 0 },
    { "birthday gift", 18, PU_GIFT, 0 },
    { "medical", 28, PU_MDCS, 0 },
    { "medical bills", 12, PU_MDCS, 0 },
    { "hospital bills", 8, PU_MDCS, 0 },
    { "padala", 30, PU_FAMI, 0 },
    { "pang-gastos", 15, PU_FAMI, 0 },
    { "for bills", 25, PU_FAMI, 0 },
    { "family support", 20, PU_FAMI, 0 },
    { "for the kids", 12, PU_FAMI, 0 },
    { "baon ng mga bata", 6, PU_EDUC, 0 },
    { "school supplies", 8, PU_EDUC, 0 },
    { "uniform", 5, PU_EDUC, 0 },
    { "rent", 12, PU_RENT, 0 },
    { "for mama", 10, PU_FAMI, 0 },
    { "christmas gift", 4, PU_GIFT, 0 },
    { "happy birthday anak", 3, PU_GIFT, 0 },
    { "bday gift 7 yo", 1, PU_GIFT, 0 },
    { "for 10 yrs old bday", 1, PU_GIFT, 0 },
};
static const struct gen_memo_src id_remit_memo[] = {
    { "", 260, PU_NONE, 0 },
    { "", 240, PU_FAMI, 0 },
    { "kiriman bulanan", 60, PU_FAMI, 0 },
    { "uang saku", 70, PU_FAMI, 0 },
    { "biaya sekolah", 50, PU_EDUC, 0 },
    { "school fees", 20, PU_EDUC, 0 },
    { "biaya kuliah", 30, PU_EDUC, 0 },
    { "hadiah", 35, PU_GIFT, 0 },
    { "gift", 15, PU_GIFT, 0 },
    { "berobat", 20, PU_MDCS, 0 },
    { "biaya rumah sakit", 10, PU_MDCS, 0 },
    { "untuk ibu", 20, PU_FAMI, 0 },
    { "untuk anak", 15, PU_FAMI, 0 },
    { "bayar listrik", 12, PU_FAMI, 0 },
    { "family support", 12, PU_FAMI, 0 },
    { "uang makan", 15, PU_FAMI, 0 },
    { "THR", 5, PU_GIFT, 0 },
    { "hadiah ultah anak 9 tahun", 1, PU_GIFT, 0 },
    { "uang sekolah anak 8 thn", 1, PU_EDUC, 0 },
};
static const struct gen_memo_src ph_p2p_memo[] = {
    { "", 650, PU_NONE, 0 },         { "bayad", 60, PU_NONE, 0 },
    { "utang", 30, PU_NONE, 0 },     { "rent", 25, PU_RENT, 0 },
    { "allowance", 25, PU_NONE, 0 }, { "pamasahe", 15, PU_NONE, 0 },
    { "load", 20, PU_NONE, 0 },      { "share sa bills", 15, PU_NONE, 0 },
    { "salamat", 15, PU_NONE, 0 },   { "pasalubong", 10, PU_NONE, 0 },
    { "tuition", 10, PU_EDUC, 0 },   { "gift", 15, PU_GIFT, 0 },
    { "ambag", 10, PU_NONE, 0 },     { "paluwagan", 15, PU_NONE, 0 },
    { "for you", 8, PU_NONE, 0 },    { "school fees", 6, PU_EDUC, 0 },
};
static const struct gen_memo_src id_p2p_memo[] = {
    { "", 650, PU_NONE, 0 },           { "bayar", 60, PU_NONE, 0 },
    { "transfer", 40, PU_NONE, 0 },    { "utang", 30, PU_NONE, 0 },
    { "arisan", 25, PU_NONE, 0 },      { "kos", 25, PU_RENT, 0 },
    { "uang makan", 20, PU_NONE, 0 },  { "pulsa", 20, PU_NONE, 0 },
    { "ongkos", 15, PU_NONE, 0 },      { "hadiah", 10, PU_GIFT, 0 },
    { "uang saku", 15, PU_NONE, 0 },   { "bayar kos", 15, PU_RENT, 0 },
    { "uang sekolah", 8, PU_EDUC, 0 }, { "buat kamu", 6, PU_NONE, 0 },
    { "jajan anak", 4, PU_NONE, 0 },
};
static const struct gen_memo_src ph_seller_memo[] = {
    { "order", 45, PU_GDDS, 6 },      { "", 25, PU_NONE, 0 },
    { "payment", 10, PU_GDDS, 0 },    { "full payment", 5, PU_NONE, 0 },
    { "downpayment", 5, PU_NONE, 0 }, { "mine", 5, PU_NONE, 0 },
    { "pa-ship", 5, PU_NONE, 0 },
};
static const struct gen_memo_src id_seller_memo[] = {
    { "order", 45, PU_GDDS, 6 },         { "", 25, PU_NONE, 0 },  { "pembayaran", 10, PU_GDDS, 0 },
    { "bayar pesanan", 10, PU_NONE, 0 }, { "DP", 5, PU_NONE, 0 }, { "lunas", 5, PU_NONE, 0 },
};
static const struct gen_memo_src ph_crowd_memo[] = {
    { "", 40, PU_CHAR, 0 },
    { "get well soon", 15, PU_CHAR, 0 },
    { "donation", 15, PU_CHAR, 0 },
    { "para sa operasyon", 8, PU_CHAR, 0 },
    { "God bless", 10, PU_CHAR, 0 },
    { "laban lang", 5, PU_NONE, 0 },
    { "for the medical fund", 7, PU_CHAR, 0 },
};
static const struct gen_memo_src id_crowd_memo[] = {
    { "", 40, PU_CHAR, 0 },        { "semoga cepat sembuh", 15, PU_CHAR, 0 },
    { "donasi", 20, PU_CHAR, 0 },  { "sedekah", 10, PU_CHAR, 0 },
    { "bantuan", 10, PU_CHAR, 0 }, { "GWS", 5, PU_NONE, 0 },
};
static const struct gen_memo_src gen_game_memo[] = {
    { "", 80, PU_NONE, 0 },
    { "diamonds", 10, PU_NONE, 0 },
    { "top up", 10, PU_NONE, 0 },
};
static const struct gen_memo_src ph_salary_memo[] = {
    { "payroll", 50, PU_SALA, 0 },
    { "salary", 30, PU_SALA, 0 },
    { "", 20, PU_SALA, 0 },
};
static const struct gen_memo_src id_salary_memo[] = {
    { "gaji", 60, PU_SALA, 0 },
    { "payroll", 20, PU_SALA, 0 },
    { "", 20, PU_SALA, 0 },
};
static const struct gen_memo_src gen_bills_memo[] = {
    { "ref", 60, PU_NONE, 10 },
    { "", 40, PU_NONE, 0 },
};
static const struct gen_memo_src ph_transfer_memo[] = {
    { "", 70, PU_NONE, 0 },
    { "rent", 6, PU_RENT, 0 },
    { "loan payment", 5, PU_LOAN, 0 },
    { "supplier", 5, PU_GDDS, 0 },
    { "tuition", 4, PU_EDUC, 0 },
    { "savings", 5, PU_NONE, 0 },
    { "reimbursement", 5, PU_NONE, 0 },
};
static const struct gen_memo_src id_transfer_memo[] = {
    { "", 70, PU_NONE, 0 },
    { "sewa", 6, PU_RENT, 0 },
    { "cicilan", 5, PU_LOAN, 0 },
    { "pembayaran supplier", 5, PU_GDDS, 0 },
    { "biaya kuliah", 4, PU_EDUC, 0 },
    { "tabungan", 5, PU_NONE, 0 },
    { "reimburse", 5, PU_NONE, 0 },
};
static const struct gen_memo_src ph_sweep_memo[] = {
    { "", 70, PU_NONE, 0 },     { "padala", 10, PU_NONE, 0 }, { "pang-gastos", 8, PU_NONE, 0 },
    { "share", 6, PU_NONE, 0 }, { "ipon", 6, PU_NONE, 0 },
};
static const struct gen_memo_src id_sweep_memo[] = {
    { "", 70, PU_NONE, 0 },
    { "kiriman", 10, PU_NONE, 0 },
    { "tabungan", 8, PU_NONE, 0 },
    { "bagi hasil", 4, PU_NONE, 0 },
    { "untuk keluarga", 8, PU_NONE, 0 },
};
/* Buyer memos: mostly empty; cover words from §4 RF-TXT-01 (AUSTRAC, FATF). Shares assumed.
 * Age terms (RF-TXT-03) are added separately and rarely. */
static const struct gen_memo_src gen_buyer_memo[] = {
    { "", 740, PU_NONE, 0 },
    { "gift", 70, PU_GIFT, 0 },
    { "for you", 50, PU_NONE, 0 },
    { "school fees", 40, PU_EDUC, 0 },
    { "medical bills", 15, PU_MDCS, 0 },
    { "family support", 12, PU_FAMI, 0 },
    { "with love", 10, PU_NONE, 0 },
    { "uniform", 8, PU_EDUC, 0 },
    { "accommodation", 8, PU_NONE, 0 },
    { "education", 7, PU_EDUC, 0 },
};

/* Legitimate sellers and campaign owners moving takings to their own account (assumed). */
static const struct gen_memo_src ph_cashout_memo[] = {
    { "", 70, PU_NONE, 0 },          { "withdraw", 10, PU_NONE, 0 }, { "cash out", 8, PU_NONE, 0 },
    { "to savings", 6, PU_NONE, 0 }, { "ipon", 6, PU_NONE, 0 },
};
static const struct gen_memo_src id_cashout_memo[] = {
    { "", 70, PU_NONE, 0 },
    { "tarik saldo", 15, PU_NONE, 0 },
    { "withdraw", 8, PU_NONE, 0 },
    { "tabungan", 7, PU_NONE, 0 },
};
/* Guardian to own minor (assumed; "baon" and "uang saku" are pocket money). */
static const struct gen_memo_src ph_allow_memo[] = {
    { "", 40, PU_FAMI, 0 },         { "allowance", 25, PU_FAMI, 0 }, { "baon", 20, PU_FAMI, 0 },
    { "pang-load", 8, PU_NONE, 0 }, { "pamasahe", 7, PU_NONE, 0 },
};
static const struct gen_memo_src id_allow_memo[] = {
    { "", 40, PU_FAMI, 0 },
    { "uang saku", 25, PU_FAMI, 0 },
    { "jajan", 15, PU_NONE, 0 },
    { "pulsa", 10, PU_NONE, 0 },
    { "uang sekolah", 5, PU_EDUC, 0 },
    { "top up game", 5, PU_NONE, 0 },
};
/* Savings groups and rents: contributions in, pots and expenses out (assumed). "BO" is also the
 * everyday abbreviation of "biaya operasional" (operating costs), so the experimental RF-TXT-04
 * term meets legitimate use. */
static const struct gen_memo_src ph_group_memo[] = {
    { "paluwagan", 40, PU_NONE, 0 }, { "hulog", 15, PU_NONE, 0 }, { "", 30, PU_NONE, 0 },
    { "ambag", 10, PU_NONE, 0 },     { "upa", 10, PU_RENT, 0 },
};
static const struct gen_memo_src id_group_memo[] = {
    { "arisan", 40, PU_NONE, 0 }, { "iuran", 15, PU_NONE, 0 },     { "", 30, PU_NONE, 0 },
    { "kos", 10, PU_RENT, 0 },    { "bayar kos", 10, PU_RENT, 0 },
};
static const struct gen_memo_src ph_payout_memo[] = {
    { "", 50, PU_NONE, 0 },
    { "paluwagan", 25, PU_NONE, 0 },
    { "sahod", 10, PU_SALA, 0 },
    { "bayad", 15, PU_NONE, 0 },
};
static const struct gen_memo_src id_payout_memo[] = {
    { "", 50, PU_NONE, 0 },  { "arisan", 25, PU_NONE, 0 },    { "gaji", 10, PU_SALA, 0 },
    { "BO", 8, PU_NONE, 0 }, { "bagi hasil", 7, PU_NONE, 0 },
};
static const struct gen_memo_src gen_settle_memo[] = {
    { "settlement", 70, PU_NONE, 6 },
    { "payout", 30, PU_NONE, 6 },
};
static const struct gen_memo_src gen_empty_memo[] = {
    { "", 90, PU_NONE, 0 },
    { "top up", 10, PU_NONE, 0 },
};
/* Injected typologies. There is no sourced memo lexicon for domestic CSAM sales, brokers or
 * sextortion (§4, §10), so their memos are mostly empty or everyday words (assumed); "BO"
 * (RF-TXT-04, experimental) appears on a few broker payments. */
static const struct gen_memo_src ph_csam_memo[] = {
    { "", 80, PU_NONE, 0 },    { "bayad", 8, PU_NONE, 0 }, { "payment", 6, PU_NONE, 0 },
    { "load", 3, PU_NONE, 0 }, { "sub", 3, PU_NONE, 0 },
};
static const struct gen_memo_src id_csam_memo[] = {
    { "", 80, PU_NONE, 0 },          { "bayar", 8, PU_NONE, 0 },  { "tf", 6, PU_NONE, 0 },
    { "pembayaran", 3, PU_NONE, 0 }, { "member", 3, PU_NONE, 0 },
};
static const struct gen_memo_src ph_broker_memo[] = {
    { "", 80, PU_NONE, 0 },
    { "bayad", 10, PU_NONE, 0 },
    { "booking", 5, PU_NONE, 0 },
    { "DP", 5, PU_NONE, 0 },
};
static const struct gen_memo_src id_broker_memo[] = {
    { "", 75, PU_NONE, 0 },       { "bayar", 8, PU_NONE, 0 }, { "DP", 7, PU_NONE, 0 },
    { "booking", 5, PU_NONE, 0 }, { "BO", 3, PU_NONE, 0 },    { "lunas", 2, PU_NONE, 0 },
};
static const struct gen_memo_src ph_victim_memo[] = {
    { "", 90, PU_NONE, 0 },
    { "bayad", 6, PU_NONE, 0 },
    { "pls", 4, PU_NONE, 0 },
};
static const struct gen_memo_src id_victim_memo[] = {
    { "", 90, PU_NONE, 0 },
    { "bayar", 6, PU_NONE, 0 },
    { "tolong", 4, PU_NONE, 0 },
};
static const struct gen_memo_src gen_mule_memo[] = {
    { "", 70, PU_NONE, 0 },
    { "family support", 15, PU_FAMI, 0 },
    { "top up", 15, PU_NONE, 0 },
};

/* Nicknames used as watch-list aliases (assumed): Filipino and Indonesian naming mixes
 * nicknames freely, which is why RF-WL-03 needs fuzzy matching. */
static const char *const ph_nick[] = { "Mhay",  "Jen",  "Tin",  "Che",    "Ging",  "Lyn",
                                       "Bhing", "Neng", "Bong", "Dodong", "Inday", "Jun" };
static const char *const id_nick[] = { "Ayu",  "Sri",  "Dede", "Uci",   "Tata", "Nana",
                                       "Iyah", "Ucup", "Asep", "Yanto", "Ipul", "Neng" };

/* ------------------------------------------------------------------------------------------ */
/* World: interned strings, accounts, ranges                                                   */
/* ------------------------------------------------------------------------------------------ */

struct gen_str {
    const char *s;
    uint32_t len;
};

struct gen_pool {
    uint16_t first, n;
};

struct gen_nameset {
    struct gen_pool f, m, l;
    uint8_t mononym_pct;
};

#define GEN_MEMO_MAX 32
struct gen_memoset {
    uint32_t n;
    uint32_t cum[GEN_MEMO_MAX];
    uint16_t sid[GEN_MEMO_MAX];
    uint8_t purpose[GEN_MEMO_MAX];
    uint8_t digits[GEN_MEMO_MAX];
};

/* Account categories, laid out contiguously in this order so a category is an index range. */
enum gen_ac {
    AC_BANK,     /* adult's bank account */
    AC_EWALLET,  /* adult's e-wallet */
    AC_MINOR,    /* teen's e-wallet, guardian linked */
    AC_SELLER,   /* online seller's e-wallet */
    AC_CAMPAIGN, /* crowdfunding campaign wallet */
    AC_CARD,     /* card token of a bank customer */
    AC_MERCHANT, /* retail merchant (card and QR acceptance) */
    AC_BILLER,
    AC_GAME,     /* game-credit merchant, MCC 5816 */
    AC_EMPLOYER, /* payroll account of a company */
    AC_FOREIGN,  /* person abroad who remits into the country */
    AC_REMITTER, /* money-transfer operator (settlement account) */
    /* The extra population, appended after the --accounts residents by gen_world_extend so
     * that the resident population (and with it the LSAC plan) is the same as without it. */
    AC_HOTEL,   /* lodging, MCC 7011 */
    AC_AIR,     /* airlines and travel agencies */
    AC_JEWEL,   /* jewellers, MCC 5944 */
    AC_ATM,     /* ATM networks, MCC 6011 */
    AC_GIFT,    /* gift-card and voucher sellers */
    AC_GATEWAY, /* payment gateways, MCC 7399 */
    AC_VASP,    /* domestic crypto exchanges */
    AC_FCARD,   /* foreign card tokens: visitors, then the travelling LSAC buyers */
    AC_NEWACC,  /* e-wallets opened in the 90 days before the start or during the period */
    AC_ABROAD,  /* accounts in Nigeria and Cote d'Ivoire */
    AC_CLIENT,  /* freelancers' clients abroad: work platforms first, then businesses */
    AC_N,
    AC_RESIDENT_N = AC_HOTEL
};
static const char *const gen_ac_kind[AC_N] = {
    "bank",     "ewallet",  "ewallet", "ewallet",  "ewallet",  "card",     "merchant", "merchant",
    "merchant", "bank",     "bank",    "remitter", "merchant", "merchant", "merchant", "merchant",
    "merchant", "merchant", "crypto",  "card",     "ewallet",  "bank",     "bank",
};

enum {
    ROLE_BUYER = 1,
    ROLE_FAC = 2,
    ROLE_SELLER = 4,
    ROLE_BROKER = 8,
    ROLE_RCPT = 16,
    ROLE_VICTIM = 32,
    ROLE_MULE = 64, /* also the collection accounts abroad */
    ROLE_TRAV = 128
};
#define GEN_CC_HOME 0xff

/* Look-alike marks: one byte per account (struct gen.la), ORed in by the background models; a
 * bit means something only together with the account's category. Within a category the bits
 * are numbered in the order of their groups (enum gen_la), so that lookalikes.csv, which walks
 * an account's bits from the lowest, lists its groups in that order. */
enum {
    /* Resident adults (AC_BANK, AC_EWALLET). */
    LM_A_REMIT = 1, /* received a family remittance */
    LM_A_COVER = 2, /* ... with a cover memo; the same bit as LM_F_COVER */
    LM_A_DONOR = 4,
    LM_A_GUARDIAN = 8,
    LM_A_SAVINGS = 16,
    LM_A_SAVINGS_PAYEE = 32,
    LM_A_CRYPTO = 64,
    LM_A_NG_CI = 128,
    /* Senders abroad (AC_FOREIGN). */
    LM_F_REMIT = 1,
    LM_F_COVER = 2,
    LM_F_DONOR = 4,
    /* Minors (AC_MINOR). */
    LM_M_GAMING = 1,
    LM_M_P2P = 2,
    LM_M_FRIEND = 4,
    LM_M_ALLOW = 8,
    /* Online sellers and campaigns (AC_SELLER, AC_CAMPAIGN). */
    LM_S_PAID = 1,
    LM_S_SWEEP = 2,
    /* Residents' cards (AC_CARD). */
    LM_C_TRAVEL = 1,
    LM_C_ATM = 2,
    /* Every other category: took part in its look-alike traffic. */
    LM_ANY = 1,
};

/* Remittance purposes whose memos are cover words (§4 RF-TXT-01) or name a child's age
 * (RF-TXT-03): every such memo in the remittance tables has one of these codes. */
#define GEN_COVER_PURPOSES ((1u << PU_EDUC) | (1u << PU_GIFT) | (1u << PU_MDCS))

/* How a group is read off the marks: the bit alone, or the bit and a further condition. */
enum { LH_BIT, LH_HUB, LH_VISIT_FAMILY, LH_DECOY, LH_FREELANCE };
#define GEN_CAT(c) (1u << (c))
#define GEN_ADULT  (GEN_CAT(AC_BANK) | GEN_CAT(AC_EWALLET))
/* Which group a category's mark bit stands for; LH_HUB and LH_VISIT_FAMILY rules add a second
 * group to a bit under a further condition, and follow its LH_BIT rule; the decoy and freelancer
 * rules need no bit (they read lists). In group order; no group has two rules for one category. */
static const struct gen_la_rule {
    uint8_t group, how, bit;
    uint32_t cats;
} gen_la_rule[] = {
    { LA_REMIT_SENDER, LH_BIT, LM_F_REMIT, GEN_CAT(AC_FOREIGN) },
    { LA_REMIT_OPERATOR, LH_BIT, LM_ANY, GEN_CAT(AC_REMITTER) },
    { LA_REMIT_RECEIVER, LH_BIT, LM_A_REMIT, GEN_ADULT },
    { LA_FAMILY_HUB, LH_HUB, LM_A_REMIT, GEN_ADULT },
    { LA_REMIT_COVER, LH_BIT, LM_F_COVER, GEN_CAT(AC_FOREIGN) },
    { LA_REMIT_COVER, LH_BIT, LM_A_COVER, GEN_ADULT },
    { LA_CROWD_CAMPAIGN, LH_BIT, LM_S_PAID, GEN_CAT(AC_CAMPAIGN) },
    { LA_CROWD_DONOR, LH_BIT, LM_A_DONOR, GEN_ADULT },
    { LA_CROWD_DONOR_ABROAD, LH_BIT, LM_F_DONOR, GEN_CAT(AC_FOREIGN) },
    { LA_ONLINE_SELLER, LH_BIT, LM_S_PAID, GEN_CAT(AC_SELLER) },
    { LA_SWEEP_TO_OWN, LH_BIT, LM_S_SWEEP, GEN_CAT(AC_SELLER) | GEN_CAT(AC_CAMPAIGN) },
    { LA_PAYMENT_GATEWAY, LH_BIT, LM_ANY, GEN_CAT(AC_GATEWAY) },
    { LA_TEEN_GAMING, LH_BIT, LM_M_GAMING, GEN_CAT(AC_MINOR) },
    { LA_TEEN_P2P, LH_BIT, LM_M_P2P, GEN_CAT(AC_MINOR) },
    { LA_TEEN_FRIEND_PAYEE, LH_BIT, LM_M_FRIEND, GEN_CAT(AC_MINOR) },
    { LA_TEEN_ALLOWANCE, LH_BIT, LM_M_ALLOW, GEN_CAT(AC_MINOR) },
    { LA_ALLOWANCE_GUARDIAN, LH_BIT, LM_A_GUARDIAN, GEN_ADULT },
    { LA_SAVINGS_COLLECTOR, LH_BIT, LM_A_SAVINGS, GEN_ADULT },
    { LA_SAVINGS_PAYEE, LH_BIT, LM_A_SAVINGS_PAYEE, GEN_ADULT },
    { LA_NEW_YOUNG_EWALLET, LH_BIT, LM_ANY, GEN_CAT(AC_NEWACC) },
    { LA_CRYPTO_TRADER, LH_BIT, LM_A_CRYPTO, GEN_ADULT },
    { LA_RESIDENT_TRAVEL, LH_BIT, LM_C_TRAVEL, GEN_CAT(AC_CARD) },
    { LA_ATM_CASH, LH_BIT, LM_C_ATM, GEN_CAT(AC_CARD) },
    { LA_VISITOR_CARD, LH_BIT, LM_ANY, GEN_CAT(AC_FCARD) },
    { LA_VISITING_FAMILY, LH_VISIT_FAMILY, LM_ANY, GEN_CAT(AC_FCARD) },
    { LA_PAYS_NG_CI, LH_BIT, LM_A_NG_CI, GEN_ADULT },
    { LA_NG_CI_PAYEE, LH_BIT, LM_ANY, GEN_CAT(AC_ABROAD) },
    { LA_WATCHLIST_DECOY, LH_DECOY, 0, GEN_ADULT },
    { LA_FREELANCER, LH_FREELANCE, 0, GEN_ADULT },
    { LA_FREELANCER_CLIENT, LH_BIT, LM_ANY, GEN_CAT(AC_CLIENT) },
};

/* 32 bytes: the whole population of a 10M-account run stays under 400 MB. */
struct gen_acct {
    uint32_t holder;       /* person index + 1; 0 for businesses */
    uint32_t link;         /* card: funding bank account */
    uint32_t guardian;     /* minors: guardian's person index + 1 */
    int32_t opened;        /* days since 1970-01-01 */
    uint16_t name1, name2; /* string ids; name2 0 = none */
    uint16_t birth_year;   /* 0 = not a person */
    uint16_t mcc;
    uint8_t cat, cc, sex, kyc;
    int8_t tz_q;
    uint8_t role, purpose, ns;
};

/* A foreign sender group: one country and one of its time zones. */
#define GEN_MAX_GROUPS 48
struct gen_group {
    uint8_t fc;
    int8_t tz_q;
    double share;
    uint32_t lo, n; /* accounts */
};

struct gen_range {
    uint32_t lo, n;
};

#define GEN_QN JAGA_GEN_QTAB_N
/* Amount distribution: quantile table of a log-normal truncated to [lo, hi], in US$. */
struct gen_qtab {
    double v[GEN_QN + 1];
};

enum gen_dist {
    D_P2P,
    D_EWALLET,
    D_QR,
    D_CARD,
    D_BILLS,
    D_SALARY,
    D_SELLER,
    D_CROWD,
    D_CROWD_FOREIGN,
    D_TRANSFER,
    D_REMIT,
    D_BUYER,
    D_ATM,
    D_ATM_VISITOR,
    D_HOTEL_STAY,
    D_HOTEL_NIGHT,
    D_AIR,
    D_JEWEL,
    D_VISITOR_CARD,
    D_CRYPTO,
    D_ALLOW,
    D_GROUP,
    D_SETTLE,
    D_ABROAD,
    D_FSEC,
    D_FREELANCE,
    D_N
};
/* Euros to US$ at the table's rate, for the FATF sextortion figures. */
#define GEN_EUR(x) ((x) / 0.92)
/* Medians in US$ (PHP equivalents at 57/US$ in the comments). All assumed except D_REMIT's
 * band (PHP 1,000-10,000 / US$50-300 receiving side, §1.1 AMLC) and D_BUYER (§8: median
 * about US$35-40 from A$51, AIC 639; 90th percentile about US$130, assumed; hard band
 * US$7-260). */
static const struct {
    double median, p90, lo, hi;
    bool domestic;
} gen_dist_tab[D_N] = {
    [D_P2P] = { 26, 95, 0.9, 900, true },      /* PHP 1,500 */
    [D_EWALLET] = { 9, 33, 0.35, 350, true },  /* PHP 500 */
    [D_QR] = { 3.9, 12.4, 0.18, 350, true },   /* PHP 220 */
    [D_CARD] = { 15, 54, 0.35, 3500, true },   /* PHP 850 */
    [D_BILLS] = { 32, 89, 1.75, 900, true },   /* PHP 1,800 */
    [D_SALARY] = { 210, 400, 90, 2600, true }, /* PHP 12,000 semi-monthly */
    [D_SELLER] = { 8, 25, 0.9, 180, true },    /* PHP 450 */
    [D_CROWD] = { 5.3, 19, 0.9, 180, true },   /* PHP 300 */
    [D_CROWD_FOREIGN] = { 20, 56, 3, 500, false },
    [D_TRANSFER] = { 140, 650, 1.75, 35000, true }, /* PHP 8,000 */
    [D_REMIT] = { JAGA_GEN_REMIT_MEDIAN_USD, JAGA_GEN_REMIT_P90_USD, JAGA_GEN_REMIT_LO_USD,
                  JAGA_GEN_REMIT_HI_USD, false },
    [D_BUYER] = { 37, 130, 7, 260, false },
    /* Look-alikes and the new typologies, all assumed unless a section is given. Residents
     * withdraw PHP 2,000 typically and at most PHP 20,000 (a common per-withdrawal cap); visitors
     * withdraw more. Hotel bills of residents' stays, visitors' nightly rates, domestic flights,
     * jewellery (FINTRAC 2025 lists it for travel-to-offend, §3 RF-TRV-01). */
    [D_ATM] = { 35, 105, 1.75, 350, true },          /* PHP 2,000 */
    [D_ATM_VISITOR] = { 90, 260, 17.5, 350, false }, /* PHP 5,100 */
    [D_HOTEL_STAY] = { 70, 220, 15, 1500, true },    /* PHP 4,000 */
    [D_HOTEL_NIGHT] = { 45, 120, 15, 400, false },   /* PHP 2,600 a night */
    [D_AIR] = { 70, 180, 25, 600, false },           /* PHP 4,000 */
    [D_JEWEL] = { 120, 600, 15, 3000, false },       /* PHP 6,800 */
    [D_VISITOR_CARD] = { 18, 70, 1, 1000, false },   /* PHP 1,000 */
    [D_CRYPTO] = { 35, 180, 2, 5000, true },         /* PHP 2,000 */
    [D_ALLOW] = { 9, 35, 1.75, 90, true },           /* PHP 500 */
    [D_GROUP] = { 100, 260, 9, 700, true },          /* PHP 5,700; Rp 1.1 juta */
    [D_SETTLE] = { 90, 500, 5, 5000, true },         /* PHP 5,100 */
    [D_ABROAD] = { 150, 450, 20, 3000, false },
    /* Sextortion first payment: generally under EUR 250 (FATF 2025, §1.1); median EUR 50 and 90th
     * percentile EUR 180 assumed for a teenager's wallet. */
    [D_FSEC] = { GEN_EUR(50), GEN_EUR(180), GEN_EUR(5), GEN_EUR(249), false },
    /* A freelancer's invoice: median US$250, 90th percentile US$700, within the published band
     * (all assumed; redflags.md gives no figure). */
    [D_FREELANCE] = { 250, 700, JAGA_GEN_FREELANCE_LO_USD, JAGA_GEN_FREELANCE_HI_USD, false },
};

struct gen_world {
    const struct gen_home *home;
    uint64_t seed;
    int64_t start_day;        /* local calendar day of the first day */
    int64_t start_ms, end_ms; /* UTC, local midnight to local midnight */
    uint32_t days;

    struct gen_str *str;
    uint32_t n_str, cap_str;
    struct gen_nameset ns[NS_N];
    struct gen_pool place, retail, biller, game, employer, nick;
    uint16_t retail_mcc[32], biller_mcc[8], game_mcc[4];
    uint8_t biller_purpose[8];
    uint16_t remitter_sid[GEN_NFOREIGN];
    struct gen_qtab dist[D_N];

    struct gen_acct *acct; /* huge-page backed */
    /* What the writer needs per account on every row, packed so that a 200k-account
     * population fits in L2: name1 (bits 0-11), name2 (12-23), country (24-31, 0xff home).
     * The account's kind and id number follow from its index. */
    uint32_t *hot;
    uint32_t n_acct;
    struct gen_range rg[AC_N];
    uint32_t n_adult;  /* adult persons (holders of AC_BANK/AC_EWALLET) */
    uint32_t ew_first; /* first adult person that holds an e-wallet */
    struct gen_group grp[GEN_MAX_GROUPS];
    uint32_t n_grp;
    uint32_t *hub; /* family hubs: recipients with many relatives abroad */
    uint32_t n_hub;

    uint32_t key[3];    /* id scrambling (seed-derived) */
    uint64_t *role_bit; /* accounts with an injected role: one bit each, cache-resident */

    char cc_code[256][2];    /* country index -> ISO code; GEN_CC_HOME is the home country */
    uint32_t n_pers;         /* persons of the resident population; extras are numbered after */
    uint32_t n_resident;     /* accounts of the resident population (--accounts) */
    uint32_t n_visitor;      /* AC_FCARD cards that are visitors; travellers' cards follow */
    struct gen_visit *visit; /* per visitor card: its stay */
    uint32_t *vis_off, *vis_list; /* visitor cards present on local day d: vis_list[vis_off[d]..] */
    uint32_t *new_by_day;         /* AC_NEWACC accounts opened by the end of local day d */
    uint32_t n_treas;             /* savings-group treasurers and landlords (BG_GROUP) */
    uint32_t n_carrier;           /* AC_AIR starts with the carriers; agencies follow */
};

/* A visitor's stay in local days relative to the first day of the period; flags bit 0: a
 * relative abroad visiting family (stays with them, no hotel). */
struct gen_visit {
    int16_t arrive;
    uint8_t nights, flags;
};

/* Ids are fixed-width decimal numbers scrambled by a three-round Feistel network on their two
 * halves. A Feistel network is a bijection whatever its round function, so ids never collide,
 * yet they look like opaque references rather than counters; and working on 32-bit halves
 * keeps 64-bit divisions out of the formatting. */
static inline void gen_feistel(const struct gen_world *w, uint32_t *l, uint32_t *r, uint32_t base)
{
    for (int i = 0; i < 3; i++) {
        uint32_t f = (uint32_t)(((uint64_t)(*r ^ w->key[i]) * 0x9e3779b1u) >> 13) % base;
        uint32_t t = *l + f;

        *l = *r;
        *r = t >= base ? t - base : t;
    }
}

static uint16_t gen_intern(struct gen_world *w, const char *s)
{
    size_t len = strlen(s);

    /* Strings go into the CSV unquoted. */
    JAGA_BUG_ON(strpbrk(s, ",\"\r\n") != NULL);
    JAGA_BUG_ON(w->n_str >= w->cap_str || len > 255);
    w->str[w->n_str] = (struct gen_str){ s, (uint32_t)len };
    return (uint16_t)w->n_str++;
}

static struct gen_pool gen_intern_pool(struct gen_world *w, const char *const *a, uint16_t n)
{
    struct gen_pool p = { (uint16_t)w->n_str, n };

    for (uint16_t i = 0; i < n; i++)
        gen_intern(w, a[i]);
    return p;
}

static struct gen_pool gen_intern_biz(struct gen_world *w, const struct gen_biz_src *a, uint16_t n,
                                      uint16_t *mcc, uint8_t *purpose)
{
    struct gen_pool p = { (uint16_t)w->n_str, n };

    for (uint16_t i = 0; i < n; i++) {
        gen_intern(w, a[i].name);
        if (mcc)
            mcc[i] = a[i].mcc;
        if (purpose)
            purpose[i] = a[i].purpose;
    }
    return p;
}

/* Cumulative 32-bit thresholds from weights; the last threshold saturates so every draw lands. */
static void gen_cum32(const double *wt, uint32_t n, uint32_t *cum)
{
    double tot = 0, acc = 0;

    for (uint32_t i = 0; i < n; i++)
        tot += wt[i];
    for (uint32_t i = 0; i < n; i++) {
        acc += wt[i];
        double c = tot > 0 ? acc / tot * 4294967296.0 : 4294967296.0;
        cum[i] = c >= 4294967295.0 ? UINT32_MAX : (uint32_t)c;
    }
    if (n)
        cum[n - 1] = UINT32_MAX;
}

static inline uint32_t gen_pick_cum(const uint32_t *cum, uint32_t n, uint32_t x)
{
    uint32_t i = 0;

    while (i + 1 < n && x >= cum[i])
        i++;
    return i;
}

static void gen_memoset_init(struct gen_world *w, struct gen_memoset *ms,
                             const struct gen_memo_src *src, uint32_t n)
{
    double wt[GEN_MEMO_MAX];

    JAGA_BUG_ON(n > GEN_MEMO_MAX);
    ms->n = n;
    for (uint32_t i = 0; i < n; i++) {
        ms->sid[i] = gen_intern(w, src[i].s);
        ms->purpose[i] = src[i].purpose;
        ms->digits[i] = src[i].digits;
        wt[i] = src[i].w;
    }
    gen_cum32(wt, n, ms->cum);
}

/* Standard normal CDF and its inverse by bisection: only used to build the quantile tables. */
static double gen_phi(double z)
{
    return 0.5 * erfc(-z / sqrt(2.0));
}

static double gen_phi_inv(double u)
{
    double lo = -9, hi = 9;

    for (int i = 0; i < 80; i++) {
        double mid = 0.5 * (lo + hi);
        if (gen_phi(mid) < u)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* The same inverse by Acklam's rational approximation and one Halley step, about 60 times
 * faster. The tables that existed before the later typologies keep the bisection, so their
 * values, and with them the LSAC amounts, stay bit-identical; the newer ones use this, which
 * keeps the start-up of a small run short. */
static double gen_phi_inv_fast(double p)
{
    static const double a[6] = { -3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00 };
    static const double b[5] = { -5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01 };
    static const double c[6] = { -7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00 };
    static const double d[4] = { 7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00 };
    double q, r, x, e, u;

    if (!(p > 0))
        return -9;
    if (!(p < 1))
        return 9;
    if (p < 0.02425 || p > 1 - 0.02425) {
        q = sqrt(-2 * log(p < 0.5 ? p : 1 - p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        x = p < 0.5 ? x : -x;
    } else {
        q = p - 0.5;
        r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    e = gen_phi(x) - p;
    u = e * 2.5066282746310002 * exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

/* Truncating (rather than clamping) keeps the band edges from piling up probability mass. */
static void gen_qtab_build(struct gen_qtab *q, double median, double p90, double lo, double hi,
                           bool fast)
{
    double mu = log(median), sigma = (log(p90) - mu) / 1.2815515655446004;
    double flo = gen_phi((log(lo) - mu) / sigma), fhi = gen_phi((log(hi) - mu) / sigma);

    for (int i = 0; i <= GEN_QN; i++) {
        double u = flo + (fhi - flo) * i / GEN_QN;
        double z = i == 0 || i == GEN_QN ? 0 : fast ? gen_phi_inv_fast(u) : gen_phi_inv(u);
        double v = i == 0 ? lo : i == GEN_QN ? hi : exp(mu + sigma * z);
        q->v[i] = v < lo ? lo : v > hi ? hi : v;
    }
}

static inline double gen_qtab_draw(const struct gen_qtab *q, struct gen_rng *r)
{
    uint32_t x = gen_u32(r);
    uint32_t i = x >> 22;
    double f = (double)(x & 0x3fffff) * 0x1p-22;

    return q->v[i] + (q->v[i + 1] - q->v[i]) * f;
}

/* ------------------------------------------------------------------------------------------ */
/* Amount rounding                                                                             */
/* ------------------------------------------------------------------------------------------ */

static inline double gen_pow10(unsigned d)
{
    return d == 0 ? 1.0 : d == 2 ? 100.0 : pow(10.0, d);
}

/* Rounds `major` (in units of `cur`) to a multiple of `step` major units, at least one step. */
static inline int64_t gen_round_step(double major, uint8_t cur, double step)
{
    double scale = gen_pow10(gen_cur_tab[cur].decimals);
    int64_t st = (int64_t)llround(step * scale);
    int64_t m;

    if (st < 1)
        st = 1;
    m = (int64_t)llround(major * scale / (double)st) * st;
    return m < st ? st : m;
}

/* Exact to the minor unit (to 100 rupiah for IDR, since no till shows smaller). */
static inline int64_t gen_round_cents(double major, uint8_t cur)
{
    return gen_round_step(major, cur, cur == CUR_IDR ? 100.0 : 0.01);
}

static inline int64_t gen_round_whole(double major, uint8_t cur)
{
    return gen_round_step(major, cur, cur == CUR_IDR ? 500.0 : 1.0);
}

/* "Nice" amounts people type: two significant digits, or one in half the cases. */
static inline int64_t gen_round_nice(double major, uint8_t cur, struct gen_rng *r)
{
    double p = 1;

    while (p * 10 <= major)
        p *= 10;
    if (p < 10)
        return gen_round_whole(major, cur);
    return gen_round_step(major, cur, gen_chance(r, 0.5) ? p / 10 : p / 2);
}

/* ------------------------------------------------------------------------------------------ */
/* Population builder                                                                          */
/* ------------------------------------------------------------------------------------------ */

struct gen_person {
    uint16_t first, last, birth_year;
    uint8_t sex, ns;
};

static void gen_name_person(const struct gen_world *w, struct gen_rng *r, struct gen_person *p,
                            uint8_t ns, uint8_t sex)
{
    const struct gen_nameset *s = &w->ns[ns];
    const struct gen_pool *fp = sex == 'F' ? &s->f : &s->m;

    p->ns = ns;
    p->sex = sex;
    p->first = (uint16_t)(fp->first + gen_below(r, fp->n));
    p->last =
        gen_chance(r, s->mononym_pct / 100.0) ? 0 : (uint16_t)(s->l.first + gen_below(r, s->l.n));
}

/* Adult age 18-80, triangular around the mid-40s (assumed). */
static uint16_t gen_adult_birth(const struct gen_world *w, struct gen_rng *r, int min_age,
                                int max_age)
{
    int y;
    unsigned m, d;
    double t = 0.5 * (gen_unit(r) + gen_unit(r));

    gen_civil_from_days(w->start_day, &y, &m, &d);
    return (uint16_t)(y - (min_age + (int)(t * (max_age - min_age + 1))));
}

/* Share of --accounts per category (assumed): a retail-heavy country where e-wallets
 * outnumber bank accounts, and about 13% of accounts are senders abroad. Minimums keep every
 * category present at the smallest allowed population. */
static const struct {
    double share;
    uint32_t min;
} gen_ac_size[AC_N] = {
    [AC_BANK] = { 0.33, 60 },      [AC_EWALLET] = { 0.36, 60 },  [AC_MINOR] = { 0.03, 6 },
    [AC_SELLER] = { 0.015, 6 },    [AC_CAMPAIGN] = { 0.002, 3 }, [AC_CARD] = { 0.09, 10 },
    [AC_MERCHANT] = { 0.035, 16 }, [AC_BILLER] = { 0.0005, 6 },  [AC_GAME] = { 0.0003, 3 },
    [AC_EMPLOYER] = { 0.004, 8 },  [AC_FOREIGN] = { 0.13, 80 },  [AC_REMITTER] = { 0.0002, 12 },
};

JAGA_COLD static int gen_world_build(struct gen_world *w, uint32_t n_acct)
{
    struct gen_rng r;
    const struct gen_home *h = w->home;
    bool ph = h == &gen_home_tab[HOME_PH];
    uint32_t n[AC_N], sum = 0;
    struct gen_person *pers = NULL;
    uint32_t n_pers;

    gen_rng_seed(&r, w->seed, 1);
    for (int i = 0; i < 3; i++)
        w->key[i] = gen_u32(&r);

    /* Strings. */
    w->cap_str = 4096;
    w->str = jaga_calloc(w->cap_str, sizeof(*w->str));
    if (!w->str)
        return -ENOMEM;
    gen_intern(w, "");
    for (int i = 0; i < 256; i++)
        memcpy(w->cc_code[i],
               i == GEN_CC_HOME   ? h->cc
               : i < GEN_NFOREIGN ? gen_foreign_tab[i].cc
               : i == GEN_CC_NG   ? "NG"
               : i == GEN_CC_CI   ? "CI"
                                  : "ZZ",
               2);
    for (int i = 0; i < NS_RESIDENT_N; i++) {
        const struct gen_ns_src *s = &gen_ns_src[i];
        w->ns[i].f = gen_intern_pool(w, s->f, s->nf);
        w->ns[i].m = gen_intern_pool(w, s->m, s->nm);
        w->ns[i].l = gen_intern_pool(w, s->l, s->nl);
        w->ns[i].mononym_pct = s->mononym_pct;
    }
    if (ph) {
        w->place = gen_intern_pool(w, GEN_POOL(ph_place));
        w->retail = gen_intern_biz(w, GEN_POOL(ph_retail), w->retail_mcc, NULL);
        w->biller = gen_intern_biz(w, GEN_POOL(ph_biller), w->biller_mcc, w->biller_purpose);
        w->game = gen_intern_biz(w, GEN_POOL(ph_game), w->game_mcc, NULL);
        w->employer = gen_intern_biz(w, GEN_POOL(ph_employer), NULL, NULL);
    } else {
        w->place = gen_intern_pool(w, GEN_POOL(id_place));
        w->retail = gen_intern_biz(w, GEN_POOL(id_retail), w->retail_mcc, NULL);
        w->biller = gen_intern_biz(w, GEN_POOL(id_biller), w->biller_mcc, w->biller_purpose);
        w->game = gen_intern_biz(w, GEN_POOL(id_game), w->game_mcc, NULL);
        w->employer = gen_intern_biz(w, GEN_POOL(id_employer), NULL, NULL);
    }
    w->nick = ph ? gen_intern_pool(w, GEN_POOL(ph_nick)) : gen_intern_pool(w, GEN_POOL(id_nick));
    for (int i = 0; i < GEN_NFOREIGN; i++)
        w->remitter_sid[i] = gen_intern(w, gen_remitter_name[i]);

    for (int i = 0; i < D_N; i++) {
        double k = gen_dist_tab[i].domestic ? h->dom_scale : 1.0;
        gen_qtab_build(&w->dist[i], gen_dist_tab[i].median * k, gen_dist_tab[i].p90 * k,
                       gen_dist_tab[i].lo * k, gen_dist_tab[i].hi * k, i > D_BUYER);
    }

    /* Category sizes. */
    for (int c = 0; c < AC_RESIDENT_N; c++) {
        double v = floor(gen_ac_size[c].share * n_acct);
        n[c] = v < gen_ac_size[c].min ? gen_ac_size[c].min : (uint32_t)v;
    }
    /* A handful of operators per country is what a switch sees (assumed cap). */
    if (n[AC_REMITTER] > 8 * GEN_NFOREIGN)
        n[AC_REMITTER] = 8 * GEN_NFOREIGN;
    /* E-wallets take the remainder, so the total is exact. */
    for (int c = 0; c < AC_RESIDENT_N; c++)
        sum += c == AC_EWALLET ? 0 : n[c];
    if (sum + gen_ac_size[AC_EWALLET].min > n_acct)
        return -EINVAL;
    n[AC_EWALLET] = n_acct - sum;
    for (int c = 0, lo = 0; c < AC_RESIDENT_N; c++) {
        w->rg[c] = (struct gen_range){ (uint32_t)lo, n[c] };
        lo += (int)n[c];
    }
    for (int c = AC_RESIDENT_N; c < AC_N; c++)
        w->rg[c] = (struct gen_range){ n_acct, 0 };
    w->n_acct = w->n_resident = n_acct;
    w->acct = jaga_huge_alloc((size_t)n_acct * sizeof(*w->acct));
    w->hot = jaga_huge_alloc((size_t)n_acct * sizeof(*w->hot));
    w->role_bit = jaga_calloc((n_acct + 63) / 64, sizeof(*w->role_bit));
    if (!w->acct || !w->hot || !w->role_bit)
        return -ENOMEM;

    /* Foreign sender groups, sized by country share times zone share (cumulative rounding
     * so that the group sizes add up exactly). */
    {
        double tot = 0, acc = 0;
        uint32_t prev = 0;

        w->n_grp = 0;
        for (int f = 0; f < GEN_NFOREIGN; f++)
            for (int z = 0; z < 4 && gen_foreign_tab[f].tz[z].pct; z++) {
                struct gen_group *g = &w->grp[w->n_grp++];
                g->fc = (uint8_t)f;
                g->tz_q = gen_foreign_tab[f].tz[z].tz_q;
                g->share = gen_foreign_tab[f].share * gen_foreign_tab[f].tz[z].pct / 100.0;
                tot += g->share;
            }
        for (uint32_t i = 0; i < w->n_grp; i++) {
            uint32_t end;
            acc += w->grp[i].share;
            end = i + 1 == w->n_grp ? n[AC_FOREIGN]
                                    : (uint32_t)floor(acc / tot * n[AC_FOREIGN] + 0.5);
            w->grp[i].lo = w->rg[AC_FOREIGN].lo + prev;
            w->grp[i].n = end - prev;
            prev = end;
        }
    }

    /* Persons: adults (bank holders first, e-wallet holders last, overlapping by a third of
     * the smaller group, assumed), then minors, then senders abroad. */
    {
        uint32_t overlap = JAGA_MIN(n[AC_BANK], n[AC_EWALLET]) / 3;
        w->n_adult = n[AC_BANK] + n[AC_EWALLET] - overlap;
        w->ew_first = w->n_adult - n[AC_EWALLET];
    }
    n_pers = w->n_pers = w->n_adult + n[AC_MINOR] + n[AC_FOREIGN];
    pers = jaga_malloc((size_t)n_pers * sizeof(*pers));
    if (!pers)
        return -ENOMEM;
    for (uint32_t p = 0; p < w->n_adult; p++) {
        gen_name_person(w, &r, &pers[p], h->ns, gen_chance(&r, 0.5) ? 'F' : 'M');
        pers[p].birth_year = gen_adult_birth(w, &r, 18, 80);
    }
    for (uint32_t i = 0; i < n[AC_MINOR]; i++) {
        struct gen_person *p = &pers[w->n_adult + i];
        gen_name_person(w, &r, p, h->ns, gen_chance(&r, 0.5) ? 'F' : 'M');
        p->birth_year = gen_adult_birth(w, &r, 13, 17);
    }
    /* Senders abroad: 60% are the diaspora and carry home-country names, the rest locals of
     * the sending country (assumed), so that a name alone does not separate the two. */
    for (uint32_t gi = 0; gi < w->n_grp; gi++) {
        const struct gen_group *g = &w->grp[gi];
        for (uint32_t i = 0; i < g->n; i++) {
            struct gen_person *p =
                &pers[w->n_adult + n[AC_MINOR] + (g->lo - w->rg[AC_FOREIGN].lo) + i];
            uint8_t ns = gen_chance(&r, 0.6) ? h->ns : gen_foreign_tab[g->fc].ns;
            gen_name_person(w, &r, p, ns, gen_chance(&r, 0.5) ? 'F' : 'M');
            p->birth_year = gen_adult_birth(w, &r, 22, 72);
        }
    }

    /* Family hubs: 5% of senders abroad remit to a hub (see gen_relative), and there are
     * enough hubs for about six relatives abroad each (assumed), so some legitimate
     * recipients show the many-senders-from-abroad pattern of RF-FAN-IN-01. */
    {
        uint32_t n_adult_acct = n[AC_BANK] + n[AC_EWALLET];
        w->n_hub = JAGA_MAX(1u, n[AC_FOREIGN] / 120);
        w->hub = jaga_malloc(w->n_hub * sizeof(*w->hub));
        if (!w->hub) {
            jaga_free(pers);
            return -ENOMEM;
        }
        for (uint32_t i = 0; i < w->n_hub; i++)
            w->hub[i] = w->rg[AC_BANK].lo + gen_below(&r, n_adult_acct);
    }

    for (int c = 0; c < AC_RESIDENT_N; c++) {
        const struct gen_range *rg = &w->rg[c];
        for (uint32_t i = 0; i < rg->n; i++) {
            struct gen_acct *a = &w->acct[rg->lo + i];
            uint32_t p = GEN_NONE;

            a->cat = (uint8_t)c;
            a->cc = GEN_CC_HOME;
            a->tz_q = h->tz_q;
            switch (c) {
            case AC_BANK:
                p = i;
                a->opened = (int32_t)(w->start_day - gen_range_u(&r, 30, 3650));
                a->kyc = (uint8_t)gen_range_u(&r, 2, 3);
                break;
            case AC_EWALLET:
                p = w->ew_first + i;
                a->opened = (int32_t)(w->start_day - gen_range_u(&r, 1, 2200));
                a->kyc = gen_chance(&r, 0.6) ? 1 : 2;
                break;
            case AC_MINOR:
                p = w->n_adult + i;
                a->guardian = gen_below(&r, w->n_adult) + 1;
                /* A teen usually carries the guardian's family name. */
                pers[p].last = pers[a->guardian - 1].last;
                a->opened = (int32_t)(w->start_day - gen_range_u(&r, 1, 1500));
                a->kyc = 1;
                break;
            case AC_SELLER:
            case AC_CAMPAIGN:
                p = gen_below(&r, w->n_adult);
                a->opened = (int32_t)(w->start_day - gen_range_u(&r, 10, 2000));
                a->kyc = 2;
                break;
            case AC_CARD:
                p = (uint32_t)((uint64_t)i * n[AC_BANK] / n[AC_CARD]);
                a->link = w->rg[AC_BANK].lo + p;
                a->opened = w->acct[a->link].opened + (int32_t)gen_below(&r, 30);
                a->kyc = w->acct[a->link].kyc;
                break;
            case AC_MERCHANT: {
                uint32_t k = gen_below(&r, w->retail.n);
                a->name1 = (uint16_t)(w->retail.first + k);
                a->name2 = (uint16_t)(w->place.first + gen_below(&r, w->place.n));
                a->mcc = w->retail_mcc[k];
                a->opened = (int32_t)(w->start_day - gen_range_u(&r, 30, 5000));
                a->kyc = 3;
                break;
            }
            case AC_BILLER: {
                uint32_t k = i % w->biller.n;
                a->name1 = (uint16_t)(w->biller.first + k);
                a->name2 =
                    i < w->biller.n ? 0 : (uint16_t)(w->place.first + gen_below(&r, w->place.n));
                a->mcc = w->biller_mcc[k];
                a->purpose = w->biller_purpose[k];
                a->opened = (int32_t)(w->start_day - gen_range_u(&r, 1000, 9000));
                a->kyc = 3;
                break;
            }
            case AC_GAME: {
                uint32_t k = i % w->game.n;
                a->name1 = (uint16_t)(w->game.first + k);
                a->name2 =
                    i < w->game.n ? 0 : (uint16_t)(w->place.first + gen_below(&r, w->place.n));
                a->mcc = w->game_mcc[k];
                a->opened = (int32_t)(w->start_day - gen_range_u(&r, 100, 3000));
                a->kyc = 3;
                break;
            }
            case AC_EMPLOYER: {
                uint32_t k = i % w->employer.n;
                a->name1 = (uint16_t)(w->employer.first + k);
                a->name2 = (uint16_t)(w->place.first + gen_below(&r, w->place.n));
                a->opened = (int32_t)(w->start_day - gen_range_u(&r, 1000, 9000));
                a->kyc = 3;
                break;
            }
            case AC_FOREIGN: {
                uint32_t gi = 0;
                while (rg->lo + i >= w->grp[gi].lo + w->grp[gi].n)
                    gi++;
                p = w->n_adult + n[AC_MINOR] + i;
                a->cc = w->grp[gi].fc;
                a->tz_q = w->grp[gi].tz_q;
                a->opened = (int32_t)(w->start_day - gen_range_u(&r, 30, 5000));
                a->kyc = 2;
                break;
            }
            case AC_REMITTER:
                a->cc = (uint8_t)(i % GEN_NFOREIGN);
                a->tz_q = gen_foreign_tab[a->cc].tz[0].tz_q;
                a->name1 = w->remitter_sid[a->cc];
                a->opened = (int32_t)(w->start_day - gen_range_u(&r, 2000, 9000));
                a->kyc = 3;
                break;
            }
            if (p != GEN_NONE) {
                a->holder = p + 1;
                a->name1 = pers[p].first;
                a->name2 = pers[p].last;
                a->birth_year = pers[p].birth_year;
                a->sex = pers[p].sex;
                a->ns = pers[p].ns;
            }
        }
    }
    jaga_free(pers);
    JAGA_BUG_ON(w->n_str > 4096);
    for (uint32_t i = 0; i < n_acct; i++) {
        const struct gen_acct *a = &w->acct[i];
        w->hot[i] = (uint32_t)a->name1 | (uint32_t)a->name2 << 12 | (uint32_t)a->cc << 24;
    }
    return 0;
}

static inline bool gen_has_role(const struct gen_world *w, uint32_t a)
{
    return (w->role_bit[a >> 6] >> (a & 63)) & 1;
}

static void gen_role_set(struct gen_world *w, uint32_t a, uint8_t role)
{
    w->acct[a].role |= role;
    w->role_bit[a >> 6] |= 1ull << (a & 63);
}

static void gen_role_clear(struct gen_world *w, uint32_t a, uint8_t role)
{
    w->acct[a].role &= (uint8_t)~role;
    if (!w->acct[a].role)
        w->role_bit[a >> 6] &= ~(1ull << (a & 63));
}

/* The relative a sender abroad supports: for 5% of senders a family hub, else one adult
 * account (assumed). A pure function of the sender, so the hot path reads no record for it. */
static inline uint32_t gen_relative(const struct gen_world *w, uint32_t s)
{
    uint64_t h = ((uint64_t)w->key[1] << 32 | s) * 0x9e3779b97f4a7c15ull;
    uint32_t n = w->rg[AC_BANK].n + w->rg[AC_EWALLET].n;

    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    if ((h & 0xffff) < 3277)
        return w->hub[(h >> 16) % w->n_hub];
    return w->rg[AC_BANK].lo + (uint32_t)((h >> 16) % n);
}

/* The holder's other adult account (bank <-> e-wallet), or GEN_NONE. */
static uint32_t gen_other_account(const struct gen_world *w, uint32_t a)
{
    const struct gen_acct *x = &w->acct[a];
    uint32_t p;

    if (!x->holder)
        return GEN_NONE;
    p = x->holder - 1;
    if (x->cat == AC_BANK && p >= w->ew_first && p < w->n_adult)
        return w->rg[AC_EWALLET].lo + (p - w->ew_first);
    if (x->cat == AC_EWALLET && p < w->rg[AC_BANK].n)
        return w->rg[AC_BANK].lo + p;
    return GEN_NONE;
}

/* A resident adult's own account: the e-wallet when they hold one and `prefer_ew` is set (or they
 * hold no bank account), else the bank account. `p` is the person index; every resident adult
 * holds at least one of the two. */
static inline uint32_t gen_person_acct(const struct gen_world *w, uint32_t p, bool prefer_ew)
{
    bool has_bank = p < w->rg[AC_BANK].n, has_ew = p >= w->ew_first;

    if (has_ew && (prefer_ew || !has_bank))
        return w->rg[AC_EWALLET].lo + (p - w->ew_first);
    return w->rg[AC_BANK].lo + p;
}

/* The account a minor's guardian pays from: their e-wallet if they have one. */
static inline uint32_t gen_guardian_acct(const struct gen_world *w, uint32_t minor)
{
    return gen_person_acct(w, w->acct[minor].guardian - 1, true);
}

static inline uint64_t gen_mix64(uint64_t h)
{
    h *= 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
}

/* Savings-group treasurers and landlords (BG_GROUP): treasurer k is an adult account, and pays
 * out to 2-5 fixed accounts of its own (members, a caretaker, family; assumed), so the
 * legitimate group shows the many-in, several-out shape of a PPATK broker (§7.4). Pure functions
 * of k, so the hot path keeps no table for them. */
static inline uint32_t gen_treasurer(const struct gen_world *w, uint32_t k)
{
    uint32_t n = w->rg[AC_BANK].n + w->rg[AC_EWALLET].n;

    return w->rg[AC_BANK].lo + (uint32_t)(gen_mix64((uint64_t)w->key[2] << 32 | k) % n);
}

static inline uint32_t gen_treasurer_n_out(const struct gen_world *w, uint32_t k)
{
    return 2 + (uint32_t)(gen_mix64((uint64_t)w->key[0] << 32 | k) % 4);
}

static inline uint32_t gen_treasurer_out(const struct gen_world *w, uint32_t k, uint32_t j)
{
    uint32_t n = w->rg[AC_BANK].n + w->rg[AC_EWALLET].n;

    return w->rg[AC_BANK].lo +
           (uint32_t)(gen_mix64((uint64_t)(w->key[1] ^ j * 0x9e3779b9u) << 32 | k) % n);
}

static void gen_hot_update(struct gen_world *w, uint32_t i)
{
    const struct gen_acct *a = &w->acct[i];

    w->hot[i] = (uint32_t)a->name1 | (uint32_t)a->name2 << 12 | (uint32_t)a->cc << 24;
}

/* Grows the three per-account arrays from n0 to n accounts (zero-filled), all or nothing. */
static int gen_world_grow(struct gen_world *w, uint32_t n0, uint32_t n)
{
    struct gen_acct *acct = jaga_huge_alloc((size_t)n * sizeof(*acct));
    uint32_t *hot = jaga_huge_alloc((size_t)n * sizeof(*hot));
    uint64_t *rb = jaga_calloc((n + 63) / 64, sizeof(*rb));

    if (!acct || !hot || !rb) {
        if (acct)
            jaga_huge_free(acct, (size_t)n * sizeof(*acct));
        if (hot)
            jaga_huge_free(hot, (size_t)n * sizeof(*hot));
        jaga_free(rb);
        return -ENOMEM;
    }
    memcpy(acct, w->acct, (size_t)n0 * sizeof(*acct));
    memcpy(hot, w->hot, (size_t)n0 * sizeof(*hot));
    memcpy(rb, w->role_bit, (n0 + 63) / 64 * sizeof(*rb));
    jaga_huge_free(w->acct, (size_t)n0 * sizeof(*acct));
    jaga_huge_free(w->hot, (size_t)n0 * sizeof(*hot));
    jaga_free(w->role_bit);
    w->acct = acct;
    w->hot = hot;
    w->role_bit = rb;
    w->n_acct = n; /* the size the arrays now have, for jaga_huge_free */
    return 0;
}

/* Random streams after the four of the resident world (1 population, 2 LSAC plan, 3 watch list,
 * 4 background): one for the extra population and one per later typology. */
enum {
    GEN_STREAM_EXTEND = 8,
    GEN_STREAM_CSAM = 10,
    GEN_STREAM_BROKER,
    GEN_STREAM_FSEC,
    GEN_STREAM_TRAVEL
};

/* The extra population, appended after the resident one with its own random stream, so that
 * the residents and the LSAC plan are exactly what they were before these existed: travel
 * merchants, ATM networks, voucher sellers, payment gateways and crypto exchanges; visitors'
 * foreign cards with their stays; young adults' new e-wallets; accounts in Nigeria and Cote
 * d'Ivoire; freelancers' clients abroad. `n_trav` card slots at the end of AC_FCARD are left for
 * the travelling LSAC buyers, whom the travel plan fills in. Sizes are shares of --accounts (all
 * assumed). */
JAGA_COLD static int gen_world_extend(struct gen_world *w, uint32_t n_trav)
{
    const struct gen_home *h = w->home;
    bool ph = h == &gen_home_tab[HOME_PH];
    uint32_t n0 = w->n_resident, n[AC_N] = { 0 }, tot = n0, pers = w->n_pers, D = w->days;
    uint16_t mcc[6][16], carrier_mcc[16];
    struct gen_pool pool[6], agency, carrier, client;
    uint16_t suffix[GEN_NFOREIGN], platform[GEN_N_PLATFORM];
    uint32_t grp_cum[GEN_MAX_GROUPS];
    double gw[GEN_MAX_GROUPS];
    struct gen_rng r;
    int y, ret;
    unsigned mo, dd;

    gen_rng_seed(&r, w->seed, GEN_STREAM_EXTEND);
    gen_civil_from_days(w->start_day, &y, &mo, &dd);
    for (int i = NS_RESIDENT_N; i < NS_N; i++) {
        const struct gen_ns_src *s = &gen_ns_src[i];
        w->ns[i].f = gen_intern_pool(w, s->f, s->nf);
        w->ns[i].m = gen_intern_pool(w, s->m, s->nm);
        w->ns[i].l = gen_intern_pool(w, s->l, s->nl);
        w->ns[i].mononym_pct = s->mononym_pct;
    }
#define GEN_BIZ(k, a, b)                                        \
    pool[k] = ph ? gen_intern_biz(w, GEN_POOL(a), mcc[k], NULL) \
                 : gen_intern_biz(w, GEN_POOL(b), mcc[k], NULL)
    GEN_BIZ(0, ph_hotel, id_hotel);
    GEN_BIZ(1, ph_jewel, id_jewel);
    GEN_BIZ(2, ph_gift, id_gift);
    GEN_BIZ(3, ph_atm, id_atm);
    GEN_BIZ(4, ph_gateway, id_gateway);
    GEN_BIZ(5, ph_vasp, id_vasp);
#undef GEN_BIZ
    carrier = ph ? gen_intern_biz(w, GEN_POOL(ph_air), carrier_mcc, NULL)
                 : gen_intern_biz(w, GEN_POOL(id_air), carrier_mcc, NULL);
    agency = ph ? gen_intern_biz(w, GEN_POOL(ph_agency), NULL, NULL)
                : gen_intern_biz(w, GEN_POOL(id_agency), NULL, NULL);
    client = gen_intern_pool(w, GEN_POOL(gen_client_name));
    for (int i = 0; i < GEN_NFOREIGN; i++)
        suffix[i] = gen_intern(w, gen_client_suffix[i]);
    for (int i = 0; i < GEN_N_PLATFORM; i++)
        platform[i] = gen_intern(w, gen_platform[i].name);
    JAGA_BUG_ON(w->n_str > 4096);

    n[AC_HOTEL] = JAGA_MAX(8u, n0 / 1000);
    n[AC_AIR] = carrier.n + JAGA_MAX(2u, n0 / 5000);
    n[AC_JEWEL] = JAGA_MAX(3u, n0 / 3000);
    n[AC_ATM] = pool[3].n;
    n[AC_GIFT] = JAGA_MAX(3u, n0 / 10000);
    n[AC_GATEWAY] = pool[4].n;
    n[AC_VASP] = pool[5].n;
    /* Visitors: 0.5% of --accounts have a stay overlapping the period; new e-wallets: 1.2% opened
     * in the 90 days before the start or during the period; accounts abroad: 0.02%. */
    w->n_visitor = JAGA_MAX(20u, n0 / 200);
    n[AC_FCARD] = w->n_visitor + n_trav;
    n[AC_NEWACC] = JAGA_MAX(30u, (uint32_t)(n0 * 0.012));
    n[AC_ABROAD] = JAGA_MAX(20u, n0 / 5000);
    /* Freelancers' clients: the platforms and one business abroad per 1,000 accounts, at least
     * twelve (assumed); gen_fl_build decides which of them have freelancers. */
    n[AC_CLIENT] = GEN_N_PLATFORM + JAGA_MAX(12u, n0 / 1000);
    for (int c = AC_RESIDENT_N; c < AC_N; c++) {
        w->rg[c] = (struct gen_range){ tot, n[c] };
        tot += n[c];
    }
    w->n_carrier = carrier.n;
    w->n_treas = JAGA_MAX(4u, (w->rg[AC_BANK].n + w->rg[AC_EWALLET].n) / 1000);

    if ((ret = gen_world_grow(w, n0, tot)) < 0)
        return ret;
    w->visit = jaga_calloc(w->n_visitor, sizeof(*w->visit));
    w->vis_off = jaga_calloc((size_t)D + 1, sizeof(*w->vis_off));
    w->new_by_day = jaga_calloc(D, sizeof(*w->new_by_day));
    if (!w->visit || !w->vis_off || !w->new_by_day)
        return -ENOMEM;

    for (int c = AC_HOTEL; c <= AC_VASP; c++) {
        const struct gen_range *rg = &w->rg[c];
        for (uint32_t i = 0; i < rg->n; i++) {
            struct gen_acct *a = &w->acct[rg->lo + i];
            const struct gen_pool *p;
            const uint16_t *m = NULL;
            uint32_t k;
            bool place = true;

            a->cat = (uint8_t)c;
            a->cc = GEN_CC_HOME;
            a->tz_q = h->tz_q;
            a->kyc = 3;
            a->opened = (int32_t)(w->start_day - gen_range_u(&r, 200, 6000));
            switch (c) {
            case AC_HOTEL: p = &pool[0], m = mcc[0]; break;
            case AC_JEWEL: p = &pool[1], m = mcc[1]; break;
            case AC_GIFT: p = &pool[2], m = mcc[2]; break;
            case AC_ATM: p = &pool[3], m = mcc[3], place = false; break;
            case AC_GATEWAY: p = &pool[4], m = mcc[4], place = false; break;
            case AC_VASP: p = &pool[5], m = mcc[5], place = false; break;
            default: /* AC_AIR: the carriers, then agencies (MCC 4722) */
                if (i < carrier.n)
                    p = &carrier, m = carrier_mcc, place = false;
                else
                    p = &agency;
                break;
            }
            k = place ? gen_below(&r, p->n) : i % p->n;
            a->name1 = (uint16_t)(p->first + k);
            a->name2 = place ? (uint16_t)(w->place.first + gen_below(&r, w->place.n)) : 0;
            a->mcc = m ? m[k] : 4722;
        }
    }

    /* Visitors. 30% are relatives abroad visiting family (a sender abroad's card, staying 1-5
     * weeks, no hotel; balikbayan stays are long); the rest tourists from the demand-side
     * countries in the sender-group shares, staying 2-14 nights, most of them a week or less.
     * Either way they never pay a facilitator: the travel-to-offend look-alike. */
    for (uint32_t g = 0; g < w->n_grp; g++)
        gw[g] = w->grp[g].n ? w->grp[g].share : 0;
    gen_cum32(gw, w->n_grp, grp_cum);
    for (uint32_t i = 0; i < w->n_visitor; i++) {
        uint32_t ai = w->rg[AC_FCARD].lo + i;
        struct gen_acct *a = &w->acct[ai];
        struct gen_visit *v = &w->visit[i];
        uint32_t nights;

        a->cat = AC_FCARD;
        a->kyc = 2;
        a->opened = (int32_t)(w->start_day - gen_range_u(&r, 100, 4000));
        if (gen_chance(&r, 0.3)) {
            uint32_t f = w->rg[AC_FOREIGN].lo + gen_below(&r, w->rg[AC_FOREIGN].n);
            for (int t = 0; t < 8 && gen_has_role(w, f); t++)
                f = w->rg[AC_FOREIGN].lo + gen_below(&r, w->rg[AC_FOREIGN].n);
            const struct gen_acct *s = &w->acct[f];
            a->holder = s->holder;
            a->name1 = s->name1;
            a->name2 = s->name2;
            a->birth_year = s->birth_year;
            a->sex = s->sex;
            a->ns = s->ns;
            a->cc = s->cc;
            a->tz_q = s->tz_q;
            v->flags = 1;
            nights = gen_range_u(&r, 7, 35);
        } else {
            const struct gen_group *g = &w->grp[gen_pick_cum(grp_cum, w->n_grp, gen_u32(&r))];
            struct gen_person p;
            double u = gen_unit(&r);
            gen_name_person(w, &r, &p, gen_foreign_tab[g->fc].ns, gen_chance(&r, 0.55) ? 'M' : 'F');
            a->holder = ++pers;
            a->name1 = p.first;
            a->name2 = p.last;
            a->birth_year = gen_adult_birth(w, &r, 20, 75);
            a->sex = p.sex;
            a->ns = p.ns;
            a->cc = g->fc;
            a->tz_q = g->tz_q;
            nights = 2 + (uint32_t)(12 * u * u);
        }
        v->nights = (uint8_t)nights;
        v->arrive = (int16_t)((int32_t)gen_below(&r, D + nights) - (int32_t)nights);
    }
    /* Present on local day d: from the arrival day to the check-out day. A counting sort: count
     * into vis_off[d + 1], prefix-sum, fill with vis_off[d] as the cursor (which leaves it at the
     * start of day d + 1), shift back. */
    for (int pass = 0; pass < 2; pass++) {
        if (pass) {
            for (uint32_t d = 1; d <= D; d++)
                w->vis_off[d] += w->vis_off[d - 1];
            w->vis_list = jaga_malloc(((size_t)w->vis_off[D] + 1) * sizeof(*w->vis_list));
            if (!w->vis_list)
                return -ENOMEM;
        }
        for (uint32_t i = 0; i < w->n_visitor; i++) {
            const struct gen_visit *v = &w->visit[i];
            int32_t d0 = JAGA_MAX(0, (int32_t)v->arrive);
            int32_t d1 = JAGA_MIN((int32_t)D - 1, (int32_t)v->arrive + v->nights);
            for (int32_t d = d0; d <= d1; d++) {
                if (pass)
                    w->vis_list[w->vis_off[d]++] = i;
                else
                    w->vis_off[d + 1]++;
            }
        }
    }
    for (uint32_t d = D; d > 0; d--)
        w->vis_off[d] = w->vis_off[d - 1];
    w->vis_off[0] = 0;
    for (uint32_t i = w->n_visitor; i < n[AC_FCARD]; i++) {
        struct gen_acct *a = &w->acct[w->rg[AC_FCARD].lo + i];
        a->cat = AC_FCARD; /* a traveller's card, filled in by gen_plan_travel */
    }

    /* New e-wallets: young adults 18-30, most under 25 (assumed), opened at an even pace from 90
     * days before the start to the last day, in index order, so that those open on day d are
     * a prefix of the range. */
    {
        const struct gen_range *rg = &w->rg[AC_NEWACC];
        int64_t span = (int64_t)D + 90;
        uint32_t k = 0;
        for (uint32_t i = 0; i < rg->n; i++) {
            struct gen_acct *a = &w->acct[rg->lo + i];
            struct gen_person p;
            double u = gen_unit(&r);
            a->cat = AC_NEWACC;
            a->cc = GEN_CC_HOME;
            a->tz_q = h->tz_q;
            a->kyc = 1;
            a->opened = (int32_t)(w->start_day - 90 + (int64_t)i * span / rg->n);
            gen_name_person(w, &r, &p, h->ns, gen_chance(&r, 0.5) ? 'F' : 'M');
            a->holder = ++pers;
            a->name1 = p.first;
            a->name2 = p.last;
            a->sex = p.sex;
            a->ns = p.ns;
            a->birth_year = (uint16_t)(y - 18 - (int)(13 * u * sqrt(u)));
        }
        for (uint32_t d = 0; d < D; d++) {
            while (k < rg->n && w->acct[rg->lo + k].opened <= w->start_day + d)
                k++;
            w->new_by_day[d] = k;
        }
    }

    /* Accounts abroad: Nigeria 70%, Cote d'Ivoire 30%; 80% male, 20-45 (assumed). */
    for (uint32_t i = 0; i < n[AC_ABROAD]; i++) {
        struct gen_acct *a = &w->acct[w->rg[AC_ABROAD].lo + i];
        struct gen_person p;
        bool ng = gen_chance(&r, 0.7);
        a->cat = AC_ABROAD;
        a->cc = ng ? GEN_CC_NG : GEN_CC_CI;
        a->tz_q = ng ? 4 : 0;
        a->kyc = 2;
        a->opened = (int32_t)(w->start_day - gen_range_u(&r, 30, 3000));
        gen_name_person(w, &r, &p, ng ? NS_NG : NS_CI, gen_chance(&r, 0.8) ? 'M' : 'F');
        a->holder = ++pers;
        a->name1 = p.first;
        a->name2 = p.last;
        a->sex = p.sex;
        a->ns = p.ns;
        a->birth_year = gen_adult_birth(w, &r, 20, 45);
    }

    /* Freelancers' clients abroad, after everything else so that the draws above are as they
     * were without them: platforms in their home country's first zone, then businesses spread
     * over the sender groups by their shares (the corridor shares of §1.3; that freelance clients
     * follow them is assumed). Businesses, so no holder, age or sex. */
    for (uint32_t i = 0; i < n[AC_CLIENT]; i++) {
        struct gen_acct *a = &w->acct[w->rg[AC_CLIENT].lo + i];
        a->cat = AC_CLIENT;
        a->kyc = 3;
        a->opened = (int32_t)(w->start_day - gen_range_u(&r, 200, 6000));
        if (i < GEN_N_PLATFORM) {
            uint8_t f = 0;
            while (memcmp(gen_foreign_tab[f].cc, gen_platform[i].cc, 2))
                f++;
            a->cc = f;
            a->tz_q = gen_foreign_tab[f].tz[0].tz_q;
            a->name1 = platform[i];
        } else {
            const struct gen_group *g = &w->grp[gen_pick_cum(grp_cum, w->n_grp, gen_u32(&r))];
            a->cc = g->fc;
            a->tz_q = g->tz_q;
            a->name1 = (uint16_t)(client.first + gen_below(&r, client.n));
            a->name2 = suffix[g->fc];
        }
    }
    w->n_pers = pers;
    for (uint32_t i = n0; i < tot; i++)
        gen_hot_update(w, i);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Output buffer and field formatting                                                          */
/* ------------------------------------------------------------------------------------------ */

#define GEN_BUF_FLUSH (2u << 20) /* write(2) blocks of at least 2 MiB */
#define GEN_BUF_CAP   (GEN_BUF_FLUSH + 65536)

/* A buffered output file. Large files bypass the page cache (O_DIRECT, where the file system
 * allows it): at 100 million transactions the kernel's cost of taking 13 GB into the page
 * cache, and reclaiming it, outweighed generating them. A writer thread per file takes each
 * full block while the generator fills the other, so the two run on two cores; the generator
 * waits only when the writer is a whole block behind. Not the screening hot path: a mutex and
 * a condition variable per 2 MiB block. */
struct gen_out {
    int fd;
    int err; /* first errno seen; the writer's under mu */
    char *buf;
    size_t len;
    const char *path;
    uint64_t bytes; /* the writer's under mu */
    char *wbuf;     /* the block the writer owns while busy */
    size_t wlen;
    bool busy, stop, threaded, direct;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

#define GEN_DIRECT_ALIGN 4096u

/* Writes all of p; 0 or an errno. */
static int gen_write_all(int fd, const char *p, size_t n, uint64_t *written)
{
    size_t off = 0;
    while (off < n) {
        ssize_t k = write(fd, p + off, n - off);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            *written += off;
            return errno;
        }
        off += (size_t)k;
    }
    *written += off;
    return 0;
}

static void *gen_out_writer(void *arg)
{
    struct gen_out *o = arg;
    pthread_mutex_lock(&o->mu);
    for (;;) {
        while (!o->busy && !o->stop)
            pthread_cond_wait(&o->cv, &o->mu);
        if (!o->busy)
            break;
        const char *p = o->wbuf;
        size_t n = o->wlen;
        uint64_t w = 0;
        pthread_mutex_unlock(&o->mu);
        int e = gen_write_all(o->fd, p, n, &w);
        pthread_mutex_lock(&o->mu);
        o->bytes += w;
        if (e && !o->err)
            o->err = e;
        o->busy = false;
        pthread_cond_broadcast(&o->cv);
    }
    pthread_mutex_unlock(&o->mu);
    return NULL;
}

/* direct: try O_DIRECT (falls back to the page cache where the file system refuses it). */
static int gen_out_open_ex(struct gen_out *o, const char *path, bool direct)
{
    memset(o, 0, sizeof(*o));
    o->path = path;
    o->fd = -1;
#ifdef O_DIRECT
    if (direct) {
        o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_DIRECT, 0644);
        o->direct = o->fd >= 0;
    }
#else
    (void)direct;
#endif
    if (o->fd < 0)
        o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (o->fd < 0)
        return -errno;
    o->buf = jaga_aligned_alloc(GEN_DIRECT_ALIGN, GEN_BUF_CAP);
    o->wbuf = jaga_aligned_alloc(GEN_DIRECT_ALIGN, GEN_BUF_CAP);
    if (!o->buf || !o->wbuf) {
        jaga_free(o->buf);
        jaga_free(o->wbuf);
        o->buf = o->wbuf = NULL;
        close(o->fd);
        o->fd = -1;
        return -ENOMEM;
    }
    pthread_mutex_init(&o->mu, NULL);
    pthread_cond_init(&o->cv, NULL);
    /* Without a thread (none to be had) the blocks are written in place. */
    o->threaded = pthread_create(&o->th, NULL, gen_out_writer, o) == 0;
    return 0;
}

static int gen_out_open(struct gen_out *o, const char *path)
{
    return gen_out_open_ex(o, path, false);
}

/* Hands the filled block to the writer (or writes it); returns the first error so far. With
 * O_DIRECT only whole 4 KiB units go; the tail moves to the front of the next block. */
static int gen_out_flush(struct gen_out *o)
{
    size_t n = o->direct ? o->len & ~(size_t)(GEN_DIRECT_ALIGN - 1) : o->len;
    if (!o->threaded) {
        if (!o->err && n)
            o->err = gen_write_all(o->fd, o->buf, n, &o->bytes);
        memmove(o->buf, o->buf + n, o->len - n);
        o->len -= n;
        return o->err ? -o->err : 0;
    }
    pthread_mutex_lock(&o->mu);
    while (o->busy)
        pthread_cond_wait(&o->cv, &o->mu);
    int err = o->err;
    if (!err && n) {
        char *t = o->wbuf;
        o->wbuf = o->buf;
        o->wlen = n;
        o->buf = t;
        o->busy = true;
        pthread_cond_broadcast(&o->cv);
        memcpy(o->buf, o->wbuf + n, o->len - n);
    }
    pthread_mutex_unlock(&o->mu);
    o->len = err ? 0 : o->len - n;
    return err ? -err : 0;
}

static inline int gen_out_maybe_flush(struct gen_out *o)
{
    return o->len >= GEN_BUF_FLUSH ? gen_out_flush(o) : 0;
}

/* Waits for the writer to finish its block. */
static void gen_out_drain(struct gen_out *o)
{
    if (!o->threaded)
        return;
    pthread_mutex_lock(&o->mu);
    while (o->busy)
        pthread_cond_wait(&o->cv, &o->mu);
    pthread_mutex_unlock(&o->mu);
}

static int gen_out_close(struct gen_out *o)
{
    int ret = 0;

    if (o->fd >= 0) {
        ret = gen_out_flush(o);
        gen_out_drain(o);
        if (o->threaded) {
            pthread_mutex_lock(&o->mu);
            o->stop = true;
            pthread_cond_broadcast(&o->cv);
            pthread_mutex_unlock(&o->mu);
            pthread_join(o->th, NULL);
            o->threaded = false;
        }
        if (!ret && o->err)
            ret = -o->err;
#ifdef O_DIRECT
        /* The unaligned tail goes through the page cache. */
        if (!ret && o->direct && o->len) {
            int fl = fcntl(o->fd, F_GETFL);
            if (fl < 0 || fcntl(o->fd, F_SETFL, fl & ~O_DIRECT) < 0)
                ret = -errno;
            o->direct = false;
        }
#endif
        if (!ret && o->len) {
            int e = gen_write_all(o->fd, o->buf, o->len, &o->bytes);
            if (e)
                ret = -e;
        }
        o->len = 0;
        if (close(o->fd) < 0 && !ret)
            ret = -errno;
        o->fd = -1;
        pthread_cond_destroy(&o->cv);
        pthread_mutex_destroy(&o->mu);
    }
    jaga_free(o->buf);
    jaga_free(o->wbuf);
    o->buf = o->wbuf = NULL;
    return ret;
}

static const char gen_digits2[201] =
    "00010203040506070809101112131415161718192021222324252627282930"
    "31323334353637383940414243444546474849505152535455565758596061"
    "62636465666768697071727374757677787980818283848586878889909192"
    "93949596979899";

static inline char *gen_put_mem(char *p, const void *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

#define gen_put_lit(p, s) gen_put_mem((p), (s), sizeof(s) - 1)

static inline char *gen_put_u64(char *p, uint64_t v)
{
    char tmp[24];
    char *e = tmp + sizeof(tmp), *q = e;

    while (v >= 100) {
        unsigned d = (unsigned)(v % 100) * 2;
        v /= 100;
        *--q = gen_digits2[d + 1];
        *--q = gen_digits2[d];
    }
    if (v >= 10) {
        *--q = gen_digits2[v * 2 + 1];
        *--q = gen_digits2[v * 2];
    } else {
        *--q = (char)('0' + v);
    }
    return gen_put_mem(p, q, (size_t)(e - q));
}

/* Exactly `w` digits, zero padded (v < 10^w). */
static inline char *gen_put_fixed(char *p, uint64_t v, int w)
{
    char *q = p + w;

    while (q - p >= 2) {
        unsigned d = (unsigned)(v % 100) * 2;
        v /= 100;
        *--q = gen_digits2[d + 1];
        *--q = gen_digits2[d];
    }
    if (q > p)
        *--q = (char)('0' + v % 10);
    return p + w;
}

static inline char *gen_put_d2(char *p, uint32_t v)
{
    memcpy(p, gen_digits2 + 2 * v, 2);
    return p + 2;
}

static inline char *gen_put_d4(char *p, uint32_t v)
{
    p = gen_put_d2(p, v / 100);
    return gen_put_d2(p, v % 100);
}

/* n < 10^10 (any uint32_t), as 10 digits. */
static inline char *gen_put_id10(const struct gen_world *w, char *p, uint32_t n)
{
    uint32_t l = n / 100000, r = n % 100000;

    gen_feistel(w, &l, &r, 100000);
    *p++ = (char)('0' + l / 10000);
    p = gen_put_d4(p, l % 10000);
    *p++ = (char)('0' + r / 10000);
    return gen_put_d4(p, r % 10000);
}

/* n < 10^8, as 8 digits. */
static inline char *gen_put_id8(const struct gen_world *w, char *p, uint32_t n)
{
    uint32_t l = n / 10000, r = n % 10000;

    gen_feistel(w, &l, &r, 10000);
    p = gen_put_d4(p, l);
    return gen_put_d4(p, r);
}

/* Transaction id: T + 12 digits, seq < 10^12. */
static inline char *gen_put_tx_id(const struct gen_world *w, char *p, uint64_t seq)
{
    uint32_t l = (uint32_t)(seq / 1000000), r = (uint32_t)(seq % 1000000);

    gen_feistel(w, &l, &r, 1000000);
    *p++ = 'T';
    p = gen_put_d2(p, l / 10000);
    p = gen_put_d4(p, l % 10000);
    p = gen_put_d2(p, r / 10000);
    return gen_put_d4(p, r % 10000);
}

static inline char *gen_put_amount(char *p, int64_t minor, uint8_t cur)
{
    if (gen_cur_tab[cur].decimals == 0)
        return gen_put_u64(p, (uint64_t)minor);
    p = gen_put_u64(p, (uint64_t)minor / 100);
    *p++ = '.';
    return gen_put_fixed(p, (uint64_t)minor % 100, 2);
}

static char *gen_put_date(char *p, int64_t day)
{
    int y;
    unsigned m, d;

    gen_civil_from_days(day, &y, &m, &d);
    p = gen_put_fixed(p, (uint64_t)y, 4);
    *p++ = '-';
    p = gen_put_fixed(p, m, 2);
    *p++ = '-';
    return gen_put_fixed(p, d, 2);
}

/* Two letters, not NUL-terminated. */
static inline const char *gen_cc_str(const struct gen_world *w, uint32_t cc)
{
    return w->cc_code[cc & 0xff];
}

static inline const char *gen_cc_of(const struct gen_world *w, const struct gen_acct *a)
{
    return gen_cc_str(w, a->cc);
}

/* Account id forms: PH0123456789 (person bank/e-wallet), PH-C-0123456789 (card token; a
 * visitor's is US-C-...), PH-M-01234567 (merchant), PH-B-01234567 (employer), US-R-01234567
 * (account abroad), US-X-0001 (remitter), PH-V-0001 (crypto exchange), US-B-01234567 (a
 * freelancer's client abroad, numbered after the employers). Only the packed hot word
 * is read: the category follows from the index, since categories are laid out in order; the
 * extra population's ids are numbered from the same bases as their resident kin, so no two
 * accounts share an id. */
static inline char *gen_put_acct_id(const struct gen_world *w, char *p, uint32_t ai)
{
    const char *cc = gen_cc_str(w, w->hot[ai] >> 24);

    *p++ = cc[0];
    *p++ = cc[1];
    if (jaga_likely(ai < w->rg[AC_CARD].lo))
        return gen_put_id10(w, p, ai - w->rg[AC_BANK].lo);
    if (ai < w->rg[AC_MERCHANT].lo) {
        p = gen_put_lit(p, "-C-");
        return gen_put_id10(w, p, ai - w->rg[AC_CARD].lo);
    }
    if (ai < w->rg[AC_EMPLOYER].lo) {
        p = gen_put_lit(p, "-M-");
        return gen_put_id8(w, p, ai - w->rg[AC_MERCHANT].lo);
    }
    if (ai < w->rg[AC_FOREIGN].lo) {
        p = gen_put_lit(p, "-B-");
        return gen_put_id8(w, p, ai - w->rg[AC_EMPLOYER].lo);
    }
    if (ai < w->rg[AC_REMITTER].lo) {
        p = gen_put_lit(p, "-R-");
        return gen_put_id8(w, p, ai - w->rg[AC_FOREIGN].lo);
    }
    if (ai < w->rg[AC_HOTEL].lo) {
        p = gen_put_lit(p, "-X-");
        return gen_put_fixed(p, ai - w->rg[AC_REMITTER].lo + 1, 4);
    }
    if (ai < w->rg[AC_VASP].lo) {
        p = gen_put_lit(p, "-M-");
        return gen_put_id8(w, p, ai - w->rg[AC_MERCHANT].lo);
    }
    if (ai < w->rg[AC_FCARD].lo) {
        p = gen_put_lit(p, "-V-");
        return gen_put_fixed(p, ai - w->rg[AC_VASP].lo + 1, 4);
    }
    if (ai < w->rg[AC_NEWACC].lo) {
        p = gen_put_lit(p, "-C-");
        return gen_put_id10(w, p, ai - w->rg[AC_CARD].lo);
    }
    if (ai < w->rg[AC_ABROAD].lo)
        return gen_put_id10(w, p, ai - w->rg[AC_BANK].lo);
    if (ai < w->rg[AC_CLIENT].lo) {
        p = gen_put_lit(p, "-R-");
        return gen_put_id8(w, p, ai - w->rg[AC_FOREIGN].lo);
    }
    p = gen_put_lit(p, "-B-");
    return gen_put_id8(w, p, ai - w->rg[AC_EMPLOYER].lo);
}

static inline char *gen_put_name(const struct gen_world *w, char *p, uint32_t ai)
{
    uint32_t h = w->hot[ai];
    const struct gen_str *s = &w->str[h & 0xfff];

    p = gen_put_mem(p, s->s, s->len);
    if (h & 0xfff000) {
        s = &w->str[(h >> 12) & 0xfff];
        *p++ = ' ';
        p = gen_put_mem(p, s->s, s->len);
    }
    return p;
}

/* ------------------------------------------------------------------------------------------ */
/* Writer interface                                                                            */
/* ------------------------------------------------------------------------------------------ */

/* One transaction as the models hand it to a writer. Accounts are indices into the world, so a
 * writer can render whatever it needs (ids, names, countries, kinds) without the models
 * formatting fields the format does not carry. */
struct gen_tx {
    int64_t ts_ms;
    int64_t amount_minor;
    uint64_t seq; /* 0-based emission index; writers derive the tx id from it */
    uint32_t debtor, creditor;
    uint32_t debtor_name; /* account whose holder name the message carries */
    const char *memo;     /* static text, or memo_store */
    uint16_t memo_len, mcc;
    uint8_t cur, chan, purpose;
    uint8_t la_d, la_c; /* look-alike marks (LM_*) the debtor and creditor earn; writers ignore */
    char memo_store[40];
};

/* A transaction sink. begin() once, tx() per transaction in time order (HOT: no allocation,
 * no syscall except the buffered block writes), end() once; each returns 0 or a negative
 * errno. Ownership: the writer borrows the world for its lifetime. */
struct gen_writer {
    int (*begin)(struct gen_writer *wr, const struct gen_world *w, const char *dir);
    int (*tx)(struct gen_writer *wr, const struct gen_tx *tx);
    int (*end)(struct gen_writer *wr);
};

/* Canonical CSV (CONTRACT §1). */
struct gen_csv {
    struct gen_writer wr; /* first member: the callbacks cast back to this */
    const struct gen_world *w;
    struct gen_out out;
    char path[4096];
    int64_t ts_sec; /* second whose "YYYY-MM-DDTHH:MM:SS." prefix is cached */
    int64_t ts_day;
    char ts_prefix[20];
};

static int gen_csv_begin(struct gen_writer *wr, const struct gen_world *w, const char *dir)
{
    struct gen_csv *c = (struct gen_csv *)wr;
    int ret;

    c->w = w;
    c->ts_sec = INT64_MIN;
    c->ts_day = INT64_MIN;
    if ((size_t)snprintf(c->path, sizeof(c->path), "%s/tx.csv", dir) >= sizeof(c->path))
        return -ENAMETOOLONG;
    if ((ret = gen_out_open_ex(&c->out, c->path, true)) < 0)
        return ret;
    c->out.len = (size_t)(gen_put_lit(c->out.buf,
                                      "tx_id,ts,amount,currency,debtor_id,creditor_id,channel,"
                                      "debtor_name,creditor_name,debtor_country,creditor_country,"
                                      "mcc,purpose,memo\n") -
                          c->out.buf);
    return 0;
}

/* RFC 3339 UTC with milliseconds. The stream is time-ordered, so the date and clock part is
 * reformatted only when the second changes. */
static inline char *gen_csv_ts(struct gen_csv *c, char *p, int64_t ms)
{
    int64_t sec = ms / 1000;

    if (sec != c->ts_sec) {
        int64_t day = sec / 86400;
        unsigned sod = (unsigned)(sec % 86400);
        char *q = c->ts_prefix;

        if (day != c->ts_day) {
            gen_put_date(q, day);
            q[10] = 'T';
            c->ts_day = day;
        }
        q += 11;
        q = gen_put_fixed(q, sod / 3600, 2);
        *q++ = ':';
        q = gen_put_fixed(q, sod / 60 % 60, 2);
        *q++ = ':';
        q = gen_put_fixed(q, sod % 60, 2);
        *q = '.';
        c->ts_sec = sec;
    }
    p = gen_put_mem(p, c->ts_prefix, 20);
    p = gen_put_fixed(p, (uint64_t)(ms % 1000), 3);
    *p++ = 'Z';
    return p;
}

/* HOT: no alloc/lock; a write(2) only when the buffer passes 2 MiB. */
JAGA_HOT static int gen_csv_tx(struct gen_writer *wr, const struct gen_tx *tx)
{
    struct gen_csv *c = (struct gen_csv *)wr;
    const struct gen_world *w = c->w;
    char *p = c->out.buf + c->out.len;

    p = gen_put_tx_id(w, p, tx->seq);
    *p++ = ',';
    p = gen_csv_ts(c, p, tx->ts_ms);
    *p++ = ',';
    p = gen_put_amount(p, tx->amount_minor, tx->cur);
    *p++ = ',';
    p = gen_put_mem(p, gen_cur_tab[tx->cur].code, 3);
    *p++ = ',';
    p = gen_put_acct_id(w, p, tx->debtor);
    *p++ = ',';
    p = gen_put_acct_id(w, p, tx->creditor);
    *p++ = ',';
    p = gen_put_mem(p, gen_chan_name[tx->chan].s, gen_chan_name[tx->chan].n);
    *p++ = ',';
    p = gen_put_name(w, p, tx->debtor_name);
    *p++ = ',';
    p = gen_put_name(w, p, tx->creditor);
    *p++ = ',';
    p = gen_put_mem(p, gen_cc_str(w, w->hot[tx->debtor] >> 24), 2);
    *p++ = ',';
    p = gen_put_mem(p, gen_cc_str(w, w->hot[tx->creditor] >> 24), 2);
    *p++ = ',';
    if (tx->mcc)
        p = gen_put_fixed(p, tx->mcc, 4);
    *p++ = ',';
    p = gen_put_mem(p, gen_purpose_name[tx->purpose].s, gen_purpose_name[tx->purpose].n);
    *p++ = ',';
    p = gen_put_mem(p, tx->memo, tx->memo_len);
    *p++ = '\n';
    c->out.len = (size_t)(p - c->out.buf);
    return gen_out_maybe_flush(&c->out);
}

static int gen_csv_end(struct gen_writer *wr)
{
    struct gen_csv *c = (struct gen_csv *)wr;

    return gen_out_close(&c->out);
}

/* ------------------------------------------------------------------------------------------ */
/* Injected typologies: plan                                                                   */
/* ------------------------------------------------------------------------------------------ */

/* EV_PAY and EV_SWEEP are the LSAC events; EV_LAB events belong to the later typologies and
 * name up to two entries of the label table in `buyer` and `fac` (the accounts whose first
 * offending transaction they may be); EV_PLAIN events are planned but legitimate (a guardian's
 * top-up before a sextortion payment). */
enum { EV_PAY, EV_SWEEP, EV_LAB, EV_PLAIN };

struct gen_event {
    int64_t ts_ms;
    int64_t amount_minor;
    uint32_t order; /* plan order: breaks timestamp ties deterministically */
    uint32_t debtor, creditor;
    uint32_t buyer, fac; /* role-table (EV_LAB: label-table) indices, GEN_NONE when none */
    uint8_t kind, cur, chan, purpose;
    uint16_t mcc;
    uint8_t memo_len;
    char memo[29];
};

/* The typologies injected after LSAC, with the roles their accounts are labelled with. */
enum gen_typ { TY_CSAM, TY_BROKER, TY_VICTIM, TY_MULE, TY_TRAVEL, TY_N };
static const char *const gen_typ_name[TY_N] = { "csam_seller", "domestic_broker",
                                                "sextortion_victim", "sextortion_mule",
                                                "travel_to_offend" };
enum gen_lrole { LR_SELLER, LR_BROKER, LR_RCPT, LR_VICTIM, LR_MULE, LR_COLLECTOR, LR_TRAV, LR_N };
static const char *const gen_lrole_name[LR_N] = { "seller",   "broker", "broker_recipient",
                                                  "victim",   "mule",   "collector",
                                                  "traveller" };

struct gen_label {
    uint32_t acct;
    uint8_t typ, role;
    uint64_t first_seq; /* UINT64_MAX until its first transaction is written */
    uint32_t n_tx;
};

#define GEN_MAX_FAN_OUT 6
struct gen_buyer {
    uint32_t acct;
    uint32_t k;       /* payments in the period */
    uint32_t day_off; /* first of its k payment days in gen_plan.day */
    uint32_t fac[GEN_MAX_FAN_OUT];
    uint8_t want, m, cls;
    uint8_t send_local, chan;
    uint64_t first_seq; /* UINT64_MAX until the first payment is written */
    uint32_t n_pay;
};

struct gen_fac {
    uint32_t acct;
    uint32_t indeg;
    uint32_t to[3];
    uint8_t n_to;
    uint64_t first_seq;
    uint32_t n_recv;
};

struct gen_watch {
    uint32_t acct; /* GEN_NONE for person entries */
    uint32_t like; /* decoys: the innocent customer whose name it copies; else GEN_NONE */
    uint8_t list;  /* 0 LE-FACILITATOR, 1 OFFENDER-REGISTRY */
    uint8_t severity;
    uint16_t birth_year;
    char cc[3];
    char name[96];
    char aliases[160];
};

struct gen_plan {
    struct gen_buyer *buyer;
    uint32_t n_buyer, cap_buyer;
    struct gen_fac *fac;
    uint32_t n_fac, cap_fac;
    uint32_t *day; /* payment days of all buyers */
    uint32_t n_day, cap_day;
    struct gen_event *ev; /* min-heap on (ts, order) once planned */
    uint32_t n_ev, cap_ev;
    struct gen_watch *watch;
    uint32_t n_watch;
    uint64_t n_pay_ev, n_sweep_ev;
    struct gen_label *lab; /* accounts of the later typologies, in planning order */
    uint32_t n_lab, cap_lab;
    uint64_t n_typ_tx[TY_N]; /* written transactions per later typology */
    uint64_t n_plain;        /* written planned legitimate transactions */
};

static struct gen_event *gen_ev_new(struct gen_plan *pl)
{
    if (pl->n_ev == pl->cap_ev) {
        uint32_t ncap = pl->cap_ev ? pl->cap_ev * 2 : 1024;
        struct gen_event *nv = jaga_realloc(pl->ev, (size_t)ncap * sizeof(*nv));
        if (!nv)
            return NULL;
        pl->ev = nv;
        pl->cap_ev = ncap;
    }
    struct gen_event *e = &pl->ev[pl->n_ev];
    memset(e, 0, sizeof(*e));
    e->order = pl->n_ev++;
    e->buyer = e->fac = GEN_NONE;
    return e;
}

static inline bool gen_ev_less(const struct gen_event *a, const struct gen_event *b)
{
    return a->ts_ms < b->ts_ms || (a->ts_ms == b->ts_ms && a->order < b->order);
}

static void gen_heap_down(struct gen_event *h, uint32_t n, uint32_t i)
{
    for (;;) {
        uint32_t l = 2 * i + 1, m = i;
        if (l < n && gen_ev_less(&h[l], &h[m]))
            m = l;
        if (l + 1 < n && gen_ev_less(&h[l + 1], &h[m]))
            m = l + 1;
        if (m == i)
            return;
        struct gen_event t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static void gen_heapify(struct gen_event *h, uint32_t n)
{
    for (uint32_t i = n / 2; i-- > 0;)
        gen_heap_down(h, n, i);
}

static void gen_heap_pop(struct gen_event *h, uint32_t *n)
{
    h[0] = h[--*n];
    gen_heap_down(h, *n, 0);
}

/* Sender-local seconds of day for a buyer payment: 65% in 22:00-05:59 (§8: 60-70%, from FATF,
 * ECPAT Sweden, Chainalysis); the rest in 06:00-21:59, with 45% of those in the evening
 * (assumed). */
static uint32_t gen_buyer_sod(struct gen_rng *r)
{
    if (gen_chance(r, JAGA_GEN_BUYER_NIGHT_SHARE))
        return (JAGA_GEN_BUYER_NIGHT_FROM_H * 3600 +
                gen_below(r, JAGA_GEN_BUYER_NIGHT_HOURS * 3600)) %
               86400;
    if (gen_chance(r, 0.45))
        return 18 * 3600 + gen_below(r, 4 * 3600);
    return 6 * 3600 + gen_below(r, 12 * 3600);
}

/* The instant on local day `day` (0-based in the period) at sender-local second `sod`: a
 * 24-hour window contains every local clock time exactly once, whatever the offset. */
static int64_t gen_at_local(const struct gen_world *w, int tz_q, uint32_t day, uint32_t sod,
                            uint32_t ms)
{
    int64_t start_s = w->start_ms / 1000;
    int64_t local0 = ((start_s + (int64_t)tz_q * 900) % 86400 + 86400) % 86400;
    int64_t d = ((int64_t)sod - local0 + 86400) % 86400;

    return w->start_ms + (d + (int64_t)day * 86400) * 1000 + ms;
}

/* Payment days (0-based) of one buyer over a period of D days; returns how many. */
static uint32_t gen_buyer_days(const struct gen_world *w, struct gen_rng *r, uint8_t cls,
                               uint32_t want, uint32_t *day, uint32_t cap)
{
    uint32_t D = w->days, k = 0;

    if (D == 1) {
        /* One day: the buyers sampled are those active today, 2-6 payments each (brief). */
        k = JAGA_MAX(gen_range_u(r, 2, 6), want);
        for (uint32_t i = 0; i < k; i++)
            day[i] = 0;
        return k;
    }
    if (cls == 0) {
        /* Occasional buyers: one or two payments in the period (§8 "much sparser"). */
        k = JAGA_MAX(gen_range_u(r, 1, 2), want);
        for (uint32_t i = 0; i < k; i++)
            day[i] = gen_below(r, D);
        return k;
    }
    /* Prolific: gamma inter-arrival with mean 10-20 days (§8, AIC 634), compressed so that at
     * least 3 payments fall in the period; heavy hitters every 1-3 days (the few buyers making
     * half the payments, AIC 589; rate assumed). */
    double g = cls == 1 ? 10 + 10 * gen_unit(r) : 1 + 2 * gen_unit(r);
    double lim = (double)D / (cls == 1 ? 3 + 3 * gen_unit(r) : 6);
    if (g > lim)
        g = lim;
    for (double t = gen_unit(r) * g; t < D && k < cap; t += gen_gamma2(r, g))
        day[k++] = (uint32_t)t;
    while ((k < 3 || k < want) && k < cap)
        day[k++] = gen_below(r, D);
    return k;
}

static void gen_set_memo(struct gen_event *e, const char *s)
{
    size_t n = strlen(s);

    if (n > sizeof(e->memo))
        n = sizeof(e->memo);
    memcpy(e->memo, s, n);
    e->memo_len = (uint8_t)n;
}

/* Converts an amount between currencies through US$ and rounds it in the target currency. */
static double gen_convert(int64_t minor, uint8_t from, uint8_t to)
{
    double major = (double)minor / gen_pow10(gen_cur_tab[from].decimals);

    return major / gen_cur_tab[from].per_usd * gen_cur_tab[to].per_usd;
}

static bool gen_pick_free(const struct gen_world *w, uint32_t a)
{
    return w->acct[a].role == 0;
}

/* Facilitator: an adult's e-wallet (65%, RF-CH-03) or bank account; 70% female, age 24-60
 * (§1.4: mothers, sisters, other relatives; share assumed). Chosen among existing holders by
 * rejection so accounts.csv stays consistent across the holder's accounts. */
static uint32_t gen_pick_fac_acct(const struct gen_world *w, struct gen_rng *r)
{
    uint8_t sex = gen_chance(r, 0.7) ? 'F' : 'M';
    int y;
    unsigned m, d;

    gen_civil_from_days(w->start_day, &y, &m, &d);
    for (int t = 0; t < 400; t++) {
        const struct gen_range *rg = &w->rg[gen_chance(r, 0.65) ? AC_EWALLET : AC_BANK];
        uint32_t a = rg->lo + gen_below(r, rg->n);
        const struct gen_acct *x = &w->acct[a];
        int age = y - x->birth_year;
        if (!gen_pick_free(w, a))
            continue;
        if (t < 300 && (x->sex != sex || age < 24 || age > 60))
            continue;
        return a;
    }
    return GEN_NONE;
}

/* Buyer: a sender abroad, male, 35-70 (§7 profile boost, §1.4), with a name of the sending
 * country rather than a diaspora name in 95% of cases (no family link, RF-CTY-01; assumed).
 * The country follows the sender-group shares, i.e. §1.3/§8. */
static uint32_t gen_pick_buyer_acct(const struct gen_world *w, struct gen_rng *r,
                                    const uint32_t *grp_cum)
{
    int y;
    unsigned m, d;

    gen_civil_from_days(w->start_day, &y, &m, &d);
    for (int t = 0; t < 400; t++) {
        const struct gen_group *g = &w->grp[gen_pick_cum(grp_cum, w->n_grp, gen_u32(r))];
        if (!g->n)
            continue;
        uint32_t a = g->lo + gen_below(r, g->n);
        const struct gen_acct *x = &w->acct[a];
        int age = y - x->birth_year;
        if (!gen_pick_free(w, a))
            continue;
        if (t < 300 && (x->sex != 'M' || age < 35 || age > 70 ||
                        (x->ns == w->home->ns && !gen_chance(r, 0.05))))
            continue;
        return a;
    }
    return GEN_NONE;
}

static uint32_t gen_plan_new_buyer(struct gen_world *w, struct gen_plan *pl, struct gen_rng *r,
                                   const uint32_t *grp_cum)
{
    /* Distinct beneficiaries per buyer 1-6 (§8, assumed), most buyers with one or two. */
    static const double want_w[GEN_MAX_FAN_OUT] = { 45, 25, 13, 9, 5, 3 };
    uint32_t want_cum[GEN_MAX_FAN_OUT], day[512], k;
    uint32_t a = gen_pick_buyer_acct(w, r, grp_cum);
    struct gen_buyer *b;
    double u;

    if (a == GEN_NONE)
        return GEN_NONE;
    if (pl->n_buyer == pl->cap_buyer) {
        uint32_t ncap = pl->cap_buyer ? pl->cap_buyer * 2 : 256;
        struct gen_buyer *nv = jaga_realloc(pl->buyer, (size_t)ncap * sizeof(*nv));
        if (!nv)
            return GEN_NONE;
        pl->buyer = nv;
        pl->cap_buyer = ncap;
    }
    gen_cum32(want_w, GEN_MAX_FAN_OUT, want_cum);
    b = &pl->buyer[pl->n_buyer];
    memset(b, 0, sizeof(*b));
    b->acct = a;
    b->want = (uint8_t)(1 + gen_pick_cum(want_cum, GEN_MAX_FAN_OUT, gen_u32(r)));
    /* Activity classes: 65% occasional, 30% prolific, 5% heavy (assumed shape of the AIC 589
     * concentration: a few buyers make most payments). */
    u = gen_unit(r);
    b->cls = u < 0.65 ? 0 : u < 0.95 ? 1 : 2;
    /* 40% of buyers send an amount fixed in the receiving currency (assumed). */
    b->send_local = gen_chance(r, 0.4);
    /* Preferred channel: remittance 60%, e-wallet 30%, instant 10% (AMLC 60% MSB, §6
     * RF-CH-01; split assumed). */
    u = gen_unit(r);
    b->chan = u < 0.6 ? CH_REMITTANCE : u < 0.9 ? CH_EWALLET : CH_INSTANT;
    b->first_seq = UINT64_MAX;

    /* Payment days are drawn now so that the plan knows its size exactly. Every payment
     * count is at least the fan-out target, so each linked beneficiary can be paid. */
    k = gen_buyer_days(w, r, b->cls, b->want, day, JAGA_ARRAY_SIZE(day));
    if (pl->n_day + k > pl->cap_day) {
        uint32_t ncap = JAGA_MAX(pl->cap_day * 2, pl->n_day + k + 1024);
        uint32_t *nv = jaga_realloc(pl->day, (size_t)ncap * sizeof(*nv));
        if (!nv)
            return GEN_NONE;
        pl->day = nv;
        pl->cap_day = ncap;
    }
    memcpy(pl->day + pl->n_day, day, k * sizeof(*day));
    b->day_off = pl->n_day;
    b->k = k;
    pl->n_day += k;
    gen_role_set(w, a, ROLE_BUYER);
    return pl->n_buyer++;
}

static bool gen_buyer_has(const struct gen_buyer *b, uint32_t f)
{
    for (uint32_t i = 0; i < b->m; i++)
        if (b->fac[i] == f)
            return true;
    return false;
}

/* The buyer payment: amount, currency, channel and memo (timing is done by the caller). */
static void gen_buyer_payment(const struct gen_world *w, struct gen_rng *r,
                              const struct gen_buyer *b, const uint32_t *memo_cum,
                              struct gen_event *e)
{
    const struct gen_home *h = w->home;
    uint8_t scur = gen_foreign_tab[w->acct[b->acct].cc].cur;
    double major;
    int64_t sminor;

    /* Amount: §8 log-normal in US$, into the sender's currency; 30% round to 5 or 10 units
     * (FATF "even-denominated"; share from §8, assumed), else whole units (70%) or with cents
     * (assumed). Sent as a fixed local amount, it is converted and rounded to whole units. */
    double step, scale = gen_pow10(gen_cur_tab[scur].decimals);
    double lo = gen_dist_tab[D_BUYER].lo * gen_cur_tab[scur].per_usd * scale;
    double hi = gen_dist_tab[D_BUYER].hi * gen_cur_tab[scur].per_usd * scale;

    major = gen_qtab_draw(&w->dist[D_BUYER], r) * gen_cur_tab[scur].per_usd;
    if (gen_chance(r, 0.3))
        step = (gen_chance(r, 0.5) ? 5 : 10) * gen_cur_tab[scur].unit;
    else if (gen_chance(r, 0.7))
        step = scur == CUR_IDR ? 500.0 : 1.0;
    else
        step = 1.0 / scale;
    sminor = gen_round_step(major, scur, step);
    /* Rounding must not leave the hard band: move back inside by whole steps. */
    while ((double)sminor < lo)
        sminor += (int64_t)llround(step * scale);
    while ((double)sminor > hi)
        sminor -= (int64_t)llround(step * scale);
    if (b->send_local) {
        e->cur = h->cur;
        e->amount_minor = gen_round_whole(gen_convert(sminor, scur, h->cur), h->cur);
    } else {
        e->cur = scur;
        e->amount_minor = sminor;
    }
    e->chan = gen_chance(r, 0.85) ? b->chan : (uint8_t)(CH_INSTANT + gen_below(r, 3));

    /* Memo: cover words mostly absent (§4); an age term in 1.5% (RF-TXT-03, rate assumed). The
     * purpose code follows the cover word half the time (assumed). */
    if (gen_chance(r, 0.015)) {
        char buf[32];
        unsigned age = gen_range_u(r, 7, 15);

        switch (gen_below(r, 3)) {
        case 0: snprintf(buf, sizeof(buf), "%u yo", age); break;
        case 1: snprintf(buf, sizeof(buf), "for %u y/o", age); break;
        default:
            if (h == &gen_home_tab[HOME_PH])
                snprintf(buf, sizeof(buf), "%u taon", age);
            else
                snprintf(buf, sizeof(buf), "anak %u tahun", age);
            break;
        }
        gen_set_memo(e, buf);
    } else {
        uint32_t i = gen_pick_cum(memo_cum, JAGA_ARRAY_SIZE(gen_buyer_memo), gen_u32(r));
        gen_set_memo(e, gen_buyer_memo[i].s);
        if (gen_chance(r, 0.5))
            e->purpose = gen_buyer_memo[i].purpose;
    }
}

JAGA_COLD static int gen_plan_payments(struct gen_world *w, struct gen_plan *pl, struct gen_rng *r)
{
    uint32_t memo_cum[JAGA_ARRAY_SIZE(gen_buyer_memo)];
    double wt[JAGA_ARRAY_SIZE(gen_buyer_memo)];

    for (uint32_t i = 0; i < JAGA_ARRAY_SIZE(gen_buyer_memo); i++)
        wt[i] = gen_buyer_memo[i].w;
    gen_cum32(wt, JAGA_ARRAY_SIZE(gen_buyer_memo), memo_cum);

    for (uint32_t bi = 0; bi < pl->n_buyer; bi++) {
        const struct gen_buyer *b = &pl->buyer[bi];
        const struct gen_acct *ba = &w->acct[b->acct];

        for (uint32_t j = 0; j < b->k; j++) {
            struct gen_event *e = gen_ev_new(pl);
            uint32_t f;

            if (!e)
                return -ENOMEM;
            /* Every linked facilitator gets at least one payment; the rest favour the
             * buyer's first beneficiary (assumed). */
            if (j < b->m)
                f = b->fac[j];
            else
                f = gen_chance(r, 0.5) ? b->fac[0] : b->fac[gen_below(r, b->m)];
            e->kind = EV_PAY;
            e->buyer = bi;
            e->fac = f;
            e->debtor = b->acct;
            e->creditor = pl->fac[f].acct;
            e->ts_ms = gen_at_local(w, ba->tz_q, pl->day[b->day_off + j], gen_buyer_sod(r),
                                    gen_below(r, 1000));
            gen_buyer_payment(w, r, b, memo_cum, e);
            pl->n_pay_ev++;
        }
    }
    return 0;
}

static int gen_cmp_by_fac(const void *a, const void *b, void *ctx)
{
    const struct gen_event *ev = ctx;
    const struct gen_event *x = &ev[*(const uint32_t *)a], *y = &ev[*(const uint32_t *)b];

    if (x->fac != y->fac)
        return x->fac < y->fac ? -1 : 1;
    if (x->ts_ms != y->ts_ms)
        return x->ts_ms < y->ts_ms ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static inline int64_t gen_sweep_gap_ms(struct gen_rng *r)
{
    return (int64_t)((24 + 48 * gen_unit(r)) * 3600000.0);
}

/* Sweeps (RF-LAY-01): 24-72 h after the first receipt, and every 24-72 h after that, the
 * facilitator moves 60-95% of what came in since the last sweep to 1-3 domestic accounts
 * (PPATK via §3 and §8: "within 1-3 days"; fraction assumed around the ">= 80%" rule). A
 * one-day run has no sweeps. */
JAGA_COLD static int gen_plan_sweeps(struct gen_world *w, struct gen_plan *pl, struct gen_rng *r)
{
    const struct gen_home *h = w->home;
    bool ph = h == &gen_home_tab[HOME_PH];
    const struct gen_memo_src *ms = ph ? ph_sweep_memo : id_sweep_memo;
    uint32_t nms = ph ? JAGA_ARRAY_SIZE(ph_sweep_memo) : JAGA_ARRAY_SIZE(id_sweep_memo);
    uint32_t n = pl->n_ev, *idx, memo_cum[8];
    double wt[8];

    if (w->days < 2 || n == 0)
        return 0;
    for (uint32_t q = 0; q < nms; q++)
        wt[q] = ms[q].w;
    gen_cum32(wt, nms, memo_cum);
    idx = jaga_malloc((size_t)n * sizeof(*idx));
    if (!idx)
        return -ENOMEM;
    for (uint32_t i = 0; i < n; i++)
        idx[i] = i;
    qsort_r(idx, n, sizeof(*idx), gen_cmp_by_fac, pl->ev);

    for (uint32_t i = 0, j; i < n; i = j) {
        uint32_t f = pl->ev[idx[i]].fac, k = i;
        const struct gen_fac *fa = &pl->fac[f];
        int64_t next = pl->ev[idx[i]].ts_ms + gen_sweep_gap_ms(r);
        double acc = 0; /* received since the last sweep, in local major units */

        for (j = i; j < n && pl->ev[idx[j]].fac == f; j++)
            ;
        for (; next < w->end_ms; next += gen_sweep_gap_ms(r)) {
            /* pl->ev may move in gen_ev_new(): index it afresh each time. */
            for (; k < j && pl->ev[idx[k]].ts_ms <= next; k++)
                acc += gen_convert(pl->ev[idx[k]].amount_minor, pl->ev[idx[k]].cur, h->cur);
            double part = acc * (0.6 + 0.35 * gen_unit(r)) / fa->n_to;
            if (part < 2 * gen_cur_tab[h->cur].unit)
                continue;
            for (uint32_t t = 0; t < fa->n_to; t++) {
                struct gen_event *e = gen_ev_new(pl);
                double u = gen_unit(r);

                if (!e) {
                    jaga_free(idx);
                    return -ENOMEM;
                }
                e->kind = EV_SWEEP;
                e->fac = f;
                e->debtor = fa->acct;
                e->creditor = fa->to[t];
                e->cur = h->cur;
                e->amount_minor = gen_round_nice(part, h->cur, r);
                e->chan = u < 0.5 ? CH_INSTANT : u < 0.8 ? CH_EWALLET : CH_TRANSFER;
                e->ts_ms = next + (int64_t)t * (60000 + gen_below(r, 1800000));
                if (e->ts_ms >= w->end_ms)
                    e->ts_ms = w->end_ms - 1;
                gen_set_memo(e, ms[gen_pick_cum(memo_cum, nms, gen_u32(r))].s);
                pl->n_sweep_ev++;
            }
            acc = 0;
        }
    }
    jaga_free(idx);
    return 0;
}

static struct gen_fac *gen_plan_new_fac(struct gen_world *w, struct gen_plan *pl, struct gen_rng *r)
{
    uint32_t fa = gen_pick_fac_acct(w, r);
    struct gen_fac *F;

    if (fa == GEN_NONE)
        return NULL;
    if (pl->n_fac == pl->cap_fac) {
        uint32_t ncap = pl->cap_fac ? pl->cap_fac * 2 : 64;
        struct gen_fac *nv = jaga_realloc(pl->fac, (size_t)ncap * sizeof(*nv));
        if (!nv)
            return NULL;
        pl->fac = nv;
        pl->cap_fac = ncap;
    }
    F = &pl->fac[pl->n_fac++];
    memset(F, 0, sizeof(*F));
    F->acct = fa;
    F->first_seq = UINT64_MAX;
    gen_role_set(w, fa, ROLE_FAC);
    /* 30% of facilitator accounts are under 90 days old (RF-NEW-01; share assumed). */
    if (gen_chance(r, 0.3))
        w->acct[fa].opened = (int32_t)(w->start_day - gen_range_u(r, 3, 89));
    /* Sweep targets: the holder's own other account first when there is one (PPATK: e-wallet
     * to personal bank account), else relatives' accounts (assumed). */
    F->n_to = (uint8_t)gen_range_u(r, 1, 3);
    for (uint32_t t = 0; t < F->n_to; t++) {
        uint32_t o = t == 0 ? gen_other_account(w, fa) : GEN_NONE;
        while (o == GEN_NONE || o == fa)
            o = w->rg[AC_BANK].lo + gen_below(r, w->rg[AC_BANK].n + w->rg[AC_EWALLET].n);
        F->to[t] = o;
    }
    return F;
}

/* Size: injected payments are about 0.03% of --tx (§8 "far below 0.1%"; share assumed). A run
 * of at least 10,000 transactions always gets one complete network (one facilitator, five
 * buyers) so that small test runs have something to find, even above that share. Caps keep
 * facilitators under 2% of adult accounts and buyers under 5% of senders abroad. */
JAGA_COLD static int gen_plan_build(struct gen_world *w, struct gen_plan *pl, uint64_t n_tx)
{
    struct gen_rng r;
    double budget = (double)n_tx * 3e-4;
    uint64_t planned = 0;
    uint32_t grp_cum[GEN_MAX_GROUPS];
    double gw[GEN_MAX_GROUPS];
    uint32_t max_fac = (w->rg[AC_BANK].n + w->rg[AC_EWALLET].n) / 50;
    uint32_t max_buyer = w->rg[AC_FOREIGN].n / 20;
    int ret;

    gen_rng_seed(&r, w->seed, 2);
    memset(pl, 0, sizeof(*pl));
    if (n_tx < 10000)
        return 0;
    for (uint32_t g = 0; g < w->n_grp; g++)
        gw[g] = w->grp[g].n ? w->grp[g].share : 0;
    gen_cum32(gw, w->n_grp, grp_cum);

    /* A new facilitator needs room for JAGA_GEN_FAC_FAN_IN_MIN (5) new buyers, so that every
     * facilitator keeps its 5-40 distinct senders even when the caps bind. */
    while ((pl->n_fac == 0 || (double)planned < budget) && pl->n_fac < max_fac &&
           pl->n_buyer + JAGA_GEN_FAC_FAN_IN_MIN <= max_buyer) {
        /* In-degree 5-40 distinct foreign buyers (brief; §8 allows up to 200), skewed low. */
        double u = gen_unit(&r);
        uint32_t indeg =
            pl->n_fac == 0 && budget < 60
                ? JAGA_GEN_FAC_FAN_IN_MIN
                : JAGA_GEN_FAC_FAN_IN_MIN +
                      (uint32_t)((JAGA_GEN_FAC_FAN_IN_MAX - JAGA_GEN_FAC_FAN_IN_MIN) * u * u);
        struct gen_fac *F = gen_plan_new_fac(w, pl, &r);
        uint32_t f = pl->n_fac - 1;

        if (!F)
            break;
        for (uint32_t e = 0; e < indeg; e++) {
            uint32_t bi = GEN_NONE;
            struct gen_buyer *b;

            /* A third of the slots go to buyers already paying another facilitator: that is
             * what makes fan-out (RF-FAN-OUT-01) and network expansion (RF-NET-01) visible. */
            if (pl->n_buyer && gen_chance(&r, 0.33))
                for (int t = 0; t < 8 && bi == GEN_NONE; t++) {
                    uint32_t c = gen_below(&r, pl->n_buyer);
                    b = &pl->buyer[c];
                    if (b->m < b->want && !gen_buyer_has(b, f))
                        bi = c;
                }
            if (bi == GEN_NONE) {
                if (pl->n_buyer >= max_buyer ||
                    (bi = gen_plan_new_buyer(w, pl, &r, grp_cum)) == GEN_NONE)
                    break;
                planned += pl->buyer[bi].k;
            }
            b = &pl->buyer[bi];
            b->fac[b->m++] = (uint32_t)f;
            F->indeg++;
        }
        if (F->indeg == 0) {
            gen_role_clear(w, F->acct, ROLE_FAC);
            pl->n_fac--;
            break;
        }
    }
    if ((ret = gen_plan_payments(w, pl, &r)) < 0)
        return ret;
    return gen_plan_sweeps(w, pl, &r);
}

/* ------------------------------------------------------------------------------------------ */
/* Injected typologies after LSAC: CSAM sellers, brokers, sextortion, travel to offend         */
/* ------------------------------------------------------------------------------------------ */

/* Each typology plans with its own random stream (GEN_STREAM_*), after the LSAC plan and the
 * watch list, and picks only accounts without a role, so adding or changing one leaves LSAC
 * (and the others planned before it) as they were. */

static uint32_t gen_lab_new(struct gen_plan *pl, uint32_t acct, uint8_t typ, uint8_t role)
{
    if (pl->n_lab == pl->cap_lab) {
        uint32_t ncap = pl->cap_lab ? pl->cap_lab * 2 : 64;
        struct gen_label *nv = jaga_realloc(pl->lab, (size_t)ncap * sizeof(*nv));
        if (!nv)
            return GEN_NONE;
        pl->lab = nv;
        pl->cap_lab = ncap;
    }
    pl->lab[pl->n_lab] = (struct gen_label){ acct, typ, role, UINT64_MAX, 0 };
    return pl->n_lab++;
}

/* A planned transaction in the home currency: labelled with `la` (and `lb`) when la is a label,
 * else a planned legitimate one. NULL on allocation failure. */
static struct gen_event *gen_ev_at(struct gen_plan *pl, int64_t ts, uint32_t debtor,
                                   uint32_t creditor, int64_t amount_minor, uint8_t cur,
                                   uint8_t chan, uint16_t mcc, uint32_t la, uint32_t lb)
{
    struct gen_event *e = gen_ev_new(pl);

    if (!e)
        return NULL;
    e->kind = la == GEN_NONE ? EV_PLAIN : EV_LAB;
    e->ts_ms = ts;
    e->debtor = debtor;
    e->creditor = creditor;
    e->amount_minor = amount_minor;
    e->cur = cur;
    e->chan = chan;
    e->mcc = mcc;
    e->buyer = la;
    e->fac = lb;
    return e;
}

static void gen_ev_memo(struct gen_event *e, struct gen_rng *r, const struct gen_memo_src *src,
                        uint32_t n)
{
    uint32_t tot = 0, x, i;
    char buf[40];

    for (i = 0; i < n; i++)
        tot += src[i].w;
    x = gen_below(r, tot);
    for (i = 0; i + 1 < n && x >= src[i].w; i++)
        x -= src[i].w;
    e->purpose = src[i].purpose;
    if (!src[i].digits) {
        gen_set_memo(e, src[i].s);
        return;
    }
    snprintf(buf, sizeof(buf), "%s %06u", src[i].s, gen_below(r, 1000000));
    gen_set_memo(e, buf);
}

#define GEN_MEMO_PICK(e, r, ph, a, b)                      \
    ((ph) ? gen_ev_memo((e), (r), (a), JAGA_ARRAY_SIZE(a)) \
          : gen_ev_memo((e), (r), (b), JAGA_ARRAY_SIZE(b)))

/* Local second of day: `p_late` of the draws in 20:00-01:59, the rest in 08:00-19:59. */
static uint32_t gen_sod_late(struct gen_rng *r, double p_late)
{
    if (gen_chance(r, p_late))
        return (20 * 3600 + gen_below(r, 6 * 3600)) % 86400;
    return 8 * 3600 + gen_below(r, 12 * 3600);
}

static inline int64_t gen_home_ts(const struct gen_world *w, struct gen_rng *r, uint32_t day,
                                  uint32_t sod)
{
    return gen_at_local(w, w->home->tz_q, day, sod, gen_below(r, 1000));
}

/* Local calendar day (0-based in the period) of an instant. */
static inline uint32_t gen_local_day(const struct gen_world *w, int64_t ts)
{
    return (uint32_t)((ts - w->start_ms) / 86400000);
}

static int gen_year(const struct gen_world *w)
{
    int y;
    unsigned m, d;

    gen_civil_from_days(w->start_day, &y, &m, &d);
    return y;
}

/* A resident adult's account (e-wallet with probability p_ew, else bank) without a role, of the
 * given sex and age; after 300 tries any account without a role, GEN_NONE after 400. */
static uint32_t gen_pick_resident(const struct gen_world *w, struct gen_rng *r, double p_ew,
                                  uint8_t sex, int age_lo, int age_hi)
{
    int y = gen_year(w);

    for (int t = 0; t < 400; t++) {
        const struct gen_range *rg = &w->rg[gen_chance(r, p_ew) ? AC_EWALLET : AC_BANK];
        uint32_t a = rg->lo + gen_below(r, rg->n);
        const struct gen_acct *x = &w->acct[a];
        int age = y - x->birth_year;
        if (!gen_pick_free(w, a))
            continue;
        if (t < 300 && (x->sex != sex || age < age_lo || age > age_hi))
            continue;
        return a;
    }
    return GEN_NONE;
}

static inline int64_t gen_home_nice(const struct gen_world *w, struct gen_rng *r, double usd)
{
    uint8_t cur = w->home->cur;

    return gen_round_nice(usd * gen_cur_tab[cur].per_usd, cur, r);
}

static inline double gen_home_major(const struct gen_world *w, int64_t minor, uint8_t cur)
{
    return gen_convert(minor, cur, w->home->cur);
}

static int gen_cmp_ev_ts(const void *a, const void *b, void *ctx)
{
    const struct gen_event *ev = ctx;
    const struct gen_event *x = &ev[*(const uint32_t *)a], *y = &ev[*(const uint32_t *)b];

    if (x->ts_ms != y->ts_ms)
        return x->ts_ms < y->ts_ms ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Indices of the events from ev_lo on whose creditor is `acct`, in time order; *n their
 * count. Caller frees. */
static uint32_t *gen_inflows(const struct gen_plan *pl, uint32_t ev_lo, uint32_t acct, uint32_t *n)
{
    uint32_t k = 0, *idx = jaga_malloc(((size_t)(pl->n_ev - ev_lo) + 1) * sizeof(*idx));

    if (!idx)
        return NULL;
    for (uint32_t i = ev_lo; i < pl->n_ev; i++)
        if (pl->ev[i].creditor == acct)
            idx[k++] = i;
    qsort_r(idx, k, sizeof(*idx), gen_cmp_ev_ts, pl->ev);
    *n = k;
    return idx;
}

/* Onward movement of an account's inflows (RF-LAY-01, RF-MULE-01): every gap (drawn in
 * [gap_lo_h, gap_hi_h] hours) after the first inflow, a share in [frac_lo, frac_hi] of what came
 * in since the last move leaves, either split over all targets or to one target drawn by
 * weight. A target with lazy_role >= 0 is labelled on the first transaction it receives. */
#define GEN_MAX_TO 6
struct gen_drain {
    uint32_t from, lab;
    uint32_t n_to;
    uint32_t to[GEN_MAX_TO], to_lab[GEN_MAX_TO];
    double to_w[GEN_MAX_TO];
    uint8_t to_chan[GEN_MAX_TO];
    uint16_t to_mcc[GEN_MAX_TO];
    int8_t lazy_role[GEN_MAX_TO];
    uint8_t typ;
    bool split;
    double gap_lo_h, gap_hi_h, frac_lo, frac_hi;
    const struct gen_memo_src *memo;
    uint32_t n_memo;
};

JAGA_COLD static int gen_plan_drain(struct gen_world *w, struct gen_plan *pl, struct gen_rng *r,
                                    struct gen_drain *d, uint32_t ev_lo)
{
    uint8_t cur = w->home->cur;
    double min = 2 * gen_cur_tab[cur].unit, acc = 0;
    uint32_t n_in, k = 0, *idx = gen_inflows(pl, ev_lo, d->from, &n_in);
    int64_t next;

    if (!idx)
        return -ENOMEM;
    if (!n_in)
        goto out;
#define GEN_GAP() ((int64_t)((d->gap_lo_h + (d->gap_hi_h - d->gap_lo_h) * gen_unit(r)) * 3600000.0))
    for (next = pl->ev[idx[0]].ts_ms + GEN_GAP(); next < w->end_ms; next += GEN_GAP()) {
        double part, wsum = 0;
        for (; k < n_in && pl->ev[idx[k]].ts_ms <= next; k++)
            acc += gen_home_major(w, pl->ev[idx[k]].amount_minor, pl->ev[idx[k]].cur);
        if (k == n_in && acc < min)
            break;
        part = acc * (d->frac_lo + (d->frac_hi - d->frac_lo) * gen_unit(r));
        if (part < min)
            continue;
        acc = 0;
        double share[GEN_MAX_TO];
        for (uint32_t t = 0; t < d->n_to; t++) {
            share[t] = d->split ? d->to_w[t] * (0.5 + gen_unit(r)) : 0;
            wsum += share[t];
        }
        if (!d->split) {
            double tw = 0, x;
            for (uint32_t t = 0; t < d->n_to; t++)
                tw += d->to_w[t];
            x = gen_unit(r) * tw;
            for (uint32_t t = 0; t < d->n_to; t++) {
                if (x < d->to_w[t] || t + 1 == d->n_to) {
                    share[t] = wsum = 1;
                    break;
                }
                x -= d->to_w[t];
            }
        }
        int64_t ts = next;
        for (uint32_t t = 0; t < d->n_to; t++) {
            struct gen_event *e;
            if (share[t] <= 0)
                continue;
            if (ts >= w->end_ms)
                break;
            if (d->lazy_role[t] >= 0 && d->to_lab[t] == GEN_NONE &&
                (d->to_lab[t] = gen_lab_new(pl, d->to[t], d->typ, (uint8_t)d->lazy_role[t])) ==
                    GEN_NONE)
                goto nomem;
            e = gen_ev_at(pl, ts, d->from, d->to[t], gen_round_nice(part * share[t] / wsum, cur, r),
                          cur, d->to_chan[t], d->to_mcc[t], d->lab, d->to_lab[t]);
            if (!e)
                goto nomem;
            gen_ev_memo(e, r, d->memo, d->n_memo);
            ts += 60000 + gen_below(r, 1800000);
        }
    }
#undef GEN_GAP
out:
    jaga_free(idx);
    return 0;
nomem:
    jaga_free(idx);
    return -ENOMEM;
}

/* CSAM micro-sales (§7.3): a seller's e-wallet collects Rp10,000-165,000 (§1.1, Polda Metro
 * Jaya cases; PH: the same rupiah prices converted at the table's rates and rounded to PHP 5,
 * which lands on the PHP 50-300 the PH DOJ reports) from 20-150 distinct domestic payers (§8,
 * "107 subscribers"; the spread is assumed, skewed low), each paying 1-3 times, mostly men
 * (85%, assumed) aged 18-60, by e-wallet transfer or QR, evenings and nights more than the
 * background (assumed). Half the sellers also take payments through a payment gateway, which a
 * fifth of their payers use (RF-CH-09; shares assumed): the switch then sees the payer paying the
 * gateway (creditor the gateway's merchant account, MCC 7399, channel `other`, for the
 * payment-link and virtual-account rails that are neither card nor QR) and the gateway settling
 * the day's sales net of a 2.5% fee to the seller's e-wallet the next night (assumed). Every
 * 1-3 days the seller sweeps 80-98% of what came in to their own bank account (PPATK, §3
 * RF-LAY-01; fraction assumed around its 80%), the account linked by holder_id. The seller is
 * a man in 80% of cases, 19-40 (assumed). Budget: payments about 0.005% of --tx (assumed). */
JAGA_COLD static int gen_plan_csam(struct gen_world *w, struct gen_plan *pl, uint64_t n_tx)
{
    static const uint32_t idr_price[] = { 10000, 15000, 20000,  25000,  35000,
                                          50000, 75000, 100000, 150000, 165000 };
    static const double k_w[3] = { 60, 28, 12 };
    const struct gen_home *h = w->home;
    bool ph = h == &gen_home_tab[HOME_PH];
    uint32_t overlap = w->rg[AC_BANK].n > w->ew_first ? w->rg[AC_BANK].n - w->ew_first : 0;
    uint32_t max_sel = JAGA_MAX(1u, w->rg[AC_EWALLET].n / 500), n_sel = 0, k_cum[3];
    double budget = (double)n_tx * 5e-5;
    uint64_t planned = 0;
    int y = gen_year(w), ret;
    struct gen_rng r;

    gen_rng_seed(&r, w->seed, GEN_STREAM_CSAM);
    gen_cum32(k_w, 3, k_cum);
    while (overlap && (n_sel == 0 || (double)planned < budget) && n_sel < max_sel) {
        uint32_t s = GEN_NONE, gw = GEN_NONE, lab, ev_lo = pl->n_ev, n_tier, np, a0;
        uint8_t sex = gen_chance(&r, 0.8) ? 'M' : 'F';
        int64_t tier[4];

        /* An e-wallet whose holder also has a bank account. */
        for (int t = 0; t < 400 && s == GEN_NONE; t++) {
            uint32_t a = w->rg[AC_EWALLET].lo + gen_below(&r, overlap);
            const struct gen_acct *x = &w->acct[a];
            if (gen_pick_free(w, a) &&
                (t >= 300 || (x->sex == sex && y - x->birth_year >= 19 && y - x->birth_year <= 40)))
                s = a;
        }
        if (s == GEN_NONE)
            break;
        gen_role_set(w, s, ROLE_SELLER);
        if ((lab = gen_lab_new(pl, s, TY_CSAM, LR_SELLER)) == GEN_NONE)
            return -ENOMEM;
        n_sel++;
        n_tier = gen_range_u(&r, 2, 4);
        for (uint32_t i = 0; i < n_tier; i++) {
            int64_t idr = idr_price[gen_below(&r, JAGA_ARRAY_SIZE(idr_price))];
            tier[i] = ph ? gen_round_step(gen_convert(idr, CUR_IDR, CUR_PHP), CUR_PHP, 5.0) : idr;
        }
        if (gen_chance(&r, 0.5))
            gw = w->rg[AC_GATEWAY].lo + gen_below(&r, w->rg[AC_GATEWAY].n);
        /* 70% sell through the whole period, the rest start during it (assumed). */
        a0 = gen_chance(&r, 0.7) ? 0 : gen_below(&r, w->days);
        np = 20 + (uint32_t)(130 * gen_unit(&r) * gen_unit(&r));
        for (uint32_t j = 0; j < np; j++) {
            uint32_t pa = gen_pick_resident(w, &r, 0.75, gen_chance(&r, 0.85) ? 'M' : 'F', 18, 60);
            uint32_t k = 1 + gen_pick_cum(k_cum, 3, gen_u32(&r));
            int64_t my = tier[gen_below(&r, n_tier)];
            bool via_gw = gw != GEN_NONE && gen_chance(&r, 0.2);
            double day = a0 + gen_unit(&r) * (w->days - a0);

            if (pa == GEN_NONE)
                break;
            for (uint32_t m = 0; m < k && day < w->days; m++) {
                int64_t ts = gen_home_ts(w, &r, (uint32_t)day, gen_sod_late(&r, 0.55));
                int64_t amt = m == 0 || gen_chance(&r, 0.7) ? my : tier[gen_below(&r, n_tier)];
                struct gen_event *e;

                if (via_gw)
                    e = gen_ev_at(pl, ts, pa, gw, amt, h->cur, CH_OTHER, w->acct[gw].mcc, lab,
                                  GEN_NONE);
                else
                    e = gen_ev_at(pl, ts, pa, s, amt, h->cur,
                                  gen_chance(&r, 0.65) ? CH_EWALLET : CH_QR, 0, lab, GEN_NONE);
                if (!e)
                    return -ENOMEM;
                GEN_MEMO_PICK(e, &r, ph, ph_csam_memo, id_csam_memo);
                planned++;
                /* Repeat purchases a week apart on average (assumed). */
                day += gen_gamma2(&r, 7.0);
            }
        }
        if (gw != GEN_NONE) {
            uint32_t n_in, *idx = gen_inflows(pl, ev_lo, gw, &n_in);
            if (!idx)
                return -ENOMEM;
            for (uint32_t i = 0, j; i < n_in; i = j) {
                uint32_t day = gen_local_day(w, pl->ev[idx[i]].ts_ms);
                double sum = 0;
                for (j = i; j < n_in && gen_local_day(w, pl->ev[idx[j]].ts_ms) == day; j++)
                    sum += gen_home_major(w, pl->ev[idx[j]].amount_minor, pl->ev[idx[j]].cur);
                int64_t ts = gen_home_ts(w, &r, day + 1, 3600 + gen_below(&r, 4 * 3600));
                if (ts >= w->end_ms)
                    continue;
                struct gen_event *e = gen_ev_at(pl, ts, gw, s, gen_round_cents(sum * 0.975, h->cur),
                                                h->cur, CH_TRANSFER, 0, lab, GEN_NONE);
                if (!e) {
                    jaga_free(idx);
                    return -ENOMEM;
                }
                gen_ev_memo(e, &r, gen_settle_memo, JAGA_ARRAY_SIZE(gen_settle_memo));
            }
            jaga_free(idx);
        }
        struct gen_drain d = {
            .from = s,
            .lab = lab,
            .n_to = 1,
            .to = { w->rg[AC_BANK].lo + (w->acct[s].holder - 1) },
            .to_lab = { GEN_NONE },
            .to_w = { 1 },
            .to_chan = { gen_chance(&r, 0.6) ? CH_INSTANT : CH_TRANSFER },
            .lazy_role = { -1 },
            .typ = TY_CSAM,
            .gap_lo_h = 24,
            .gap_hi_h = 72,
            .frac_lo = 0.8,
            .frac_hi = 0.98,
            .memo = ph ? ph_cashout_memo : id_cashout_memo,
            .n_memo = ph ? JAGA_ARRAY_SIZE(ph_cashout_memo) : JAGA_ARRAY_SIZE(id_cashout_memo),
        };
        if ((ret = gen_plan_drain(w, pl, &r, &d, ev_lo)) < 0)
            return ret;
    }
    return 0;
}

/* Domestic child-prostitution broker (§7.4, PPATK via §1.1): inflows of Rp2-5 juta (PH: the
 * same converted at the table's rates, about PHP 7,000-17,500, rounded to PHP 500; assumed) from
 * 5-30 distinct domestic parties (brief; skewed low, assumed), clients being men (95%) aged
 * 25-60, each paying once or twice (assumed), mostly in the evening and at night (assumed);
 * within 1-3 days 70-95% moves on, split over 2-5 other accounts (PPATK "several accounts";
 * fraction assumed). The broker is a man in 55% of cases, 20-45 (assumed). The onward accounts
 * are labelled too, role broker_recipient: PPATK describes them as part of the layering, and a
 * two-hop rule (RF-NET-01) can find them; the payers are not labelled. Budget: inflows about
 * 0.002% of --tx (assumed). */
JAGA_COLD static int gen_plan_broker(struct gen_world *w, struct gen_plan *pl, uint64_t n_tx)
{
    const struct gen_home *h = w->home;
    bool ph = h == &gen_home_tab[HOME_PH];
    uint32_t max_b = JAGA_MAX(1u, (w->rg[AC_BANK].n + w->rg[AC_EWALLET].n) / 2000), n_b = 0;
    double budget = (double)n_tx * 2e-5;
    uint64_t planned = 0;
    struct gen_rng r;
    int ret;

    gen_rng_seed(&r, w->seed, GEN_STREAM_BROKER);
    while ((n_b == 0 || (double)planned < budget) && n_b < max_b) {
        uint32_t b = gen_pick_resident(w, &r, 0.5, gen_chance(&r, 0.55) ? 'M' : 'F', 20, 45);
        uint32_t lab, ev_lo = pl->n_ev, np;
        struct gen_drain d = {
            .typ = TY_BROKER,
            .split = true,
            .gap_lo_h = 24,
            .gap_hi_h = 72,
            .frac_lo = 0.7,
            .frac_hi = 0.95,
            .memo = ph ? ph_sweep_memo : id_sweep_memo,
            .n_memo = ph ? JAGA_ARRAY_SIZE(ph_sweep_memo) : JAGA_ARRAY_SIZE(id_sweep_memo),
        };

        if (b == GEN_NONE)
            break;
        gen_role_set(w, b, ROLE_BROKER);
        if ((lab = gen_lab_new(pl, b, TY_BROKER, LR_BROKER)) == GEN_NONE)
            return -ENOMEM;
        n_b++;
        d.from = b;
        d.lab = lab;
        d.n_to = gen_range_u(&r, 2, 5);
        for (uint32_t t = 0; t < d.n_to; t++) {
            uint32_t o = gen_pick_resident(w, &r, 0.5, gen_chance(&r, 0.6) ? 'F' : 'M', 18, 60);
            double u = gen_unit(&r);
            if (o == GEN_NONE) {
                d.n_to = t;
                break;
            }
            gen_role_set(w, o, ROLE_RCPT);
            d.to[t] = o;
            d.to_lab[t] = GEN_NONE;
            d.to_w[t] = 1;
            d.to_chan[t] = u < 0.5 ? CH_INSTANT : u < 0.8 ? CH_TRANSFER : CH_EWALLET;
            d.lazy_role[t] = LR_RCPT;
        }
        np = 5 + (uint32_t)(25 * gen_unit(&r) * gen_unit(&r));
        for (uint32_t j = 0; j < np; j++) {
            uint32_t pa = gen_pick_resident(w, &r, 0.5, gen_chance(&r, 0.95) ? 'M' : 'F', 25, 60);
            uint32_t k = gen_chance(&r, 0.3) ? 2 : 1;
            double day = gen_below(&r, w->days);

            if (pa == GEN_NONE)
                break;
            for (uint32_t m = 0; m < k && day < w->days; m++) {
                int64_t idr = 2000000 + 100000 * (int64_t)gen_below(&r, 31);
                int64_t amt =
                    ph ? gen_round_step(gen_convert(idr, CUR_IDR, CUR_PHP), CUR_PHP, 500.0) : idr;
                double u = gen_unit(&r);
                uint8_t ch = u < 0.5 ? CH_INSTANT : u < 0.85 ? CH_EWALLET : CH_TRANSFER;
                struct gen_event *e =
                    gen_ev_at(pl, gen_home_ts(w, &r, (uint32_t)day, gen_sod_late(&r, 0.7)), pa, b,
                              amt, h->cur, ch, 0, lab, GEN_NONE);
                if (!e)
                    return -ENOMEM;
                GEN_MEMO_PICK(e, &r, ph, ph_broker_memo, id_broker_memo);
                planned++;
                day += 3 + gen_gamma2(&r, 7.0);
            }
        }
        if (d.n_to && (ret = gen_plan_drain(w, pl, &r, &d, ev_lo)) < 0)
            return ret;
    }
    return 0;
}

/* A minor's e-wallet without a role: 14-17 and male with probability p_male (after 300 tries any
 * minor without a role). */
static uint32_t gen_pick_victim(const struct gen_world *w, struct gen_rng *r, double p_male)
{
    int y = gen_year(w);
    uint8_t sex = gen_chance(r, p_male) ? 'M' : 'F';

    for (int t = 0; t < 400; t++) {
        uint32_t a = w->rg[AC_MINOR].lo + gen_below(r, w->rg[AC_MINOR].n);
        const struct gen_acct *x = &w->acct[a];
        int age = y - x->birth_year;
        if (!gen_pick_free(w, a))
            continue;
        if (t < 300 && (x->sex != sex || age < 14 || age > 17))
            continue;
        return a;
    }
    return GEN_NONE;
}

/* A new e-wallet of a young adult (18-25) opened 1-89 days before local day f, without a role;
 * failing that, any new e-wallet opened before day f. */
static uint32_t gen_pick_mule(const struct gen_world *w, struct gen_rng *r, uint32_t f)
{
    const struct gen_range *rg = &w->rg[AC_NEWACC];
    int64_t day = w->start_day + f;
    uint32_t lo = 0, hi = 0;
    int y = gen_year(w);

    while (lo < rg->n && w->acct[rg->lo + lo].opened < day - 89)
        lo++;
    hi = lo;
    while (hi < rg->n && w->acct[rg->lo + hi].opened < day)
        hi++;
    for (int t = 0; t < 400 && hi > 0; t++) {
        bool in = t < 300 && hi > lo;
        uint32_t a = rg->lo + (in ? lo + gen_below(r, hi - lo) : gen_below(r, hi));
        const struct gen_acct *x = &w->acct[a];
        if (!gen_pick_free(w, a))
            continue;
        if (in && (y - x->birth_year < 18 || y - x->birth_year > 25))
            continue;
        return a;
    }
    return GEN_NONE;
}

/* Financially motivated sextortion (§7.5, §7.6, §8). A network: one collection (mule) account in
 * the country, a new e-wallet of a young adult (18-25) opened within the 90 days before its
 * first receipt (RF-NEW-01), collecting for 7-30 days (assumed) from 10-100 victims (§8,
 * assumed; skewed low), plus up to a third as many victims again who pay the network's
 * collection account abroad directly (Nigeria 70%, Cote d'Ivoire 30%; §1.3 DSA; shares assumed)
 * by outbound remittance. A victim is a minor's e-wallet (guardian-linked), 14-17, male with
 * probability 0.92 (§8 ">90% male"), paying 1-5 times (weights 30/25/20/15/10, assumed) within
 * 24-48 h (§8), most of them early, in the evening or at night for 70% of victims (assumed):
 * the first under EUR 250 and the total at most EUR 1,500 (FATF 2025; converted at the table's
 * rates), later demands 0.8-2.0 times the previous one (assumed). Payments are P2P (e-wallet or
 * instant, or the remittance abroad) about 75% of the time and gift cards (60%) or game credits
 * (40%) otherwise (§8; split assumed): one payment per victim is P2P, so that the collector is
 * paid, and the others with probability 0.6, which comes to about 75% overall. 35% of victims
 * first get a top-up from their guardian 10 minutes to 3 hours before (FinCEN FIN-2025-NTC2
 * "drawn from a parent's account"; share assumed), planned but not labelled. Then the burst
 * stops. The mule moves 85-98% onward every 2-24 hours (RF-MULE-01 "quickly"; assumed) to a
 * domestic crypto exchange (channel crypto, MCC 6051) or to the collection account abroad, 70%
 * of mules preferring crypto and sending 85% of their moves that way (§1.3 "solely via crypto"
 * in Nigerian cases; shares assumed). The account abroad is labelled role collector under
 * sextortion_mule. Budget: victims' payments about 0.003% of --tx (assumed). */
JAGA_COLD static int gen_plan_fsec(struct gen_world *w, struct gen_plan *pl, uint64_t n_tx)
{
    static const double np_w[5] = { 30, 25, 20, 15, 10 };
    const struct gen_home *h = w->home;
    bool ph = h == &gen_home_tab[HOME_PH];
    uint32_t max_net = JAGA_MAX(1u, w->rg[AC_NEWACC].n / 20), n_net = 0, np_cum[5];
    double per = gen_cur_tab[h->cur].per_usd, scale = gen_pow10(gen_cur_tab[h->cur].decimals);
    int64_t step = h->cur == CUR_IDR ? 1000 : 100; /* whole pesos, thousands of rupiah */
    double budget = (double)n_tx * 3e-5;
    uint64_t planned = 0;
    struct gen_rng r;
    int ret;

    gen_rng_seed(&r, w->seed, GEN_STREAM_FSEC);
    gen_cum32(np_w, 5, np_cum);
    while ((n_net == 0 || (double)planned < budget) && n_net < max_net) {
        uint32_t f0 = gen_below(&r, w->days);
        uint32_t len = gen_range_u(&r, 7, 30);
        uint32_t mule = gen_pick_mule(w, &r, f0), ab = GEN_NONE, mlab, ev_lo = pl->n_ev;
        uint32_t coll_lab = GEN_NONE, nv, nd;
        bool pref_crypto;

        len = JAGA_MIN(len, w->days - f0);
        if (mule == GEN_NONE)
            break;
        for (int t = 0; t < 64 && ab == GEN_NONE; t++) {
            uint32_t a = w->rg[AC_ABROAD].lo + gen_below(&r, w->rg[AC_ABROAD].n);
            if (gen_pick_free(w, a))
                ab = a;
        }
        if (ab == GEN_NONE)
            break;
        gen_role_set(w, mule, ROLE_MULE);
        gen_role_set(w, ab, ROLE_MULE);
        if ((mlab = gen_lab_new(pl, mule, TY_MULE, LR_MULE)) == GEN_NONE)
            return -ENOMEM;
        n_net++;
        pref_crypto = gen_chance(&r, 0.7);
        nv = 10 + (uint32_t)(90 * gen_unit(&r) * gen_unit(&r) * gen_unit(&r));
        nd = (uint32_t)(nv * gen_unit(&r) / 3);
        for (uint32_t v = 0; v < nv + nd; v++) {
            bool abroad = v >= nv;
            uint32_t vic = gen_pick_victim(w, &r, 0.92), vlab;
            uint32_t np = 1 + gen_pick_cum(np_cum, 5, gen_u32(&r)), force;
            double eur[5], tot = 0;
            int64_t ts[5], paid;
            double span = (24 + 24 * gen_unit(&r)) * 3600000.0;
            uint32_t sod = gen_chance(&r, 0.7) ? (19 * 3600 + gen_below(&r, 7 * 3600)) % 86400
                                               : 10 * 3600 + gen_below(&r, 9 * 3600);

            if (vic == GEN_NONE)
                break;
            gen_role_set(w, vic, ROLE_VICTIM);
            if ((vlab = gen_lab_new(pl, vic, TY_VICTIM, LR_VICTIM)) == GEN_NONE)
                return -ENOMEM;
            ts[0] = gen_home_ts(w, &r, f0 + gen_below(&r, len), sod);
            for (uint32_t i = 1; i < np; i++) {
                double u = gen_unit(&r);
                ts[i] = ts[0] + 60000 + (int64_t)(span * u * u);
            }
            for (uint32_t i = 1; i < np; i++) /* insertion sort of at most four */
                for (uint32_t j = i; j > 1 && ts[j] < ts[j - 1]; j--) {
                    int64_t t = ts[j];
                    ts[j] = ts[j - 1];
                    ts[j - 1] = t;
                }
            for (uint32_t i = 0; i < np; i++) {
                eur[i] = i == 0 ? gen_qtab_draw(&w->dist[D_FSEC], &r) * 0.92
                                : eur[i - 1] * (0.8 + 1.2 * gen_unit(&r));
                if (tot + eur[i] > 1500)
                    eur[i] = 1500 - tot;
                if (eur[i] < 5) {
                    np = i;
                    break;
                }
                tot += eur[i];
            }
            if (gen_chance(&r, 0.35)) {
                int64_t tt = ts[0] - (int64_t)(10 + gen_below(&r, 170)) * 60000;
                struct gen_event *e;
                if (tt > w->start_ms) {
                    e = gen_ev_at(pl, tt, gen_guardian_acct(w, vic), vic,
                                  gen_home_nice(w, &r, eur[0] / 0.92 * (1 + 0.5 * gen_unit(&r))),
                                  h->cur, gen_chance(&r, 0.7) ? CH_EWALLET : CH_INSTANT, 0,
                                  GEN_NONE, GEN_NONE);
                    if (!e)
                        return -ENOMEM;
                    GEN_MEMO_PICK(e, &r, ph, ph_allow_memo, id_allow_memo);
                }
            }
            force = gen_below(&r, np);
            paid = 0;
            for (uint32_t i = 0; i < np; i++) {
                /* Rounded in the home currency, the first stays under EUR 250 and the total
                 * at most EUR 1,500: rounding may only go down at the caps. */
                int64_t amt = gen_home_nice(w, &r, eur[i] / 0.92);
                int64_t lim = (int64_t)(GEN_EUR(i ? 1500.0 : 249.99) * per * scale) - paid;
                struct gen_event *e;

                if (amt > lim)
                    amt = lim / step * step;
                if (ts[i] >= w->end_ms || amt <= 0)
                    break;
                paid += amt;
                if (i == force || gen_chance(&r, 0.6)) {
                    if (abroad) {
                        if (coll_lab == GEN_NONE &&
                            (coll_lab = gen_lab_new(pl, ab, TY_MULE, LR_COLLECTOR)) == GEN_NONE)
                            return -ENOMEM;
                        e = gen_ev_at(pl, ts[i], vic, ab, amt, h->cur, CH_REMITTANCE, 0, vlab,
                                      coll_lab);
                    } else {
                        e = gen_ev_at(pl, ts[i], vic, mule, amt, h->cur,
                                      gen_chance(&r, 0.7) ? CH_EWALLET : CH_INSTANT, 0, vlab, mlab);
                    }
                } else {
                    bool gift = gen_chance(&r, 0.6);
                    int cat = gift ? AC_GIFT : AC_GAME;
                    uint32_t m = w->rg[cat].lo + gen_below(&r, w->rg[cat].n);
                    e = gen_ev_at(pl, ts[i], vic, m, amt, h->cur, gift ? CH_GIFTCARD : CH_GAMING,
                                  w->acct[m].mcc, vlab, GEN_NONE);
                }
                if (!e)
                    return -ENOMEM;
                GEN_MEMO_PICK(e, &r, ph, ph_victim_memo, id_victim_memo);
                planned++;
            }
        }
        struct gen_drain d = {
            .from = mule,
            .lab = mlab,
            .n_to = 2,
            .to = { w->rg[AC_VASP].lo + gen_below(&r, w->rg[AC_VASP].n), ab },
            .to_lab = { GEN_NONE, coll_lab },
            .to_w = { pref_crypto ? 0.85 : 0.15, pref_crypto ? 0.15 : 0.85 },
            .to_chan = { CH_CRYPTO, CH_REMITTANCE },
            .lazy_role = { -1, LR_COLLECTOR },
            .typ = TY_MULE,
            .gap_lo_h = 2,
            .gap_hi_h = 24,
            .frac_lo = 0.85,
            .frac_hi = 0.98,
            .memo = gen_mule_memo,
            .n_memo = JAGA_ARRAY_SIZE(gen_mule_memo),
        };
        d.to_mcc[0] = w->acct[d.to[0]].mcc;
        if ((ret = gen_plan_drain(w, pl, &r, &d, ev_lo)) < 0)
            return ret;
    }
    return 0;
}

/* Which LSAC buyers travel (§8: 5-10% of buyers; AIC 671): each with probability 5% at 35 rising
 * to 10% at 70 (FINTRAC 2025: older buyers travel more; the slope is assumed). At least one
 * when there are buyers. Returns how many, their buyer indices in out[]. */
static uint32_t gen_travel_pick(const struct gen_world *w, const struct gen_plan *pl,
                                struct gen_rng *r, uint32_t *out)
{
    int y = gen_year(w);
    uint32_t n = 0;

    for (uint32_t bi = 0; bi < pl->n_buyer; bi++) {
        double age = y - w->acct[pl->buyer[bi].acct].birth_year;
        double p = 0.05 + 0.05 * JAGA_MIN(1.0, JAGA_MAX(0.0, (age - 35) / 35));
        if (gen_chance(r, p))
            out[n++] = bi;
    }
    if (!n && pl->n_buyer)
        out[n++] = gen_below(r, pl->n_buyer);
    return n;
}

/* Whole banknotes: an ATM dispenses multiples of PHP 100 (60% of withdrawals in PHP 500 steps)
 * or of Rp 50,000 (assumed). */
static int64_t gen_round_atm(double major, uint8_t cur, struct gen_rng *r)
{
    if (cur == CUR_IDR)
        return gen_round_step(major, cur, 50000);
    if (cur == CUR_PHP)
        return gen_round_step(major, cur, gen_chance(r, 0.6) ? 500 : 100);
    return gen_round_whole(major, cur);
}

/* Travel to offend (§7.7, §3 RF-TRV-01). The buyer's own foreign card (a card token of the
 * buyer's country, linked to the buyer's account by holder_id; the buyer's remittance account
 * is not a card) shows up in the country 1-10 days after the middle one of his corridor payments
 * (or right after the last, or the first, when the period ends too soon; AUSTRAC's "escalation
 * then an airline ticket"), as domestically acquired card spend with debtor_country his and
 * creditor_country the scenario country: a domestic flight or an agency package on arrival
 * (70% / 30%, assumed), a hotel for 7-21 nights (FINTRAC 2025 "longer stays"; the range is
 * assumed against the visitors' 2-14) billed weekly and at check-out, an ATM withdrawal on 60%
 * of the days (FINTRAC 2025 "excessive ATM withdrawals"), half at the per-withdrawal cap (PHP
 * 20,000 / Rp 5 juta, assumed), jewellery for 40% of travellers (FINTRAC 2025; share assumed),
 * and 0-2 ordinary card payments a day. Anything after the end of the period is cut. */
JAGA_COLD static int gen_plan_travel(struct gen_world *w, struct gen_plan *pl, struct gen_rng *r,
                                     const uint32_t *trav, uint32_t n_trav)
{
    const struct gen_home *h = w->home;
    bool ph = h == &gen_home_tab[HOME_PH];
    uint8_t cur = h->cur;
    double per = gen_cur_tab[cur].per_usd, cap = ph ? 20000 : 5000000;
    uint32_t *cnt = jaga_calloc((size_t)n_trav + 1, sizeof(*cnt)), *of, *off;
    int64_t *pts = NULL;
    int ret = -ENOMEM;

    of = jaga_malloc(((size_t)pl->n_buyer + 1) * sizeof(*of));
    off = jaga_calloc((size_t)n_trav + 1, sizeof(*off));
    if (!cnt || !of || !off)
        goto out;
    for (uint32_t i = 0; i < pl->n_buyer; i++)
        of[i] = GEN_NONE;
    for (uint32_t t = 0; t < n_trav; t++)
        of[trav[t]] = t;
    /* Every traveller's corridor payments, in time order (a counting sort by traveller). */
    for (uint32_t i = 0; i < pl->n_ev; i++)
        if (pl->ev[i].kind == EV_PAY && of[pl->ev[i].buyer] != GEN_NONE)
            off[of[pl->ev[i].buyer] + 1]++;
    for (uint32_t t = 0; t < n_trav; t++)
        off[t + 1] += off[t];
    pts = jaga_malloc(((size_t)off[n_trav] + 1) * sizeof(*pts));
    if (!pts)
        goto out;
    for (uint32_t i = 0; i < pl->n_ev; i++)
        if (pl->ev[i].kind == EV_PAY && of[pl->ev[i].buyer] != GEN_NONE) {
            uint32_t t = of[pl->ev[i].buyer];
            pts[off[t] + cnt[t]++] = pl->ev[i].ts_ms;
        }
    for (uint32_t t = 0; t < n_trav; t++) {
        int64_t *p = pts + off[t];
        uint32_t n = cnt[t];
        for (uint32_t i = 1; i < n; i++)
            for (uint32_t j = i; j > 0 && p[j] < p[j - 1]; j--) {
                int64_t x = p[j];
                p[j] = p[j - 1];
                p[j - 1] = x;
            }
    }

    for (uint32_t t = 0; t < n_trav; t++) {
        const struct gen_buyer *b = &pl->buyer[trav[t]];
        const struct gen_acct *ba = &w->acct[b->acct];
        uint32_t card = w->rg[AC_FCARD].lo + w->n_visitor + t, lab, nights, da, hotel, last = 0;
        struct gen_acct *ca = &w->acct[card];
        const int64_t *p = pts + off[t];
        uint32_t n = cnt[t];
        int64_t arr;
        double rate;
        struct gen_event *e;

        ca->holder = ba->holder;
        ca->name1 = ba->name1;
        ca->name2 = ba->name2;
        ca->birth_year = ba->birth_year;
        ca->sex = ba->sex;
        ca->ns = ba->ns;
        ca->cc = ba->cc;
        ca->tz_q = ba->tz_q;
        ca->kyc = 2;
        ca->opened = ba->opened + (int32_t)gen_below(r, 365);
        ca->opened = JAGA_MIN(ca->opened, (int32_t)w->start_day - 30);
        gen_hot_update(w, card);
        if (!n)
            continue;
        arr = p[n / 2] + (int64_t)gen_range_u(r, 1, 10) * 86400000;
        if (arr >= w->end_ms - 12 * 3600000)
            arr = p[n - 1] + (int64_t)gen_range_u(r, 6, 36) * 3600000;
        if (arr >= w->end_ms - 2 * 3600000)
            arr = p[0] + 2 * 3600000;
        if (arr >= w->end_ms)
            continue;
        gen_role_set(w, card, ROLE_TRAV);
        if ((lab = gen_lab_new(pl, card, TY_TRAVEL, LR_TRAV)) == GEN_NONE)
            goto out;
        da = gen_local_day(w, arr);
        nights = gen_range_u(r, 7, 21);
        hotel = w->rg[AC_HOTEL].lo + gen_below(r, w->rg[AC_HOTEL].n);
        rate = gen_qtab_draw(&w->dist[D_HOTEL_NIGHT], r);
        {
            bool agency = gen_chance(r, 0.3) || w->n_carrier == 0;
            uint32_t m = w->rg[AC_AIR].lo +
                         (agency ? w->n_carrier + gen_below(r, w->rg[AC_AIR].n - w->n_carrier)
                                 : gen_below(r, w->n_carrier));
            int64_t ts = arr + (int64_t)gen_range_u(r, 1, 6) * 3600000 + gen_below(r, 3600000);
            if (ts >= w->end_ms)
                ts = arr;
            e = gen_ev_at(pl, ts, card, m,
                          gen_round_cents(gen_qtab_draw(&w->dist[D_AIR], r) * per, cur), cur,
                          CH_CARD, w->acct[m].mcc, lab, GEN_NONE);
            if (!e)
                goto out;
        }
        for (uint32_t i = 0; i <= nights && da + i < w->days; i++) {
            uint32_t day = da + i, k = gen_below(r, 3);
            if (i && (i % 7 == 0 || i == nights)) {
                int64_t ts = gen_home_ts(w, r, day, 10 * 3600 + gen_below(r, 2 * 3600));
                e = gen_ev_at(pl, ts, card, hotel, gen_round_cents(rate * (i - last) * per, cur),
                              cur, CH_CARD, 7011, lab, GEN_NONE);
                if (!e)
                    goto out;
                last = i;
            }
            if (i && gen_chance(r, 0.6)) {
                uint32_t m = w->rg[AC_ATM].lo + gen_below(r, w->rg[AC_ATM].n);
                double major =
                    gen_chance(r, 0.5) ? cap : gen_qtab_draw(&w->dist[D_ATM_VISITOR], r) * per;
                int64_t ts = gen_home_ts(w, r, day, 9 * 3600 + gen_below(r, 14 * 3600));
                e = gen_ev_at(pl, ts, card, m, gen_round_atm(JAGA_MIN(major, cap), cur, r), cur,
                              CH_ATM, 6011, lab, GEN_NONE);
                if (!e)
                    goto out;
            }
            for (uint32_t j = 0; j < k && i; j++) {
                uint32_t m = w->rg[AC_MERCHANT].lo + gen_below(r, w->rg[AC_MERCHANT].n);
                int64_t ts = gen_home_ts(w, r, day, 8 * 3600 + gen_below(r, 15 * 3600));
                e = gen_ev_at(
                    pl, ts, card, m,
                    gen_round_cents(gen_qtab_draw(&w->dist[D_VISITOR_CARD], r) * per, cur), cur,
                    CH_CARD, w->acct[m].mcc, lab, GEN_NONE);
                if (!e)
                    goto out;
            }
        }
        if (gen_chance(r, 0.4)) {
            uint32_t day = da + gen_range_u(r, 1, nights);
            uint32_t m = w->rg[AC_JEWEL].lo + gen_below(r, w->rg[AC_JEWEL].n);
            double usd = gen_qtab_draw(&w->dist[D_JEWEL], r);
            if (day < w->days) {
                int64_t ts = gen_home_ts(w, r, day, 10 * 3600 + gen_below(r, 10 * 3600));
                e = gen_ev_at(pl, ts, card, m, gen_home_nice(w, r, usd), cur, CH_CARD, 5944, lab,
                              GEN_NONE);
                if (!e)
                    goto out;
            }
        }
    }
    ret = 0;
out:
    jaga_free(cnt);
    jaga_free(of);
    jaga_free(off);
    jaga_free(pts);
    return ret;
}

/* Everything planned after LSAC and the watch list: the travellers are chosen, the extra
 * population is built around them, then travel, CSAM sales, brokers and sextortion are
 * planned, and the whole schedule becomes a heap. Runs below 10,000 transactions get the extra
 * population but no injected traffic, like LSAC. */
JAGA_COLD static int gen_plan_more(struct gen_world *w, struct gen_plan *pl, uint64_t n_tx)
{
    struct gen_rng r;
    uint32_t *trav = jaga_malloc(((size_t)pl->n_buyer + 1) * sizeof(*trav)), n_trav = 0;
    int ret;

    if (!trav)
        return -ENOMEM;
    gen_rng_seed(&r, w->seed, GEN_STREAM_TRAVEL);
    if (n_tx >= 10000)
        n_trav = gen_travel_pick(w, pl, &r, trav);
    if ((ret = gen_world_extend(w, n_trav)) < 0 ||
        (n_tx >= 10000 &&
         ((ret = gen_plan_travel(w, pl, &r, trav, n_trav)) < 0 ||
          (ret = gen_plan_csam(w, pl, n_tx)) < 0 || (ret = gen_plan_broker(w, pl, n_tx)) < 0 ||
          (ret = gen_plan_fsec(w, pl, n_tx)) < 0))) {
        jaga_free(trav);
        return ret;
    }
    jaga_free(trav);
    gen_heapify(pl->ev, pl->n_ev);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Watch list                                                                                  */
/* ------------------------------------------------------------------------------------------ */

static size_t gen_name_str(const struct gen_world *w, const struct gen_acct *a, char *buf,
                           size_t cap)
{
    char tmp[256];
    size_t n = (size_t)(gen_put_name(w, tmp, (uint32_t)(a - w->acct)) - tmp);

    if (n >= cap)
        n = cap - 1;
    memcpy(buf, tmp, n);
    buf[n] = 0;
    return n;
}

static void gen_upper(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 'a' + 'A');
}

/* A spelling variant of a name: one letter doubled, dropped or swapped with its neighbour.
 * Only ASCII letters are touched so the UTF-8 stays valid. */
static void gen_misspell(char *s, struct gen_rng *r)
{
    size_t n = strlen(s);
    size_t i;

    if (n < 4)
        return;
    i = 1 + gen_below(r, (uint32_t)(n - 2));
    if (!((s[i] >= 'a' && s[i] <= 'z') && (s[i + 1] >= 'a' && s[i + 1] <= 'z')))
        return;
    switch (gen_below(r, 3)) {
    case 0: /* double */
        if (n + 1 < 96) {
            memmove(s + i + 1, s + i, n - i + 1);
        }
        break;
    case 1: /* drop */ memmove(s + i, s + i + 1, n - i); break;
    default: { /* swap */
        char t = s[i];
        s[i] = s[i + 1];
        s[i + 1] = t;
        break;
    }
    }
}

static struct gen_watch *gen_watch_add(struct gen_plan *pl, uint32_t cap)
{
    JAGA_BUG_ON(pl->n_watch >= cap);
    struct gen_watch *e = &pl->watch[pl->n_watch++];
    memset(e, 0, sizeof(*e));
    e->acct = e->like = GEN_NONE;
    return e;
}

/* Entries (RF-WL-01/02/03): about 20% of facilitators by account (LE-FACILITATOR, severity 3,
 * brief); another ~15% by name only with a nickname alias (assumed); decoys, i.e. persons
 * wanted by law enforcement whose names match or nearly match innocent customers (same name
 * with another birth year, or one letter off), so name matching meets its false positives;
 * and OFFENDER-REGISTRY persons: the most active buyer and one person who is not a customer. */
JAGA_COLD static int gen_watch_build(struct gen_world *w, struct gen_plan *pl)
{
    struct gen_rng r;
    uint32_t n_acc = pl->n_fac ? JAGA_MAX(1u, (pl->n_fac + 2) / 5) : 0;
    uint32_t n_name = pl->n_fac * 15 / 100;
    uint32_t n_decoy = JAGA_MAX(3u, pl->n_fac / 2);
    uint32_t cap = n_acc + n_name + n_decoy + 4;

    gen_rng_seed(&r, w->seed, 3);
    pl->watch = jaga_calloc(cap, sizeof(*pl->watch));
    if (!pl->watch)
        return -ENOMEM;
    for (uint32_t i = 0; i < n_acc + n_name && i < pl->n_fac; i++) {
        /* Facilitators were planned in random order, so the first ones are a fair sample. */
        const struct gen_acct *a = &w->acct[pl->fac[i].acct];
        struct gen_watch *e = gen_watch_add(pl, cap);
        e->list = 0;
        e->birth_year = a->birth_year;
        memcpy(e->cc, w->home->cc, 2);
        gen_name_str(w, a, e->name, sizeof(e->name));
        if (i < n_acc) {
            e->acct = pl->fac[i].acct;
            e->severity = 3;
        } else {
            e->severity = 2;
            if (gen_chance(&r, 0.5))
                gen_misspell(e->name, &r);
        }
        /* Aliases: a nickname with the family name, and the name upper-cased as banks print
         * it. */
        char up[96];
        memcpy(up, e->name, sizeof(up));
        gen_upper(up);
        const struct gen_str *nick = &w->str[w->nick.first + gen_below(&r, w->nick.n)];
        const struct gen_str *last = &w->str[a->name2];
        snprintf(e->aliases, sizeof(e->aliases), "%.*s%s%.*s|%s", (int)nick->len, nick->s,
                 a->name2 ? " " : "", (int)(a->name2 ? last->len : 0), last->s, up);
    }
    for (uint32_t i = 0; i < n_decoy; i++) {
        uint32_t a;
        int t = 0;
        do {
            a = w->rg[AC_BANK].lo + gen_below(&r, w->rg[AC_BANK].n + w->rg[AC_EWALLET].n);
        } while (w->acct[a].role && ++t < 100);
        const struct gen_acct *x = &w->acct[a];
        struct gen_watch *e = gen_watch_add(pl, cap);
        e->like = a;
        e->list = 0;
        e->severity = (uint8_t)gen_range_u(&r, 2, 3);
        memcpy(e->cc, w->home->cc, 2);
        gen_name_str(w, x, e->name, sizeof(e->name));
        if (gen_chance(&r, 0.5)) {
            /* Same name, a different person: birth year differs by 3-15 years. */
            int dy = (int)gen_range_u(&r, 3, 15) * (gen_chance(&r, 0.5) ? 1 : -1);
            e->birth_year = (uint16_t)(x->birth_year + dy);
        } else {
            gen_misspell(e->name, &r);
            e->birth_year = gen_chance(&r, 0.5) ? x->birth_year : 0;
        }
    }
    if (pl->n_buyer) {
        uint32_t best = 0;
        for (uint32_t i = 1; i < pl->n_buyer; i++)
            if (pl->buyer[i].k > pl->buyer[best].k)
                best = i;
        const struct gen_acct *a = &w->acct[pl->buyer[best].acct];
        struct gen_watch *e = gen_watch_add(pl, cap);
        e->list = 1;
        e->severity = 3;
        e->birth_year = a->birth_year;
        memcpy(e->cc, gen_cc_of(w, a), 2);
        gen_name_str(w, a, e->name, sizeof(e->name));
        memcpy(e->aliases, e->name, sizeof(e->name));
        gen_upper(e->aliases);
    }
    {
        /* A registered offender who is not a customer of this switch. */
        struct gen_watch *e = gen_watch_add(pl, cap);
        const struct gen_nameset *s = &w->ns[NS_EN];
        const struct gen_str *f = &w->str[s->m.first + gen_below(&r, s->m.n)];
        const struct gen_str *l = &w->str[s->l.first + gen_below(&r, s->l.n)];
        e->list = 1;
        e->severity = 3;
        e->birth_year = (uint16_t)gen_range_u(&r, 1955, 1985);
        memcpy(e->cc, gen_chance(&r, 0.5) ? "AU" : "US", 2);
        snprintf(e->name, sizeof(e->name), "%.*s %.*s", (int)f->len, f->s, (int)l->len, l->s);
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Reference files                                                                             */
/* ------------------------------------------------------------------------------------------ */

static int gen_open_in(struct gen_out *o, char *path, size_t cap, const char *dir, const char *file)
{
    if ((size_t)snprintf(path, cap, "%s/%s", dir, file) >= cap)
        return -ENAMETOOLONG;
    return gen_out_open(o, path);
}

static int gen_cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

/* Sorted copy of the accounts a[0..n). Caller frees; NULL when out of memory. */
static uint32_t *gen_sorted_accts(const uint32_t *a, uint32_t n)
{
    uint32_t *v = jaga_malloc(((size_t)n + 1) * sizeof(*v));

    if (!v)
        return NULL;
    memcpy(v, a, (size_t)n * sizeof(*v));
    qsort(v, n, sizeof(*v), gen_cmp_u32);
    return v;
}

/* Is account i in the sorted list v[0..n)? The cursor *k only moves forward, so a pass over the
 * accounts in index order merges the list in once. */
static inline bool gen_in_sorted(const uint32_t *v, uint32_t n, uint32_t *k, uint32_t i)
{
    while (*k < n && v[*k] < i)
        (*k)++;
    return *k < n && v[*k] == i;
}

/* The lookalikes.csv writer: one row per (account, group), accounts in index order and an
 * account's groups in group order, accounts with an injected role left out. */
struct gen_la_out {
    struct gen_out o;
    const uint8_t *la; /* the marks the stream left (struct gen.la) */
    uint32_t *hub, *decoy, n_hub, n_decoy, kh, kd;
    const uint32_t *fl; /* labelled freelancers' accounts, sorted (gen_fl_labelled) */
    uint32_t n_fl, kf;
    uint8_t by_bit[AC_N][8][2], n_by_bit[AC_N][8]; /* rules of (category, bit), table order */
    uint8_t decoy_cats, fl_cats, name_len[LA_N];
    uint64_t rows;
};

JAGA_COLD static int gen_la_open(struct gen_la_out *lo, const struct gen_world *w,
                                 const struct gen_plan *pl, const uint8_t *la, const uint32_t *fl,
                                 uint32_t n_fl, const char *dir, char *path, size_t cap)
{
    uint32_t *tmp, nt = 0;
    int ret;

    memset(lo, 0, sizeof(*lo));
    lo->o.fd = -1; /* gen_open_in can fail before it opens anything */
    lo->la = la;
    lo->fl = fl;
    lo->n_fl = n_fl;
    /* The file first, so that any failure is reported against it. */
    if ((ret = gen_open_in(&lo->o, path, cap, dir, "lookalikes.csv")) < 0)
        return ret;
    lo->o.len = (size_t)(gen_put_lit(lo->o.buf, "account_id,group\n") - lo->o.buf);
    tmp = jaga_malloc(((size_t)pl->n_watch + 1) * sizeof(*tmp));
    if (!tmp)
        return -ENOMEM;
    for (uint32_t i = 0; i < pl->n_watch; i++)
        if (pl->watch[i].like != GEN_NONE)
            tmp[nt++] = pl->watch[i].like;
    lo->decoy = gen_sorted_accts(tmp, nt);
    lo->n_decoy = nt;
    lo->hub = gen_sorted_accts(w->hub, w->n_hub);
    lo->n_hub = w->n_hub;
    jaga_free(tmp);
    if (!lo->decoy || !lo->hub)
        return -ENOMEM;
    for (int k = 0; k < LA_N; k++)
        lo->name_len[k] = (uint8_t)strlen(jaga_gen_lookalikes[k].name);
    for (uint32_t k = 0; k < JAGA_ARRAY_SIZE(gen_la_rule); k++) {
        const struct gen_la_rule *ru = &gen_la_rule[k];
        for (int c = 0; c < AC_N; c++) {
            if (!(ru->cats >> c & 1))
                continue;
            if (ru->how == LH_DECOY || ru->how == LH_FREELANCE) {
                JAGA_BUG_ON(c >= 8);
                if (ru->how == LH_DECOY)
                    lo->decoy_cats |= (uint8_t)(1u << c);
                else
                    lo->fl_cats |= (uint8_t)(1u << c);
                continue;
            }
            int b = __builtin_ctz(ru->bit);
            JAGA_BUG_ON(lo->n_by_bit[c][b] >= 2);
            lo->by_bit[c][b][lo->n_by_bit[c][b]++] = (uint8_t)k;
        }
    }
    return 0;
}

static inline char *gen_la_row(struct gen_la_out *lo, char *p, const char *id, size_t id_len,
                               uint8_t group)
{
    p = gen_put_mem(p, id, id_len);
    *p++ = ',';
    p = gen_put_mem(p, jaga_gen_lookalikes[group].name, lo->name_len[group]);
    *p++ = '\n';
    lo->rows++;
    return p;
}

/* Account i's rows. Accounts must come in index order. No syscall but the buffered block
 * writes. */
static inline int gen_la_account(struct gen_la_out *lo, const struct gen_world *w, uint32_t i)
{
    const struct gen_range *fc = &w->rg[AC_FCARD];
    bool is_decoy = gen_in_sorted(lo->decoy, lo->n_decoy, &lo->kd, i);
    bool is_fl = gen_in_sorted(lo->fl, lo->n_fl, &lo->kf, i);
    uint8_t m = lo->la[i], c;
    char id[32], *p;
    size_t id_len;

    if ((!m && !is_decoy && !is_fl) || gen_has_role(w, i))
        return 0;
    c = w->acct[i].cat;
    id_len = (size_t)(gen_put_acct_id(w, id, i) - id);
    p = lo->o.buf + lo->o.len;
    /* Only the bits that are set: few per account, so few branches to mispredict. */
    for (unsigned bits = m; bits; bits &= bits - 1) {
        int b = __builtin_ctz(bits);
        for (uint32_t j = 0; j < lo->n_by_bit[c][b]; j++) {
            const struct gen_la_rule *ru = &gen_la_rule[lo->by_bit[c][b][j]];
            if (ru->how == LH_HUB && !gen_in_sorted(lo->hub, lo->n_hub, &lo->kh, i))
                continue;
            if (ru->how == LH_VISIT_FAMILY &&
                !(i - fc->lo < w->n_visitor && (w->visit[i - fc->lo].flags & 1)))
                continue;
            p = gen_la_row(lo, p, id, id_len, ru->group);
        }
    }
    if (is_decoy && (lo->decoy_cats >> c & 1))
        p = gen_la_row(lo, p, id, id_len, LA_WATCHLIST_DECOY);
    if (is_fl && (lo->fl_cats >> c & 1))
        p = gen_la_row(lo, p, id, id_len, LA_FREELANCER);
    lo->o.len = (size_t)(p - lo->o.buf);
    return gen_out_maybe_flush(&lo->o);
}

/* Closes the file, if it was opened, and frees the lists. */
static int gen_la_close(struct gen_la_out *lo)
{
    int ret = lo->o.fd >= 0 ? gen_out_close(&lo->o) : 0;

    jaga_free(lo->decoy);
    jaga_free(lo->hub);
    lo->decoy = lo->hub = NULL;
    return ret;
}

JAGA_COLD static int gen_write_accounts(const struct gen_world *w, const char *dir, char *path,
                                        size_t cap)
{
    struct gen_out o;
    int ret = gen_open_in(&o, path, cap, dir, "accounts.csv");

    if (ret < 0)
        return ret;
    char *p = o.buf;
    p = gen_put_lit(p, "account_id,kind,opened,birth_year,sex,country,kyc_level,holder_id,"
                       "guardian_id\n");
    o.len = (size_t)(p - o.buf);
    for (uint32_t i = 0; i < w->n_acct && !ret; i++) {
        const struct gen_acct *a = &w->acct[i];
        const char *kind = gen_ac_kind[a->cat];
        const char *cc = gen_cc_of(w, a);

        p = o.buf + o.len;
        p = gen_put_acct_id(w, p, i);
        *p++ = ',';
        p = gen_put_mem(p, kind, strlen(kind));
        *p++ = ',';
        p = gen_put_date(p, a->opened);
        *p++ = ',';
        if (a->birth_year)
            p = gen_put_u64(p, a->birth_year);
        *p++ = ',';
        if (a->sex)
            *p++ = (char)a->sex;
        *p++ = ',';
        p = gen_put_mem(p, cc, 2);
        *p++ = ',';
        *p++ = (char)('0' + a->kyc);
        *p++ = ',';
        /* holder_id / guardian_id name persons: PH-P-00012345 (guardian is the adult). */
        if (a->holder) {
            p = gen_put_mem(p, cc, 2);
            p = gen_put_lit(p, "-P-");
            p = gen_put_id8(w, p, a->holder);
        }
        *p++ = ',';
        if (a->guardian) {
            p = gen_put_mem(p, w->home->cc, 2);
            p = gen_put_lit(p, "-P-");
            p = gen_put_id8(w, p, a->guardian);
        }
        *p++ = '\n';
        o.len = (size_t)(p - o.buf);
        ret = gen_out_maybe_flush(&o);
    }
    int ret2 = gen_out_close(&o);
    return ret ? ret : ret2;
}

/* lookalikes.csv, after the stream has left its marks in `la`. Written in a pass of its own:
 * folding it into accounts.csv's pass (written after the stream then) would format each id only
 * once, but measured slower, in system time. */
JAGA_COLD static int gen_write_lookalikes(const struct gen_world *w, const struct gen_plan *pl,
                                          const uint8_t *la, const uint32_t *fl, uint32_t n_fl,
                                          const char *dir, char *path, size_t cap, uint64_t *n_rows)
{
    struct gen_la_out lo;
    int ret = gen_la_open(&lo, w, pl, la, fl, n_fl, dir, path, cap);

    for (uint32_t i = 0; i < w->n_acct && !ret; i++)
        ret = gen_la_account(&lo, w, i);
    int ret2 = gen_la_close(&lo);
    *n_rows = lo.rows;
    return ret ? ret : ret2;
}

JAGA_COLD static int gen_write_watch(const struct gen_world *w, const struct gen_plan *pl,
                                     const char *dir, char *path, size_t cap)
{
    static const char *const list_name[] = { "LE-FACILITATOR", "OFFENDER-REGISTRY" };
    struct gen_out o;
    int ret = gen_open_in(&o, path, cap, dir, "watchlist.csv");
    char *p;

    if (ret < 0)
        return ret;
    p = gen_put_lit(o.buf, "entry_id,list,kind,account_id,name,aliases,birth_year,country,"
                           "severity\n");
    o.len = (size_t)(p - o.buf);
    for (uint32_t i = 0; i < pl->n_watch && !ret; i++) {
        const struct gen_watch *e = &pl->watch[i];

        p = o.buf + o.len;
        p = gen_put_lit(p, "WL");
        p = gen_put_fixed(p, i + 1, 6);
        *p++ = ',';
        p = gen_put_mem(p, list_name[e->list], strlen(list_name[e->list]));
        *p++ = ',';
        if (e->acct != GEN_NONE) {
            p = gen_put_lit(p, "account,");
            p = gen_put_acct_id(w, p, e->acct);
        } else {
            p = gen_put_lit(p, "person,");
        }
        *p++ = ',';
        p = gen_put_mem(p, e->name, strlen(e->name));
        *p++ = ',';
        p = gen_put_mem(p, e->aliases, strlen(e->aliases));
        *p++ = ',';
        if (e->birth_year)
            p = gen_put_u64(p, e->birth_year);
        *p++ = ',';
        p = gen_put_mem(p, e->cc, 2);
        *p++ = ',';
        *p++ = (char)('0' + e->severity);
        *p++ = '\n';
        o.len = (size_t)(p - o.buf);
        ret = gen_out_maybe_flush(&o);
    }
    int ret2 = gen_out_close(&o);
    return ret ? ret : ret2;
}

JAGA_COLD static int gen_write_truth(const struct gen_world *w, const struct gen_plan *pl,
                                     const char *dir, char *path, size_t cap)
{
    struct gen_out o;
    int ret = gen_open_in(&o, path, cap, dir, "truth.csv");

    if (ret < 0)
        return ret;
    char *p = o.buf;
    p = gen_put_lit(p, "account_id,role,typology,first_tx_id\n");
    o.len = (size_t)(p - o.buf);
    for (uint32_t i = 0; i < pl->n_buyer + pl->n_fac && !ret; i++) {
        bool isb = i < pl->n_buyer;
        uint32_t a = isb ? pl->buyer[i].acct : pl->fac[i - pl->n_buyer].acct;
        uint64_t seq = isb ? pl->buyer[i].first_seq : pl->fac[i - pl->n_buyer].first_seq;

        p = o.buf + o.len;
        p = gen_put_acct_id(w, p, a);
        p = isb ? gen_put_lit(p, ",buyer,lsac_buyer,")
                : gen_put_lit(p, ",facilitator,lsac_facilitator,");
        if (seq != UINT64_MAX) {
            p = gen_put_tx_id(w, p, seq);
        }
        *p++ = '\n';
        o.len = (size_t)(p - o.buf);
        ret = gen_out_maybe_flush(&o);
    }
    for (uint32_t i = 0; i < pl->n_lab && !ret; i++) {
        const struct gen_label *l = &pl->lab[i];
        const char *role = gen_lrole_name[l->role], *typ = gen_typ_name[l->typ];

        p = o.buf + o.len;
        p = gen_put_acct_id(w, p, l->acct);
        *p++ = ',';
        p = gen_put_mem(p, role, strlen(role));
        *p++ = ',';
        p = gen_put_mem(p, typ, strlen(typ));
        *p++ = ',';
        if (l->first_seq != UINT64_MAX)
            p = gen_put_tx_id(w, p, l->first_seq);
        *p++ = '\n';
        o.len = (size_t)(p - o.buf);
        ret = gen_out_maybe_flush(&o);
    }
    int ret2 = gen_out_close(&o);
    return ret ? ret : ret2;
}

/* ------------------------------------------------------------------------------------------ */
/* Background behaviour and the time-ordered stream                                            */
/* ------------------------------------------------------------------------------------------ */

/* Transactions are generated a burst at a time and then written: the account records a burst
 * touches are prefetched while it is generated, so the writer finds them in cache. */
#define GEN_BURST        64
#define GEN_BIN_MIN      5
#define GEN_BIN_MS       ((int64_t)GEN_BIN_MIN * 60000)
#define GEN_BINS_PER_DAY (1440 / GEN_BIN_MIN)

enum gen_ms_id {
    MS_REMIT,
    MS_P2P,
    MS_SELLER,
    MS_CROWD,
    MS_GAME,
    MS_SALARY,
    MS_BILLS,
    MS_TRANSFER,
    MS_CASHOUT,
    MS_ALLOW,
    MS_GROUP,
    MS_PAYOUT,
    MS_SETTLE,
    MS_EMPTY,
    MS_N
};

/* A teen's game session: the same minor tops up 2-5 times within 1-24 hours (assumed). */
#define GEN_SESSIONS 16
struct gen_session {
    uint32_t teen, left;
    int64_t until_ms;
};

/* A freelancer paid from abroad (BG_FREELANCE): one receiving account and 2-5 contracts with
 * distinct clients abroad, flc[c0 .. c0 + n_c). */
struct gen_fl {
    uint32_t acct;
    uint32_t c0;
    uint8_t n_c;
    uint8_t paid; /* bit j: contract c0 + j has paid in the stream (the look-alike mark) */
    int64_t acc;  /* income not yet moved on, in minor units of the home currency */
};

/* How a client writes the memo of an invoice payment. */
enum {
    FS_EMPTY,
    FS_INVOICE,       /* "invoice 1043" */
    FS_INV_DASH,      /* "INV-1043" */
    FS_INV_HASH,      /* "Invoice #1043" */
    FS_SERVICE,       /* "web design" */
    FS_SERVICE_MONTH, /* "VA services March" */
    FS_SALARY,        /* "salary March", purpose SALA: a remote employee on a monthly retainer */
    FS_PAYOUT,        /* platforms: "payout 123456" */
    FS_WITHDRAWAL,    /* platforms: "withdrawal 123456" */
};

/* One freelancer's contract with one client. An invoice falls due every `period` days from local
 * day `first` (weekly and biweekly work), or with period 0 monthly on day `dom` of the month (0:
 * the last day). */
struct gen_fl_contract {
    int64_t amount_minor; /* the fixed invoice, or an hourly contract's typical one */
    uint32_t fl, client, inv;
    uint8_t grp, cur, chan, purpose, style, service, period, first, dom;
    bool hourly;
};

struct gen {
    struct gen_world *w;
    struct gen_plan *pl;
    struct gen_writer *wr;
    struct gen_rng r;
    uint64_t seq;
    struct gen_memoset memo[MS_N];
    uint32_t cat_cum[BG_N];
    uint32_t grp_cum[GEN_MAX_GROUPS];
    uint32_t remitter_per_cc;
    /* Takings not yet moved on, in minor units of the home currency: per online seller, per
     * campaign, per savings-group treasurer (BG_SWEEP and BG_GROUP pay out of these). */
    int64_t *acc_seller, *acc_camp, *acc_group;
    /* Look-alike marks (LM_*), one byte per account of the grown world: a byte keeps a 10M
     * population's marks at 10 MB and a 400k one's in L2. */
    uint8_t *la;
    /* Progress line: the clock is read when seq reaches prog_next (UINT64_MAX when off), so
     * the stream pays one compare per burst. */
    uint64_t n_total, prog_next;
    double prog_t0, prog_last;
    int prog_len;
    struct gen_session sess[GEN_SESSIONS];
    /* Freelancers (gen_fl_build). The contracts of sender group gi due on local day d are
     * fl_due[fl_due_off[d * n_grp + gi] ..]; the stream pays a group's due contracts of the day
     * once each, from a random start. */
    struct gen_fl *fl;
    struct gen_fl_contract *flc;
    uint32_t n_fl, n_flc;
    uint32_t *fl_due, *fl_due_off;
    uint32_t fl_grp_cum[GEN_MAX_GROUPS];
    uint32_t fl_used[GEN_MAX_GROUPS], fl_start[GEN_MAX_GROUPS], fl_day[GEN_MAX_GROUPS];
    double fl_p_in;        /* share of the current bin's BG_FREELANCE slots that are invoices */
    double prof_mean[P_N]; /* gen_prof_mean() of each profile, once */
    /* truth_tx.csv, written as the stream reaches each injected transaction. */
    struct gen_out tt;
    uint64_t tt_rows;
    struct gen_tx burst[GEN_BURST];
};

static inline double gen_prof_at(int prof, double local_min)
{
    const double *p = gen_prof_tab[prof];
    double h = local_min / 60.0;
    int h0 = (int)h;
    double f = h - h0;

    h0 %= 24;
    return p[h0] + (p[(h0 + 1) % 24] - p[h0]) * f;
}

static double gen_prof_mean(int prof)
{
    double s = 0;

    for (int i = 0; i < 24; i++)
        s += gen_prof_tab[prof][i];
    return s / 24;
}

static bool gen_is_payday(const struct gen_home *h, int64_t day)
{
    int y;
    unsigned m, d;

    gen_civil_from_days(day, &y, &m, &d);
    for (int i = 0; i < 2; i++) {
        unsigned pd = h->payday[i] ? h->payday[i] : gen_days_in_month(y, m);
        if (d == pd)
            return true;
    }
    return false;
}

/* Share of BG_FREELANCE's volume that is invoices paid (the rest: freelancers moving income on;
 * assumed). */
#define GEN_FL_IN 0.75

/* Weights of every background category, and of every sender group inside BG_REMIT (grp) and
 * BG_FREELANCE (fgrp), for 5-minute bin b; *p_in is the share of BG_FREELANCE's weight that is
 * invoices. Day effects (assumed): payroll runs on paydays and hardly at weekends; office traffic
 * halves at weekends; retail and game top-ups rise at weekends, remittances too. Invoices follow
 * the contracts falling due that day in each sender group (weekdays only), paid in the client's
 * office hours; freelancers move money on in their own retail hours. */
static double gen_bin_weights(const struct gen *gn, uint32_t b, double *cat, double *grp,
                              double *fgrp, double *p_in)
{
    const struct gen_world *w = gn->w;
    int64_t day = w->start_day + b / GEN_BINS_PER_DAY;
    double lmin = (double)((b % GEN_BINS_PER_DAY) * GEN_BIN_MIN) + GEN_BIN_MIN / 2.0;
    int dow = (int)(((day + 4) % 7 + 7) % 7); /* 0 = Sunday */
    bool weekend = dow == 0 || dow == 6;
    bool payday = gen_is_payday(w->home, day);
    double tot = 0, gsum = 0, gshare = 0, smin[GEN_MAX_GROUPS];

    /* Each sender group's local minute of the day. */
    for (uint32_t g = 0; g < w->n_grp; g++)
        smin[g] = fmod(lmin + (w->grp[g].tz_q - w->home->tz_q) * 15.0 + 2880.0, 1440.0);
    for (int c = 0; c < BG_N; c++) {
        double mod = 1.0;
        int p = gen_bg_prof[c];

        switch (c) {
        case BG_SALARY: mod = weekend ? 0.1 : payday ? 5.0 : 1.0; break;
        case BG_BILLS:
        case BG_TRANSFER: mod = weekend ? 0.5 : 1.0; break;
        case BG_GAMING: mod = weekend ? 1.3 : 1.0; break;
        case BG_REMIT: mod = weekend ? 1.2 : 1.0; break;
        default: mod = weekend ? 1.1 : 1.0; break;
        }
        if (c == BG_FREELANCE) {
            const uint32_t *off = gn->fl_due_off + (b / GEN_BINS_PER_DAY) * w->n_grp;
            uint32_t n_due = gn->fl_due_off[w->days * w->n_grp];
            double in = 0, out;
            for (uint32_t g = 0; g < w->n_grp; g++) {
                fgrp[g] = off[g + 1] == off[g]
                              ? 0
                              : (off[g + 1] - off[g]) * gen_prof_at(P_OFFICE, smin[g]);
                in += fgrp[g];
            }
            in = n_due ? gen_bg_share[c] * GEN_FL_IN * w->days * in /
                             (n_due * gn->prof_mean[P_OFFICE])
                       : 0;
            out = gn->n_flc ? gen_bg_share[c] * (1 - GEN_FL_IN) * gen_prof_at(P_RETAIL, lmin) /
                                  gn->prof_mean[P_RETAIL]
                            : 0;
            cat[c] = in + out;
            *p_in = cat[c] > 0 ? in / cat[c] : 0;
        } else if (c == BG_REMIT) {
            for (uint32_t g = 0; g < w->n_grp; g++) {
                grp[g] = w->grp[g].n ? w->grp[g].share * gen_prof_at(P_REMIT, smin[g]) : 0;
                gsum += grp[g];
                gshare += w->grp[g].share;
            }
            cat[c] = gen_bg_share[c] * mod * gsum / (gshare * gn->prof_mean[P_REMIT]);
        } else {
            cat[c] = gen_bg_share[c] * mod * gen_prof_at(p, lmin) / gn->prof_mean[p];
        }
        tot += cat[c];
    }
    return tot;
}

static inline uint32_t gen_pick_adult(struct gen *g)
{
    const struct gen_world *w = g->w;
    uint32_t n = w->rg[AC_BANK].n + w->rg[AC_EWALLET].n;
    uint32_t x = gen_below(&g->r, n);

    /* Heavy and light users (assumed): half the draws are squared towards low ranks, and the
     * ranks are scattered over the accounts by multiplying with a prime that no valid n is a
     * multiple of, so that heavy users are found among bank and e-wallet holders alike. */
    if (x & 1)
        x = (uint32_t)((uint64_t)x * x / n);
    return w->rg[AC_BANK].lo + (uint32_t)((uint64_t)x * 2654435761u % n);
}

static inline uint32_t gen_pick_in(struct gen *g, int cat)
{
    return g->w->rg[cat].lo + gen_below(&g->r, g->w->rg[cat].n);
}

/* Popular ones first: u^3 puts most draws on a few campaigns/sellers (assumed). */
static inline uint32_t gen_pick_popular(struct gen *g, int cat, int power)
{
    double u = gen_unit(&g->r), v = u;

    for (int i = 1; i < power; i++)
        v *= u;
    return g->w->rg[cat].lo + (uint32_t)(v * g->w->rg[cat].n);
}

static inline void gen_memo(struct gen *g, int set, struct gen_tx *tx, bool set_purpose)
{
    const struct gen_memoset *ms = &g->memo[set];
    uint32_t i = gen_pick_cum(ms->cum, ms->n, gen_u32(&g->r));
    const struct gen_str *s = &g->w->str[ms->sid[i]];

    if (set_purpose)
        tx->purpose = ms->purpose[i];
    if (!ms->digits[i]) {
        tx->memo = s->s;
        tx->memo_len = (uint16_t)s->len;
        return;
    }
    char *p = gen_put_mem(tx->memo_store, s->s, s->len);
    *p++ = ' ';
    p = gen_put_fixed(p, gen_next(&g->r) % (ms->digits[i] >= 10 ? 10000000000ull : 1000000),
                      ms->digits[i] >= 10 ? 10 : 6);
    tx->memo = tx->memo_store;
    tx->memo_len = (uint16_t)(p - tx->memo_store);
}

static inline int64_t gen_local_amount(struct gen *g, int dist, int mode)
{
    uint8_t cur = g->w->home->cur;
    double major = gen_qtab_draw(&g->w->dist[dist], &g->r) * gen_cur_tab[cur].per_usd;

    switch (mode) {
    case 0: return gen_round_cents(major, cur);
    case 1: return gen_round_whole(major, cur);
    default:
        return gen_chance(&g->r, 0.6) ? gen_round_nice(major, cur, &g->r)
                                      : gen_round_whole(major, cur);
    }
}

/* A foreign amount: the sender picks a sum in their currency (round 60%, whole 25%, cents
 * 15%; assumed), or a fixed amount in the receiving currency (45% of remittances, assumed). */
static inline void gen_foreign_amount(struct gen *g, struct gen_tx *tx, int dist, uint8_t scur,
                                      double local_share)
{
    uint8_t hcur = g->w->home->cur;
    double usd = gen_qtab_draw(&g->w->dist[dist], &g->r);

    if (gen_chance(&g->r, local_share)) {
        double major = usd * gen_cur_tab[hcur].per_usd;
        tx->cur = hcur;
        tx->amount_minor = gen_chance(&g->r, 0.7) ? gen_round_nice(major, hcur, &g->r)
                                                  : gen_round_cents(major, hcur);
        return;
    }
    double major = usd * gen_cur_tab[scur].per_usd;
    double u = gen_unit(&g->r);
    tx->cur = scur;
    if (u < 0.6)
        tx->amount_minor = gen_round_step(
            major, scur, (gen_chance(&g->r, 0.5) ? 10 : 50) * gen_cur_tab[scur].unit);
    else if (u < 0.85)
        tx->amount_minor = gen_round_whole(major, scur);
    else
        tx->amount_minor = gen_round_cents(major, scur);
}

/* Game top-up denominations (assumed; diamond packs around Rp100,000 per KPAI, §1.1), and
 * gift-card denominations (assumed). */
static const uint32_t ph_game_amt[] = { 20, 50, 100, 200, 300, 500, 1000 };
static const uint32_t id_game_amt[] = { 10000, 20000, 50000, 100000, 150000, 250000, 500000 };
static const uint32_t ph_gift_amt[] = { 100, 250, 500, 1000, 2000 };
static const uint32_t id_gift_amt[] = { 25000, 50000, 100000, 200000, 500000 };

static inline int64_t gen_gift_amount(struct gen *g, bool ph)
{
    uint32_t k = gen_below(&g->r, 5), k2 = gen_below(&g->r, 5);

    k = JAGA_MIN(k, k2); /* small cards are commoner */
    return ph ? (int64_t)ph_gift_amt[k] * 100 : (int64_t)id_gift_amt[k];
}

static inline int64_t gen_game_amount(struct gen *g, bool ph)
{
    uint32_t k = gen_below(&g->r, 7), k2 = gen_below(&g->r, 7);

    /* Small packs are commoner. (Before the look-alikes were added this was written with the
     * draw inside JAGA_MIN, which evaluates it twice and skews less.) */
    k = JAGA_MIN(k, k2);
    return ph ? (int64_t)ph_game_amt[k] * 100 : (int64_t)id_game_amt[k];
}

/* A visitor's hotel and nightly rate: pure functions of the card. */
static inline uint32_t gen_visitor_hotel(const struct gen_world *w, uint32_t c)
{
    return w->rg[AC_HOTEL].lo +
           (uint32_t)(gen_mix64((uint64_t)w->key[0] << 32 | c) % w->rg[AC_HOTEL].n);
}

static inline double gen_visitor_rate(const struct gen_world *w, uint32_t c)
{
    return w->dist[D_HOTEL_NIGHT].v[gen_mix64((uint64_t)w->key[1] << 32 | c) % GEN_QN];
}

/* Sellers and campaigns move takings of at least PHP 1,000 (100,000 centavos) or Rp 100,000
 * (IDR is carried without decimals), in minor units either way (assumed). */
#define GEN_MIN_CASHOUT 100000

/* ------------------------------------------------------------------------------------------ */
/* Freelancers paid from abroad (BG_FREELANCE)                                                 */
/* ------------------------------------------------------------------------------------------ */

/* Residents doing remote work for clients abroad receive several distinct foreign senders'
 * payments, like a facilitator (RF-FAN-IN-01), and move the money on, like a facilitator's
 * sweep (RF-LAY-01). Nothing in redflags.md describes them, so every figure here is assumed. A
 * freelancer is an adult account without an injected role, aged 20-45 when one can be found,
 * with 2-5 contracts (weights 45/30/15/10) with distinct clients: a work platform for 35% of
 * contracts (at most one contract per platform), else a business abroad. A contract bills weekly
 * (35%, on a fixed weekday, Friday for 40%), every two weeks (30%) or monthly (35%, on the 1st,
 * the 15th, the last day or another fixed day, moved to the Monday after a weekend). The invoice
 * is in US$50-1,000 (gen.h), log-normal with median US$250 and 90th percentile US$700
 * (D_FREELANCE), weekly invoices drawn from the lower part of it and monthly ones from the upper;
 * 60% of contracts bill a fixed, round sum (a multiple of 10 or 50 units of its currency) every
 * time, the rest bill hours (0.7-1.3 times the typical invoice, to the cent). Platforms pay in US$
 * (60%) or the home currency, businesses in their own currency (80%) or the home one; by transfer
 * or remittance (platforms 70% / 30%, businesses half and half). Memos: an invoice number that
 * counts up, the service, the service and the month, "salary" and the month (purpose SALA) for 15%
 * of monthly business contracts, or nothing; purpose SCVE (45%) or SUPP (15%) for businesses, SCVE
 * for 40% of platform payouts. The freelancers' number follows the volume: enough contracts that
 * the invoices falling due fill GEN_FL_IN of the category's slots, capped at 1% of resident adult
 * accounts, at least two freelancers. The other slots, and any left once a day's invoices are
 * paid, are the freelancers spending at home (gen_fl_out); otherwise they are ordinary residents
 * whom the other categories draw like anyone else. */
#define GEN_STREAM_FREELANCE 14

/* Local days (0-based in the period) on which contract c falls due, ascending, into day[] (at
 * most 64); returns how many. */
static uint32_t gen_fl_due_days(const struct gen_world *w, const struct gen_fl_contract *c,
                                uint32_t *day)
{
    uint32_t D = w->days, n = 0;
    int y;
    unsigned m, d;

    if (c->period) {
        for (uint32_t x = c->first; x < D && n < 64; x += c->period)
            day[n++] = x;
        return n;
    }
    gen_civil_from_days(w->start_day, &y, &m, &d);
    while (gen_days_from_civil(y, m, 1) - w->start_day < (int64_t)D && n < 64) {
        unsigned dim = gen_days_in_month(y, m);
        int64_t at = gen_days_from_civil(y, m, c->dom == 0 || c->dom > dim ? dim : c->dom);
        int dow = (int)(((at + 4) % 7 + 7) % 7); /* 0 = Sunday */

        at += dow == 6 ? 2 : dow == 0 ? 1 : 0;
        if (at >= w->start_day && at - w->start_day < (int64_t)D)
            day[n++] = (uint32_t)(at - w->start_day);
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    return n;
}

/* Value of the quantile table at u in [0, 1]. */
static double gen_qtab_at(const struct gen_qtab *q, double u)
{
    double x = u * GEN_QN;
    uint32_t i = x >= GEN_QN ? GEN_QN - 1 : (uint32_t)x;

    return q->v[i] + (q->v[i + 1] - q->v[i]) * (x - i);
}

/* Clamps an amount in minor units of `cur` into the freelance band, keeping it a multiple of
 * step_minor. */
static int64_t gen_fl_clamp(int64_t m, uint8_t cur, int64_t step_minor)
{
    double k = gen_cur_tab[cur].per_usd * gen_pow10(gen_cur_tab[cur].decimals);
    int64_t lo = (int64_t)ceil(JAGA_GEN_FREELANCE_LO_USD * k / (double)step_minor) * step_minor;
    int64_t hi = (int64_t)floor(JAGA_GEN_FREELANCE_HI_USD * k / (double)step_minor) * step_minor;

    return m < lo ? lo : m > hi ? hi : m;
}

/* The smallest step an amount in `cur` is rounded to (gen_round_cents), in minor units. */
static int64_t gen_cents_step(uint8_t cur)
{
    return cur == CUR_IDR ? 100 : 1;
}

static void gen_fl_contract_init(struct gen *g, struct gen_rng *r, struct gen_fl_contract *c,
                                 uint32_t client, int dow0)
{
    static const uint8_t dom[] = { 1, 15, 0, 5, 10, 20, 25, 28 };
    const struct gen_world *w = g->w;
    const struct gen_acct *a = &w->acct[client];
    bool platform = client < w->rg[AC_CLIENT].lo + GEN_N_PLATFORM;
    uint8_t hcur = w->home->cur, fcur = gen_foreign_tab[a->cc].cur;
    double u = gen_unit(r), qlo, qhi, major, scale;
    uint32_t wd;

    c->client = client;
    c->grp = 0;
    while (c->grp + 1u < w->n_grp && (w->grp[c->grp].fc != a->cc || w->grp[c->grp].tz_q != a->tz_q))
        c->grp++;
    /* Cadence; the invoice grows with the period it covers. */
    wd = gen_chance(r, 0.4) ? 5 : gen_range_u(r, 1, 4);
    c->first = (uint8_t)((wd + 7 - (uint32_t)dow0) % 7);
    if (u < 0.35) {
        c->period = 7;
        qlo = 0, qhi = 0.6;
    } else if (u < 0.65) {
        c->period = 14;
        c->first = (uint8_t)(c->first + 7 * gen_below(r, 2));
        qlo = 0.15, qhi = 0.85;
    } else {
        u = gen_unit(r);
        c->period = 0;
        c->dom = u < 0.25 ? 1 : u < 0.45 ? 15 : u < 0.7 ? 0 : dom[3 + gen_below(r, 5)];
        qlo = 0.35, qhi = 1;
    }
    c->cur = platform ? (gen_chance(r, 0.6) ? CUR_USD : hcur) : gen_chance(r, 0.8) ? fcur : hcur;
    scale = gen_pow10(gen_cur_tab[c->cur].decimals);
    major = gen_qtab_at(&w->dist[D_FREELANCE], qlo + (qhi - qlo) * gen_unit(r)) *
            gen_cur_tab[c->cur].per_usd;
    c->hourly = gen_chance(r, 0.4);
    if (c->hourly) {
        c->amount_minor = gen_round_cents(major, c->cur);
    } else {
        double step = (gen_chance(r, 0.5) ? 10 : 50) * gen_cur_tab[c->cur].unit;
        c->amount_minor = gen_fl_clamp(gen_round_step(major, c->cur, step), c->cur,
                                       (int64_t)llround(step * scale));
    }
    c->chan = platform ? (gen_chance(r, 0.7) ? CH_TRANSFER : CH_REMITTANCE)
                       : (gen_chance(r, 0.5) ? CH_REMITTANCE : CH_TRANSFER);
    c->service = (uint8_t)gen_below(r, JAGA_ARRAY_SIZE(gen_fl_service));
    c->inv = gen_range_u(r, 1000, 9999);
    u = gen_unit(r);
    if (platform) {
        c->style = u < 0.5 ? FS_PAYOUT : u < 0.7 ? FS_WITHDRAWAL : FS_EMPTY;
        c->purpose = gen_chance(r, 0.4) ? PU_SCVE : PU_NONE;
        return;
    }
    if (c->period == 0 && gen_chance(r, 0.15)) {
        c->style = FS_SALARY;
        c->purpose = PU_SALA;
        return;
    }
    c->style = u < 0.35  ? (uint8_t)(FS_INVOICE + gen_below(r, 3))
               : u < 0.6 ? FS_SERVICE
               : u < 0.8 ? FS_SERVICE_MONTH
                         : FS_EMPTY;
    u = gen_unit(r);
    c->purpose = u < 0.45 ? PU_SCVE : u < 0.6 ? PU_SUPP : PU_NONE;
}

static bool gen_fl_has_client(const struct gen *g, uint32_t c0, uint32_t n, uint32_t client)
{
    for (uint32_t i = 0; i < n; i++)
        if (g->flc[c0 + i].client == client)
            return true;
    return false;
}

/* Builds the freelancers, their contracts and the due lists for a stream of n_bg background
 * transactions. Cold; after planning, so that no freelancer has an injected role. */
JAGA_COLD static int gen_fl_build(struct gen *g, uint64_t n_bg)
{
    static const double nc_w[4] = { 45, 30, 15, 10 };
    const struct gen_world *w = g->w;
    const struct gen_range *cl = &w->rg[AC_CLIENT];
    uint32_t n_adult = w->rg[AC_BANK].n + w->rg[AC_EWALLET].n, cap_fl, cap_f = 0, cap_c = 0;
    uint32_t nc_cum[4];
    uint32_t day[64], n_cell = w->days * w->n_grp;
    int dow0 = (int)(((w->start_day + 4) % 7 + 7) % 7), y = gen_year(w);
    double tot = 0, target, dues = 0;
    uint64_t *taken;
    uint32_t *pos = NULL;
    struct gen_rng r;

    _Static_assert(JAGA_GEN_FREELANCE_CLIENTS_MAX <= 8, "gen_fl.paid holds 8 contracts");
    for (uint32_t i = 0; i < JAGA_ARRAY_SIZE(gen_fl_service); i++)
        JAGA_BUG_ON(strpbrk(gen_fl_service[i], ",\"\r\n") != NULL);
    for (int gi = 0; gi < GEN_MAX_GROUPS; gi++)
        g->fl_day[gi] = UINT32_MAX;
    g->fl_due_off = jaga_calloc((size_t)n_cell + 1, sizeof(*g->fl_due_off));
    taken = jaga_calloc(n_adult / 64 + 1, sizeof(*taken));
    if (!g->fl_due_off || !taken)
        goto nomem;
    gen_rng_seed(&r, w->seed, GEN_STREAM_FREELANCE);
    gen_cum32(nc_w, 4, nc_cum);
    for (int c = 0; c < BG_N; c++)
        tot += gen_bg_share[c];
    target = GEN_FL_IN * (double)n_bg * gen_bg_share[BG_FREELANCE] / tot;
    cap_fl = JAGA_MAX(4u, n_adult / 100);

    while ((dues < target || g->n_fl < 2) && g->n_fl < cap_fl && cl->n > GEN_N_PLATFORM) {
        uint32_t a = GEN_NONE, nc;
        struct gen_fl *f;

        for (int t = 0; t < 64 && a == GEN_NONE; t++) {
            uint32_t i = gen_below(&r, n_adult), age;
            if (taken[i / 64] >> (i % 64) & 1 || gen_has_role(w, w->rg[AC_BANK].lo + i))
                continue;
            age = (uint32_t)(y - w->acct[w->rg[AC_BANK].lo + i].birth_year);
            if (t < 48 && (age < 20 || age > 45))
                continue;
            taken[i / 64] |= 1ull << (i % 64);
            a = w->rg[AC_BANK].lo + i;
        }
        if (a == GEN_NONE)
            break;
        nc = JAGA_GEN_FREELANCE_CLIENTS_MIN + gen_pick_cum(nc_cum, 4, gen_u32(&r));
        if (g->n_fl == cap_f) {
            uint32_t ncap = JAGA_MAX(64u, 2 * cap_f);
            struct gen_fl *nv = jaga_realloc(g->fl, (size_t)ncap * sizeof(*nv));
            if (!nv)
                goto nomem;
            g->fl = nv;
            cap_f = ncap;
        }
        if (g->n_flc + nc > cap_c) {
            uint32_t ncap = JAGA_MAX(256u, 2 * cap_c);
            struct gen_fl_contract *nv = jaga_realloc(g->flc, (size_t)ncap * sizeof(*nv));
            if (!nv)
                goto nomem;
            g->flc = nv;
            cap_c = ncap;
        }
        f = &g->fl[g->n_fl];
        *f = (struct gen_fl){ .acct = a, .c0 = g->n_flc, .n_c = (uint8_t)nc };
        for (uint32_t j = 0; j < nc; j++) {
            struct gen_fl_contract *c = &g->flc[g->n_flc + j];
            uint32_t client;
            int t = 0;
            do {
                client = gen_chance(&r, 0.35)
                             ? cl->lo + gen_below(&r, GEN_N_PLATFORM)
                             : cl->lo + GEN_N_PLATFORM + gen_below(&r, cl->n - GEN_N_PLATFORM);
            } while (gen_fl_has_client(g, f->c0, j, client) && ++t < 64);
            if (t == 64) { /* a tiny population: fewer contracts */
                f->n_c = (uint8_t)j;
                break;
            }
            memset(c, 0, sizeof(*c));
            c->fl = g->n_fl;
            gen_fl_contract_init(g, &r, c, client, dow0);
            dues += gen_fl_due_days(w, c, day);
        }
        g->n_flc += f->n_c;
        g->n_fl++;
    }

    /* Due lists by (day, group): a counting sort, filled with a copy of the offsets as cursors. */
    for (uint32_t i = 0; i < g->n_flc; i++) {
        const struct gen_fl_contract *c = &g->flc[i];
        uint32_t n = gen_fl_due_days(w, c, day);
        for (uint32_t k = 0; k < n; k++)
            g->fl_due_off[day[k] * w->n_grp + c->grp + 1]++;
    }
    for (uint32_t k = 0; k < n_cell; k++)
        g->fl_due_off[k + 1] += g->fl_due_off[k];
    g->fl_due = jaga_malloc(((size_t)g->fl_due_off[n_cell] + 1) * sizeof(*g->fl_due));
    pos = jaga_malloc(((size_t)n_cell + 1) * sizeof(*pos));
    if (!g->fl_due || !pos)
        goto nomem;
    memcpy(pos, g->fl_due_off, ((size_t)n_cell + 1) * sizeof(*pos));
    for (uint32_t i = 0; i < g->n_flc; i++) {
        const struct gen_fl_contract *c = &g->flc[i];
        uint32_t n = gen_fl_due_days(w, c, day);
        for (uint32_t k = 0; k < n; k++)
            g->fl_due[pos[day[k] * w->n_grp + c->grp]++] = i;
    }
    jaga_free(pos);
    jaga_free(taken);
    return 0;
nomem:
    jaga_free(pos);
    jaga_free(taken);
    return -ENOMEM;
}

/* Puts the memo of an invoice payment of contract c, local month `month` (1-12). */
static void gen_fl_memo(struct gen *g, const struct gen_fl_contract *c, unsigned month,
                        struct gen_tx *tx)
{
    const char *sv = gen_fl_service[c->service], *mo = gen_month_name[month - 1];
    char *p = tx->memo_store;

    switch (c->style) {
    case FS_INVOICE:
        p = gen_put_lit(p, "invoice ");
        p = gen_put_u64(p, c->inv);
        break;
    case FS_INV_DASH:
        p = gen_put_lit(p, "INV-");
        p = gen_put_u64(p, c->inv);
        break;
    case FS_INV_HASH:
        p = gen_put_lit(p, "Invoice #");
        p = gen_put_u64(p, c->inv);
        break;
    case FS_SERVICE: p = gen_put_mem(p, sv, strlen(sv)); break;
    case FS_SERVICE_MONTH:
        p = gen_put_mem(p, sv, strlen(sv));
        *p++ = ' ';
        p = gen_put_mem(p, mo, strlen(mo));
        break;
    case FS_SALARY:
        p = gen_put_lit(p, "salary ");
        p = gen_put_mem(p, mo, strlen(mo));
        break;
    case FS_PAYOUT:
    case FS_WITHDRAWAL:
        p = c->style == FS_PAYOUT ? gen_put_lit(p, "payout ") : gen_put_lit(p, "withdrawal ");
        p = gen_put_fixed(p, gen_below(&g->r, 1000000), 6);
        break;
    default: break;
    }
    tx->memo = tx->memo_store;
    tx->memo_len = (uint16_t)(p - tx->memo_store);
}

/* Freelancer k spending at home: with at least GEN_MIN_CASHOUT of income waiting, 55% to the
 * holder's other account (when there is one) with 50-90% of what came in since the last move,
 * else 15-40% of it to another resident (family, rent); with less, an ordinary QR (60%) or bill
 * payment (all assumed). */
static void gen_fl_out(struct gen *g, uint32_t k, struct gen_tx *tx)
{
    const struct gen_world *w = g->w;
    struct gen_rng *r = &g->r;
    struct gen_fl *f = &g->fl[k];
    uint8_t hcur = w->home->cur;
    uint32_t own;
    double frac, u = gen_unit(r);

    tx->debtor = f->acct;
    if (f->acc < GEN_MIN_CASHOUT) {
        if (u < 0.6) {
            tx->creditor = gen_pick_in(g, AC_MERCHANT);
            tx->chan = CH_QR;
            tx->mcc = w->acct[tx->creditor].mcc;
            tx->amount_minor = gen_local_amount(g, D_QR, 0);
        } else {
            tx->creditor = gen_pick_in(g, AC_BILLER);
            tx->chan = gen_chance(r, 0.6) ? CH_EWALLET : CH_TRANSFER;
            tx->mcc = w->acct[tx->creditor].mcc;
            tx->purpose = w->acct[tx->creditor].purpose;
            tx->amount_minor = gen_local_amount(g, D_BILLS, 0);
            gen_memo(g, MS_BILLS, tx, false);
        }
        return;
    }
    own = gen_other_account(w, f->acct);
    if (own != GEN_NONE && gen_chance(r, 0.55)) {
        tx->creditor = own;
        frac = 0.5 + 0.4 * gen_unit(r);
        tx->chan = u < 0.5 ? CH_INSTANT : u < 0.8 ? CH_TRANSFER : CH_EWALLET;
        gen_memo(g, MS_CASHOUT, tx, true);
    } else {
        tx->creditor = gen_pick_adult(g);
        frac = 0.15 + 0.25 * gen_unit(r);
        tx->chan = u < 0.5 ? CH_INSTANT : CH_EWALLET;
        gen_memo(g, MS_P2P, tx, true);
    }
    tx->amount_minor =
        gen_round_nice((double)f->acc * frac / gen_pow10(gen_cur_tab[hcur].decimals), hcur, r);
    tx->amount_minor = JAGA_MIN(tx->amount_minor, f->acc);
    f->acc -= tx->amount_minor;
}

/* One BG_FREELANCE slot at time t: a freelancer spending at home (the bin's share 1 - fl_p_in),
 * else the next unpaid invoice due today with a client of a sender group drawn by the bin's
 * weights (the clients' office hours), or a freelancer spending once the group's invoices of the
 * day are all paid. Returns -1 when tx is filled, else a category to draw instead. */
static int gen_fl_tx(struct gen *g, struct gen_tx *tx, int64_t t)
{
    const struct gen_world *w = g->w;
    struct gen_rng *r = &g->r;
    uint32_t d = (uint32_t)((t - w->start_ms) / 86400000), gi, ci, n, cell;
    const struct gen_fl_contract *c;
    struct gen_fl *f;
    int y;
    unsigned mo, dd;

    if (!g->n_flc)
        return BG_TRANSFER;
    if (!gen_chance(r, g->fl_p_in)) {
        gen_fl_out(g, gen_below(r, g->n_fl), tx);
        return -1;
    }
    gi = gen_pick_cum(g->fl_grp_cum, w->n_grp, gen_u32(r));
    cell = d * w->n_grp + gi;
    n = g->fl_due_off[cell + 1] - g->fl_due_off[cell];
    if (g->fl_day[gi] != d) {
        g->fl_day[gi] = d;
        g->fl_used[gi] = 0;
        g->fl_start[gi] = n ? gen_below(r, n) : 0;
    }
    if (g->fl_used[gi] >= n) {
        gen_fl_out(g, gen_below(r, g->n_fl), tx);
        return -1;
    }
    ci = g->fl_due[g->fl_due_off[cell] + (g->fl_start[gi] + g->fl_used[gi]++) % n];
    c = &g->flc[ci];
    f = &g->fl[c->fl];
    tx->debtor = c->client;
    tx->creditor = f->acct;
    tx->chan = c->chan;
    tx->cur = c->cur;
    tx->purpose = c->purpose;
    if (c->hourly) {
        double major = (double)c->amount_minor / gen_pow10(gen_cur_tab[c->cur].decimals) *
                       (0.7 + 0.6 * gen_unit(r));
        tx->amount_minor =
            gen_fl_clamp(gen_round_cents(major, c->cur), c->cur, gen_cents_step(c->cur));
    } else {
        tx->amount_minor = c->amount_minor;
    }
    gen_civil_from_days(w->start_day + d, &y, &mo, &dd);
    gen_fl_memo(g, c, mo, tx);
    g->flc[ci].inv++;
    f->paid |= (uint8_t)(1u << (ci - f->c0));
    f->acc += tx->cur == w->home->cur
                  ? tx->amount_minor
                  : (int64_t)(gen_convert(tx->amount_minor, tx->cur, w->home->cur) *
                              gen_pow10(gen_cur_tab[w->home->cur].decimals));
    tx->la_d |= LM_ANY;
    return -1;
}

/* The freelancers that at least JAGA_GEN_FREELANCE_CLIENTS_MIN distinct clients paid: their
 * accounts, sorted, into *out (caller frees); NULL when out of memory. */
static uint32_t *gen_fl_labelled(const struct gen *g, uint32_t *n)
{
    uint32_t *v = jaga_malloc(((size_t)g->n_fl + 1) * sizeof(*v)), k = 0;

    if (!v)
        return NULL;
    for (uint32_t i = 0; i < g->n_fl; i++)
        if (__builtin_popcount(g->fl[i].paid) >= JAGA_GEN_FREELANCE_CLIENTS_MIN)
            v[k++] = g->fl[i].acct;
    qsort(v, k, sizeof(*v), gen_cmp_u32);
    *n = k;
    return v;
}

/* One background transaction of category `cat` at time t; the caller sets the time and
 * sequence. HOT: no alloc/lock/syscall. */
JAGA_HOT static void gen_bg_tx(struct gen *g, int cat, struct gen_tx *tx, int64_t t)
{
    const struct gen_world *w = g->w;
    struct gen_rng *r = &g->r;
    uint8_t hcur = w->home->cur;
    bool ph = w->home == &gen_home_tab[HOME_PH];

    tx->cur = hcur;
    tx->mcc = 0;
    tx->purpose = PU_NONE;
    tx->memo = "";
    tx->memo_len = 0;
    tx->la_d = tx->la_c = 0;
    switch (cat) {
    case BG_INSTANT:
        tx->debtor = gen_pick_adult(g);
        tx->creditor = gen_pick_adult(g);
        tx->chan = CH_INSTANT;
        tx->amount_minor = gen_local_amount(g, D_P2P, 2);
        gen_memo(g, MS_P2P, tx, true);
        break;
    case BG_EWALLET:
        tx->debtor = gen_pick_in(g, AC_EWALLET);
        tx->creditor = gen_pick_in(g, AC_EWALLET);
        tx->chan = CH_EWALLET;
        tx->amount_minor = gen_local_amount(g, D_EWALLET, 2);
        gen_memo(g, MS_P2P, tx, true);
        break;
    case BG_QR: {
        tx->debtor = gen_chance(r, 0.8) ? gen_pick_in(g, AC_EWALLET) : gen_pick_in(g, AC_BANK);
        tx->creditor = gen_pick_in(g, AC_MERCHANT);
        tx->chan = CH_QR;
        tx->mcc = w->acct[tx->creditor].mcc;
        tx->amount_minor = gen_local_amount(g, D_QR, 0);
        break;
    }
    case BG_CARD:
        tx->debtor = gen_pick_in(g, AC_CARD);
        tx->creditor = gen_pick_in(g, AC_MERCHANT);
        tx->chan = CH_CARD;
        tx->mcc = w->acct[tx->creditor].mcc;
        tx->amount_minor = gen_local_amount(g, D_CARD, 0);
        break;
    case BG_BILLS: {
        double u = gen_unit(r);
        tx->debtor = gen_pick_adult(g);
        tx->creditor = gen_pick_in(g, AC_BILLER);
        tx->chan = u < 0.4 ? CH_TRANSFER : u < 0.85 ? CH_EWALLET : CH_INSTANT;
        tx->mcc = w->acct[tx->creditor].mcc;
        tx->purpose = w->acct[tx->creditor].purpose;
        tx->amount_minor = gen_local_amount(g, D_BILLS, 0);
        gen_memo(g, MS_BILLS, tx, false);
        break;
    }
    case BG_SALARY:
        tx->debtor = gen_pick_popular(g, AC_EMPLOYER, 2);
        tx->creditor = gen_pick_in(g, AC_BANK);
        tx->chan = CH_TRANSFER;
        tx->amount_minor = gen_local_amount(g, D_SALARY, 0);
        gen_memo(g, MS_SALARY, tx, true);
        break;
    case BG_SELLER: {
        double u = gen_unit(r);
        tx->debtor = gen_pick_adult(g);
        tx->creditor = gen_pick_popular(g, AC_SELLER, 2);
        tx->chan = u < 0.6 ? CH_EWALLET : u < 0.9 ? CH_INSTANT : CH_QR;
        tx->amount_minor = gen_local_amount(g, D_SELLER, 2);
        gen_memo(g, MS_SELLER, tx, true);
        /* 10% of online-shop payments go through a payment gateway (assumed), the legitimate
         * side of RF-CH-09. */
        if (gen_chance(r, 0.1)) {
            tx->creditor = gen_pick_in(g, AC_GATEWAY);
            tx->chan = CH_OTHER;
            tx->mcc = 7399;
        } else {
            g->acc_seller[tx->creditor - w->rg[AC_SELLER].lo] += tx->amount_minor;
        }
        tx->la_c |= LM_S_PAID; /* LM_ANY for the gateway: the same bit */
        break;
    }
    case BG_CROWD:
        tx->creditor = gen_pick_popular(g, AC_CAMPAIGN, 3);
        tx->chan = CH_CROWDFUNDING;
        /* 15% of donations come from abroad (assumed): small foreign payments fanning in to
         * one account, the legitimate twin of RF-FAN-IN-01. */
        if (gen_chance(r, 0.15)) {
            const struct gen_group *gr = &w->grp[gen_pick_cum(g->grp_cum, w->n_grp, gen_u32(r))];
            tx->debtor = gr->lo + gen_below(r, gr->n);
            for (int k = 0; k < 8 && gen_has_role(w, tx->debtor); k++)
                tx->debtor = gr->lo + gen_below(r, gr->n);
            gen_foreign_amount(g, tx, D_CROWD_FOREIGN, gen_foreign_tab[gr->fc].cur, 0.3);
            tx->la_d |= LM_F_DONOR;
        } else {
            tx->debtor = gen_pick_adult(g);
            tx->amount_minor = gen_local_amount(g, D_CROWD, 2);
            tx->la_d |= LM_A_DONOR;
        }
        tx->la_c |= LM_S_PAID;
        gen_memo(g, MS_CROWD, tx, true);
        g->acc_camp[tx->creditor - w->rg[AC_CAMPAIGN].lo] +=
            tx->cur == hcur ? tx->amount_minor
                            : (int64_t)(gen_convert(tx->amount_minor, tx->cur, hcur) *
                                        gen_pow10(gen_cur_tab[hcur].decimals));
        break;
    case BG_GAMING: {
        /* Teens pay 65% of top-ups from their own wallet, the rest adults (assumed). Teens play
         * in sessions, the legitimate twin of a sextortion victim's burst (RF-FSEC-01): a pick
         * continues one of the open sessions 40% of the time, a new session starts with the
         * guardian's top-up 25% of the time, and 12% of a teen's payments are P2P to a friend
         * or an online shop, 18% gift cards (all assumed). */
        if (gen_chance(r, 0.65)) {
            struct gen_session *s = &g->sess[gen_below(r, GEN_SESSIONS)];
            double u;
            if (s->left && t < s->until_ms && gen_chance(r, 0.4)) {
                s->left--;
            } else {
                s->teen = gen_pick_in(g, AC_MINOR);
                s->left = gen_range_u(r, 1, 4);
                s->until_ms = t + (int64_t)gen_range_u(r, 1, 24) * 3600000;
                if (gen_chance(r, 0.25)) {
                    tx->creditor = s->teen;
                    tx->debtor = gen_guardian_acct(w, s->teen);
                    tx->chan = gen_chance(r, 0.7) ? CH_EWALLET : CH_INSTANT;
                    tx->amount_minor = gen_local_amount(g, D_ALLOW, 2);
                    gen_memo(g, MS_ALLOW, tx, true);
                    tx->la_c |= LM_M_ALLOW;
                    tx->la_d |= LM_A_GUARDIAN;
                    break;
                }
            }
            tx->debtor = s->teen;
            u = gen_unit(r);
            if (u < 0.12) {
                bool fr = gen_chance(r, 0.5);
                tx->creditor = fr ? gen_pick_in(g, AC_MINOR) : gen_pick_popular(g, AC_SELLER, 2);
                tx->chan = CH_EWALLET;
                tx->amount_minor = gen_local_amount(g, D_ALLOW, 2);
                gen_memo(g, MS_P2P, tx, true);
                tx->la_d |= LM_M_P2P;
                tx->la_c |= fr ? LM_M_FRIEND : LM_S_PAID;
                break;
            }
            tx->la_d |= LM_M_GAMING;
            if (u < 0.3) {
                tx->creditor = gen_pick_in(g, AC_GIFT);
                tx->chan = CH_GIFTCARD;
                tx->mcc = w->acct[tx->creditor].mcc;
                tx->amount_minor = gen_gift_amount(g, ph);
                break;
            }
        } else {
            tx->debtor = gen_chance(r, 0.5) ? gen_pick_in(g, AC_CARD) : gen_pick_in(g, AC_EWALLET);
        }
        tx->creditor = gen_pick_in(g, AC_GAME);
        tx->chan = CH_GAMING;
        tx->mcc = 5816;
        tx->amount_minor = gen_game_amount(g, ph);
        gen_memo(g, MS_GAME, tx, false);
        break;
    }
    case BG_REMIT: {
        const struct gen_group *gr = &w->grp[gen_pick_cum(g->grp_cum, w->n_grp, gen_u32(r))];
        uint32_t s = gr->lo + gen_below(r, gr->n);
        double u = gen_unit(r);
        /* Buyers have no family abroad to pay: their only corridor traffic is injected. */
        for (int k = 0; k < 8 && gen_has_role(w, s); k++)
            s = gr->lo + gen_below(r, gr->n);
        tx->creditor = gen_relative(w, s);
        tx->debtor = s;
        /* 15% are cash-funded at an operator: the debtor is the operator's account and the
         * message carries the sender's name (assumed). */
        if (gen_chance(r, 0.15))
            tx->debtor =
                w->rg[AC_REMITTER].lo + gr->fc + GEN_NFOREIGN * gen_below(r, g->remitter_per_cc);
        tx->debtor_name = s;
        /* Channel: remittance 70%, to an e-wallet 20%, instant credit 10% (assumed). */
        tx->chan = u < 0.7 ? CH_REMITTANCE : u < 0.9 ? CH_EWALLET : CH_INSTANT;
        gen_foreign_amount(g, tx, D_REMIT, gen_foreign_tab[gr->fc].cur, 0.45);
        gen_memo(g, MS_REMIT, tx, true);
        {
            /* LM_A_COVER == LM_F_COVER == 2; an operator gets LM_ANY alone. */
            uint8_t cover = (uint8_t)((GEN_COVER_PURPOSES >> tx->purpose & 1) << 1);
            tx->la_c = (uint8_t)(LM_A_REMIT | cover);
            tx->la_d = tx->debtor == s ? (uint8_t)(LM_F_REMIT | cover) : LM_ANY;
        }
        __builtin_prefetch(&w->hot[tx->debtor]);
        __builtin_prefetch(&w->hot[tx->creditor]);
        __builtin_prefetch(&w->hot[s]);
        __builtin_prefetch(&g->la[tx->debtor], 1);
        __builtin_prefetch(&g->la[tx->creditor], 1);
        return;
    }
    case BG_TRANSFER:
        tx->debtor = gen_chance(r, 0.2) ? gen_pick_in(g, AC_EMPLOYER) : gen_pick_in(g, AC_BANK);
        tx->creditor = gen_pick_in(g, AC_BANK);
        tx->chan = CH_TRANSFER;
        tx->amount_minor = gen_local_amount(g, D_TRANSFER, 2);
        gen_memo(g, MS_TRANSFER, tx, true);
        break;
    case BG_ATM:
        /* Repeated cash withdrawals are ordinary (RF-TRV-01 must not fire on them alone). */
        tx->debtor = gen_pick_in(g, AC_CARD);
        tx->creditor = gen_pick_in(g, AC_ATM);
        tx->chan = CH_ATM;
        tx->mcc = 6011;
        tx->amount_minor =
            gen_round_atm(gen_qtab_draw(&w->dist[D_ATM], r) * gen_cur_tab[hcur].per_usd, hcur, r);
        tx->la_d |= LM_C_ATM;
        break;
    case BG_TRAVEL: {
        /* Residents travel too: hotels 45%, flights and agencies 35%, jewellers 20%. */
        double u = gen_unit(r);
        int c = u < 0.45 ? AC_HOTEL : u < 0.8 ? AC_AIR : AC_JEWEL;
        tx->debtor = gen_pick_in(g, AC_CARD);
        tx->creditor = gen_pick_in(g, c);
        tx->chan = CH_CARD;
        tx->mcc = w->acct[tx->creditor].mcc;
        tx->amount_minor = gen_local_amount(g,
                                            c == AC_HOTEL ? D_HOTEL_STAY
                                            : c == AC_AIR ? D_AIR
                                                          : D_JEWEL,
                                            0);
        tx->la_d |= LM_C_TRAVEL;
        break;
    }
    case BG_CRYPTO:
        /* Buying (70%) and selling crypto at a domestic exchange: the mule's off-ramp channel
         * used legitimately (RF-CH-04). */
        if (gen_chance(r, 0.7)) {
            tx->debtor = gen_pick_adult(g);
            tx->creditor = gen_pick_in(g, AC_VASP);
            tx->mcc = 6051;
            tx->la_d |= LM_A_CRYPTO;
        } else {
            tx->debtor = gen_pick_in(g, AC_VASP);
            tx->creditor = gen_pick_adult(g);
            tx->la_c |= LM_A_CRYPTO;
        }
        tx->chan = CH_CRYPTO;
        tx->amount_minor = gen_local_amount(g, D_CRYPTO, 2);
        gen_memo(g, MS_EMPTY, tx, false);
        break;
    case BG_ALLOW:
        /* A guardian pays their own minor: the household link RF-CPY-01 relies on. */
        tx->creditor = gen_pick_in(g, AC_MINOR);
        tx->debtor = gen_guardian_acct(w, tx->creditor);
        tx->chan = gen_chance(r, 0.7) ? CH_EWALLET : CH_INSTANT;
        tx->amount_minor = gen_local_amount(g, D_ALLOW, 2);
        gen_memo(g, MS_ALLOW, tx, true);
        tx->la_c |= LM_M_ALLOW;
        tx->la_d |= LM_A_GUARDIAN;
        break;
    case BG_GROUP: {
        /* Contributions from many members in, pots and expenses out to a few fixed accounts
         * (30% of picks once enough has come in): a broker's shape without a broker. */
        uint32_t k = (uint32_t)(gen_unit(r) * gen_unit(r) * w->n_treas);
        int64_t *acc = &g->acc_group[k];
        if (*acc >= 10 * GEN_MIN_CASHOUT && gen_chance(r, 0.3)) {
            tx->debtor = gen_treasurer(w, k);
            tx->creditor = gen_treasurer_out(w, k, gen_below(r, gen_treasurer_n_out(w, k)));
            tx->amount_minor = gen_round_nice((double)*acc * (0.3 + 0.5 * gen_unit(r)) /
                                                  gen_pow10(gen_cur_tab[hcur].decimals),
                                              hcur, r);
            tx->amount_minor = JAGA_MIN(tx->amount_minor, *acc);
            *acc -= tx->amount_minor;
            tx->chan = gen_chance(r, 0.6) ? CH_INSTANT : CH_TRANSFER;
            gen_memo(g, MS_PAYOUT, tx, true);
            tx->la_c |= LM_A_SAVINGS_PAYEE;
        } else {
            tx->debtor = gen_pick_adult(g);
            tx->creditor = gen_treasurer(w, k);
            tx->amount_minor = gen_local_amount(g, D_GROUP, 2);
            *acc += tx->amount_minor;
            tx->chan = gen_chance(r, 0.5) ? CH_INSTANT : CH_EWALLET;
            gen_memo(g, MS_GROUP, tx, true);
            tx->la_c |= LM_A_SAVINGS;
        }
        break;
    }
    case BG_SWEEP: {
        /* An online seller (70%) or a campaign (15%) moves 70-100% of its takings to the
         * holder's own account, the legitimate twin of RF-LAY-01's sweep; when there is too
         * little to move, the pick is an ordinary payment to it instead. The rest are gateways
         * paying out to sellers (all assumed). */
        double u = gen_unit(r);
        if (u < 0.85) {
            bool camp = u >= 0.7;
            int c = camp ? AC_CAMPAIGN : AC_SELLER;
            uint32_t s = gen_pick_popular(g, c, camp ? 3 : 2);
            int64_t *acc = camp ? &g->acc_camp[s - w->rg[c].lo] : &g->acc_seller[s - w->rg[c].lo];
            if (*acc < GEN_MIN_CASHOUT) {
                gen_bg_tx(g, camp ? BG_CROWD : BG_SELLER, tx, t);
                return;
            }
            tx->debtor = s;
            tx->creditor = gen_person_acct(w, w->acct[s].holder - 1, false);
            tx->amount_minor = gen_round_nice((double)*acc * (0.7 + 0.3 * gen_unit(r)) /
                                                  gen_pow10(gen_cur_tab[hcur].decimals),
                                              hcur, r);
            tx->amount_minor = JAGA_MIN(tx->amount_minor, *acc);
            *acc -= tx->amount_minor;
            u = gen_unit(r);
            tx->chan = u < 0.5 ? CH_INSTANT : u < 0.8 ? CH_TRANSFER : CH_EWALLET;
            gen_memo(g, MS_CASHOUT, tx, true);
            tx->la_d |= LM_S_SWEEP;
        } else {
            tx->debtor = gen_pick_in(g, AC_GATEWAY);
            tx->creditor = gen_pick_popular(g, AC_SELLER, 2);
            tx->chan = CH_TRANSFER;
            tx->amount_minor = gen_local_amount(g, D_SETTLE, 0);
            gen_memo(g, MS_SETTLE, tx, false);
            tx->la_d |= LM_ANY;
            tx->la_c |= LM_S_PAID;
        }
        break;
    }
    case BG_NEWACC: {
        /* Young adults' new e-wallets, among those already open: money in from several
         * people, QR payments, P2P out, crypto bought and sold, games (shares assumed). The
         * legitimate twin of RF-MULE-01 with RF-NEW-01. */
        uint32_t k = w->new_by_day[(t - w->start_ms) / 86400000];
        double u = gen_unit(r);
        uint32_t a;
        if (!k) {
            gen_bg_tx(g, BG_EWALLET, tx, t);
            return;
        }
        a = w->rg[AC_NEWACC].lo + gen_below(r, k);
        if (u < 0.35) {
            tx->debtor = gen_pick_adult(g);
            tx->creditor = a;
            tx->chan = gen_chance(r, 0.7) ? CH_EWALLET : CH_INSTANT;
            tx->amount_minor = gen_local_amount(g, D_P2P, 2);
            gen_memo(g, MS_P2P, tx, true);
        } else if (u < 0.6) {
            tx->debtor = a;
            tx->creditor = gen_pick_in(g, AC_MERCHANT);
            tx->chan = CH_QR;
            tx->mcc = w->acct[tx->creditor].mcc;
            tx->amount_minor = gen_local_amount(g, D_QR, 0);
        } else if (u < 0.75) {
            tx->debtor = a;
            tx->creditor = gen_pick_adult(g);
            tx->chan = CH_EWALLET;
            tx->amount_minor = gen_local_amount(g, D_EWALLET, 2);
            gen_memo(g, MS_P2P, tx, true);
        } else if (u < 0.95) {
            bool buy = u < 0.9;
            tx->debtor = buy ? a : gen_pick_in(g, AC_VASP);
            tx->creditor = buy ? gen_pick_in(g, AC_VASP) : a;
            tx->mcc = buy ? 6051 : 0;
            tx->chan = CH_CRYPTO;
            tx->amount_minor = gen_local_amount(g, D_CRYPTO, 2);
            gen_memo(g, MS_EMPTY, tx, false);
        } else {
            tx->debtor = a;
            tx->creditor = gen_pick_in(g, AC_GAME);
            tx->chan = CH_GAMING;
            tx->mcc = 5816;
            tx->amount_minor = gen_game_amount(g, ph);
        }
        if (tx->creditor == a)
            tx->la_c |= LM_ANY;
        else
            tx->la_d |= LM_ANY;
        break;
    }
    case BG_ABROAD:
        /* Residents paying accounts in Nigeria or Cote d'Ivoire (trade, students, family;
         * assumed): so that the corridor alone does not name a sextortion payment. */
        tx->debtor = gen_pick_adult(g);
        tx->creditor = gen_pick_in(g, AC_ABROAD);
        for (int k = 0; k < 8 && gen_has_role(w, tx->creditor); k++)
            tx->creditor = gen_pick_in(g, AC_ABROAD);
        tx->la_d |= LM_A_NG_CI;
        tx->la_c |= LM_ANY;
        tx->chan = CH_REMITTANCE;
        tx->amount_minor = gen_local_amount(g, D_ABROAD, 2);
        gen_memo(g, MS_TRANSFER, tx, true);
        break;
    case BG_FREELANCE: {
        int fb = gen_fl_tx(g, tx, t);
        if (fb >= 0) {
            gen_bg_tx(g, fb, tx, t);
            return;
        }
        break;
    }
    default: { /* BG_TOURIST */
        /* A visitor present today: cash 22%, the hotel bill on the check-out day, a flight or
         * an agency on the arrival and departure days, jewellery 3%, else shops and
         * restaurants (shares assumed). */
        uint32_t d = (uint32_t)((t - w->start_ms) / 86400000);
        uint32_t lo = w->vis_off[d], n = w->vis_off[d + 1] - lo, c;
        const struct gen_visit *v;
        double u = gen_unit(r), per = gen_cur_tab[hcur].per_usd;
        int rel;
        if (!n) {
            gen_bg_tx(g, BG_CARD, tx, t);
            return;
        }
        c = w->vis_list[lo + gen_below(r, n)];
        v = &w->visit[c];
        rel = (int)d - v->arrive;
        tx->debtor = w->rg[AC_FCARD].lo + c;
        tx->chan = CH_CARD;
        tx->la_d |= LM_ANY;
        if (u < 0.22) {
            tx->creditor = gen_pick_in(g, AC_ATM);
            tx->chan = CH_ATM;
            tx->amount_minor =
                gen_round_atm(gen_qtab_draw(&w->dist[D_ATM_VISITOR], r) * per, hcur, r);
        } else if (u < 0.32 && !(v->flags & 1) && rel == v->nights) {
            tx->creditor = gen_visitor_hotel(w, c);
            tx->amount_minor =
                gen_round_cents(gen_visitor_rate(w, c) * JAGA_MAX(1, v->nights) * per, hcur);
        } else if (u < 0.4 && (rel == 0 || rel == v->nights)) {
            tx->creditor = gen_pick_in(g, AC_AIR);
            tx->amount_minor = gen_local_amount(g, D_AIR, 0);
        } else if (u < 0.43) {
            tx->creditor = gen_pick_in(g, AC_JEWEL);
            tx->amount_minor = gen_local_amount(g, D_JEWEL, 2);
        } else {
            tx->creditor = gen_pick_in(g, AC_MERCHANT);
            tx->amount_minor = gen_local_amount(g, D_VISITOR_CARD, 0);
        }
        tx->mcc = w->acct[tx->creditor].mcc;
        break;
    }
    }
    /* Self-payments only happen between adult accounts (or a teen drawn as their own friend);
     * step to a neighbour, who earns no look-alike mark by it. */
    if (tx->creditor == tx->debtor) {
        tx->creditor += tx->creditor > w->rg[AC_BANK].lo ? -1u : 1u;
        tx->la_c = 0;
    }
    tx->debtor_name = tx->debtor;
    __builtin_prefetch(&w->hot[tx->debtor]);
    __builtin_prefetch(&w->hot[tx->creditor]);
    /* The marks are ORed in when the burst is written (gen_write_burst), by which time these
     * lines have arrived: a read-modify-write here would wait for them. Only marked rows touch
     * the array (measured as fast as touching it on every row, and fewer lines at 10M
     * accounts). */
    if (tx->la_d)
        __builtin_prefetch(&g->la[tx->debtor], 1);
    if (tx->la_c)
        __builtin_prefetch(&g->la[tx->creditor], 1);
}

static void gen_memos_init(struct gen *g)
{
    bool ph = g->w->home == &gen_home_tab[HOME_PH];

#define GEN_MS(id, a, b) \
    gen_memoset_init(g->w, &g->memo[id], ph ? a : b, ph ? JAGA_ARRAY_SIZE(a) : JAGA_ARRAY_SIZE(b))
    GEN_MS(MS_REMIT, ph_remit_memo, id_remit_memo);
    GEN_MS(MS_P2P, ph_p2p_memo, id_p2p_memo);
    GEN_MS(MS_SELLER, ph_seller_memo, id_seller_memo);
    GEN_MS(MS_CROWD, ph_crowd_memo, id_crowd_memo);
    GEN_MS(MS_GAME, gen_game_memo, gen_game_memo);
    GEN_MS(MS_SALARY, ph_salary_memo, id_salary_memo);
    GEN_MS(MS_BILLS, gen_bills_memo, gen_bills_memo);
    GEN_MS(MS_TRANSFER, ph_transfer_memo, id_transfer_memo);
    GEN_MS(MS_CASHOUT, ph_cashout_memo, id_cashout_memo);
    GEN_MS(MS_ALLOW, ph_allow_memo, id_allow_memo);
    GEN_MS(MS_GROUP, ph_group_memo, id_group_memo);
    GEN_MS(MS_PAYOUT, ph_payout_memo, id_payout_memo);
    GEN_MS(MS_SETTLE, gen_settle_memo, gen_settle_memo);
    GEN_MS(MS_EMPTY, gen_empty_memo, gen_empty_memo);
#undef GEN_MS
}

/* A truth_tx.csv row: injected transaction seq, one labelled account taking part in it, its role
 * and typology as truth.csv names them. */
static void gen_tt_row(struct gen *g, uint64_t seq, uint32_t acct, const char *role,
                       const char *typ)
{
    char *p = g->tt.buf + g->tt.len;

    p = gen_put_tx_id(g->w, p, seq);
    *p++ = ',';
    p = gen_put_acct_id(g->w, p, acct);
    *p++ = ',';
    p = gen_put_mem(p, role, strlen(role));
    *p++ = ',';
    p = gen_put_mem(p, typ, strlen(typ));
    *p++ = '\n';
    g->tt.len = (size_t)(p - g->tt.buf);
    g->tt_rows++;
}

/* Turns a planned event into transaction g->seq, counts it against its labels, and writes its
 * truth_tx.csv rows (gen_tt_row): an LSAC payment names the buyer (debtor) and the facilitator
 * (creditor), a sweep the facilitator (debtor), a later typology's event each of its one or two
 * labels whose account is the debtor or the creditor. So an account's first row in a typology is
 * its truth.csv first_tx_id: for the later typologies both are the first event of the label that
 * the account takes part in; for a facilitator first_tx_id is its first receipt, which comes
 * before any sweep since sweeps start 24-72 h after it (gen_plan_sweeps). Two kinds of planned
 * transaction get no row: a CSAM buyer's payment into a gateway, which is the seller's traffic but
 * names neither the seller nor any other labelled account, and a guardian's top-up before a
 * sextortion payment (EV_PLAIN), which is legitimate. Injected events are rare, so the rows cost
 * nothing measurable; write errors stay in g->tt.err until the file is closed. */
static void gen_event_tx(struct gen *g, const struct gen_event *e, struct gen_tx *tx)
{
    tx->ts_ms = e->ts_ms;
    tx->amount_minor = e->amount_minor;
    tx->seq = g->seq;
    tx->debtor = tx->debtor_name = e->debtor;
    tx->creditor = e->creditor;
    tx->mcc = e->mcc;
    tx->cur = e->cur;
    tx->chan = e->chan;
    tx->purpose = e->purpose;
    tx->la_d = tx->la_c = 0; /* planned traffic earns no look-alike label */

    /* The heap slot is reused after the pop: copy the memo. */
    memcpy(tx->memo_store, e->memo, e->memo_len);
    tx->memo = tx->memo_store;
    tx->memo_len = e->memo_len;
    if (e->kind == EV_PAY) {
        struct gen_buyer *b = &g->pl->buyer[e->buyer];
        struct gen_fac *f = &g->pl->fac[e->fac];
        if (b->first_seq == UINT64_MAX)
            b->first_seq = g->seq;
        if (f->first_seq == UINT64_MAX)
            f->first_seq = g->seq;
        b->n_pay++;
        f->n_recv++;
        gen_tt_row(g, g->seq, b->acct, "buyer", "lsac_buyer");
        gen_tt_row(g, g->seq, f->acct, "facilitator", "lsac_facilitator");
    } else if (e->kind == EV_SWEEP) {
        gen_tt_row(g, g->seq, g->pl->fac[e->fac].acct, "facilitator", "lsac_facilitator");
    } else if (e->kind == EV_LAB) {
        const uint32_t li[2] = { e->buyer, e->fac };
        for (int i = 0; i < 2; i++) {
            if (li[i] == GEN_NONE)
                continue;
            struct gen_label *l = &g->pl->lab[li[i]];
            /* A buyer's payment to a CSAM seller's gateway is the seller's traffic, but not a
             * transaction of the seller's account: first_tx_id must name one it takes part in. */
            if (l->acct == e->debtor || l->acct == e->creditor) {
                if (l->first_seq == UINT64_MAX)
                    l->first_seq = g->seq;
                gen_tt_row(g, g->seq, l->acct, gen_lrole_name[l->role], gen_typ_name[l->typ]);
            }
            l->n_tx++;
        }
        g->pl->n_typ_tx[g->pl->lab[e->buyer].typ]++;
    } else if (e->kind == EV_PLAIN) {
        g->pl->n_plain++;
    }
    g->seq++;
    (void)gen_out_maybe_flush(&g->tt);
}

static double gen_now(void);

/* Records between two reads of the clock by the progress line: about 16 ms at 4 M tx/s, and
 * clock_gettime() is a vDSO call, so the stream makes no system call for it. */
#define GEN_PROGRESS_EVERY 65536

/* Redraws the progress line on stderr when 100 ms have passed since the last drawing (at most
 * ten a second): percent of --tx written, rate and time left. Cold. */
JAGA_COLD static void gen_progress(struct gen *g)
{
    double now = gen_now(), el = now - g->prog_t0, frac, rate, eta;
    char bar[33];
    unsigned s;
    int fill, n;

    g->prog_next = g->seq + GEN_PROGRESS_EVERY;
    if (now - g->prog_last < 0.1)
        return;
    g->prog_last = now;
    frac = g->n_total ? JAGA_MIN(1.0, (double)g->seq / (double)g->n_total) : 1.0;
    rate = el > 0 ? (double)g->seq / el : 0;
    eta = rate > 0 ? (double)(g->n_total - JAGA_MIN(g->seq, g->n_total)) / rate : 0;
    fill = (int)(frac * (sizeof(bar) - 1));
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, '.', sizeof(bar) - 1 - (size_t)fill);
    bar[sizeof(bar) - 1] = 0;
    s = (unsigned)(eta + 0.5);
    if (s >= 3600)
        n = fprintf(stderr, "\rjaga gen [%s] %5.1f%%  %.2f M tx/s  ETA %u:%02u:%02u ", bar,
                    100 * frac, rate / 1e6, s / 3600, s / 60 % 60, s % 60);
    else
        n = fprintf(stderr, "\rjaga gen [%s] %5.1f%%  %.2f M tx/s  ETA %u:%02u ", bar, 100 * frac,
                    rate / 1e6, s / 60, s % 60);
    /* Blank what a longer previous line left. */
    if (n > 0 && n < g->prog_len)
        fprintf(stderr, "%*s", g->prog_len - n, "");
    g->prog_len = JAGA_MAX(g->prog_len, n);
}

/* Wipes the progress line, if one was drawn, before the summary is printed. */
static void gen_progress_end(struct gen *g)
{
    if (g->prog_len > 0)
        fprintf(stderr, "\r%*s\r", g->prog_len, "");
    g->prog_len = 0;
}

static int gen_write_burst(struct gen *g, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        const struct gen_tx *tx = &g->burst[i];
        int ret = g->wr->tx(g->wr, tx);
        if (ret < 0)
            return ret;
        if (tx->la_d)
            g->la[tx->debtor] |= tx->la_d;
        if (tx->la_c)
            g->la[tx->creditor] |= tx->la_c;
    }
    if (jaga_unlikely(g->seq >= g->prog_next))
        gen_progress(g);
    return 0;
}

/* Merges the background slots with the injected schedule into one time-ordered stream. */
static int gen_stream(struct gen *g, uint64_t n_tx)
{
    const struct gen_world *w = g->w;
    struct gen_plan *pl = g->pl;
    uint32_t n_bins = w->days * GEN_BINS_PER_DAY;
    double *cum = jaga_malloc((size_t)n_bins * sizeof(*cum));
    double cat[BG_N], grp[GEN_MAX_GROUPS], fgrp[GEN_MAX_GROUPS];
    uint64_t n_bg = n_tx - pl->n_ev, prev = 0;
    uint32_t heap_n = pl->n_ev, nb = 0;
    double tot = 0;
    int ret = 0;

    if (!cum || (ret = gen_fl_build(g, n_bg)) < 0) {
        jaga_free(cum);
        return ret ? ret : -ENOMEM;
    }
    for (int p = 0; p < P_N; p++)
        g->prof_mean[p] = gen_prof_mean(p);
    for (uint32_t b = 0; b < n_bins; b++) {
        tot += gen_bin_weights(g, b, cat, grp, fgrp, &g->fl_p_in);
        cum[b] = tot;
    }
    for (uint32_t b = 0; b < n_bins && !ret; b++) {
        /* Exact total by cumulative rounding; slots spread evenly with jitter inside the bin
         * (stratified), which keeps them sorted without a sort. */
        uint64_t target =
            b + 1 == n_bins ? n_bg : (uint64_t)floor((double)n_bg * cum[b] / tot + 0.5);
        uint64_t n = target - prev;
        int64_t t0 = w->start_ms + (int64_t)b * GEN_BIN_MS;

        prev = target;
        if (!n)
            continue;
        gen_bin_weights(g, b, cat, grp, fgrp, &g->fl_p_in);
        gen_cum32(cat, BG_N, g->cat_cum);
        gen_cum32(grp, w->n_grp, g->grp_cum);
        gen_cum32(fgrp, w->n_grp, g->fl_grp_cum);
        for (uint64_t i = 0; i < n && !ret; i++) {
            uint64_t jitter = ((uint64_t)gen_u32(&g->r) * GEN_BIN_MS) >> 32;
            int64_t t = t0 + (int64_t)((i * (uint64_t)GEN_BIN_MS + jitter) / n);
            struct gen_tx *tx;

            while (heap_n && pl->ev[0].ts_ms <= t) {
                gen_event_tx(g, &pl->ev[0], &g->burst[nb++]);
                gen_heap_pop(pl->ev, &heap_n);
                if (nb == GEN_BURST) {
                    ret = gen_write_burst(g, nb);
                    nb = 0;
                }
            }
            tx = &g->burst[nb++];
            gen_bg_tx(g, (int)gen_pick_cum(g->cat_cum, BG_N, gen_u32(&g->r)), tx, t);
            tx->ts_ms = t;
            tx->seq = g->seq++;
            if (nb == GEN_BURST) {
                ret = ret ? ret : gen_write_burst(g, nb);
                nb = 0;
            }
        }
    }
    while (heap_n && !ret) {
        gen_event_tx(g, &pl->ev[0], &g->burst[nb++]);
        gen_heap_pop(pl->ev, &heap_n);
        if (nb == GEN_BURST) {
            ret = gen_write_burst(g, nb);
            nb = 0;
        }
    }
    if (!ret)
        ret = gen_write_burst(g, nb);
    jaga_free(cum);
    return ret;
}

/* ------------------------------------------------------------------------------------------ */
/* Command line                                                                                */
/* ------------------------------------------------------------------------------------------ */

struct gen_opts {
    const struct gen_home *home;
    uint64_t seed, tx;
    uint32_t accounts, days;
    int64_t start_day;
    const char *out;
    bool no_progress;
};

static void gen_usage(FILE *f)
{
    fputs("usage: jaga gen [--country ph|id] [--seed N] [--tx N] [--accounts N] [--days N]\n"
          "                [--start YYYY-MM-DD] [--no-progress] --out DIR\n"
          "\n"
          "Writes a synthetic national-switch stream into DIR (created if missing), with injected\n"
          "typologies (lsac_buyer, lsac_facilitator, csam_seller, domestic_broker,\n"
          "sextortion_victim, sextortion_mule, travel_to_offend) and legitimate look-alikes:\n"
          "  tx.csv          canonical transactions, time-ordered (jaga-tx)\n"
          "  accounts.csv    account reference data (jaga-accounts)\n"
          "  watchlist.csv   law-enforcement and offender-registry entries, with decoys\n"
          "  truth.csv       injected accounts: role, typology, first tx id\n"
          "  truth_tx.csv    tx_id,account_id,role,typology: every injected transaction, once per\n"
          "                  labelled account that is its debtor or creditor, in tx.csv order; an\n"
          "                  account's first row in a typology is its truth.csv first tx id\n"
          "  lookalikes.csv  account_id,group: legitimate accounts made to look like a red flag,\n"
          "                  one row per group (below); never an injected account\n"
          "\n"
          "  --country ph|id   scenario country: Philippines (PHP, UTC+8) or Indonesia (IDR,\n"
          "                    UTC+7); default ph\n"
          "  --seed N          random seed; the same arguments give identical files; default 1\n"
          "  --tx N            transactions in total, 1..100000000000; default 1000000\n"
          "  --accounts N      accounts of the resident population, 1000..100000000; default\n"
          "                    200000; about 2% more are added for visitors' cards, new\n"
          "                    e-wallets, travel merchants, exchanges and accounts abroad\n"
          "  --days N          local calendar days to cover, 1..366; default 1\n"
          "  --start DATE      first local day (YYYY-MM-DD); default 2026-03-01\n"
          "  --out DIR         output directory (required)\n"
          "  --no-progress     no progress line (drawn only when stderr is a terminal)\n"
          "  --help            this text\n"
          "\n"
          "Look-alike groups (lookalikes.csv), for what an account did in tx.csv:\n",
          f);
    for (int i = 0; i < JAGA_GEN_N_LOOKALIKES; i++)
        fprintf(f, "  %-22s %s\n", jaga_gen_lookalikes[i].name, jaga_gen_lookalikes[i].meaning);
}

JAGA_PRINTF(1, 2) static int gen_bad(const char *fmt, ...)
{
    va_list ap;

    fputs("jaga gen: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(" (see 'jaga gen --help')\n", stderr);
    return 2;
}

static bool gen_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    uint64_t v = 0;

    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        uint64_t dg = (uint64_t)(*s - '0');
        if (v > (UINT64_MAX - dg) / 10)
            return false;
        v = v * 10 + dg;
    }
    if (v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool gen_parse_date(const char *s, int64_t *day)
{
    uint64_t y, m, d;
    char buf[5];

    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    memcpy(buf, s, 4);
    buf[4] = 0;
    if (!gen_parse_u64(buf, 1971, 9998, &y))
        return false;
    memcpy(buf, s + 5, 2);
    buf[2] = 0;
    if (!gen_parse_u64(buf, 1, 12, &m))
        return false;
    memcpy(buf, s + 8, 2);
    buf[2] = 0;
    if (!gen_parse_u64(buf, 1, gen_days_in_month((int)y, (unsigned)m), &d))
        return false;
    *day = gen_days_from_civil((int64_t)y, (unsigned)m, (unsigned)d);
    return true;
}

/* Returns 0 to run, 1 after --help, 2 on a usage error (reported). */
static int gen_parse_args(int argc, char **argv, struct gen_opts *o)
{
    static const char *const names[] = { "--country", "--seed",  "--tx", "--accounts",
                                         "--days",    "--start", "--out" };

    o->home = &gen_home_tab[HOME_PH];
    o->seed = 1;
    o->tx = 1000000;
    o->accounts = 200000;
    o->days = 1;
    o->start_day = gen_days_from_civil(2026, 3, 1);
    o->out = NULL;
    o->no_progress = false;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            gen_usage(stdout);
            return 1;
        }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *eq = strchr(a, '='), *val;
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        size_t k;
        uint64_t v;

        if (!strcmp(a, "--no-progress")) {
            o->no_progress = true;
            continue;
        }
        for (k = 0; k < JAGA_ARRAY_SIZE(names); k++)
            if (strlen(names[k]) == nlen && !strncmp(a, names[k], nlen))
                break;
        if (k == JAGA_ARRAY_SIZE(names))
            return gen_bad("unknown option '%s'", a);
        if (eq) {
            val = eq + 1;
        } else {
            if (i + 1 >= argc)
                return gen_bad("option %s needs a value", a);
            val = argv[++i];
        }
        switch (k) {
        case 0:
            if (!strcmp(val, "ph"))
                o->home = &gen_home_tab[HOME_PH];
            else if (!strcmp(val, "id"))
                o->home = &gen_home_tab[HOME_ID];
            else
                return gen_bad("--country must be ph or id, not '%s'", val);
            break;
        case 1:
            if (!gen_parse_u64(val, 0, UINT64_MAX, &o->seed))
                return gen_bad("--seed needs an unsigned integer, not '%s'", val);
            break;
        case 2:
            if (!gen_parse_u64(val, 1, 100000000000ull, &o->tx))
                return gen_bad("--tx needs an integer in 1..100000000000, not '%s'", val);
            break;
        case 3:
            if (!gen_parse_u64(val, 1000, 100000000, &v))
                return gen_bad("--accounts needs an integer in 1000..100000000, not '%s'", val);
            o->accounts = (uint32_t)v;
            break;
        case 4:
            if (!gen_parse_u64(val, 1, 366, &v))
                return gen_bad("--days needs an integer in 1..366, not '%s'", val);
            o->days = (uint32_t)v;
            break;
        case 5:
            if (!gen_parse_date(val, &o->start_day))
                return gen_bad("--start needs a date YYYY-MM-DD (1971..9998), not '%s'", val);
            break;
        default:
            if (!*val)
                return gen_bad("--out needs a directory");
            o->out = val;
            break;
        }
    }
    if (!o->out)
        return gen_bad("--out DIR is required");
    return 0;
}

/* mkdir -p. */
static int gen_mkdirs(const char *dir)
{
    char buf[4096];
    size_t n = strlen(dir);

    if (n >= sizeof(buf))
        return -ENAMETOOLONG;
    memcpy(buf, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != 0)
            continue;
        char c = buf[i];
        buf[i] = 0;
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            return -errno;
        buf[i] = c;
    }
    struct stat st;
    if (stat(dir, &st) < 0)
        return -errno;
    return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

static double gen_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int gen_fail(const char *what, const char *path, int err)
{
    fprintf(stderr, "jaga gen: %s %s: %s\n", what, path, strerror(err < 0 ? -err : err));
    return 1;
}

int jaga_gen_main(int argc, char **argv)
{
    struct gen_opts o;
    struct gen_world w;
    struct gen_plan pl;
    struct gen g;
    struct gen_csv csv = { .wr = { gen_csv_begin, gen_csv_tx, gen_csv_end } };
    char path[4096], tt_path[4096];
    uint32_t *fl_acct = NULL, n_fl = 0;
    double t0 = gen_now(), t1;
    uint64_t n_la = 0;
    int ret, st = 0;

    ret = gen_parse_args(argc, argv, &o);
    if (ret)
        return ret == 1 ? 0 : 2;
    if ((ret = gen_mkdirs(o.out)) < 0)
        return gen_fail("cannot create", o.out, ret);

    memset(&w, 0, sizeof(w));
    memset(&pl, 0, sizeof(pl));
    memset(&g, 0, sizeof(g));
    g.tt.fd = -1;
    w.home = o.home;
    w.seed = o.seed;
    w.start_day = o.start_day;
    w.days = o.days;
    w.start_ms = o.start_day * 86400000 - (int64_t)o.home->tz_q * 900000;
    w.end_ms = w.start_ms + (int64_t)o.days * 86400000;

    if ((ret = gen_world_build(&w, o.accounts)) < 0) {
        fprintf(stderr, "jaga gen: cannot build the population: %s\n", strerror(-ret));
        st = ret == -EINVAL ? 2 : 1;
        goto out;
    }
    /* The watch list is drawn before the later typologies take their accounts, so that it is
     * the same as without them. */
    if ((ret = gen_plan_build(&w, &pl, o.tx)) < 0 || (ret = gen_watch_build(&w, &pl)) < 0 ||
        (ret = gen_plan_more(&w, &pl, o.tx)) < 0) {
        fprintf(stderr, "jaga gen: cannot plan injected traffic: %s\n", strerror(-ret));
        st = 1;
        goto out;
    }
    if (pl.n_ev > o.tx) {
        /* Only possible when a long period meets a tiny --tx: the minimum network alone is
         * larger than the stream. */
        fprintf(stderr,
                "jaga gen: --tx %llu is too small for %u day(s) of injected traffic "
                "(%u events); raise --tx\n",
                (unsigned long long)o.tx, o.days, pl.n_ev);
        st = 2;
        goto out;
    }

    if ((ret = gen_write_accounts(&w, o.out, path, sizeof(path))) < 0 ||
        (ret = gen_write_watch(&w, &pl, o.out, path, sizeof(path))) < 0) {
        st = gen_fail("cannot write", path, ret);
        goto out;
    }

    g.w = &w;
    g.pl = &pl;
    g.wr = &csv.wr;
    gen_rng_seed(&g.r, w.seed, 4);
    g.remitter_per_cc = w.rg[AC_REMITTER].n / GEN_NFOREIGN;
    g.acc_seller = jaga_calloc(w.rg[AC_SELLER].n, sizeof(*g.acc_seller));
    g.acc_camp = jaga_calloc(w.rg[AC_CAMPAIGN].n, sizeof(*g.acc_camp));
    g.acc_group = jaga_calloc(w.n_treas, sizeof(*g.acc_group));
    g.la = jaga_calloc(w.n_acct, sizeof(*g.la));
    if (!g.acc_seller || !g.acc_camp || !g.acc_group || !g.la) {
        fprintf(stderr, "jaga gen: out of memory\n");
        st = 1;
        goto out;
    }
    gen_memos_init(&g);
    if ((ret = csv.wr.begin(&csv.wr, &w, o.out)) < 0) {
        st = gen_fail("cannot write", csv.path, ret);
        goto out;
    }
    if ((ret = gen_open_in(&g.tt, tt_path, sizeof(tt_path), o.out, "truth_tx.csv")) < 0) {
        st = gen_fail("cannot write", tt_path, ret);
        goto out;
    }
    g.tt.len = (size_t)(gen_put_lit(g.tt.buf, "tx_id,account_id,role,typology\n") - g.tt.buf);
    g.n_total = o.tx;
    g.prog_t0 = g.prog_last = gen_now();
    g.prog_next = o.no_progress || !isatty(STDERR_FILENO) ? UINT64_MAX : GEN_PROGRESS_EVERY;
    ret = gen_stream(&g, o.tx);
    gen_progress_end(&g);
    {
        int r2 = csv.wr.end(&csv.wr);
        ret = ret ? ret : r2;
    }
    if (ret < 0) {
        st = gen_fail("cannot write", csv.path, ret);
        goto out;
    }
    if ((ret = gen_out_close(&g.tt)) < 0) {
        st = gen_fail("cannot write", tt_path, ret);
        goto out;
    }
    if (!(fl_acct = gen_fl_labelled(&g, &n_fl))) {
        fprintf(stderr, "jaga gen: out of memory\n");
        st = 1;
        goto out;
    }
    if ((ret = gen_write_truth(&w, &pl, o.out, path, sizeof(path))) < 0 ||
        (ret = gen_write_lookalikes(&w, &pl, g.la, fl_acct, n_fl, o.out, path, sizeof(path),
                                    &n_la)) < 0) {
        st = gen_fail("cannot write", path, ret);
        goto out;
    }
    t1 = gen_now();
    {
        /* Accounts and transactions of each later typology, for the summary line. */
        char more[512];
        size_t len = 0;
        for (int ty = 0; ty < TY_N; ty++) {
            uint32_t na = 0;
            for (uint32_t i = 0; i < pl.n_lab; i++)
                na += pl.lab[i].typ == ty;
            len += (size_t)snprintf(more + len, sizeof(more) - len, "%s%u %s (%llu tx)",
                                    ty ? ", " : "", na, gen_typ_name[ty],
                                    (unsigned long long)pl.n_typ_tx[ty]);
        }
        fprintf(stderr,
                "jaga gen: %llu tx (%.1f MB) to %s/tx.csv; injected accounts: %u buyer, %u "
                "facilitator (%llu payments, %llu sweeps), %s; %llu truth_tx rows; %u watch-list "
                "entries; %llu look-alike labels (%u of %u freelancers); %.2f s, %.2f M tx/s\n",
                (unsigned long long)g.seq, (double)csv.out.bytes / 1e6, o.out, pl.n_buyer, pl.n_fac,
                (unsigned long long)pl.n_pay_ev, (unsigned long long)pl.n_sweep_ev, more,
                (unsigned long long)g.tt_rows, pl.n_watch, (unsigned long long)n_la, n_fl, g.n_fl,
                t1 - t0, (double)g.seq / (t1 - t0) / 1e6);
    }
out:
    if (g.tt.fd >= 0)
        gen_out_close(&g.tt);
    jaga_free(fl_acct);
    jaga_free(g.fl);
    jaga_free(g.flc);
    jaga_free(g.fl_due);
    jaga_free(g.fl_due_off);
    jaga_free(g.acc_seller);
    jaga_free(g.acc_camp);
    jaga_free(g.acc_group);
    jaga_free(g.la);
    jaga_free(pl.lab);
    jaga_free(w.visit);
    jaga_free(w.vis_off);
    jaga_free(w.vis_list);
    jaga_free(w.new_by_day);
    jaga_free(pl.buyer);
    jaga_free(pl.day);
    jaga_free(pl.fac);
    jaga_free(pl.ev);
    jaga_free(pl.watch);
    jaga_huge_free(w.acct, (size_t)w.n_acct * sizeof(*w.acct));
    jaga_huge_free(w.hot, (size_t)w.n_acct * sizeof(*w.hot));
    jaga_free(w.hub);
    jaga_free(w.role_bit);
    jaga_free(w.str);
    return st;
}
