// SPDX-License-Identifier: Apache-2.0
/*
 * A bounded string builder for cold-path formatting (alert lines, generated regexes): appends
 * past the capacity are counted but not written, so the caller learns the length it needed.
 */
#ifndef JAGA_CORE_STRBUF_H
#define JAGA_CORE_STRBUF_H

#include <stddef.h>
#include <string.h>

struct jaga_strbuf {
    char *p;
    size_t len, cap;
};

static inline void jaga_sb_put(struct jaga_strbuf *o, const char *s, size_t n)
{
    if (o->len + n < o->cap)
        memcpy(o->p + o->len, s, n);
    o->len += n;
}

static inline void jaga_sb_puts(struct jaga_strbuf *o, const char *s)
{
    jaga_sb_put(o, s, strlen(s));
}

#endif
