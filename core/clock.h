// SPDX-License-Identifier: Apache-2.0
/*
 * Event time: parsing RFC 3339 and epoch-millisecond timestamps, formatting them back, and the
 * hour arithmetic the state windows use. Wall-clock time never enters a decision.
 */
#ifndef JAGA_CORE_CLOCK_H
#define JAGA_CORE_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/** Parses `s[0..len)` as RFC 3339 (`2026-03-01T22:15:03.120Z`, `t`/space separator, `z` or
 *  `+hh:mm`/`-hh:mm` offset, 0-9 fraction digits truncated to ms) or as a non-negative integer
 *  of epoch milliseconds (1-15 digits). Years 1970-9999 only. Returns 0 and stores ms since
 *  1970-01-01T00:00:00Z in *out_ms, or -EINVAL. HOT: no alloc/lock/syscall. */
int jaga_ts_parse(const char *s, size_t len, int64_t *out_ms);

/** Formats ms since the epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ` into out (25 bytes incl. NUL).
 *  Returns the length (24). */
int jaga_ts_format(int64_t ms, char out[25]);

/** Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant). */
int64_t jaga_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
