// SPDX-License-Identifier: Apache-2.0
/*
 * Small shared macros: attributes, assertions and the "always on" bug check. Everything in the
 * engine includes this; it has no dependencies beyond libc.
 */
#ifndef JAGA_CORE_BASE_H
#define JAGA_CORE_BASE_H

#include <stdio.h>
#include <stdlib.h>

#define JAGA_HOT           __attribute__((hot))
#define JAGA_COLD          __attribute__((cold))
#define JAGA_ALWAYS_INLINE inline __attribute__((always_inline))
#define JAGA_NOINLINE      __attribute__((noinline))
#define JAGA_UNUSED        __attribute__((unused))
#define JAGA_PRINTF(a, b)  __attribute__((format(printf, a, b)))

#define jaga_likely(x)   __builtin_expect(!!(x), 1)
#define jaga_unlikely(x) __builtin_expect(!!(x), 0)

#define JAGA_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define JAGA_MIN(a, b)     ((a) < (b) ? (a) : (b))
#define JAGA_MAX(a, b)     ((a) > (b) ? (a) : (b))

/* Always-on check for states that would corrupt a decision: log file:line and abort. */
#define JAGA_BUG_ON(cond)                                                           \
    do {                                                                            \
        if (jaga_unlikely(cond)) {                                                  \
            fprintf(stderr, "jaga: BUG at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                \
        }                                                                           \
    } while (0)

#ifdef NDEBUG
#    define jaga_assert(cond) ((void)0)
#else
#    define jaga_assert(cond) JAGA_BUG_ON(!(cond))
#endif

/* Floor division for signed times (a day index of a pre-1970 timestamp rounds down). */
static inline int64_t jaga_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

#endif
