// SPDX-License-Identifier: Apache-2.0
/*
 * Account identifiers become 64-bit XXH3 hashes once, at parse time; every later stage keys on
 * the hash. The seed is fixed so that hashes, and with them every decision, are the same on
 * every run and machine.
 */
#ifndef JAGA_CORE_HASH_H
#define JAGA_CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#define JAGA_HASH_SEED 0x6a616761u /* "jaga" */

/** Hash of an account id. Never returns 0 (0 marks an empty state-table slot). */
static inline uint64_t jaga_hash_id(const void *p, size_t len)
{
    uint64_t h = XXH3_64bits_withSeed(p, len, JAGA_HASH_SEED);
    return h ? h : 1;
}

#endif
