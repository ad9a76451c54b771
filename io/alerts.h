// SPDX-License-Identifier: Apache-2.0
/*
 * The alert sink of CONTRACT.md §3: one JSON object per line, written as soon as decided.
 * alert_id is a hash of (tx_id, subject, typology), so screening the same input twice, or a
 * redelivered message, yields the same ids.
 */
#ifndef JAGA_IO_ALERTS_H
#define JAGA_IO_ALERTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/alert.h"

struct jaga_alerts;

/** Opens the sink: path NULL or "-" = stdout. 0 or -errno; *out untouched on failure. COLD. */
int jaga_alerts_open(const char *path, struct jaga_alerts **out);
/** Serialises one alert (a jaga_alert_fn: pass the sink as ctx). */
void jaga_alerts_write(void *sink, const struct jaga_alert *a);
/** Formats one alert as a JSON line (with '\n') into buf; returns its length, or the length
 *  it would need when cap is too small. */
size_t jaga_alert_format(const struct jaga_alert *a, char *buf, size_t cap);
/** The 32-hex-digit alert id of (tx_id, subject, typology) into out (33 bytes). */
void jaga_alert_id(const char *tx_id, const char *subject, const char *typology, char out[33]);
uint64_t jaga_alerts_count(const struct jaga_alerts *s);
/** Flushes; returns 0 or the first write error (-errno). NULL is fine. COLD. */
int jaga_alerts_close(struct jaga_alerts *s);

#endif
