// SPDX-License-Identifier: Apache-2.0
/*
 * `jaga gen`: the synthetic national-switch traffic generator (tools/gen.c). It writes a
 * canonical CSV day of one country's switch traffic with injected CSE typologies, the account
 * and watch-list reference files, the ground truth and the look-alike labels. It is a tool, not
 * part of the engine: nothing in core/, io/ or models/ includes this header. The constants below
 * are the generator's own parameters, published so that the unit tests check the output against
 * the values gen.c uses rather than against copies of them.
 */
#ifndef JAGA_TOOLS_GEN_H
#define JAGA_TOOLS_GEN_H

/** Runs `jaga gen`; argv[0] is "gen". Output is a pure function of the arguments (no wall
 *  clock, no libc rand), so the same arguments give byte-identical files. Returns the process
 *  exit status: 0 on success, 1 when an output file cannot be created or written, 2 for a usage
 *  error (a one-line reason on stderr). `--help` prints usage on stdout and returns 0. A
 *  progress line is drawn on stderr only when stderr is a terminal (and not --no-progress).
 *  Cold; single-threaded; not reentrant-safe only in that it writes to stdout/stderr. */
int jaga_gen_main(int argc, char **argv);

/** A look-alike group of lookalikes.csv: legitimate accounts that the generator deliberately
 *  makes behave like a red flag. `name` is the stable snake_case value of the `group` column,
 *  `meaning` one line on what the accounts did (the same text `jaga gen --help` prints). */
struct jaga_gen_lookalike {
    const char *name;
    const char *meaning;
};

/** Number of look-alike groups. */
#define JAGA_GEN_N_LOOKALIKES 29

/** The look-alike groups, in the order an account's rows are written. Immutable. */
extern const struct jaga_gen_lookalike jaga_gen_lookalikes[JAGA_GEN_N_LOOKALIKES];

/** Background family remittances (redflags.md §1.1, §8): amounts in US$ are log-normal with this
 *  median and 90th percentile, truncated to [LO, HI], drawn from a quantile table of
 *  JAGA_GEN_QTAB_N steps with linear interpolation inside a step. */
#define JAGA_GEN_REMIT_MEDIAN_USD 110.0
#define JAGA_GEN_REMIT_P90_USD    287.0
#define JAGA_GEN_REMIT_LO_USD     10.0
#define JAGA_GEN_REMIT_HI_USD     3000.0
#define JAGA_GEN_QTAB_N           1024

/** LSAC buyer payments: this share is sent at sender-local JAGA_GEN_BUYER_NIGHT_FROM_H:00 for
 *  JAGA_GEN_BUYER_NIGHT_HOURS hours (22:00-05:59, §8), the rest in the daytime and evening. */
#define JAGA_GEN_BUYER_NIGHT_SHARE  0.65
#define JAGA_GEN_BUYER_NIGHT_FROM_H 22
#define JAGA_GEN_BUYER_NIGHT_HOURS  8

/** Distinct LSAC buyers paying one facilitator (in-degree), inclusive bounds. */
#define JAGA_GEN_FAC_FAN_IN_MIN 5
#define JAGA_GEN_FAC_FAN_IN_MAX 40

/** Freelancers paid from abroad (look-alike groups freelancer_abroad_paid and freelancer_client):
 *  every invoice payment from a foreign client or platform to a resident freelancer is worth
 *  between these US$ amounts, inclusive, at the rates jaga_gen_per_usd() gives (assumed), and a
 *  freelancer has between JAGA_GEN_FREELANCE_CLIENTS_MIN and _MAX distinct paying clients. A
 *  freelancer is labelled once at least _MIN of them have paid in the period. */
#define JAGA_GEN_FREELANCE_LO_USD      50.0
#define JAGA_GEN_FREELANCE_HI_USD      1000.0
#define JAGA_GEN_FREELANCE_CLIENTS_MIN 2
#define JAGA_GEN_FREELANCE_CLIENTS_MAX 5

/** Returned by jaga_gen_sender_tz_q() for a country whose senders live in several zones. */
#define JAGA_GEN_TZ_SEVERAL (-1000)

/** The UTC offset, in quarter hours east, that the generator gives every sender abroad of
 *  country `cc` (two ASCII letters, need not be NUL-terminated), or JAGA_GEN_TZ_SEVERAL when
 *  the country's senders are spread over several zones or the country sends nothing.
 *  Pure; thread-safe; cold. */
int jaga_gen_sender_tz_q(const char *cc);

/** Units of currency `cur` (three ASCII letters, need not be NUL-terminated) per US dollar at the
 *  generator's fixed rates, or 0 for a currency it never writes. Pure; thread-safe; cold. */
double jaga_gen_per_usd(const char *cur);

#endif
