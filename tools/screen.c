// SPDX-License-Identifier: Apache-2.0
/*
 * `jaga screen` and `jaga pack`: command-line front ends over tools/pipeline.c and
 * models/pack.c. Exit codes follow CONTRACT.md §4: 0 screened (rejected rows included),
 * 2 usage or configuration error with a one-line reason, 1 an I/O failure during the run.
 */
#include "tools/jaga_cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/pack.h"
#include "models/rules/scan.h"
#include "tools/pipeline.h"

static const char screen_usage[] =
    "usage: jaga screen [--pack NAME|DIR] [--accounts FILE] [--watchlist FILE]\n"
    "                   [--alerts FILE] [--rejects FILE] [--threads N] [INPUT ...]\n"
    "\n"
    "Screens canonical CSV transactions (CONTRACT.md section 1) from the INPUT files, or stdin\n"
    "when none or '-', and writes alerts as JSON Lines.\n"
    "\n"
    "  --pack NAME|DIR     red-flag pack (default: asean), a name under models/packs or a path\n"
    "  --accounts FILE     accounts reference file (CSV)\n"
    "  --watchlist FILE    watch list (CSV): exact accounts and person names\n"
    "  --alerts FILE       alerts output (default: stdout)\n"
    "  --rejects FILE      rejected records, one per line (default: counted only)\n"
    "  --threads N         worker threads (1-256; output is identical for every N)\n"
    "  --expected-accounts N  initial state-table size (default 1048576; it grows)\n"
    "  --progress / --no-progress  progress line on stderr (default: when a terminal)\n"
    "  --floor SCORE       also write typology scores from SCORE (0-1) up to the threshold as\n"
    "                      records with action allow, for jaga eval's threshold sweep\n"
    "  -h, --help          this text\n"
    "\n"
    "A summary goes to stderr: records read, screened, rejected, alerts per typology,\n"
    "throughput. Exit status: 0 screened, 2 usage or configuration error, 1 I/O failure.\n";

static int parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v < lo || v > hi)
        return -EINVAL;
    *out = v;
    return 0;
}

int jaga_screen_main(int argc, char **argv)
{
    struct jaga_pipeline_cfg cfg;
    jaga_pipeline_cfg_default(&cfg);
    cfg.progress = isatty(2);
    enum { O_PROGRESS = 256, O_NO_PROGRESS, O_EXPECTED, O_FLOOR };
    static const struct option opts[] = {
        { "pack", required_argument, NULL, 'p' },
        { "accounts", required_argument, NULL, 'a' },
        { "watchlist", required_argument, NULL, 'w' },
        { "alerts", required_argument, NULL, 'o' },
        { "rejects", required_argument, NULL, 'r' },
        { "threads", required_argument, NULL, 't' },
        { "expected-accounts", required_argument, NULL, O_EXPECTED },
        { "progress", no_argument, NULL, O_PROGRESS },
        { "no-progress", no_argument, NULL, O_NO_PROGRESS },
        { "floor", required_argument, NULL, O_FLOOR },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    uint64_t v;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': cfg.pack = optarg; break;
        case 'a': cfg.accounts = optarg; break;
        case 'w': cfg.watchlist = optarg; break;
        case 'o': cfg.alerts = optarg; break;
        case 'r': cfg.rejects = optarg; break;
        case 't':
            if (parse_u64(optarg, 1, 256, &v)) {
                fprintf(stderr, "jaga screen: --threads must be 1-256, not '%s'\n", optarg);
                return 2;
            }
            cfg.threads = (uint32_t)v;
            break;
        case O_EXPECTED:
            if (parse_u64(optarg, 1, UINT64_C(1) << 34, &v)) {
                fprintf(stderr, "jaga screen: bad --expected-accounts '%s'\n", optarg);
                return 2;
            }
            cfg.expected_accounts = v;
            break;
        case O_FLOOR: {
            char *end;
            errno = 0;
            float f = strtof(optarg, &end);
            if (errno || end == optarg || *end || !(f > 0.0f && f <= 1.0f)) {
                fprintf(stderr, "jaga screen: --floor must be a score in (0, 1], not '%s'\n",
                        optarg);
                return 2;
            }
            cfg.floor = f;
            break;
        }
        case O_PROGRESS: cfg.progress = true; break;
        case O_NO_PROGRESS: cfg.progress = false; break;
        case 'h': fputs(screen_usage, stdout); return 0;
        default:
            fprintf(stderr, "jaga screen: unknown or incomplete option '%s' (see --help)\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    cfg.inputs = (const char *const *)argv + optind;
    cfg.n_inputs = (size_t)(argc - optind);

    struct jaga_pipeline_stats st;
    char err[1024] = "";
    int rc = jaga_pipeline_run(&cfg, &st, err, sizeof(err));
    /* setup_ns is set once the pack, reference data and every input are open: failing before
     * that is a configuration error. */
    if (rc && !st.setup_ns) {
        fprintf(stderr, "jaga screen: %s\n", err[0] ? err : strerror(-rc));
        return 2;
    }
    jaga_pipeline_print_summary(&st);
    if (rc) {
        fprintf(stderr, "jaga screen: %s\n", err[0] ? err : strerror(-rc));
        return 1;
    }
    return 0;
}

static const char pack_usage[] =
    "usage: jaga pack check NAME|DIR\n"
    "       jaga pack show NAME|DIR\n"
    "\n"
    "check  validates a pack (YAML structure, parameters, sources, lexicon patterns compiled\n"
    "       by Hyperscan) and prints FILE:LINE: reason for the first error; exit 0 or 2.\n"
    "show   prints the resolved indicators, parameters, sources and typologies.\n";

int jaga_pack_main(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        fputs(pack_usage, stdout);
        return 0;
    }
    if (argc != 3 || (strcmp(argv[1], "check") && strcmp(argv[1], "show"))) {
        fputs(pack_usage, stderr);
        return 2;
    }
    char err[1024] = "";
    struct jaga_pack *p = NULL;
    if (jaga_pack_load(argv[2], &p, err, sizeof(err))) {
        fprintf(stderr, "jaga pack: %s\n", err);
        return 2;
    }
    struct jaga_lexicon lex = jaga_pack_lexicon(p);
    struct jaga_scan_db *db = NULL;
    if (jaga_scan_db_build(&lex, NULL, &db, err, sizeof(err))) {
        fprintf(stderr, "jaga pack: %s\n", err);
        jaga_pack_destroy(p);
        return 2;
    }
    if (jaga_scan_db_has_per_memo(db))
        fprintf(stderr, "jaga pack: warning: some lexicon patterns can match across a field "
                        "separator and are scanned memo by memo (slower)\n");
    jaga_scan_db_destroy(db);
    if (!strcmp(argv[1], "show")) {
        jaga_pack_print(p, stdout);
    } else {
        uint32_t n_ind = 0;
        for (int k = 0; k < JAGA_IND_COUNT; k++)
            n_ind += p->ind[k].enabled;
        /* An overlay may switch off what a typology needs; the pack stays valid (a country may
         * not want that typology), but the editor is told it can never alert. */
        for (uint32_t t = 0; t < p->n_typo; t++) {
            const struct jaga_typo_def *ty = &p->typo[t];
            uint64_t on = 0;
            float most = 0.0f;
            for (int k = 0; k < JAGA_IND_COUNT; k++) {
                on |= (uint64_t)(p->ind[k].enabled != 0) << k;
                if (p->ind[k].enabled && ty->weight[k] > 0.0f)
                    most += ty->weight[k];
            }
            for (int k = 0; k < JAGA_IND_COUNT; k++)
                if ((ty->require_all >> k & 1) && !(on >> k & 1))
                    fprintf(stderr,
                            "jaga pack: warning: typology %s can never alert: it requires %s, "
                            "which is switched off\n",
                            ty->name, jaga_ind_id((enum jaga_ind)k));
            if (ty->require_any && !(ty->require_any & on))
                fprintf(stderr,
                        "jaga pack: warning: typology %s can never alert: every indicator of its "
                        "require_any is switched off\n",
                        ty->name);
            if ((most < 1.0f ? most : 1.0f) < ty->threshold)
                fprintf(stderr,
                        "jaga pack: warning: typology %s can never alert: its enabled weights add "
                        "up to %.2f, below its threshold %.2f\n",
                        ty->name, (double)most, (double)ty->threshold);
        }
        printf("ok: %s (%s): %u indicators, %u typologies, %u corridor bands, %u lexicon "
               "patterns\n",
               p->label, p->dir, n_ind, p->n_typo, p->n_bands, p->n_lex);
    }
    jaga_pack_destroy(p);
    return 0;
}
