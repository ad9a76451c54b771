// SPDX-License-Identifier: Apache-2.0
/*
 * Pack loading: the shipped pack loads with the values its file states, and broken packs are
 * refused with the file and line of the fault. Broken packs are made by copying the shipped
 * one to a temporary directory and replacing one line of it.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/codes.h"
#include "core/mem.h"
#include "models/pack.h"
#include "models/rules/scan.h"

static char tmp[256];

static void copy_pack(void)
{
    snprintf(tmp, sizeof(tmp), "/tmp/jaga-pack-XXXXXX");
    cr_assert_not_null(mkdtemp(tmp));
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "cp -r '%s/models/packs/asean/.' '%s/'",
             getenv("JAGA_SRC") ? getenv("JAGA_SRC") : ".", tmp);
    cr_assert_eq(system(cmd), 0);
}

static void cleanup(void)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
}

/* Replaces line `line` (1-based) of FILE in the copied pack with `text`. */
static void set_line(const char *file, int line, const char *text)
{
    char path[512], buf[4096];
    static char out[1 << 16];
    size_t len = 0;
    snprintf(path, sizeof(path), "%s/%s", tmp, file);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    for (int n = 1; fgets(buf, sizeof(buf), f); n++)
        len += (size_t)snprintf(out + len, sizeof(out) - len, "%s", n == line ? text : buf),
            len += n == line ? (size_t)snprintf(out + len, sizeof(out) - len, "\n") : 0;
    fclose(f);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fwrite(out, 1, len, f);
    fclose(f);
}

/* Line number of the first line of FILE containing `needle`. */
static int find_line(const char *file, const char *needle)
{
    char path[512], buf[1024];
    snprintf(path, sizeof(path), "%s/%s", tmp, file);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    int n = 0;
    while (fgets(buf, sizeof(buf), f)) {
        n++;
        if (strstr(buf, needle)) {
            fclose(f);
            return n;
        }
    }
    fclose(f);
    cr_assert_fail("%s not in %s", needle, file);
    return 0;
}

static void expect_error(const char *file, int line, const char *words)
{
    struct jaga_pack *p = NULL;
    char err[1024] = "", want[600];
    int rc = jaga_pack_load(tmp, &p, err, sizeof(err));
    if (!rc) {
        struct jaga_lexicon lx = jaga_pack_lexicon(p);
        struct jaga_scan_db *db = NULL;
        rc = jaga_scan_db_build(&lx, NULL, &db, err, sizeof(err));
        jaga_scan_db_destroy(db);
        jaga_pack_destroy(p);
    }
    cr_assert_neq(rc, 0, "broken pack was accepted");
    snprintf(want, sizeof(want), "%s/%s:%d:", tmp, file, line);
    cr_assert(strstr(err, want), "error '%s' does not start with '%s'", err, want);
    cr_assert(strstr(err, words), "error '%s' does not mention '%s'", err, words);
}

TestSuite(pack, .init = copy_pack, .fini = cleanup);

Test(pack, shipped_pack_loads_as_written)
{
    struct jaga_pack *p;
    char err[512];
    cr_assert_eq(jaga_pack_load(tmp, &p, err, sizeof(err)), 0, "%s", err);
    cr_assert_str_eq(p->label, "asean@1");
    cr_assert_eq(p->ind[JAGA_IND_VEL_01].window_h, 720);
    cr_assert_eq(p->ind[JAGA_IND_VEL_01].min_count, 3);
    cr_assert_eq(p->ind[JAGA_IND_FAN_IN_01].min_count, 5);
    cr_assert_eq(p->ind[JAGA_IND_FAN_IN_01].short_window_h, 24);
    cr_assert_eq(p->n_typo, 8);
    cr_assert_gt(p->n_lex, 20);
    /* Every shipped pattern stays inside its field, so a batch is one hs_scan. */
    struct jaga_lexicon lx = jaga_pack_lexicon(p);
    struct jaga_scan_db *db = NULL;
    cr_assert_eq(jaga_scan_db_build(&lx, NULL, &db, err, sizeof(err)), 0, "%s", err);
    cr_assert_not(jaga_scan_db_has_per_memo(db));
    jaga_scan_db_destroy(db);
    for (int k = 0; k < JAGA_IND_COUNT; k++)
        cr_assert(p->ind[k].enabled && p->ind[k].source[0], "%s has no source", p->ind[k].id);
    jaga_pack_destroy(p);
}

Test(pack, parameter_change_takes_effect)
{
    int l = find_line("pack.yaml", "min_count: 3");
    set_line("pack.yaml", l, "    min_count: 2");
    struct jaga_pack *p;
    char err[512];
    cr_assert_eq(jaga_pack_load(tmp, &p, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(p->ind[JAGA_IND_VEL_01].min_count, 2);
    jaga_pack_destroy(p);
}

Test(pack, unknown_key_refused)
{
    int l = find_line("pack.yaml", "min_count: 3");
    set_line("pack.yaml", l, "    min_cuont: 3");
    expect_error("pack.yaml", l, "unknown key 'min_cuont'");
}

Test(pack, threshold_out_of_range_refused)
{
    int l = find_line("pack.yaml", "threshold: 0.6");
    set_line("pack.yaml", l, "    threshold: 2");
    expect_error("pack.yaml", l, "threshold");
}

Test(pack, count_above_state_slots_refused)
{
    int l = find_line("pack.yaml", "min_count: 5");
    set_line("pack.yaml", l, "    min_count: 50");
    expect_error("pack.yaml", l, "min_count");
}

Test(pack, text_only_typology_refused)
{
    int l = find_line("pack.yaml", "require_all: [RF-AMT-01, RF-FAN-IN-01]");
    set_line("pack.yaml", l, "    require_all: [RF-TXT-01]");
    int k = find_line("pack.yaml", "lsac_facilitator:");
    expect_error("pack.yaml", k, "memo text alone");
}

Test(pack, unknown_country_refused)
{
    int l = find_line("pack.yaml", "demand: [US");
    set_line("pack.yaml", l, "  demand: [US, XX, AU]");
    expect_error("pack.yaml", l, "'XX'");
}

Test(pack, bad_regex_refused_with_lexicon_line)
{
    int l = find_line("lexicon/en.yaml", "(yo|y/o|");
    set_line("lexicon/en.yaml", l, "      - '\\b([1-9]|1[0-7])\\s?((yo|yrs?)\\b'");
    expect_error("lexicon/en.yaml", l, "");
}

Test(pack, yaml_syntax_error_refused)
{
    int l = find_line("pack.yaml", "corridor_channels");
    set_line("pack.yaml", l, "corridor_channels: [transfer, instant");
    struct jaga_pack *p = NULL;
    char err[1024] = "";
    cr_assert_neq(jaga_pack_load(tmp, &p, err, sizeof(err)), 0);
    cr_assert(strstr(err, "pack.yaml:"), "%s", err);
}

Test(pack, unknown_pack_name)
{
    struct jaga_pack *p = NULL;
    char err[512] = "";
    cr_assert_eq(jaga_pack_load("no-such-pack", &p, err, sizeof(err)), -ENOENT);
    cr_assert(strstr(err, "no-such-pack"));
}

static struct jaga_pack *load_ok(const char *name)
{
    struct jaga_pack *p = NULL;
    char err[1024] = "";
    cr_assert_eq(jaga_pack_load(name, &p, err, sizeof(err)), 0, "%s: %s", name, err);
    return p;
}

static uint8_t band_of(const struct jaga_pack *p, const char *d, const char *c)
{
    return p->corridor[(uint32_t)jaga_cc_code(d, 2) * JAGA_CC_SPACE + jaga_cc_code(c, 2)];
}

/* The ph overlay adds one corridor (demand -> PH in PHP 1,000-10,000) and nothing else: every
 * other cell of the corridor table, every indicator, typology, FX rate and lexicon pattern is
 * the base's. */
Test(pack, overlay_changes_exactly_what_it_says)
{
    struct jaga_pack *base = load_ok("asean"), *ph = load_ok("ph");
    cr_assert_str_eq(ph->label, "asean@1+ph@1");
    cr_assert_eq(ph->n_bands, base->n_bands + 1);
    cr_assert_str_eq(ph->bands[0].currency, "PHP");
    cr_assert_eq(ph->bands[0].min, 1000);
    cr_assert_eq(ph->bands[0].max, 10000);
    unsigned changed = 0;
    for (uint32_t d = 1; d < JAGA_CC_SPACE; d++) {
        for (uint32_t c = 1; c < JAGA_CC_SPACE; c++) {
            uint8_t bb = base->corridor[d * JAGA_CC_SPACE + c];
            uint8_t bp = ph->corridor[d * JAGA_CC_SPACE + c];
            char dc[3], cc[3];
            jaga_cc_str((uint16_t)d, dc);
            jaga_cc_str((uint16_t)c, cc);
            if (c == jaga_cc_code("PH", 2) && base->demand[d]) {
                cr_assert_eq(bp, 1, "%s->PH must use the PHP band", dc);
                changed++;
            } else {
                /* Same band, shifted by the one inserted in front. */
                cr_assert_eq(bp, bb ? bb + 1 : 0, "%s->%s changed", dc, cc);
            }
        }
    }
    cr_assert_eq(changed, 12, "one cell per demand country");
    cr_assert_eq(band_of(ph, "AU", "TH"), 2, "AU->TH keeps the AUD band");
    cr_assert_eq(memcmp(base->ind, ph->ind, sizeof(base->ind)), 0);
    cr_assert_eq(base->n_typo, ph->n_typo);
    for (uint32_t t = 0; t < base->n_typo; t++) {
        cr_assert_str_eq(base->typo[t].name, ph->typo[t].name);
        cr_assert_eq(base->typo[t].threshold, ph->typo[t].threshold);
        cr_assert_eq(
            memcmp(base->typo[t].weight, ph->typo[t].weight, sizeof(float) * JAGA_IND_COUNT), 0);
        cr_assert_eq(base->typo[t].require_all, ph->typo[t].require_all);
    }
    cr_assert_eq(memcmp(base->usd_per, ph->usd_per, sizeof(base->usd_per)), 0);
    cr_assert_eq(base->n_lex, ph->n_lex);
    cr_assert_eq(memcmp(base->demand, ph->demand, sizeof(base->demand)), 0);
    jaga_pack_destroy(base);
    jaga_pack_destroy(ph);
}

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", tmp, rel);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* An overlay naming only a threshold and one parameter changes those two values, keeps the
 * other keys of the same typology and indicator, and stacks its label on the base's. */
Test(pack, overlay_partial_changes)
{
    write_file("pack.yaml", "pack: xx\nversion: 3\nbase: asean\n"
                            "indicators:\n  RF-VEL-01:\n    min_count: 4\n"
                            "    source: \"test overlay\"\n"
                            "typologies:\n  lsac_buyer:\n    threshold: 0.7\n"
                            "    weights:\n      RF-VEL-01: 0.3\n");
    struct jaga_pack *base = load_ok("asean"), *p = load_ok(tmp);
    cr_assert_str_eq(p->label, "asean@1+xx@3");
    cr_assert_eq(p->ind[JAGA_IND_VEL_01].min_count, 4);
    cr_assert_eq(p->ind[JAGA_IND_VEL_01].window_h, base->ind[JAGA_IND_VEL_01].window_h);
    cr_assert_str_eq(p->ind[JAGA_IND_VEL_01].source, "test overlay");
    cr_assert_float_eq(p->typo[0].threshold, 0.7f, 1e-7);
    cr_assert_float_eq(p->typo[0].weight[JAGA_IND_VEL_01], 0.3f, 1e-7);
    cr_assert_float_eq(p->typo[0].weight[JAGA_IND_FAN_OUT_01],
                       base->typo[0].weight[JAGA_IND_FAN_OUT_01], 0);
    cr_assert_eq(p->typo[0].require_any, base->typo[0].require_any);
    cr_assert_eq(p->typo[0].action, base->typo[0].action);
    cr_assert_eq(memcmp(p->corridor, base->corridor, (size_t)JAGA_CC_SPACE * JAGA_CC_SPACE), 0);
    jaga_pack_destroy(base);
    jaga_pack_destroy(p);
}

Test(pack, overlay_errors_name_the_overlay_file)
{
    write_file("pack.yaml", "pack: xx\nversion: 1\nbase: nosuchbase\n");
    expect_error("pack.yaml", 3, "nosuchbase");
    write_file("pack.yaml", "pack: xx\nversion: 1\nbase: asean\nindicators:\n"
                            "  RF-VEL-01:\n    min_count: 3\n");
    expect_error("pack.yaml", 5, "cite its source");
    write_file("pack.yaml", "pack: xx\nversion: 1\nbase: asean\ntypologies:\n"
                            "  lsac_facilitator:\n    require_all: [RF-TXT-03]\n");
    expect_error("pack.yaml", 5, "memo text alone");
}

/* The shipped handle and slang lexicons, through the real scanner. */
Test(pack, handle_and_slang_lexicons)
{
    struct jaga_pack *p = load_ok("asean");
    struct jaga_lexicon lx = jaga_pack_lexicon(p);
    struct jaga_scan_db *db = NULL;
    struct jaga_scanner *sc = NULL;
    char err[512];
    cr_assert_eq(jaga_scan_db_build(&lx, NULL, &db, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(jaga_scanner_create(db, &sc), 0);
    uint32_t handle = 0, slang = 0;
    for (uint32_t c = 0; c < p->n_cats; c++) {
        handle |= !strcmp(p->cat_names[c], "handle") ? 1u << c : 0;
        slang |= !strcmp(p->cat_names[c], "slang") ? 1u << c : 0;
    }
    cr_assert(handle && slang);
    static const struct {
        const char *memo;
        int handle, slang;
    } cases[] = {
        { "ig: mira_cute22", 1, 0 },    { "for @mira.cute", 1, 0 },
        { "@tiktok_star", 1, 0 },       { "pay john@gmail.com", 0, 0 },
        { "telegram @vid_room", 1, 0 }, { "line 2 of invoice", 0, 0 },
        { "open BO malam ini", 0, 1 },  { "VCS 15 menit", 0, 1 },
        { "top up diamond ff", 0, 1 },  { "bo", 0, 0 },
        { "vcsel laser", 0, 0 },        { "school fees", 0, 0 },
    };
    struct jaga_batch *bt = jaga_aligned_alloc(64, sizeof(*bt));
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        size_t len = strlen(cases[k].memo);
        memcpy(bt->arena, cases[k].memo, len + 1);
        bt->n = 1;
        bt->arena_used = (uint32_t)len + 1;
        bt->memo[0] = (struct jaga_sref){ 0, (uint32_t)len };
        bt->debtor_name[0] = bt->creditor_name[0] = (struct jaga_sref){ 0, 0 };
        jaga_scanner_run(sc, bt);
        cr_assert_eq(!!(bt->memo_hits[0] & handle), cases[k].handle, "handle on '%s'",
                     cases[k].memo);
        cr_assert_eq(!!(bt->memo_hits[0] & slang), cases[k].slang, "slang on '%s'", cases[k].memo);
    }
    jaga_free(bt);
    jaga_scanner_destroy(sc);
    jaga_scan_db_destroy(db);
    jaga_pack_destroy(p);
}

/* Every indicator slot has its own id (a slot added without one would not load). */
Test(pack, every_indicator_has_a_unique_id)
{
    for (int k = 0; k < JAGA_IND_COUNT; k++) {
        const char *id = jaga_ind_id((enum jaga_ind)k);
        cr_assert(!strncmp(id, "RF-", 3), "slot %d has id '%s'", k, id);
        for (int q = 0; q < k; q++)
            cr_assert_str_neq(id, jaga_ind_id((enum jaga_ind)q));
    }
}
