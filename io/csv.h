// SPDX-License-Identifier: Apache-2.0
/*
 * Canonical CSV (CONTRACT.md §1, RFC 4180) into struct-of-arrays batches, and the reference-data
 * loaders of §2. The transaction source validates every field and sends each bad record to the
 * reject sink with its line and reason; it never guesses at a value.
 */
#ifndef JAGA_IO_CSV_H
#define JAGA_IO_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/batch.h"
#include "core/refdata.h"
#include "io/rejects.h"

/* Field limits (bytes). Ids per CONTRACT §1; names and memo allow 140 characters of up to four
 * UTF-8 bytes (ISO 20022 Max140Text) with headroom for several Ustrd lines. */
#define JAGA_ID_MAX   64
#define JAGA_NAME_MAX 560
#define JAGA_MEMO_MAX 1024

struct jaga_txsrc;

struct jaga_txsrc_stats {
    uint64_t read;     /* data records seen (header excluded) */
    uint64_t accepted; /* records put into batches */
    uint64_t rejected; /* records sent to the reject sink */
    uint64_t bytes;    /* input bytes consumed */
};

/** Opens a transaction source over `path` ("-" or NULL = stdin) named `source_name` in rejects
 *  (the path, or "stdin"). Returns 0, or -errno when the file cannot be opened, with a one-line
 *  reason in err. The header is read lazily by the first fill. COLD. */
int jaga_txsrc_open(const char *path, uint32_t source_idx, struct jaga_rejects *rej,
                    struct jaga_txsrc **out, char *err, size_t errlen);

/** Clears `b` and parses records into it until it holds JAGA_BATCH_MAX records, its arena is
 *  nearly full, or the input ends. Each record read (accepted or rejected) takes the next value
 *  of *seq. Returns the records in the batch; 0 means the input is exhausted (or a read error:
 *  see jaga_txsrc_error). HOT: no alloc/lock; one read syscall per chunk at most. */
unsigned jaga_txsrc_fill(struct jaga_txsrc *s, struct jaga_batch *b, uint64_t *seq);

/** 0, or the -errno of a read error that ended the stream early. */
int jaga_txsrc_error(const struct jaga_txsrc *s);
void jaga_txsrc_get_stats(const struct jaga_txsrc *s, struct jaga_txsrc_stats *out);
/** Name of the reader backend in use ("io_uring" or "read"). */
const char *jaga_txsrc_backend(const struct jaga_txsrc *s);
void jaga_txsrc_close(struct jaga_txsrc *s);

/** Loads an accounts file (CONTRACT §2). Any bad row refuses the whole file: returns -EINVAL
 *  with "FILE:LINE: reason" in err; -errno when unreadable. COLD. */
int jaga_accounts_load(const char *path, struct jaga_accounts *out, char *err, size_t errlen);
void jaga_accounts_free(struct jaga_accounts *a);

/** Loads a watch list (CONTRACT §2), same error rules. COLD. */
int jaga_watchlist_load(const char *path, struct jaga_watchlist *out, char *err, size_t errlen);
void jaga_watchlist_free(struct jaga_watchlist *w);

#endif
