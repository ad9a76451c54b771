// SPDX-License-Identifier: Apache-2.0
/*
 * One decided alert, as models/ produces it and io/ serialises it (CONTRACT.md §3). All
 * pointers borrow from the batch, the pack or the watch list for the duration of the callback.
 */
#ifndef JAGA_CORE_ALERT_H
#define JAGA_CORE_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JAGA_ALERT_IND_MAX 16

struct jaga_alert_ind {
    const char *id;         /* "RF-FAN-OUT-01" */
    double value;           /* the measured value (count, amount, severity, ...) */
    double threshold;       /* the threshold it was compared with (range: the upper end) */
    double threshold_lo;    /* lower end of a range threshold; NaN when not a range */
    const char *unit;       /* currency of an amount, NULL otherwise */
    uint32_t window_h;      /* window in hours, 0 when not windowed */
    const char *detail_key; /* optional extra string field, e.g. "entry" */
    const char *detail;
    const char *detail2_key; /* a second one, e.g. "match" */
    const char *detail2;
};

struct jaga_alert {
    const char *tx_id;
    const char *subject;      /* account id of the subject */
    const char *subject_name; /* customer name behind an omnibus account, else NULL */
    const char *role;         /* "debtor" or "creditor" */
    const char *typology;
    const char *action; /* "allow" "review" "hold" */
    const char *pack;   /* pack label, e.g. "asean@1" */
    int64_t ts_ms;
    uint64_t seq; /* input position of the transaction */
    float score;
    uint32_t n_ind;
    struct jaga_alert_ind ind[JAGA_ALERT_IND_MAX];
    /* A score under the typology's threshold written for `jaga screen --floor` (action
     * "allow", field "below_threshold":true): not an alert. */
    bool below_threshold;
};

typedef void (*jaga_alert_fn)(void *ctx, const struct jaga_alert *a);

#endif
