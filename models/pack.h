// SPDX-License-Identifier: Apache-2.0
/*
 * A red-flag pack: the detection model as data (DESIGN.md "The red-flag model"). A pack is a
 * directory under models/packs/ holding pack.yaml (FX table, country sets, corridor bands,
 * indicator parameters with their sources, typologies) and lexicon files. This file loads and
 * validates it into an immutable struct the engine reads; nothing here runs per record.
 */
#ifndef JAGA_MODELS_PACK_H
#define JAGA_MODELS_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/batch.h"
#include "core/codes.h"
#include "models/rules/scan.h"

/* The indicators this engine computes. A slot's bit in jaga_batch.fired is 1 << its value. */
enum jaga_ind {
    JAGA_IND_AMT_01 = 0, /* low-value corridor transfer */
    JAGA_IND_VEL_01,     /* frequent low-value corridor payments by the debtor */
    JAGA_IND_FAN_OUT_01, /* debtor pays many distinct corridor beneficiaries */
    JAGA_IND_FAN_IN_01,  /* creditor paid by many distinct foreign low-value senders */
    JAGA_IND_TXT_01,     /* memo cover terms */
    JAGA_IND_TXT_03,     /* memo age / child terms */
    JAGA_IND_WL_01,      /* a party's account is on the watch list (exact) */
    JAGA_IND_AMT_02,     /* even / round amount */
    JAGA_IND_TIM_01,     /* the debtor's corridor payments fall at sender-local night */
    JAGA_IND_TXT_02,     /* social-media or gaming handle in the memo */
    JAGA_IND_TXT_04,     /* service slang from case reporting */
    JAGA_IND_TIM_02,     /* a beneficiary's foreign senders pay at their local night */
    JAGA_IND_WL_02,      /* the debtor's account is on an offender registry */
    JAGA_IND_WL_03,      /* a party's name equals a watch-list name or alias */
    JAGA_IND_WL_05,      /* a party's account was exited or reported for CSE */
    JAGA_IND_AMT_03,     /* sextortion-sized payment by a young account holder */
    JAGA_IND_CTY_01,     /* corridor payment with no apparent family connection */
    JAGA_IND_CPY_01,     /* an unrelated adult pays a minor directly */
    JAGA_IND_NEW_01,     /* the account behind a pattern was opened recently */
    JAGA_IND_FSEC_01,    /* a young holder's burst of payments to new counterparties */
    JAGA_IND_MULE_01,    /* an account collecting from many young payers forwards the money */
    JAGA_IND_LAY_01,     /* an account collecting many small payments moves them on quickly */
    JAGA_IND_TRV_01,     /* a corridor payer's card spends on travel in the supply country */
    JAGA_IND_ESC_01,     /* a payer's corridor payments grow in both amount and frequency */
    JAGA_IND_MICRO_01,   /* repeated small payments to one platform merchant */
    JAGA_IND_NET_01,     /* the payer has paid a watch-listed account (two-hop association) */
    JAGA_IND_CH_01,      /* remittance / money-transfer operator into a corridor */
    JAGA_IND_CH_02,      /* person-to-person transfer */
    JAGA_IND_CH_03,      /* e-wallet */
    JAGA_IND_CH_04,      /* crypto */
    JAGA_IND_CH_05,      /* gift cards, prepaid cards, game credits */
    JAGA_IND_CH_06,      /* livestream / creator platforms */
    JAGA_IND_CH_09,      /* third-party payment processors and gateways */
    JAGA_IND_CH_10,      /* crowdfunding and donations */
    JAGA_IND_COUNT
};

enum { JAGA_SIDE_EITHER = 0, JAGA_SIDE_DEBTOR, JAGA_SIDE_CREDITOR };

enum jaga_subject { JAGA_SUBJ_DEBTOR = 0, JAGA_SUBJ_CREDITOR, JAGA_SUBJ_LISTED };
enum jaga_action { JAGA_ACT_ALLOW = 0, JAGA_ACT_REVIEW, JAGA_ACT_HOLD };

#define JAGA_PACK_STR 256

struct jaga_ind_def {
    bool enabled;
    char id[24]; /* "RF-AMT-01" */
    char name[96];
    char source[JAGA_PACK_STR]; /* citation (redflags.md §11) */
    /* Parameters; which ones apply depends on the indicator. */
    uint32_t window_h;       /* VEL, FAN-OUT, FAN-IN: window in hours */
    uint32_t min_count;      /* VEL: payments; FAN-*: distinct counterparties */
    uint32_t short_window_h; /* FAN-IN: second, shorter window (0 = off) */
    uint32_t short_min_count;
    uint32_t categories;   /* TXT-*: lexicon category bits */
    uint32_t min_severity; /* WL-01 */
    uint32_t units;        /* AMT-02: default multiple, in major units */
    uint32_t night_from;   /* TIM-01: local night hours [night_from, night_to), wrapping */
    uint32_t night_to;
    uint32_t min_share; /* TIM-01: percent of the window's corridor payments at night */
    char lists[8][32];  /* WL-*: watch-list `list` names it covers; none = every list */
    uint32_t n_lists;
    uint32_t side; /* WL-*: JAGA_SIDE_* of the party it looks at */
    /* Profile and channel parameters (AMT-03, CPY-01, CTY-01, NEW-01, FSEC, MULE, LAY, CH-*). */
    uint32_t max_age;    /* AMT-03, FSEC, MULE: holder age in years at most; CPY: minor below */
    uint32_t max_days;   /* NEW-01: account opened at most this many days before */
    uint32_t min_payers; /* LAY, MULE: distinct payers in the window */
    double max_usd;      /* AMT-03, FSEC: amount ceiling, converted from max_amount */
    double min_usd;      /* FSEC: burst floor, converted from min_amount */
    double max_amount, min_amount;
    char amount_currency[4];
    uint32_t channels;               /* bit per JAGA_CH_*: channels the indicator accepts */
    uint32_t kinds;                  /* CH-*: bit per account kind of either party */
    uint16_t mcc_lo[32], mcc_hi[32]; /* CH-*, TRV: merchant category code ranges */
    uint32_t n_mccs;
    bool corridor_only;     /* CH-*: only on corridor payments */
    uint32_t bands;         /* LAY: bit per domestic band whose inflows it watches */
    uint32_t min_growth;    /* ESC: percent increase of both mean amount and count */
    uint16_t countries[16]; /* CTY: payee countries of concern beyond the corridors */
    uint32_t n_countries;
};

struct jaga_typo_def {
    char name[32];
    const char *file; /* pack file that last defined or changed it */
    enum jaga_subject subject;
    enum jaga_action action;
    float threshold;              /* alert when score >= threshold */
    uint64_t require_all;         /* indicator bits that must all fire */
    uint64_t require_any;         /* at least one of these must fire (0 = no condition) */
    uint32_t lay_bands;           /* RF-LAY-01 counts only for these domestic bands (0 = any) */
    float weight[JAGA_IND_COUNT]; /* score = min(1, sum of weights of fired indicators) */
    /* Weights and threshold count in steps of 0.0001 (they are read rounded to it): the score
     * is summed in those integer units, so it is exact, the same in any order, and a sum that
     * prints as the threshold is the threshold. weight[k] == weight_e4[k] / 10000. */
    uint16_t weight_e4[JAGA_IND_COUNT];
};

/* The float of a count of 0.0001 steps (a score, weight or threshold); monotonic, so comparing
 * two of them is comparing the counts. */
static inline float jaga_e4_float(uint32_t e4)
{
    return (float)((double)e4 / 10000.0);
}

struct jaga_band {
    /* Countries: explicit sets, or the pack's demand/supply sets as they stand after every
     * overlay (JAGA_SET_*), resolved when the corridor table is built. */
    uint8_t from[JAGA_CC_SPACE], to[JAGA_CC_SPACE];
    uint8_t from_set, to_set;
    char currency[4];
    double min, max;         /* in `currency` */
    double min_usd, max_usd; /* converted with the pack's FX table at load */
    char source[JAGA_PACK_STR];
};

enum { JAGA_SET_LIST = 0, JAGA_SET_DEMAND, JAGA_SET_SUPPLY };

/* A domestic amount band (CSAM micro-sales, broker inflows): payments inside one country whose
 * inflows RF-LAY-01 follows. */
struct jaga_dband {
    char name[32];
    uint16_t country; /* jaga_cc_code */
    char currency[4];
    double min, max, min_usd, max_usd;
    char source[JAGA_PACK_STR];
};
#define JAGA_DBANDS_MAX 2 /* one warm-line class each (core/state.h JAGA_WARM_DBAND0/1) */

#define JAGA_BANDS_MAX 32
#define JAGA_LEX_MAX   1024
#define JAGA_CAT_NAME  32

struct jaga_pack {
    char label[64]; /* "asean@1" (+ overlays) as written in alerts */
    char dir[4096]; /* directory it was loaded from */
    char fx_date[16];
    /* USD per unit of each currency (packed code index); 0 = unknown -> amount rules skip. */
    double usd_per[JAGA_CCY_SPACE];
    uint8_t demand[JAGA_CC_SPACE]; /* 1 = demand-side (sending) country */
    uint8_t supply[JAGA_CC_SPACE]; /* 1 = supply-side (receiving) country */
    /* corridor[d * JAGA_CC_SPACE + c] = band index + 1 for debtor country d, creditor c. */
    uint8_t *corridor;
    uint8_t corridor_channel[JAGA_CH_COUNT]; /* channels RF-AMT-01 accepts */
    /* Standard-time UTC offset in minutes per country (RF-TIM-01); tz_known[c] = 1 if given. */
    int16_t tz_min[JAGA_CC_SPACE];
    uint8_t tz_known[JAGA_CC_SPACE];
    /* RF-AMT-02 multiple per currency, x 10^4 like amount_e4; 0 = the indicator's default. */
    uint32_t round_e4[JAGA_CCY_SPACE];
    struct jaga_band bands[JAGA_BANDS_MAX];
    uint32_t n_bands;
    struct jaga_dband dbands[JAGA_DBANDS_MAX];
    uint32_t n_dbands;

    struct jaga_ind_def ind[JAGA_IND_COUNT];
    struct jaga_typo_def typo[JAGA_TYPO_MAX];
    uint32_t n_typo;

    char cat_names[JAGA_MEMO_MAX_CATEGORIES][JAGA_CAT_NAME];
    uint32_t n_cats;
    struct jaga_lex_pattern lex[JAGA_LEX_MAX];
    uint32_t n_lex;
    char *strings; /* owned storage for lexicon regexes and file names */
    size_t strings_len, strings_cap;
};

/** Loads the pack `name_or_dir`: a directory path, or a name looked up in $JAGA_PACK_PATH,
 *  then the source tree's models/packs, then the installed share/jaga/packs. On failure returns
 *  -ENOENT (unknown pack) or -EINVAL (invalid) with "FILE:LINE: reason" in err. COLD. */
int jaga_pack_load(const char *name_or_dir, struct jaga_pack **out, char *err, size_t errlen);
void jaga_pack_destroy(struct jaga_pack *p);

/** The lexicon of the pack, in the form the scanner compiles. */
struct jaga_lexicon jaga_pack_lexicon(const struct jaga_pack *p);

/** Indicator id string of a slot ("RF-AMT-01"). */
const char *jaga_ind_id(enum jaga_ind k);
const char *jaga_action_str(enum jaga_action a);
const char *jaga_subject_str(enum jaga_subject s);

/** Writes the resolved pack (indicators, parameters, sources, typologies) to fp. COLD. */
void jaga_pack_print(const struct jaga_pack *p, void *fp);

#endif
