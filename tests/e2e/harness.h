// SPDX-License-Identifier: Apache-2.0
/*
 * The harness the end-to-end tests share: a temp dir per test, reading and writing files,
 * running the real jaga binary ($JAGA_BIN) with posix_spawn and collecting its exit status,
 * stdout and stderr, splitting lines, the summary on stderr (read = screened + rejected is
 * checked on every read), the reject file of io/rejects.h, and a fixed-seed generator. Every
 * check fails the running Criterion test; buffers are kept until the test process ends.
 */
#ifndef JAGA_TESTS_E2E_HARNESS_H
#define JAGA_TESTS_E2E_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern char **environ;

/* ---- temp dir, files -------------------------------------------------------------------- */

/* Makes the test's temp dir, $TMPDIR/jaga-e2e-<name>-XXXXXX (/tmp without TMPDIR), and ignores
 * SIGPIPE. For a suite's .init; h_teardown, its .fini, removes the dir. */
void h_setup(const char *name);
void h_teardown(void);

char *h_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A fresh path in the test's temp dir. */
char *h_tmp(const char *stem);

/* rel below $JAGA_SRC (the source root). */
char *h_src_path(const char *rel);

struct buf {
    char *p; /* NUL-terminated */
    size_t n;
};

struct buf h_must_slurp(const char *path);
void h_spit(const char *path, const void *p, size_t n);
void h_spits(const char *path, const char *s);

/* ---- running the binary ----------------------------------------------------------------- */

struct run {
    int status; /* raw wait status */
    int code;   /* exit code; -1 when killed by a signal */
    struct buf out, err;
};

/* Runs $JAGA_BIN with args (NULL-terminated). stdin comes from in_path, or from in_data through
 * a pipe (when in_data is not NULL), or /dev/null. stdout and stderr go to files and are read
 * back. A run that takes more than two minutes is killed and fails the test. */
struct run h_run_io(const char *in_path, const struct buf *in_data, const char *const *args);

#define RUN(...) h_run_io(NULL, NULL, (const char *const[]){ __VA_ARGS__, NULL })

size_t h_count_lines(const struct buf *b);
bool h_bufeq(const struct buf *a, const struct buf *b);

/* Splits a buffer into its lines (without the newline). */
size_t h_split_lines(const struct buf *b, char ***out);

/* ---- the summary on stderr -------------------------------------------------------------- */

struct summary {
    unsigned long long read, screened, rejected, alerts;
};

/* The counts of a run's summary; read = screened + rejected is asserted. */
struct summary h_summary(const struct run *r);

/* ---- the reject file (io/rejects.h: source TAB line TAB offset TAB reason TAB raw) ------- */

struct reject {
    char *source, *reason;
    unsigned long long line, off;
    char *raw; /* unescaped */
    size_t raw_len;
};

size_t h_read_rejects(const char *path, struct reject **out);

/* ---- fixed-seed random numbers ---------------------------------------------------------- */

/* xorshift64*: set h_rng_state (non-zero) to seed it. */
extern uint64_t h_rng_state;
uint64_t h_rnd(void);

#endif
