// SPDX-License-Identifier: Apache-2.0
/*
 * JSON Lines alert writer (io/alerts.h). Alerts are rare next to transactions, so this uses
 * stdio with a large buffer; numbers are printed in the C locale with fixed precision so the
 * same alerts are byte-identical on every run.
 */
#include "io/alerts.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/base.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/strbuf.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

struct jaga_alerts {
    FILE *fp;
    int own;
    int err;
    uint64_t count;
    char line[16384];
};

int jaga_alerts_open(const char *path, struct jaga_alerts **out)
{
    struct jaga_alerts *s = jaga_calloc(1, sizeof(*s));
    if (!s)
        return -ENOMEM;
    if (!path || !strcmp(path, "-")) {
        s->fp = stdout;
    } else {
        s->fp = fopen(path, "we");
        if (!s->fp) {
            int e = errno;
            jaga_free(s);
            return -e;
        }
        s->own = 1;
    }
    setvbuf(s->fp, NULL, _IOFBF, 1 << 20);
    *out = s;
    return 0;
}

void jaga_alert_id(const char *tx_id, const char *subject, const char *typology, char out[33])
{
    /* The three strings with their NULs, so ("ab","c") and ("a","bc") differ. Ids are at most
     * 64 bytes and typology names 31 (CONTRACT §1, models/pack.h). */
    char buf[256];
    size_t a = strnlen(tx_id, 64), b = strnlen(subject, 64), c = strnlen(typology, 64);
    memcpy(buf, tx_id, a);
    buf[a] = 0;
    memcpy(buf + a + 1, subject, b);
    buf[a + 1 + b] = 0;
    memcpy(buf + a + b + 2, typology, c);
    XXH128_hash_t h = XXH3_128bits_withSeed(buf, a + b + c + 2, 0x6a616761u);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

JAGA_PRINTF(2, 3) static void putf(struct jaga_strbuf *o, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    jaga_sb_put(o, tmp, n > 0 ? (size_t)n : 0);
}

/* JSON string; input is valid UTF-8 (the parser guarantees it), so only escapes are needed. */
static void put_str(struct jaga_strbuf *o, const char *s)
{
    jaga_sb_put(o, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            char e[2] = { '\\', (char)c };
            jaga_sb_put(o, e, 2);
        } else if (c < 0x20 || c == 0x7f) {
            putf(o, "\\u%04x", c);
        } else {
            jaga_sb_put(o, s, 1);
        }
    }
    jaga_sb_put(o, "\"", 1);
}

/* A number with at most 4 decimals and no trailing zeros ("3", "0.85", "51.2"). */
static void put_num(struct jaga_strbuf *o, double v)
{
    char tmp[64];
    int n = snprintf(tmp, sizeof(tmp), "%.4f", v);
    while (n > 1 && tmp[n - 1] == '0')
        n--;
    if (n > 1 && tmp[n - 1] == '.')
        n--;
    if (n == 2 && tmp[0] == '-' && tmp[1] == '0')
        tmp[0] = '0', n = 1;
    jaga_sb_put(o, tmp, (size_t)n);
}

size_t jaga_alert_format(const struct jaga_alert *a, char *buf, size_t cap)
{
    struct jaga_strbuf o = { buf, 0, cap };
    char id[33], ts[25];
    jaga_alert_id(a->tx_id, a->subject, a->typology, id);
    jaga_ts_format(a->ts_ms, ts);
    jaga_sb_puts(&o, "{\"alert_id\":\"");
    jaga_sb_puts(&o, id);
    jaga_sb_puts(&o, "\",\"tx_id\":");
    put_str(&o, a->tx_id);
    jaga_sb_puts(&o, ",\"ts\":\"");
    jaga_sb_puts(&o, ts);
    jaga_sb_puts(&o, "\",\"subject\":");
    put_str(&o, a->subject);
    if (a->subject_name) {
        jaga_sb_puts(&o, ",\"subject_name\":");
        put_str(&o, a->subject_name);
    }
    putf(&o, ",\"role\":\"%s\",\"typology\":", a->role);
    put_str(&o, a->typology);
    jaga_sb_puts(&o, ",\"score\":");
    put_num(&o, (double)a->score);
    putf(&o, ",\"action\":\"%s\"", a->action);
    if (a->below_threshold)
        jaga_sb_puts(&o, ",\"below_threshold\":true");
    jaga_sb_puts(&o, ",\"indicators\":[");
    for (uint32_t k = 0; k < a->n_ind; k++) {
        const struct jaga_alert_ind *x = &a->ind[k];
        jaga_sb_puts(&o, k ? ",{\"id\":" : "{\"id\":");
        put_str(&o, x->id);
        jaga_sb_puts(&o, ",\"value\":");
        put_num(&o, x->value);
        jaga_sb_puts(&o, ",\"threshold\":");
        if (!isnan(x->threshold_lo)) {
            jaga_sb_put(&o, "[", 1);
            put_num(&o, x->threshold_lo);
            jaga_sb_put(&o, ",", 1);
            put_num(&o, x->threshold);
            jaga_sb_put(&o, "]", 1);
        } else {
            put_num(&o, x->threshold);
        }
        if (x->unit) {
            jaga_sb_puts(&o, ",\"unit\":");
            put_str(&o, x->unit);
        }
        if (x->window_h)
            putf(&o, ",\"window_h\":%u", x->window_h);
        if (x->detail_key && x->detail) {
            putf(&o, ",\"%s\":", x->detail_key);
            put_str(&o, x->detail);
        }
        if (x->detail2_key && x->detail2) {
            putf(&o, ",\"%s\":", x->detail2_key);
            put_str(&o, x->detail2);
        }
        jaga_sb_put(&o, "}", 1);
    }
    jaga_sb_puts(&o, "],\"pack\":");
    put_str(&o, a->pack);
    jaga_sb_puts(&o, "}\n");
    if (o.len < cap)
        buf[o.len] = 0;
    return o.len;
}

void jaga_alerts_write(void *sink, const struct jaga_alert *a)
{
    struct jaga_alerts *s = sink;
    size_t n = jaga_alert_format(a, s->line, sizeof(s->line));
    /* Every field is bounded (ids 64 B, 16 indicators), so a line always fits. */
    JAGA_BUG_ON(n >= sizeof(s->line));
    if (fwrite(s->line, 1, n, s->fp) != n && !s->err)
        s->err = errno ? -errno : -EIO;
    s->count++;
}

uint64_t jaga_alerts_count(const struct jaga_alerts *s)
{
    return s->count;
}

int jaga_alerts_close(struct jaga_alerts *s)
{
    if (!s)
        return 0;
    int rc = s->err;
    if (fflush(s->fp) && !rc)
        rc = -errno;
    if (s->own && fclose(s->fp) && !rc)
        rc = -errno;
    jaga_free(s);
    return rc;
}
