// SPDX-License-Identifier: Apache-2.0
/*
 * The end-to-end test harness (declared and described in harness.h): temp dirs, files, running
 * the jaga binary with posix_spawn, the summary on stderr and the reject file. Failures are
 * Criterion assertions, so they fail the test that called in.
 */
#include "harness.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- temp dir, files -------------------------------------------------------------------- */

static char g_dir[PATH_MAX];
static int g_seq;

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

void h_setup(const char *name)
{
    const char *t = getenv("TMPDIR");
    snprintf(g_dir, sizeof(g_dir), "%s/jaga-e2e-%s-XXXXXX", t && *t ? t : "/tmp", name);
    cr_assert_not_null(mkdtemp(g_dir), "mkdtemp: %s", strerror(errno));
    signal(SIGPIPE, SIG_IGN);
}

void h_teardown(void)
{
    if (g_dir[0])
        nftw(g_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *h_xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    cr_assert(n >= 0 && s, "out of memory");
    return s;
}

char *h_tmp(const char *stem)
{
    return h_xasprintf("%s/%d-%s", g_dir, g_seq++, stem);
}

static const char *bin(void)
{
    const char *b = getenv("JAGA_BIN");
    cr_assert(b && *b, "JAGA_BIN is not set (path of the jaga binary)");
    return b;
}

static const char *src_root(void)
{
    const char *s = getenv("JAGA_SRC");
    cr_assert(s && *s, "JAGA_SRC is not set (the source root)");
    return s;
}

char *h_src_path(const char *rel)
{
    return h_xasprintf("%s/%s", src_root(), rel);
}

static bool slurp(const char *path, struct buf *b)
{
    b->p = NULL;
    b->n = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t cap = 1 << 16;
    b->p = malloc(cap + 1);
    cr_assert_not_null(b->p);
    size_t k;
    while ((k = fread(b->p + b->n, 1, cap - b->n, f)) > 0) {
        b->n += k;
        if (b->n == cap) {
            cap *= 2;
            b->p = realloc(b->p, cap + 1);
            cr_assert_not_null(b->p);
        }
    }
    fclose(f);
    b->p[b->n] = 0;
    return true;
}

struct buf h_must_slurp(const char *path)
{
    struct buf b;
    cr_assert(slurp(path, &b), "cannot read %s: %s", path, strerror(errno));
    return b;
}

void h_spit(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s: %s", path, strerror(errno));
    cr_assert_eq(fwrite(p, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
}

void h_spits(const char *path, const char *s)
{
    h_spit(path, s, strlen(s));
}

/* ---- running the binary ----------------------------------------------------------------- */

struct run h_run_io(const char *in_path, const struct buf *in_data, const char *const *args)
{
    const char *argv[64];
    size_t argc = 0;
    argv[argc++] = bin();
    for (; args && args[argc - 1]; argc++) {
        cr_assert(argc < 63);
        argv[argc] = args[argc - 1];
    }
    argv[argc] = NULL;

    char *outp = h_tmp("stdout"), *errp = h_tmp("stderr");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    int pfd[2] = { -1, -1 };
    if (in_data) {
        cr_assert_eq(pipe(pfd), 0);
        posix_spawn_file_actions_adddup2(&fa, pfd[0], 0);
        posix_spawn_file_actions_addclose(&fa, pfd[0]);
        posix_spawn_file_actions_addclose(&fa, pfd[1]);
    } else {
        posix_spawn_file_actions_addopen(&fa, 0, in_path ? in_path : "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_addopen(&fa, 1, outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    cr_assert_eq(rc, 0, "cannot run %s: %s", argv[0], strerror(rc));
    if (in_data) {
        close(pfd[0]);
        size_t off = 0;
        while (off < in_data->n) {
            ssize_t k = write(pfd[1], in_data->p + off, in_data->n - off);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                break; /* the child stopped reading; its exit status tells */
            off += (size_t)k;
        }
        close(pfd[1]);
    }
    struct run r;
    memset(&r, 0, sizeof(r));
    for (int waited_ms = 0;; waited_ms += 10) {
        pid_t w = waitpid(pid, &r.status, WNOHANG);
        if (w == pid)
            break;
        cr_assert(w == 0 || errno == EINTR, "waitpid: %s", strerror(errno));
        if (waited_ms > 120000) {
            kill(pid, SIGKILL);
            waitpid(pid, &r.status, 0);
            cr_assert_fail("jaga %s did not finish within 120 s", argc > 1 ? argv[1] : "");
        }
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    r.code = WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1;
    r.out = h_must_slurp(outp);
    r.err = h_must_slurp(errp);
    cr_assert(!WIFSIGNALED(r.status), "jaga %s was killed by signal %d; stderr:\n%s",
              argc > 1 ? argv[1] : "", WTERMSIG(r.status), r.err.p);
    return r;
}

size_t h_count_lines(const struct buf *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++)
        n += b->p[i] == '\n';
    return n;
}

bool h_bufeq(const struct buf *a, const struct buf *b)
{
    return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

size_t h_split_lines(const struct buf *b, char ***out)
{
    size_t n = 0, cap = 16;
    char **v = malloc(cap * sizeof(*v));
    const char *p = b->p, *end = b->p + b->n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n == cap)
            v = realloc(v, (cap *= 2) * sizeof(*v));
        v[n++] = strndup(p, len);
        p += len + (nl != NULL);
    }
    *out = v;
    return n;
}

/* ---- the summary on stderr --------------------------------------------------------------- */

/* Number right before `word` (" screened") or right after it ("read "), in the first line
 * that has it. */
static bool num_before(const char *s, const char *word, unsigned long long *v)
{
    const char *w = strstr(s, word);
    if (!w)
        return false;
    const char *q = w;
    while (q > s && isdigit((unsigned char)q[-1]))
        q--;
    if (q == w)
        return false;
    *v = strtoull(q, NULL, 10);
    return true;
}

static bool num_after(const char *s, const char *word, unsigned long long *v)
{
    const char *w = strstr(s, word);
    if (!w || !isdigit((unsigned char)w[strlen(word)]))
        return false;
    *v = strtoull(w + strlen(word), NULL, 10);
    return true;
}

struct summary h_summary(const struct run *r)
{
    struct summary s;
    const char *e = r->err.p;
    cr_assert(num_after(e, "read ", &s.read), "no 'read N' in the summary:\n%s", e);
    cr_assert(num_before(e, " screened", &s.screened), "no 'N screened' in the summary:\n%s", e);
    cr_assert(num_before(e, " rejected", &s.rejected), "no 'N rejected' in the summary:\n%s", e);
    cr_assert(num_before(e, " alerts\n", &s.alerts), "no 'N alerts' in the summary:\n%s", e);
    cr_assert_eq(s.read, s.screened + s.rejected, "read %llu != screened %llu + rejected %llu\n%s",
                 s.read, s.screened, s.rejected, e);
    return s;
}

/* ---- the reject file (io/rejects.h: source TAB line TAB offset TAB reason TAB raw) -------- */

static size_t unescape(const char *s, char *out)
{
    size_t n = 0;
    for (; *s; s++) {
        if (*s != '\\') {
            out[n++] = *s;
            continue;
        }
        s++;
        switch (*s) {
        case '\\': out[n++] = '\\'; break;
        case 't': out[n++] = '\t'; break;
        case 'r': out[n++] = '\r'; break;
        case 'n': out[n++] = '\n'; break;
        case 'x': {
            char h[3] = { s[1], s[2], 0 };
            cr_assert(isxdigit((unsigned char)h[0]) && isxdigit((unsigned char)h[1]),
                      "bad \\x escape in a reject line");
            out[n++] = (char)strtol(h, NULL, 16);
            s += 2;
            break;
        }
        default: cr_assert_fail("unknown escape '\\%c' in a reject line", *s);
        }
    }
    out[n] = 0;
    return n;
}

size_t h_read_rejects(const char *path, struct reject **out)
{
    struct buf b = h_must_slurp(path);
    cr_assert(b.n == 0 || b.p[b.n - 1] == '\n', "reject file does not end with a newline");
    char **lines;
    size_t n = h_split_lines(&b, &lines);
    struct reject *v = calloc(n ? n : 1, sizeof(*v));
    for (size_t i = 0; i < n; i++) {
        char *f[5], *s = lines[i];
        int k = 0;
        /* strsep keeps empty fields (an empty raw record is possible). */
        for (char *t; k < 5 && (t = strsep(&s, "\t")) != NULL;)
            f[k++] = t;
        cr_assert(k == 5 && s == NULL, "reject line %zu has not 5 tab-separated fields: %s", i + 1,
                  lines[i]);
        v[i].source = malloc(strlen(f[0]) + 1);
        unescape(f[0], v[i].source);
        char *end;
        v[i].line = strtoull(f[1], &end, 10);
        cr_assert(*f[1] && !*end, "bad line number '%s' in reject line %zu", f[1], i + 1);
        v[i].off = strtoull(f[2], &end, 10);
        cr_assert(*f[2] && !*end, "bad offset '%s' in reject line %zu", f[2], i + 1);
        v[i].reason = malloc(strlen(f[3]) + 1);
        unescape(f[3], v[i].reason);
        v[i].raw = malloc(strlen(f[4]) + 1);
        v[i].raw_len = unescape(f[4], v[i].raw);
    }
    *out = v;
    return n;
}

/* ---- fixed-seed random numbers ---------------------------------------------------------- */

uint64_t h_rng_state;

uint64_t h_rnd(void)
{
    /* xorshift64* */
    h_rng_state ^= h_rng_state >> 12;
    h_rng_state ^= h_rng_state << 25;
    h_rng_state ^= h_rng_state >> 27;
    return h_rng_state * 0x2545f4914f6cdd1dull;
}
