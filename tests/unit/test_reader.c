// SPDX-License-Identifier: Apache-2.0
/*
 * Tests of the byte reader (io/reader.h): every backend must hand out the file, pipe or stdin
 * byte for byte, in order, with a writable prefix in front of each chunk, whether it is reached
 * through jaga_reader_open or through the io_uring and read(2) constructors directly. Test data
 * comes from a fixed-seed PRNG, written into a fresh mkdtemp directory per test. io_uring cases
 * are skipped when the kernel refuses io_uring (or liburing is not built).
 */
#include "io/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "core/base.h"
#include "jaga_config.h"

#if JAGA_HAVE_LIBURING
#    include <dlfcn.h>
#    include <liburing.h>
#    include <linux/fs.h>
#endif

#define MIB (1024u * 1024u)

static char g_dir[64];
static char g_paths[8][128];
static unsigned g_npaths;

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Deterministic content: the same (seed, len) always gives the same bytes. */
static uint8_t *make_data(size_t len, uint64_t seed)
{
    uint8_t *p = malloc(len ? len : 1);
    uint64_t s = seed;

    cr_assert_not_null(p);
    for (size_t i = 0; i < len; i += 8) {
        uint64_t v = splitmix64(&s);

        memcpy(p + i, &v, JAGA_MIN((size_t)8, len - i));
    }
    return p;
}

static void write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            _exit(3);
        p += w;
        n -= (size_t)w;
    }
}

static void setup(void)
{
    strcpy(g_dir, "/tmp/jaga_test_reader_XXXXXX");
    cr_assert_not_null(mkdtemp(g_dir), "mkdtemp: %s", strerror(errno));
    g_npaths = 0;
}

static void teardown(void)
{
    for (unsigned i = 0; i < g_npaths; i++)
        unlink(g_paths[i]);
    rmdir(g_dir);
}

/* Writes a PRNG file of `len` bytes into the test directory; returns its path and contents. */
static const char *make_file(const char *name, size_t len, uint64_t seed, uint8_t **data)
{
    char *path;
    int fd;

    cr_assert_lt(g_npaths, 8u);
    path = g_paths[g_npaths++];
    snprintf(path, sizeof(g_paths[0]), "%s/%s", g_dir, name);
    *data = make_data(len, seed);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    cr_assert_geq(fd, 0, "open %s: %s", path, strerror(errno));
    write_all(fd, *data, len);
    cr_assert_eq(close(fd), 0);
    return path;
}

#if JAGA_HAVE_LIBURING
/*
 * Fault injection. A current kernel hides -EAGAIN and short reads from io_uring users (it polls
 * or punts to a worker internally, even for O_NONBLOCK files), so these wrappers edit the read
 * SQEs the reader queues just before they are submitted: with g_force_nowait they add
 * RWF_NOWAIT, so the kernel answers -EAGAIN on an empty pipe or an uncached page, as older
 * kernels and other file systems do; with g_force_short they shrink each read to a random
 * length, so the reader sees short reads in the middle of a file with other reads in flight.
 * They interpose on liburing's shared-library entry points; they are weak, so with a static
 * liburing the library wins and the tests that need them skip (g_hook_calls stays 0).
 */
static bool g_force_nowait, g_force_short;
static unsigned g_hook_calls;
static uint64_t g_short_seed = 77;

typedef int (*submit_fn)(struct io_uring *);
typedef int (*submit_wait_fn)(struct io_uring *, unsigned);

static void edit_reads(struct io_uring *ring)
{
    if (!g_force_nowait && !g_force_short)
        return;
    /* sqe_head..sqe_tail are the entries prepared since the last flush. */
    for (unsigned i = ring->sq.sqe_head; i != ring->sq.sqe_tail; i++) {
        struct io_uring_sqe *sqe = &ring->sq.sqes[i & ring->sq.ring_mask];

        if (sqe->opcode != IORING_OP_READ && sqe->opcode != IORING_OP_READ_FIXED)
            continue;
        if (g_force_nowait)
            sqe->rw_flags |= RWF_NOWAIT;
        if (g_force_short && sqe->len > 1)
            sqe->len = 1 + (uint32_t)(splitmix64(&g_short_seed) % sqe->len);
    }
    g_hook_calls++;
}

__attribute__((weak)) int io_uring_submit(struct io_uring *ring)
{
    static submit_fn real;

    if (!real)
        real = (submit_fn)dlsym(RTLD_NEXT, "io_uring_submit");
    edit_reads(ring);
    return real(ring);
}

__attribute__((weak)) int io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr)
{
    static submit_wait_fn real;

    if (!real)
        real = (submit_wait_fn)dlsym(RTLD_NEXT, "io_uring_submit_and_wait");
    edit_reads(ring);
    return real(ring, wait_nr);
}

/* With g_fail_register, buffer and file registration fail as under a tight RLIMIT_MEMLOCK. */
static bool g_fail_register;
static unsigned g_register_calls;

__attribute__((weak)) int io_uring_register_buffers(struct io_uring *ring,
                                                    const struct iovec *iovecs, unsigned nr_iovecs)
{
    static int (*real)(struct io_uring *, const struct iovec *, unsigned);

    if (!real)
        real = (int (*)(struct io_uring *, const struct iovec *, unsigned))dlsym(
            RTLD_NEXT, "io_uring_register_buffers");
    g_register_calls++;
    return g_fail_register ? -ENOMEM : real(ring, iovecs, nr_iovecs);
}

__attribute__((weak)) int io_uring_register_files(struct io_uring *ring, const int *files,
                                                  unsigned nr_files)
{
    static int (*real)(struct io_uring *, const int *, unsigned);

    if (!real)
        real = (int (*)(struct io_uring *, const int *, unsigned))dlsym(RTLD_NEXT,
                                                                        "io_uring_register_files");
    g_register_calls++;
    return g_fail_register ? -EMFILE : real(ring, files, nr_files);
}

static void fail_register(void)
{
    g_fail_register = true;
}

static void need_register_hook(void)
{
    if (!g_register_calls)
        cr_skip_test("cannot interpose on liburing (static link?)");
}

static void force_nowait(void)
{
    g_force_nowait = true;
}

static void force_short(void)
{
    g_force_short = true;
}

static void need_hook(void)
{
    if (!g_hook_calls)
        cr_skip_test("cannot interpose on liburing (static link?)");
}
#else
static void fail_register(void)
{
}

static void need_register_hook(void)
{
    cr_skip_test("built without liburing");
}

static void force_nowait(void)
{
}

static void force_short(void)
{
}

static void need_hook(void)
{
    cr_skip_test("built without liburing");
}
#endif

/* Probes the io_uring backend on /dev/null: -ENOSYS, -EPERM, -ENOTSUP... mean "skip". */
static bool uring_available(void)
{
    struct jaga_reader *r = NULL;
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int rc;

    cr_assert_geq(fd, 0);
    rc = jaga_reader_open_uring(fd, 1, &r);
    if (rc < 0) {
        close(fd);
        return false;
    }
    jaga_reader_close(r);
    return true;
}

static void need_uring(void)
{
    if (!uring_available())
        cr_skip_test("io_uring unavailable on this kernel or build");
}

/* Reads `r` to the end and checks it against expect[0..len): each chunk 1..JAGA_READ_CHUNK
 * bytes, in order, its prefix writable without touching the chunk, and the chunk still intact
 * after the other buffers had time to complete. Returns the number of chunks. */
static size_t check_stream(struct jaga_reader *r, const uint8_t *expect, size_t len)
{
    size_t off = 0, chunks = 0;
    ssize_t n;
    uint8_t *data;

    while ((n = jaga_reader_next(r, &data)) > 0) {
        cr_assert_leq((size_t)n, (size_t)JAGA_READ_CHUNK);
        cr_assert_leq(off + (size_t)n, len, "more bytes than written: %zu + %zd > %zu", off, n,
                      len);
        memset(data - JAGA_READ_PREFIX, 0xa5, JAGA_READ_PREFIX);
        if (chunks < 4)
            usleep(2000); /* let reads into the other buffers land */
        if (memcmp(data, expect + off, (size_t)n) != 0) {
            size_t i = 0;

            while (data[i] == expect[off + i])
                i++;
            cr_assert_fail("byte %zu differs (chunk %zu at %zu, %zd bytes)", off + i, chunks, off,
                           n);
        }
        off += (size_t)n;
        chunks++;
    }
    cr_assert_eq(n, 0, "next failed: %zd (%s)", n, strerror((int)-n));
    cr_assert_eq(off, len, "got %zu bytes, expected %zu", off, len);
    /* End of stream is sticky. */
    cr_assert_eq(jaga_reader_next(r, &data), 0);
    return chunks;
}

/* ---------------------------------------------------------------------------------------- */
/* Whole files through every way of opening a reader. */

enum mode { M_URING, M_POSIX, M_OPEN, M_OPEN_NO_URING };

struct file_case {
    size_t len;
    enum mode mode;
};

#define FILE_CASES(m)                                                       \
    { 0, m }, { 1, m }, { JAGA_READ_CHUNK - 1, m }, { JAGA_READ_CHUNK, m }, \
        { JAGA_READ_CHUNK + 1, m }, { 4 * JAGA_READ_CHUNK, m },             \
    {                                                                       \
        10 * MIB + 123, m                                                   \
    }

ParameterizedTestParameters(reader, whole_file)
{
    static struct file_case cases[] = { FILE_CASES(M_URING), FILE_CASES(M_POSIX),
                                        FILE_CASES(M_OPEN), FILE_CASES(M_OPEN_NO_URING) };

    return cr_make_param_array(struct file_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct file_case *c, reader, whole_file, .init = setup, .fini = teardown)
{
    struct jaga_reader_stats st;
    struct jaga_reader *r = NULL;
    uint8_t *data;
    const char *path = make_file("f", c->len, 0x1234 + c->len, &data);
    bool uring_ok = uring_available();
    size_t chunks;
    int rc, fd;

    switch (c->mode) {
    case M_URING:
    case M_POSIX:
        if (c->mode == M_URING)
            need_uring();
        fd = open(path, O_RDONLY | O_CLOEXEC);
        cr_assert_geq(fd, 0);
        rc = c->mode == M_URING ? jaga_reader_open_uring(fd, 1, &r)
                                : jaga_reader_open_posix(fd, 1, &r);
        break;
    case M_OPEN:
        unsetenv("JAGA_NO_URING");
        rc = jaga_reader_open(path, &r);
        break;
    default:
        setenv("JAGA_NO_URING", "1", 1);
        rc = jaga_reader_open(path, &r);
        break;
    }
    cr_assert_eq(rc, 0, "open: %s", strerror(-rc));
    cr_assert_not_null(r);

    chunks = check_stream(r, data, c->len);
    cr_assert_geq(chunks, (c->len + JAGA_READ_CHUNK - 1) / JAGA_READ_CHUNK);

    jaga_reader_get_stats(r, &st);
    cr_assert_eq(st.bytes, (uint64_t)c->len);
    cr_assert_geq(st.reads, (uint64_t)chunks);
    cr_assert_not_null(st.backend);
    if (c->mode == M_URING || (c->mode == M_OPEN && uring_ok)) {
        cr_assert_str_eq(st.backend, "io_uring");
        cr_assert_geq(st.submits, 1u);
        cr_assert_leq(st.submits, st.reads, "submits %llu reads %llu",
                      (unsigned long long)st.submits, (unsigned long long)st.reads);
    } else {
        cr_assert_str_eq(st.backend, "read");
        cr_assert_eq(st.submits, 0u);
    }
    jaga_reader_close(r);
    free(data);
}

/* ---------------------------------------------------------------------------------------- */
/* Regular files: position, growth, shrinkage, cold cache. */

static void check_from_offset(bool uring)
{
    struct jaga_reader *r = NULL;
    const size_t len = 3 * MIB + 77, skip = 12345;
    uint8_t *data;
    const char *path = make_file("off", len, 99, &data);
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    cr_assert_geq(fd, 0);
    cr_assert_eq(lseek(fd, (off_t)skip, SEEK_SET), (off_t)skip);
    cr_assert_eq(uring ? jaga_reader_open_uring(fd, 1, &r) : jaga_reader_open_posix(fd, 1, &r), 0);
    check_stream(r, data + skip, len - skip);
    jaga_reader_close(r);
    free(data);
}

/* stdin redirected from a file the shell already read into starts at the file position. */
Test(reader, uring_starts_at_file_position, .init = setup, .fini = teardown)
{
    need_uring();
    check_from_offset(true);
}

Test(reader, posix_starts_at_file_position, .init = setup, .fini = teardown)
{
    check_from_offset(false);
}

/* The file grows between open (where the size is taken) and reading: nothing may be lost. */
Test(reader, uring_file_grows_after_open, .init = setup, .fini = teardown)
{
    struct jaga_reader *r = NULL;
    const size_t len1 = 2 * MIB + MIB / 2, len = len1 + 3 * MIB + 5;
    uint8_t *data;
    const char *path;
    int fd, wfd;

    need_uring();
    path = make_file("grow", len1, 5, &data);
    free(data);
    data = make_data(len, 5); /* same seed: the first len1 bytes match the file */
    fd = open(path, O_RDONLY | O_CLOEXEC);
    cr_assert_geq(fd, 0);
    cr_assert_eq(jaga_reader_open_uring(fd, 1, &r), 0);
    wfd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    cr_assert_geq(wfd, 0);
    write_all(wfd, data + len1, len - len1);
    close(wfd);
    check_stream(r, data, len);
    jaga_reader_close(r);
    free(data);
}

/* The file is truncated after open: chunks come back short or empty; the reader must stop at
 * the new end and not deliver anything past it. */
Test(reader, uring_file_shrinks_after_open, .init = setup, .fini = teardown)
{
    struct jaga_reader *r = NULL;
    const size_t len = 6 * MIB, cut = 2 * MIB + 17;
    uint8_t *data;
    const char *path;
    int fd;

    need_uring();
    path = make_file("shrink", len, 6, &data);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    cr_assert_geq(fd, 0);
    cr_assert_eq(jaga_reader_open_uring(fd, 1, &r), 0);
    cr_assert_eq(truncate(path, (off_t)cut), 0);
    check_stream(r, data, cut);
    jaga_reader_close(r);
    free(data);
}

/* Cold page cache and O_NONBLOCK: io_uring returns -EAGAIN or short reads instead of blocking;
 * the bytes must still come out whole and in order. */
Test(reader, uring_cold_cache_nonblocking_file, .init = setup, .fini = teardown)
{
    struct jaga_reader *r = NULL;
    const size_t len = 10 * MIB + 123;
    uint8_t *data;
    const char *path;
    int fd;

    need_uring();
    path = make_file("cold", len, 7, &data);
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    cr_assert_geq(fd, 0);
    (void)fdatasync(fd);
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    cr_assert_eq(jaga_reader_open_uring(fd, 1, &r), 0);
    check_stream(r, data, len);
    jaga_reader_close(r);
    free(data);
}

/* Forced short reads in the middle of a file, with up to four reads in flight: each remainder
 * must be read at the right offset into the right buffer, and chunks delivered in file order. */
Test(reader, uring_file_short_reads, .init = setup, .fini = teardown)
{
    struct jaga_reader_stats st;
    struct jaga_reader *r = NULL;
    const size_t len = 10 * MIB + 123;
    uint8_t *data;
    const char *path;
    size_t chunks;
    int fd;

    need_uring();
    path = make_file("short", len, 18, &data);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    cr_assert_geq(fd, 0);
    cr_assert_eq(jaga_reader_open_uring(fd, 1, &r), 0);
    force_short();
    chunks = check_stream(r, data, len);
    need_hook();
    jaga_reader_get_stats(r, &st);
    /* Whole chunks despite the short reads: the reader resubmits the rest of each. */
    cr_assert_eq(chunks, (len + JAGA_READ_CHUNK - 1) / JAGA_READ_CHUNK);
    cr_assert_gt(st.reads, 2 * (uint64_t)chunks, "reads %llu", (unsigned long long)st.reads);
    jaga_reader_close(r);
    free(data);
}

/* Stopping in the middle with reads in flight must not leak or let the kernel write into
 * freed buffers (ASan run). */
Test(reader, uring_close_mid_file, .init = setup, .fini = teardown)
{
    struct jaga_reader *r = NULL;
    uint8_t *data, *chunk;
    const char *path;
    int fd;

    need_uring();
    path = make_file("mid", 10 * MIB, 8, &data);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    cr_assert_geq(fd, 0);
    cr_assert_eq(jaga_reader_open_uring(fd, 1, &r), 0);
    cr_assert_eq(jaga_reader_next(r, &chunk), JAGA_READ_CHUNK);
    cr_assert_eq(memcmp(chunk, data, JAGA_READ_CHUNK), 0);
    jaga_reader_close(r);
    free(data);
}

/* ---------------------------------------------------------------------------------------- */
/* Pipes and stdin. */

/* Forks a child that writes data[0..len) into wfd in PRNG-sized pieces (1 .. max_piece), napping
 * `nap_us` after every `nap_every`-th piece; the parent keeps only rfd. */
static pid_t spawn_writer(int fds[2], const uint8_t *data, size_t len, size_t max_piece,
                          unsigned nap_every, unsigned nap_us)
{
    pid_t pid = fork();

    cr_assert_geq(pid, 0);
    if (pid == 0) {
        uint64_t s = 42;
        size_t off = 0;
        unsigned k = 0;

        prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive a test that timed out */
        signal(SIGPIPE, SIG_DFL);
        close(fds[0]);
        while (off < len) {
            size_t n = 1 + (size_t)(splitmix64(&s) % max_piece);

            n = JAGA_MIN(n, len - off);
            write_all(fds[1], data + off, n);
            off += n;
            if (nap_every && ++k % nap_every == 0)
                usleep(nap_us);
        }
        close(fds[1]);
        _exit(0);
    }
    close(fds[1]);
    return pid;
}

static void reap_ok(pid_t pid)
{
    int status;

    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
}

Test(reader, uring_pipe_random_writes)
{
    struct jaga_reader_stats st;
    struct jaga_reader *r = NULL;
    const size_t len = 5 * MIB;
    uint8_t *data = make_data(len, 11);
    int fds[2];
    pid_t pid;

    need_uring();
    cr_assert_eq(pipe2(fds, O_CLOEXEC), 0);
    pid = spawn_writer(fds, data, len, 256 * 1024, 0, 0);
    cr_assert_eq(jaga_reader_open_uring(fds[0], 1, &r), 0);
    check_stream(r, data, len);
    jaga_reader_get_stats(r, &st);
    cr_assert_str_eq(st.backend, "io_uring");
    cr_assert_eq(st.bytes, (uint64_t)len);
    jaga_reader_close(r);
    reap_ok(pid);
    free(data);
}

Test(reader, posix_pipe_random_writes)
{
    struct jaga_reader *r = NULL;
    const size_t len = 5 * MIB;
    uint8_t *data = make_data(len, 12);
    int fds[2];
    pid_t pid;

    cr_assert_eq(pipe2(fds, O_CLOEXEC), 0);
    pid = spawn_writer(fds, data, len, 256 * 1024, 0, 0);
    cr_assert_eq(jaga_reader_open_posix(fds[0], 1, &r), 0);
    check_stream(r, data, len);
    jaga_reader_close(r);
    reap_ok(pid);
    free(data);
}

static double cpu_seconds(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
           ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) * 1e-6;
}

static double wall_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A non-blocking pipe fed slowly: the reader must wait on the ring instead of spinning, and
 * still deliver everything in order. */
Test(reader, uring_nonblocking_pipe_waits_without_spinning)
{
    struct jaga_reader_stats st;
    struct jaga_reader *r = NULL;
    const size_t len = 2 * MIB;
    uint8_t *data = make_data(len, 13);
    double cpu0, wall0, cpu, wall;
    size_t chunks;
    int fds[2];
    pid_t pid;

    need_uring();
    cr_assert_eq(pipe2(fds, O_CLOEXEC), 0);
    cr_assert_eq(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0); /* the writer end stays blocking */
    /* About 80 pieces, a 4 ms nap after every second one: ~160 ms of idle pipe. */
    pid = spawn_writer(fds, data, len, 52 * 1024, 2, 4000);
    cr_assert_eq(jaga_reader_open_uring(fds[0], 1, &r), 0);
    cpu0 = cpu_seconds();
    wall0 = wall_seconds();
    chunks = check_stream(r, data, len);
    cpu = cpu_seconds() - cpu0;
    wall = wall_seconds() - wall0;
    jaga_reader_get_stats(r, &st);
    cr_log_info("reads %llu for %zu chunks, %.3f s CPU in %.3f s", (unsigned long long)st.reads,
                chunks, cpu, wall);
    cr_assert_lt(cpu, 0.5 * wall + 0.02, "spun: %.3f s CPU in %.3f s", cpu, wall);
    jaga_reader_close(r);
    reap_ok(pid);
    free(data);
}

/* Forced -EAGAIN on a slowly fed pipe: every empty read is answered -EAGAIN and the reader
 * must park on a poll in the ring (no spinning), then read on. */
Test(reader, uring_pipe_eagain_waits_on_poll)
{
    struct jaga_reader_stats st;
    struct jaga_reader *r = NULL;
    const size_t len = 2 * MIB;
    uint8_t *data = make_data(len, 16);
    double cpu0, wall0, cpu, wall;
    size_t chunks;
    int fds[2];
    pid_t pid;

    need_uring();
    cr_assert_eq(pipe2(fds, O_CLOEXEC), 0);
    pid = spawn_writer(fds, data, len, 52 * 1024, 2, 4000);
    cr_assert_eq(jaga_reader_open_uring(fds[0], 1, &r), 0);
    force_nowait();
    cpu0 = cpu_seconds();
    wall0 = wall_seconds();
    chunks = check_stream(r, data, len);
    cpu = cpu_seconds() - cpu0;
    wall = wall_seconds() - wall0;
    need_hook();
    jaga_reader_get_stats(r, &st);
    /* stats.reads counts the reads answered -EAGAIN too. */
    cr_assert_gt(st.reads, (uint64_t)chunks + 1, "no -EAGAIN seen (reads %llu, chunks %zu)",
                 (unsigned long long)st.reads, chunks);
    cr_assert_lt(cpu, 0.5 * wall + 0.02, "spun: %.3f s CPU in %.3f s", cpu, wall);
    jaga_reader_close(r);
    reap_ok(pid);
    free(data);
}

/* Forced -EAGAIN and short reads on a regular file with a cold page cache: four reads are in
 * flight, each may stop at the first uncached page or be refused; the reader must back off,
 * resubmit the remainder at the right offset and still deliver the file in order. (If the cache
 * cannot be dropped, e.g. on tmpfs, this degenerates into a plain read.) */
Test(reader, uring_file_eagain_and_short_reads, .init = setup, .fini = teardown, .timeout = 60)
{
    struct jaga_reader_stats st;
    struct jaga_reader *r = NULL;
    const size_t len = 10 * MIB + 123;
    uint8_t *data;
    const char *path;
    size_t chunks;
    int fd;

    need_uring();
    path = make_file("nowait", len, 17, &data);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    cr_assert_geq(fd, 0);
    (void)fdatasync(fd);
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    cr_assert_eq(jaga_reader_open_uring(fd, 1, &r), 0);
    force_nowait();
    chunks = check_stream(r, data, len);
    need_hook();
    jaga_reader_get_stats(r, &st);
    cr_log_info("reads %llu for %zu chunks", (unsigned long long)st.reads, chunks);
    jaga_reader_close(r);
    free(data);
}

/* Registration refused (RLIMIT_MEMLOCK): plain reads on the same ring, same bytes, for a file
 * (four reads in flight, forced short) and for a pipe. */
Test(reader, uring_without_registered_buffers_or_file, .init = setup, .fini = teardown)
{
    struct jaga_reader_stats st;
    struct jaga_reader *r = NULL;
    const size_t len = 10 * MIB + 123, plen = 3 * MIB;
    uint8_t *data, *pdata = make_data(plen, 20);
    const char *path;
    int fd, fds[2];
    pid_t pid;

    need_uring();
    fail_register();
    force_short();
    path = make_file("noreg", len, 21, &data);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    cr_assert_geq(fd, 0);
    cr_assert_eq(jaga_reader_open_uring(fd, 1, &r), 0);
    need_register_hook();
    check_stream(r, data, len);
    jaga_reader_get_stats(r, &st);
    cr_assert_str_eq(st.backend, "io_uring");
    jaga_reader_close(r);

    cr_assert_eq(pipe2(fds, O_CLOEXEC), 0);
    pid = spawn_writer(fds, pdata, plen, 200 * 1024, 0, 0);
    cr_assert_eq(jaga_reader_open_uring(fds[0], 1, &r), 0);
    check_stream(r, pdata, plen);
    jaga_reader_close(r);
    reap_ok(pid);
    free(data);
    free(pdata);
}

/* Closing while a read waits on a pipe whose writer is idle must cancel it, not hang. */
Test(reader, uring_close_with_pipe_read_pending, .timeout = 10)
{
    struct jaga_reader *r = NULL;
    uint8_t *data = make_data(100 * 1024, 14), *chunk;
    int fds[2], status;
    size_t off = 0;
    ssize_t n;
    pid_t pid;

    need_uring();
    cr_assert_eq(pipe2(fds, O_CLOEXEC), 0);
    pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        close(fds[0]);
        write_all(fds[1], data, 100 * 1024);
        pause();
        _exit(0);
    }
    close(fds[1]);
    cr_assert_eq(jaga_reader_open_uring(fds[0], 1, &r), 0);
    while (off < 100 * 1024) {
        n = jaga_reader_next(r, &chunk);
        cr_assert_gt(n, 0);
        cr_assert_eq(memcmp(chunk, data + off, (size_t)n), 0);
        off += (size_t)n;
    }
    usleep(10000);
    jaga_reader_close(r); /* a read for the next chunk is in flight and will never complete */
    kill(pid, SIGKILL);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    free(data);
}

/* jaga_reader_open("-") in a child whose fd 0 is a pipe; returns 0 or a failure code. */
static int stdin_child(const uint8_t *data, size_t len, bool no_uring)
{
    struct jaga_reader_stats st;
    struct jaga_reader *r = NULL;
    uint8_t *chunk;
    size_t off = 0;
    ssize_t n;

    if (no_uring)
        setenv("JAGA_NO_URING", "1", 1);
    else
        unsetenv("JAGA_NO_URING");
    if (jaga_reader_open("-", &r) != 0)
        return 10;
    while ((n = jaga_reader_next(r, &chunk)) > 0) {
        if ((size_t)n > JAGA_READ_CHUNK || off + (size_t)n > len)
            return 11;
        memset(chunk - JAGA_READ_PREFIX, 0x5a, JAGA_READ_PREFIX);
        if (memcmp(chunk, data + off, (size_t)n) != 0)
            return 12;
        off += (size_t)n;
    }
    if (n != 0 || off != len)
        return 13;
    jaga_reader_get_stats(r, &st);
    if (st.bytes != len || !st.backend)
        return 14;
    if (no_uring && strcmp(st.backend, "read") != 0)
        return 15;
    if (!no_uring && uring_available() && strcmp(st.backend, "io_uring") != 0)
        return 16;
    jaga_reader_close(r); /* must not close fd 0 */
    if (fcntl(0, F_GETFD) < 0)
        return 17;
    return 0;
}

static void check_stdin(bool no_uring)
{
    const size_t len = 3 * MIB + 7;
    uint8_t *data = make_data(len, 15);
    int fds[2];
    pid_t reader, writer;

    cr_assert_eq(pipe2(fds, O_CLOEXEC), 0);
    reader = fork();
    cr_assert_geq(reader, 0);
    if (reader == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        close(fds[1]);
        if (dup2(fds[0], 0) != 0)
            _exit(9);
        close(fds[0]);
        _exit(stdin_child(data, len, no_uring));
    }
    writer = spawn_writer(fds, data, len, 100 * 1024, 0, 0);
    close(fds[0]);
    reap_ok(writer);
    reap_ok(reader);
    free(data);
}

Test(reader, stdin_dash_uring)
{
    check_stdin(false);
}

Test(reader, stdin_dash_no_uring)
{
    check_stdin(true);
}

/* ---------------------------------------------------------------------------------------- */
/* A kernel without io_uring (seccomp makes io_uring_setup fail like an old or locked-down
 * kernel would): the backend reports the errno and jaga_reader_open falls back to read(2). */

static int no_uring_child(const char *path, const uint8_t *data, size_t len, int err)
{
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((unsigned)err & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { .len = JAGA_ARRAY_SIZE(filter), .filter = filter };
    struct jaga_reader_stats st;
    struct jaga_reader *r = NULL;
    uint8_t *chunk;
    size_t off = 0;
    ssize_t n;
    int fd, rc;

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0)
        return 20;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 21;
    rc = jaga_reader_open_uring(fd, 1, &r);
    close(fd);
    if (rc != -err)
        return 22;
    unsetenv("JAGA_NO_URING");
    if (jaga_reader_open(path, &r) != 0)
        return 23;
    while ((n = jaga_reader_next(r, &chunk)) > 0) {
        if (off + (size_t)n > len || memcmp(chunk, data + off, (size_t)n) != 0)
            return 24;
        off += (size_t)n;
    }
    jaga_reader_get_stats(r, &st);
    if (n != 0 || off != len || strcmp(st.backend, "read") != 0)
        return 25;
    jaga_reader_close(r);
    return 0;
}

static void check_no_uring_kernel(int err)
{
    const size_t len = 3 * MIB + 5;
    uint8_t *data;

    need_uring(); /* a build without liburing has no io_uring to refuse */
    const char *path = make_file("nokernel", len, 19, &data);
    pid_t pid = fork();

    cr_assert_geq(pid, 0);
    if (pid == 0)
        _exit(no_uring_child(path, data, len, err));
    reap_ok(pid);
    free(data);
}

Test(reader, kernel_without_io_uring_enosys, .init = setup, .fini = teardown)
{
    check_no_uring_kernel(ENOSYS);
}

Test(reader, kernel_refusing_io_uring_eperm, .init = setup, .fini = teardown)
{
    check_no_uring_kernel(EPERM);
}

/* ---------------------------------------------------------------------------------------- */
/* Devices, errors, NULL. */

/* A character device is read at the file position (offset -1), one read at a time. */
Test(reader, uring_char_device)
{
    struct jaga_reader *r = NULL;
    uint8_t *chunk;
    int fd;

    need_uring();
    fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
    cr_assert_geq(fd, 0);
    cr_assert_eq(jaga_reader_open_uring(fd, 1, &r), 0);
    for (int i = 0; i < 5; i++) {
        ssize_t n = jaga_reader_next(r, &chunk);

        cr_assert(n > 0 && n <= JAGA_READ_CHUNK, "n = %zd", n);
        memset(chunk - JAGA_READ_PREFIX, 0xff, JAGA_READ_PREFIX);
        for (ssize_t j = 0; j < n; j++)
            cr_assert_eq(chunk[j], 0);
    }
    jaga_reader_close(r);
}

/* A read error is reported (and stays reported) instead of being taken for end of stream. */
Test(reader, uring_read_error_is_sticky, .init = setup, .fini = teardown)
{
    struct jaga_reader *r = NULL;
    uint8_t *chunk;
    int fd;

    need_uring();
    fd = open(g_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    cr_assert_geq(fd, 0);
    cr_assert_eq(jaga_reader_open_uring(fd, 1, &r), 0);
    cr_assert_eq(jaga_reader_next(r, &chunk), -EISDIR);
    cr_assert_eq(jaga_reader_next(r, &chunk), -EISDIR);
    jaga_reader_close(r);
}

static void check_open_errors(bool no_uring)
{
    struct jaga_reader *r = (struct jaga_reader *)&r; /* must stay untouched on failure */
    struct jaga_reader *const sentinel = r;
    char path[128];

    if (no_uring)
        setenv("JAGA_NO_URING", "1", 1);
    else
        unsetenv("JAGA_NO_URING");
    snprintf(path, sizeof(path), "%s/does-not-exist", g_dir);
    cr_assert_eq(jaga_reader_open(path, &r), -ENOENT);
    cr_assert_eq(r, sentinel);
    cr_assert_eq(jaga_reader_open(g_dir, &r), -EISDIR);
    cr_assert_eq(r, sentinel);
}

Test(reader, open_errors, .init = setup, .fini = teardown)
{
    check_open_errors(false);
}

Test(reader, open_errors_no_uring, .init = setup, .fini = teardown)
{
    check_open_errors(true);
}

Test(reader, close_null)
{
    jaga_reader_close(NULL);
}
