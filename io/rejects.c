// SPDX-License-Identifier: Apache-2.0
/*
 * The reject sink: one tab-separated line per rejected record (format in io/rejects.h). It is a
 * cold path, so it writes through stdio with a large buffer and escapes byte by byte. Every
 * text column is escaped with the same rules as the raw record, because a reason can quote
 * field content and a source can be any path; that keeps "one reject = one line" true whatever
 * the input holds. Without a path the sink only counts.
 */
#include "io/rejects.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/base.h"
#include "core/mem.h"
#include "io/csv_split.h"

struct jaga_rejects {
    FILE *f;
    uint64_t count;
    int err; /* first write error, -errno */
};

JAGA_COLD int jaga_rejects_open(const char *path, struct jaga_rejects **out)
{
    struct jaga_rejects *r = jaga_calloc(1, sizeof(*r));

    if (!r)
        return -ENOMEM;
    if (path) {
        r->f = fopen(path, "we");
        if (!r->f) {
            int e = -errno;

            jaga_free(r);
            return e;
        }
        setvbuf(r->f, NULL, _IOFBF, 256 * 1024);
    }
    *out = r;
    return 0;
}

static void put_escaped(FILE *f, const unsigned char *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0, run = 0;

    while (i < n) {
        unsigned c = p[i];
        char esc[4];
        size_t elen = 0, k;

        if (c >= 0x20 && c < 0x7f && c != '\\') {
            i++;
            run++;
            continue;
        }
        if (c >= 0x80 && (k = jaga_utf8_seq(p + i, n - i)) != 0) {
            i += k;
            run += k;
            continue;
        }
        /* Flush the plain run before the escape. */
        if (run)
            fwrite(p + i - run, 1, run, f);
        run = 0;
        esc[0] = '\\';
        switch (c) {
        case '\\': esc[1] = '\\', elen = 2; break;
        case '\t': esc[1] = 't', elen = 2; break;
        case '\r': esc[1] = 'r', elen = 2; break;
        case '\n': esc[1] = 'n', elen = 2; break;
        default:
            esc[1] = 'x';
            esc[2] = hex[c >> 4];
            esc[3] = hex[c & 15];
            elen = 4;
        }
        fwrite(esc, 1, elen, f);
        i++;
    }
    if (run)
        fwrite(p + n - run, 1, run, f);
}

void jaga_rejects_add(struct jaga_rejects *r, const char *source, uint64_t line, uint64_t offset,
                      const char *reason, const void *raw, size_t raw_len)
{
    if (!r)
        return;
    r->count++;
    if (!r->f || r->err)
        return;
    if (raw_len > JAGA_REJECT_RAW_MAX)
        raw_len = JAGA_REJECT_RAW_MAX;
    if (!source)
        source = "";
    if (!reason)
        reason = "";
    put_escaped(r->f, (const unsigned char *)source, strlen(source));
    fprintf(r->f, "\t%" PRIu64 "\t%" PRIu64 "\t", line, offset);
    put_escaped(r->f, (const unsigned char *)reason, strlen(reason));
    fputc('\t', r->f);
    if (raw_len)
        put_escaped(r->f, raw, raw_len);
    if (fputc('\n', r->f) == EOF || ferror(r->f))
        r->err = errno ? -errno : -EIO;
}

uint64_t jaga_rejects_count(const struct jaga_rejects *r)
{
    return r ? r->count : 0;
}

JAGA_COLD int jaga_rejects_close(struct jaga_rejects *r)
{
    int err;

    if (!r)
        return 0;
    err = r->err;
    if (r->f) {
        if (fflush(r->f) != 0 && !err)
            err = errno ? -errno : -EIO;
        if (ferror(r->f) && !err)
            err = -EIO;
        if (fclose(r->f) != 0 && !err)
            err = errno ? -errno : -EIO;
    }
    jaga_free(r);
    return err;
}
