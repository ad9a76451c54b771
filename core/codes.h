// SPDX-License-Identifier: Apache-2.0
/*
 * ISO 4217 currency and ISO 3166-1 country codes as small integers. A code packs its letters
 * base 26 so that lookups are arithmetic, not string compares; validity comes from the
 * standards' code lists compiled into core/codes.c.
 */
#ifndef JAGA_CORE_CODES_H
#define JAGA_CORE_CODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Number of distinct packed values (26^3 for currencies, 26^2 for countries), plus one for 0. */
#define JAGA_CCY_SPACE (26 * 26 * 26 + 1)
#define JAGA_CC_SPACE  (26 * 26 + 1)

/** Packed code of a 3-letter currency; 0 if `s` is not three upper-case ASCII letters or not an
 *  active ISO 4217 code. Pure, thread-safe. */
uint16_t jaga_ccy_code(const char *s, size_t len);
/** Packed code of a 2-letter country; 0 if not two upper-case letters or not an assigned ISO
 *  3166-1 alpha-2 code. Pure, thread-safe. */
uint16_t jaga_cc_code(const char *s, size_t len);
/** Writes the letters of a packed code into out (NUL-terminated; 4 and 3 bytes). */
void jaga_ccy_str(uint16_t code, char out[4]);
void jaga_cc_str(uint16_t code, char out[3]);
/** Minor-unit digits of a currency (ISO 4217 exponent), 2 when unknown. */
unsigned jaga_ccy_exponent(uint16_t code);

#endif
