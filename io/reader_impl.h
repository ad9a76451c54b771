// SPDX-License-Identifier: Apache-2.0
/*
 * Private contract between io/reader.c (open + dispatch) and the byte-source backends
 * (io/uring.c, io/posix_read.c). Each backend embeds struct jaga_reader as its FIRST member and
 * fills in an ops table; the dispatcher never looks past the base struct. Not a public header:
 * only io/ includes it.
 *
 * Rules for backends:
 *  - The constructor (jaga_reader_open_uring/_posix) either succeeds and sets *out, or fails
 *    with -errno leaving *out untouched, nothing allocated, and the fd NOT closed (the caller
 *    falls back to another backend with the same fd).
 *  - ops->next has the semantics of jaga_reader_next (reader.h): > 0 bytes with
 *    JAGA_READ_PREFIX writable bytes before *data, 0 at end of stream, -errno on error. The
 *    backend keeps r->stats.bytes / reads / submits current; r->stats.backend is set once.
 *  - ops->close releases the backend's resources and frees the struct itself. It must NOT
 *    close r->fd: jaga_reader_close does that afterwards when r->own_fd is set.
 */
#ifndef JAGA_IO_READER_IMPL_H
#define JAGA_IO_READER_IMPL_H

#include <stdint.h>
#include <sys/types.h>

#include "io/reader.h"

struct jaga_reader_ops {
    ssize_t (*next)(struct jaga_reader *r, uint8_t **data);
    void (*close)(struct jaga_reader *r);
};

struct jaga_reader {
    const struct jaga_reader_ops *ops;
    struct jaga_reader_stats stats;
    int fd;     /* file descriptor being read */
    int own_fd; /* nonzero: jaga_reader_close closes fd (not set for stdin) */
};

/* Fills the base part of a backend's reader; `backend` is a static string ("read", "io_uring"). */
static inline void jaga_reader_init_base(struct jaga_reader *r, const struct jaga_reader_ops *ops,
                                         int fd, int own_fd, const char *backend)
{
    r->ops = ops;
    r->stats.bytes = 0;
    r->stats.reads = 0;
    r->stats.submits = 0;
    r->stats.backend = backend;
    r->fd = fd;
    r->own_fd = own_fd;
}

#endif
