// SPDX-License-Identifier: Apache-2.0
/*
 * The read(2) backend of the byte source: one chunk buffer with the parser's prefix room in
 * front, refilled by one read per call. It is the fallback when io_uring is unavailable, and
 * the simplest correct reader, so it does no read-ahead: a short read (pipes, terminals) is
 * returned as is rather than looped to fill the chunk, which keeps latency low on live input.
 */
#include "io/reader.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <unistd.h>

#include "core/base.h"
#include "core/mem.h"
#include "io/reader_impl.h"

struct posix_reader {
    struct jaga_reader base; /* first: the dispatcher casts */
    uint8_t *buf;            /* JAGA_READ_PREFIX + JAGA_READ_CHUNK bytes, 64-byte aligned */
};

static ssize_t posix_next(struct jaga_reader *r, uint8_t **data)
{
    struct posix_reader *p = (struct posix_reader *)r;
    uint8_t *d = p->buf + JAGA_READ_PREFIX;
    ssize_t n;

    for (;;) {
        n = read(r->fd, d, JAGA_READ_CHUNK);
        if (n >= 0)
            break;
        if (errno == EINTR)
            continue;
        /* stdin can be inherited in non-blocking mode; wait for data instead of failing. */
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            struct pollfd pfd = { .fd = r->fd, .events = POLLIN };

            if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
                continue;
        }
        return -errno;
    }
    r->stats.reads++;
    r->stats.bytes += (uint64_t)n;
    *data = d;
    return n;
}

JAGA_COLD static void posix_close(struct jaga_reader *r)
{
    struct posix_reader *p = (struct posix_reader *)r;

    jaga_free(p->buf);
    jaga_free(p);
}

static const struct jaga_reader_ops posix_ops = {
    .next = posix_next,
    .close = posix_close,
};

JAGA_COLD int jaga_reader_open_posix(int fd, int own_fd, struct jaga_reader **out)
{
    struct posix_reader *p = jaga_calloc(1, sizeof(*p));

    if (!p)
        return -ENOMEM;
    /* JAGA_READ_PREFIX is a multiple of 64, so the chunk itself is 64-byte aligned too. */
    p->buf = jaga_aligned_alloc(64, JAGA_READ_PREFIX + JAGA_READ_CHUNK);
    if (!p->buf) {
        jaga_free(p);
        return -ENOMEM;
    }
    jaga_reader_init_base(&p->base, &posix_ops, fd, own_fd, "read");
    *out = &p->base;
    return 0;
}
