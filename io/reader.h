// SPDX-License-Identifier: Apache-2.0
/*
 * Byte source for files, pipes and stdin. The io_uring backend (io/uring.c) keeps several
 * registered buffers in flight for regular files and one for pipes (reads on a stream must
 * complete in order); io/posix_read.c is the plain read(2) fallback when io_uring is not built
 * or the kernel refuses it. Both hand out consecutive chunks, each with room in front of it so
 * a parser can put the unfinished tail of the previous chunk right before the new bytes.
 */
#ifndef JAGA_IO_READER_H
#define JAGA_IO_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Bytes per chunk and room guaranteed in front of every chunk. */
#define JAGA_READ_CHUNK  (1024 * 1024)
#define JAGA_READ_PREFIX (64 * 1024 + 64)

struct jaga_reader;

struct jaga_reader_stats {
    uint64_t bytes;      /* bytes delivered */
    uint64_t reads;      /* read requests completed */
    uint64_t submits;    /* io_uring_submit calls (0 for the fallback) */
    const char *backend; /* "io_uring" or "read" */
};

/** Opens `path` ("-" or NULL = stdin) for sequential reading. Tries io_uring first unless
 *  JAGA_NO_URING is set in the environment; falls back to read(2). Returns 0 or -errno
 *  (-ENOENT, -EACCES, -EISDIR, ...); *out untouched on failure. COLD. */
int jaga_reader_open(const char *path, struct jaga_reader **out);

/** Next chunk of the stream. On return > 0, *data points at that many bytes, and the
 *  JAGA_READ_PREFIX bytes before *data are writable by the caller. The chunk (and its prefix)
 *  stays valid until the next call. Returns 0 at end of stream, -errno on a read error.
 *  No syscall per record: one per chunk at most. */
ssize_t jaga_reader_next(struct jaga_reader *r, uint8_t **data);

void jaga_reader_get_stats(const struct jaga_reader *r, struct jaga_reader_stats *out);
/** Closes the file (not stdin) and frees everything; NULL is fine. COLD. */
void jaga_reader_close(struct jaga_reader *r);

/* Backend constructors used by jaga_reader_open (io/uring.c, io/posix_read.c). */
int jaga_reader_open_uring(int fd, int own_fd, struct jaga_reader **out);
int jaga_reader_open_posix(int fd, int own_fd, struct jaga_reader **out);

#endif
