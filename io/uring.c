// SPDX-License-Identifier: Apache-2.0
/*
 * io_uring backend of the byte reader (io/reader.h). One ring per reader and four buffers of
 * JAGA_READ_CHUNK bytes, each with JAGA_READ_PREFIX writable bytes in front, registered with the
 * ring together with the file so reads use IORING_OP_READ_FIXED + IOSQE_FIXED_FILE. Regular
 * files keep up to four reads in flight at increasing offsets and hand chunks out strictly in
 * file order whatever order the completions come in; pipes, sockets and character devices keep
 * one read in flight at the file position (offset -1), because reads on a stream complete in the
 * order the data arrives, not the order they were queued. This file does not open or close the
 * fd (io/reader.c does) and is replaced by io/uring_none.c when liburing is not built.
 */
#include "io/reader.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <liburing.h>

#include "core/base.h"
#include "core/mem.h"
#include "io/reader_impl.h"

/* Four chunks is enough to keep a page-cache or NVMe read ahead of the parser; the ring has
 * room for one op per buffer plus one cancel per buffer at close, so io_uring_get_sqe cannot
 * run dry. */
#define UR_NBUF  4u
#define UR_DEPTH 8u

/* Pause before retrying a regular-file read that returned -EAGAIN (O_NONBLOCK fd, data not yet
 * in the page cache). Polling a regular file reports "ready" at once, so a timer is the only
 * way not to spin. */
#define UR_BACKOFF_NS 50000

/* user_data = op << 8 | buffer index. */
enum ur_op {
    UR_OP_READ = 1,
    UR_OP_WAIT = 2, /* poll_add (stream) or timeout (regular file) before retrying a read */
    UR_OP_CANCEL = 3,
};

enum ur_state {
    UR_FREE, /* may be submitted */
    UR_BUSY, /* a read or wait op is in the kernel */
    UR_DONE, /* complete, waiting for its turn to be delivered */
    UR_HELD, /* returned by the last next(); the caller owns it until the next call */
};

struct ur_buf {
    uint8_t *mem;  /* allocation: JAGA_READ_PREFIX + JAGA_READ_CHUNK bytes */
    uint8_t *data; /* mem + JAGA_READ_PREFIX, the registered part */
    uint64_t off;  /* file offset of data[0] (regular files only) */
    uint64_t ud;   /* user_data of the op in flight, for cancel */
    uint32_t want; /* bytes this chunk should hold */
    uint32_t have; /* bytes read so far */
    int err;       /* -errno the chunk ended with, or 0 */
    bool eof;      /* end of file reached after `have` bytes */
    uint8_t state; /* enum ur_state */
};

struct ur_reader {
    struct jaga_reader base; /* first: io/reader.c casts */
    struct io_uring ring;
    struct __kernel_timespec backoff;
    uint64_t next_off;  /* file offset of the next chunk to submit (regular files) */
    uint64_t size_hint; /* st_size at open, raised when the file is seen to grow */
    uint64_t sub_seq;   /* chunks submitted so far; chunk k lives in buf[k % UR_NBUF] */
    uint64_t dlv_seq;   /* chunks delivered so far */
    unsigned inflight;  /* ops whose completion has not been reaped yet */
    int fdi;            /* what SQEs name: registered index 0, or the fd itself */
    int held;           /* buffer returned by the last next(), or -1 */
    int err;            /* sticky error, returned once the bytes before it are delivered */
    bool eof;           /* sticky end of stream */
    bool stop;          /* an EOF or error completion was seen: submit nothing further */
    bool regular;
    bool fixed_bufs;
    bool fixed_file;
    bool closing;
    struct ur_buf buf[UR_NBUF];
};

static inline uint64_t ur_ud(enum ur_op op, unsigned idx)
{
    return (uint64_t)op << 8 | idx;
}

static struct io_uring_sqe *ur_get_sqe(struct ur_reader *u)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);

    /* Outstanding ops never exceed UR_DEPTH (see above), so a full SQ means unsubmitted
     * entries only; flush them and try once more. */
    if (jaga_unlikely(!sqe)) {
        if (io_uring_submit(&u->ring) > 0)
            u->base.stats.submits++;
        sqe = io_uring_get_sqe(&u->ring);
    }
    JAGA_BUG_ON(!sqe);
    return sqe;
}

/* Queues a read of the rest of buffer `idx`: from data + have, at off + have for a regular file
 * (so a short read continues exactly where it stopped) or at the file position for a stream. */
static void ur_prep_read(struct ur_reader *u, unsigned idx)
{
    struct ur_buf *b = &u->buf[idx];
    struct io_uring_sqe *sqe = ur_get_sqe(u);
    uint64_t off = u->regular ? b->off + b->have : (uint64_t)-1;

    if (u->fixed_bufs)
        io_uring_prep_read_fixed(sqe, u->fdi, b->data + b->have, b->want - b->have, off, (int)idx);
    else
        io_uring_prep_read(sqe, u->fdi, b->data + b->have, b->want - b->have, off);
    if (u->fixed_file)
        sqe->flags |= IOSQE_FIXED_FILE;
    b->ud = ur_ud(UR_OP_READ, idx);
    io_uring_sqe_set_data64(sqe, b->ud);
    b->state = UR_BUSY;
    u->inflight++;
}

/* -EAGAIN / -ENOBUFS: wait for readiness (stream) or a short pause (regular file), then read
 * again from the completion of the wait op. */
static void ur_prep_wait(struct ur_reader *u, unsigned idx)
{
    struct ur_buf *b = &u->buf[idx];
    struct io_uring_sqe *sqe = ur_get_sqe(u);

    if (u->regular) {
        io_uring_prep_timeout(sqe, &u->backoff, 0, 0);
    } else {
        io_uring_prep_poll_add(sqe, u->fdi, POLLIN);
        if (u->fixed_file)
            sqe->flags |= IOSQE_FIXED_FILE;
    }
    b->ud = ur_ud(UR_OP_WAIT, idx);
    io_uring_sqe_set_data64(sqe, b->ud);
    b->state = UR_BUSY;
    u->inflight++;
}

/* Queues reads into every buffer whose turn has come. Regular files: up to UR_NBUF chunks
 * ahead, each capped at the known file size; once that size is reached, one probe read at a
 * time finds out whether the file really ended or grew. Streams: one read at a time. */
static void ur_refill(struct ur_reader *u)
{
    while (!u->stop) {
        unsigned idx = (unsigned)(u->sub_seq % UR_NBUF);
        struct ur_buf *b = &u->buf[idx];
        uint32_t want = JAGA_READ_CHUNK;

        if (b->state != UR_FREE)
            break;
        if (u->regular) {
            if (u->next_off < u->size_hint)
                want = (uint32_t)JAGA_MIN((uint64_t)JAGA_READ_CHUNK, u->size_hint - u->next_off);
            else if (u->sub_seq != u->dlv_seq)
                break;
            b->off = u->next_off;
            u->next_off += want;
        } else if (u->sub_seq != u->dlv_seq) {
            break;
        }
        b->want = want;
        b->have = 0;
        b->err = 0;
        b->eof = false;
        u->sub_seq++;
        ur_prep_read(u, idx);
    }
}

static void ur_complete(struct ur_reader *u, const struct io_uring_cqe *cqe)
{
    uint64_t ud = io_uring_cqe_get_data64(cqe);
    unsigned op = (unsigned)(ud >> 8), idx = (unsigned)(ud & 0xff);
    struct ur_buf *b;
    int res = cqe->res;

    jaga_assert(u->inflight > 0);
    u->inflight--;
    if (op == UR_OP_CANCEL)
        return;
    JAGA_BUG_ON(idx >= UR_NBUF || u->buf[idx].state != UR_BUSY);
    b = &u->buf[idx];
    if (u->closing) {
        b->state = UR_DONE;
        return;
    }
    if (op == UR_OP_WAIT) {
        /* A poll reports readiness as a positive mask and a timer expires with -ETIME; any
         * other error would make the retry loop spin, so it ends the chunk instead. */
        if (res < 0 && res != -ETIME && res != -EINTR && res != -ECANCELED) {
            b->err = res;
            b->state = UR_DONE;
            u->stop = true;
            return;
        }
        ur_prep_read(u, idx);
        return;
    }

    u->base.stats.reads++;
    if (res == -EINTR) {
        ur_prep_read(u, idx);
    } else if (res == -EAGAIN || res == -ENOBUFS) {
        ur_prep_wait(u, idx);
    } else if (res < 0) {
        b->err = res;
        b->state = UR_DONE;
        u->stop = true;
    } else if (res == 0) {
        b->eof = true;
        b->state = UR_DONE;
        u->stop = true;
    } else {
        b->have += (uint32_t)res;
        if (u->regular && b->have < b->want) {
            /* Short read before the end we expected: fetch the rest into the same buffer at
             * the matching offset, so later chunks (already in flight) still line up. */
            ur_prep_read(u, idx);
            return;
        }
        b->state = UR_DONE;
        if (u->regular && b->off + b->have > u->size_hint) {
            /* A probe past the old size returned data: the file is growing. Re-read the size
             * so the next chunks are pipelined again instead of probed one by one. */
            struct stat st;

            u->size_hint = b->off + b->have;
            if (fstat(u->base.fd, &st) == 0 && (uint64_t)st.st_size > u->size_hint)
                u->size_hint = (uint64_t)st.st_size;
        }
    }
}

/* Submits whatever is queued, waits for at least one completion and reaps the whole batch with
 * one CQ advance. Returns 0 (also when a signal interrupted the wait) or -errno if the ring
 * itself failed. */
static int ur_wait(struct ur_reader *u)
{
    struct io_uring_cqe *cqe;
    unsigned head, n = 0;
    int rc;

    if (io_uring_sq_ready(&u->ring)) {
        rc = io_uring_submit_and_wait(&u->ring, 1);
        if (rc > 0)
            u->base.stats.submits++;
    } else {
        rc = io_uring_wait_cqe(&u->ring, &cqe);
    }
    if (rc < 0 && rc != -EINTR && rc != -EAGAIN)
        return rc;
    io_uring_for_each_cqe (&u->ring, head, cqe) {
        ur_complete(u, cqe);
        n++;
    }
    io_uring_cq_advance(&u->ring, n);
    return 0;
}

/* HOT: no alloc/lock; at most one io_uring_enter per chunk in the steady state. */
static ssize_t ur_next(struct jaga_reader *r, uint8_t **data)
{
    struct ur_reader *u = (struct ur_reader *)r;
    unsigned idx;
    struct ur_buf *b;

    if (u->held >= 0) {
        u->buf[u->held].state = UR_FREE;
        u->held = -1;
    }
    if (u->err)
        return u->err;
    if (u->eof)
        return 0;

    ur_refill(u);
    idx = (unsigned)(u->dlv_seq % UR_NBUF);
    b = &u->buf[idx];
    while (b->state != UR_DONE) {
        int rc;

        /* Every chunk before the one that stopped submission gets submitted, and delivery
         * stops at that chunk, so the next chunk in order is always queued or done. */
        JAGA_BUG_ON(b->state != UR_BUSY);
        rc = ur_wait(u);
        if (rc < 0) {
            u->err = rc;
            return rc;
        }
    }
    u->dlv_seq++;
    if (b->have == 0) {
        b->state = UR_FREE;
        if (b->err) {
            u->err = b->err;
            return b->err;
        }
        JAGA_BUG_ON(!b->eof);
        u->eof = true;
        return 0;
    }
    /* Bytes that arrived before an error or EOF go out first; the next call reports it. */
    if (b->err)
        u->err = b->err;
    if (b->eof)
        u->eof = true;
    b->state = UR_HELD;
    u->held = (int)idx;
    u->base.stats.bytes += b->have;

    /* Start the next reads now so they run while the caller parses this chunk. */
    ur_refill(u);
    if (io_uring_sq_ready(&u->ring) && io_uring_submit(&u->ring) > 0)
        u->base.stats.submits++;
    *data = b->data;
    return (ssize_t)b->have;
}

static JAGA_COLD void ur_free_bufs(struct ur_reader *u)
{
    for (unsigned i = 0; i < UR_NBUF; i++)
        jaga_free(u->buf[i].mem);
}

static JAGA_COLD void ur_close(struct jaga_reader *r)
{
    struct ur_reader *u = (struct ur_reader *)r;
    bool drained = true;

    /* The kernel may still write into buffers with reads in flight (a pipe read can wait
     * forever), so cancel them and reap every completion before the memory is freed. */
    u->closing = true;
    for (unsigned i = 0; i < UR_NBUF; i++) {
        struct io_uring_sqe *sqe;

        if (u->buf[i].state != UR_BUSY)
            continue;
        sqe = ur_get_sqe(u);
        io_uring_prep_cancel64(sqe, u->buf[i].ud, 0);
        io_uring_sqe_set_data64(sqe, ur_ud(UR_OP_CANCEL, i));
        u->inflight++;
    }
    while (u->inflight > 0) {
        if (ur_wait(u) < 0) {
            drained = false;
            break;
        }
    }
    if (u->fixed_file)
        (void)io_uring_unregister_files(&u->ring);
    if (u->fixed_bufs)
        (void)io_uring_unregister_buffers(&u->ring);
    io_uring_queue_exit(&u->ring);
    /* If the ring broke while reads were in flight, leaking 4 MiB beats handing memory the
     * kernel may still write to back to the allocator. */
    if (drained)
        ur_free_bufs(u);
    jaga_free(u);
}

static const struct jaga_reader_ops ur_ops = {
    .next = ur_next,
    .close = ur_close,
};

JAGA_COLD int jaga_reader_open_uring(int fd, int own_fd, struct jaga_reader **out)
{
    struct iovec iov[UR_NBUF];
    struct io_uring_params p;
    struct ur_reader *u;
    struct stat st;
    int rc;

    if (fd < 0 || !out)
        return -EINVAL;
    if (fstat(fd, &st) < 0)
        return -errno;
    u = jaga_aligned_alloc(64, sizeof(*u));
    if (!u)
        return -ENOMEM;
    memset(u, 0, sizeof(*u));

    /* COOP_TASKRUN (5.19+) skips the IPI that would interrupt us to run completion work: we
     * only look at the CQ after entering the kernel anyway. Older kernels reject the flag. */
    memset(&p, 0, sizeof(p));
    p.flags = IORING_SETUP_COOP_TASKRUN;
    rc = io_uring_queue_init_params(UR_DEPTH, &u->ring, &p);
    if (rc == -EINVAL) {
        memset(&p, 0, sizeof(p));
        rc = io_uring_queue_init_params(UR_DEPTH, &u->ring, &p);
    }
    if (rc < 0)
        goto fail_free;

    u->regular = S_ISREG(st.st_mode);
    /* Offset -1 ("use the file position") needs 5.6+; io/posix_read.c serves older kernels. */
    if (!u->regular && !(p.features & IORING_FEAT_RW_CUR_POS)) {
        rc = -ENOTSUP;
        goto fail_ring;
    }

    for (unsigned i = 0; i < UR_NBUF; i++) {
        u->buf[i].mem = jaga_aligned_alloc(64, (size_t)JAGA_READ_PREFIX + JAGA_READ_CHUNK);
        if (!u->buf[i].mem) {
            rc = -ENOMEM;
            goto fail_bufs;
        }
        u->buf[i].data = u->buf[i].mem + JAGA_READ_PREFIX;
        iov[i].iov_base = u->buf[i].data;
        iov[i].iov_len = JAGA_READ_CHUNK;
    }
    /* Registration saves the per-read page pinning and fd lookup, but can fail on a tight
     * RLIMIT_MEMLOCK or an old kernel; plain reads on the same ring still work then. */
    u->fixed_bufs = io_uring_register_buffers(&u->ring, iov, UR_NBUF) == 0;
    u->fixed_file = io_uring_register_files(&u->ring, &fd, 1) == 0;
    u->fdi = u->fixed_file ? 0 : fd;

    if (u->regular) {
        /* stdin may be a file the shell has already read part of: start where it stands. */
        off_t pos = lseek(fd, 0, SEEK_CUR);

        u->next_off = pos > 0 ? (uint64_t)pos : 0;
        u->size_hint = (uint64_t)st.st_size;
    }
    u->backoff.tv_sec = 0;
    u->backoff.tv_nsec = UR_BACKOFF_NS;
    u->held = -1;
    jaga_reader_init_base(&u->base, &ur_ops, fd, own_fd, "io_uring");
    *out = &u->base;
    return 0;

fail_bufs:
    ur_free_bufs(u);
fail_ring:
    io_uring_queue_exit(&u->ring);
fail_free:
    jaga_free(u);
    return rc;
}
