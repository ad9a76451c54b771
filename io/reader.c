// SPDX-License-Identifier: Apache-2.0
/*
 * Opening a byte source and dispatching to its backend. This file picks the backend (io_uring
 * first, read(2) when io_uring is not built, disabled by JAGA_NO_URING, or refused by the
 * kernel) and owns the file descriptor; the backends in io/uring.c and io/posix_read.c only
 * read from it (contract in io/reader_impl.h). No parsing happens here.
 */
#include "io/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/base.h"
#include "io/reader_impl.h"

JAGA_COLD int jaga_reader_open(const char *path, struct jaga_reader **out)
{
    struct jaga_reader *r = NULL;
    struct stat st;
    int fd, own_fd, ret;

    if (!out)
        return -EINVAL;
    if (!path || strcmp(path, "-") == 0) {
        fd = STDIN_FILENO;
        own_fd = 0;
    } else {
        do {
            fd = open(path, O_RDONLY | O_CLOEXEC);
        } while (fd < 0 && errno == EINTR);
        if (fd < 0)
            return -errno;
        own_fd = 1;
    }
    /* open(2) succeeds on a directory with O_RDONLY; refuse it here so the user gets EISDIR
     * at open time rather than a read error later. The same holds for `jaga < dir`. */
    if (fstat(fd, &st) != 0) {
        ret = -errno;
        goto fail;
    }
    if (S_ISDIR(st.st_mode)) {
        ret = -EISDIR;
        goto fail;
    }

    ret = -ENOTSUP;
    if (!getenv("JAGA_NO_URING"))
        ret = jaga_reader_open_uring(fd, own_fd, &r);
    if (ret < 0)
        ret = jaga_reader_open_posix(fd, own_fd, &r);
    if (ret < 0)
        goto fail;
    *out = r;
    return 0;

fail:
    if (own_fd)
        close(fd);
    return ret;
}

ssize_t jaga_reader_next(struct jaga_reader *r, uint8_t **data)
{
    return r->ops->next(r, data);
}

void jaga_reader_get_stats(const struct jaga_reader *r, struct jaga_reader_stats *out)
{
    *out = r->stats;
}

JAGA_COLD void jaga_reader_close(struct jaga_reader *r)
{
    int fd, own_fd;

    if (!r)
        return;
    /* The backend frees r, so take what we need first. */
    fd = r->fd;
    own_fd = r->own_fd;
    r->ops->close(r);
    if (own_fd)
        close(fd);
}
