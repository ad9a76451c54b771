// SPDX-License-Identifier: Apache-2.0
/*
 * End-to-end screening benchmark. Generates (once, fixed seed) a canonical CSV day with
 * `jaga gen`, then measures on one pinned core, side by side in one run and repeated:
 *   read      the reader alone (io_uring, page cache)
 *   parse     read + CSV parse into batches
 *   screen    the whole pipeline, with per-stage time
 *   screen-1  the same with one Hyperscan call per field instead of one per batch
 * and prints medians, ratios, the CPU and the state size. Not a test: numbers, not verdicts.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/batch.h"
#include "core/mem.h"
#include "io/csv.h"
#include "io/reader.h"
#include "tools/jaga_cli.h"
#include "tools/pipeline.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_d);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void cpu_model(char *out, size_t cap)
{
    snprintf(out, cap, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets(line, sizeof(line), f)) {
        if (!strncmp(line, "model name", 10)) {
            char *p = strchr(line, ':');
            if (p) {
                snprintf(out, cap, "%s", p + 2);
                out[strcspn(out, "\n")] = 0;
            }
            break;
        }
    }
    if (f)
        fclose(f);
}

static double bench_read(const char *path, uint64_t *bytes)
{
    struct jaga_reader *r;
    if (jaga_reader_open(path, &r))
        return 0;
    uint8_t *d;
    ssize_t n;
    uint64_t t0 = now_ns(), tot = 0, sum = 0;
    while ((n = jaga_reader_next(r, &d)) > 0) {
        tot += (uint64_t)n;
        sum += d[0] + d[n - 1]; /* touch the data */
    }
    double s = (double)(now_ns() - t0) / 1e9;
    jaga_reader_close(r);
    *bytes = tot + (sum & 0);
    return s;
}

static double bench_parse(const char *path, struct jaga_batch *b, uint64_t *recs)
{
    struct jaga_rejects *rej;
    struct jaga_txsrc *src;
    char err[256];
    if (jaga_rejects_open(NULL, &rej) || jaga_txsrc_open(path, 0, rej, &src, err, sizeof(err)))
        return 0;
    uint64_t seq = 0, t0 = now_ns();
    while (jaga_txsrc_fill(src, b, &seq))
        ;
    double s = (double)(now_ns() - t0) / 1e9;
    *recs = seq;
    jaga_txsrc_close(src);
    jaga_rejects_close(rej);
    return s;
}

int main(int argc, char **argv)
{
    uint64_t tx = 10000000, accounts = 1500000;
    int reps = 3, cpu = 1;
    const char *dir = "bench-data", *json = NULL, *pack = "ph";
    static const struct option opts[] = {
        { "tx", required_argument, NULL, 'n' },
        { "accounts", required_argument, NULL, 'a' },
        { "reps", required_argument, NULL, 'r' },
        { "dir", required_argument, NULL, 'd' },
        { "cpu", required_argument, NULL, 'c' },
        { "json", required_argument, NULL, 'j' },
        { "pack", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': tx = strtoull(optarg, NULL, 10); break;
        case 'a': accounts = strtoull(optarg, NULL, 10); break;
        case 'r': reps = atoi(optarg); break;
        case 'd': dir = optarg; break;
        case 'c': cpu = atoi(optarg); break;
        case 'j': json = optarg; break;
        case 'p': pack = optarg; break;
        default:
            printf("usage: bench_screen [--tx N] [--accounts N] [--reps N] [--dir DIR] "
                   "[--cpu N] [--pack NAME] [--json FILE]\n"
                   "Screens the same generated input with the full pack (default ph = asean +\n"
                   "ph overlay), batched and per-field scan, and with the foundation's\n"
                   "indicator set (bench/packs/foundation), every repetition, side by side.\n");
            return c == 'h' ? 0 : 2;
        }
    }
    if (reps < 1 || reps > 50 || !tx) {
        fprintf(stderr, "bench_screen: bad --reps or --tx\n");
        return 2;
    }

    /* Inputs: generated once per (tx, accounts), then reused from the page cache. */
    char sub[512], txf[600], wlf[600], accf[600];
    snprintf(sub, sizeof(sub), "%s/day-%llu-%llu", dir, (unsigned long long)tx,
             (unsigned long long)accounts);
    snprintf(txf, sizeof(txf), "%s/tx.csv", sub);
    snprintf(wlf, sizeof(wlf), "%s/watchlist.csv", sub);
    snprintf(accf, sizeof(accf), "%s/accounts.csv", sub);
    struct stat sb;
    if (stat(txf, &sb)) {
        char ntx[32], nacc[32];
        snprintf(ntx, sizeof(ntx), "%llu", (unsigned long long)tx);
        snprintf(nacc, sizeof(nacc), "%llu", (unsigned long long)accounts);
        char *gargv[] = { "gen", "--seed", "42", "--tx",  ntx, "--accounts",
                          nacc,  "--days", "7",  "--out", sub, NULL };
        fprintf(stderr, "bench: generating %s\n", sub);
        if (jaga_gen_main(11, gargv))
            return 1;
    }

    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    int pinned = !sched_setaffinity(0, sizeof(set), &set);
    char model[256];
    cpu_model(model, sizeof(model));

    struct jaga_batch *b = jaga_aligned_alloc(64, sizeof(*b));
    double t_read[50], t_parse[50], t_e2e[50], t_e2e1[50], t_base[50], st_ns[JAGA_ST_COUNT][50],
        st_base[JAGA_ST_COUNT][50];
    uint64_t bytes = 0, recs = 0;
    struct jaga_pipeline_stats ps, ps1, ps2;
    char base_pack[600];
    snprintf(base_pack, sizeof(base_pack), "%s/foundation", JAGA_BENCH_PACKS);
    for (int r = 0; r < reps; r++) {
        t_read[r] = bench_read(txf, &bytes);
        t_parse[r] = bench_parse(txf, b, &recs);
        for (int v = 0; v < 3; v++) {
            struct jaga_pipeline_cfg cfg;
            jaga_pipeline_cfg_default(&cfg);
            const char *in[1] = { txf };
            cfg.inputs = in;
            cfg.n_inputs = 1;
            cfg.watchlist = wlf;
            cfg.accounts = accf;
            cfg.alerts = "/dev/null";
            cfg.expected_accounts = accounts;
            cfg.scan_per_record = v == 1;
            cfg.pack = v == 2 ? base_pack : pack;
            char err[512];
            struct jaga_pipeline_stats *p = v == 2 ? &ps2 : v ? &ps1 : &ps;
            if (jaga_pipeline_run(&cfg, p, err, sizeof(err))) {
                fprintf(stderr, "bench: %s\n", err);
                return 1;
            }
            if (v == 2) {
                t_base[r] = (double)p->wall_ns / 1e9;
                for (int s = 0; s < JAGA_ST_COUNT; s++)
                    st_base[s][r] = (double)p->stage_ns[s] / (double)p->read;
            } else if (v) {
                t_e2e1[r] = (double)p->wall_ns / 1e9;
            } else {
                t_e2e[r] = (double)p->wall_ns / 1e9;
                for (int s = 0; s < JAGA_ST_COUNT; s++)
                    st_ns[s][r] = (double)p->stage_ns[s] / (double)p->read;
            }
        }
    }
    double m_read = median(t_read, reps), m_parse = median(t_parse, reps);
    double m_e2e = median(t_e2e, reps), m_e2e1 = median(t_e2e1, reps);
    double m_base = median(t_base, reps);
    double n = (double)recs;
    printf("jaga bench_screen: %llu records (%.0f MB), %llu accounts in state, %d reps, "
           "medians\n",
           (unsigned long long)recs, (double)bytes / 1e6, (unsigned long long)ps.accounts, reps);
    printf("cpu: %s; pinned to cpu %d: %s; reader: %s\n", model, cpu, pinned ? "yes" : "no",
           ps.backend);
    printf("  %-28s %10.2f M records/s  %7.1f ns/record  (%.2f GB/s)\n", "read (reader only)",
           n / m_read / 1e6, m_read * 1e9 / n, (double)bytes / m_read / 1e9);
    printf("  %-28s %10.2f M records/s  %7.1f ns/record\n", "read+parse", n / m_parse / 1e6,
           m_parse * 1e9 / n);
    printf("  %-28s %10s              %7.1f ns/record  (read+parse minus read)\n", "parse alone",
           "", (m_parse - m_read) * 1e9 / n);
    printf("  %-28s %10.2f M records/s  %7.1f ns/record\n", "screen, batched scan", n / m_e2e / 1e6,
           m_e2e * 1e9 / n);
    printf("  %-28s %10.2f M records/s  %7.1f ns/record\n", "screen, scan per field",
           n / m_e2e1 / 1e6, m_e2e1 * 1e9 / n);
    printf("  batched / per-field speed-up: %.2fx\n", m_e2e1 / m_e2e);
    printf("  %-28s %10.2f M records/s  %7.1f ns/record  (%s)\n", "screen, foundation set",
           n / m_base / 1e6, m_base * 1e9 / n, ps2.pack_label);
    printf("  full pack %s: %.1f %% of the foundation set's throughput\n", ps.pack_label,
           100.0 * m_base / m_e2e);
    printf("  stages of the batched run (ns/record):");
    double med_st[JAGA_ST_COUNT];
    for (int s = 0; s < JAGA_ST_COUNT; s++) {
        med_st[s] = median(st_ns[s], reps);
        printf(" %s %.1f;", jaga_stage_name((enum jaga_stage)s), med_st[s]);
    }
    printf("\n  stages of the foundation run (ns/record):");
    for (int s = 0; s < JAGA_ST_COUNT; s++)
        printf(" %s %.1f;", jaga_stage_name((enum jaga_stage)s), median(st_base[s], reps));
    printf("\n  alerts: %llu\n", (unsigned long long)ps.alerts_total);
    if (json) {
        FILE *f = fopen(json, "w");
        if (f) {
            fprintf(f,
                    "{\"records\":%llu,\"bytes\":%llu,\"accounts\":%llu,\"reps\":%d,"
                    "\"cpu\":\"%s\",\"read_mps\":%.3f,\"parse_mps\":%.3f,\"screen_mps\":%.3f,"
                    "\"screen_per_field_mps\":%.3f,\"screen_foundation_mps\":%.3f,"
                    "\"pack\":\"%s\",\"stage_ns\":{",
                    (unsigned long long)recs, (unsigned long long)bytes,
                    (unsigned long long)ps.accounts, reps, model, n / m_read / 1e6,
                    n / m_parse / 1e6, n / m_e2e / 1e6, n / m_e2e1 / 1e6, n / m_base / 1e6,
                    ps.pack_label);
            for (int s = 0; s < JAGA_ST_COUNT; s++)
                fprintf(f, "%s\"%s\":%.2f", s ? "," : "", jaga_stage_name((enum jaga_stage)s),
                        med_st[s]);
            fprintf(f, "}}\n");
            fclose(f);
        }
    }
    jaga_free(b);
    return 0;
}
