// SPDX-License-Identifier: Apache-2.0
/*
 * End-to-end tests of `jaga screen` and `jaga pack` through the real binary ($JAGA_BIN), run
 * with posix_spawn and checked only against CONTRACT.md and the pack's parameters: the
 * hand-made fixture tests/data/e2e/tx.csv with every expected alert worked out by hand below,
 * determinism (repeat runs, stdin through a pipe, split input, --threads), the command line
 * and its exit codes, refused packs and watch lists with FILE:LINE, and a medium synthetic
 * stream from a fixed-seed generator.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <math.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

/* The harness keeps its buffers until the test process ends, so leak checking is off for it.
 * It stays on for the jaga binary the tests run (it inherits ASAN_OPTIONS, not this), and a
 * leak there fails the test through jaga's exit status. */
const char *__asan_default_options(void);
__attribute__((visibility("default"))) const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

/* ---- the suite: a temp dir per test (harness.h) ------------------------------------------ */

static void setup(void)
{
    h_setup("screen");
}

TestSuite(screen, .init = setup, .fini = h_teardown, .timeout = 300);

/* ---- the summary on stderr --------------------------------------------------------------- */

/* Alerts of one typology in the summary: the number after its name on its line. */
static unsigned long long summary_typo(const struct run *r, const char *typo)
{
    const char *e = r->err.p;
    size_t tl = strlen(typo);
    for (const char *p = strstr(e, typo); p; p = strstr(p + 1, typo)) {
        if ((p > e && !isspace((unsigned char)p[-1])) || !isspace((unsigned char)p[tl]))
            continue;
        const char *q = p + tl;
        while (*q == ' ' || *q == '\t')
            q++;
        cr_assert(isdigit((unsigned char)*q), "no count after '%s' in the summary:\n%s", typo, e);
        unsigned long long v = strtoull(q, (char **)&q, 10);
        cr_assert(!strncmp(q, " alert", 6), "'%s N' not followed by 'alerts':\n%s", typo, e);
        return v;
    }
    cr_assert_fail("typology %s missing from the summary:\n%s", typo, e);
    return 0;
}

/* ---- a tiny JSON reader for alert lines ---------------------------------------------------- */

/* Validates one JSON value at *p (RFC 8259 subset large enough for alerts: objects, arrays,
 * strings with escapes, numbers, true/false/null). */
static bool json_value(const char **p);

static void json_ws(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
        (*p)++;
}

static bool json_string(const char **p)
{
    if (**p != '"')
        return false;
    for ((*p)++; **p != '"'; (*p)++) {
        unsigned char c = (unsigned char)**p;
        if (c < 0x20)
            return false;
        if (c == '\\') {
            (*p)++;
            if (**p == 'u') {
                for (int k = 1; k <= 4; k++)
                    if (!isxdigit((unsigned char)(*p)[k]))
                        return false;
                *p += 4;
            } else if (!strchr("\"\\/bfnrt", **p) || !**p) {
                return false;
            }
        }
    }
    (*p)++;
    return true;
}

static bool json_value(const char **p)
{
    json_ws(p);
    if (**p == '{' || **p == '[') {
        char close = **p == '{' ? '}' : ']';
        int obj = **p == '{';
        (*p)++;
        json_ws(p);
        if (**p == close) {
            (*p)++;
            return true;
        }
        for (;;) {
            if (obj) {
                json_ws(p);
                if (!json_string(p))
                    return false;
                json_ws(p);
                if (*(*p)++ != ':')
                    return false;
            }
            if (!json_value(p))
                return false;
            json_ws(p);
            if (**p == ',') {
                (*p)++;
                continue;
            }
            if (**p != close)
                return false;
            (*p)++;
            return true;
        }
    }
    if (**p == '"')
        return json_string(p);
    if (!strncmp(*p, "true", 4) || !strncmp(*p, "null", 4)) {
        *p += 4;
        return true;
    }
    if (!strncmp(*p, "false", 5)) {
        *p += 5;
        return true;
    }
    char *end;
    if (**p != '-' && !isdigit((unsigned char)**p))
        return false;
    strtod(*p, &end);
    if (end == *p)
        return false;
    *p = end;
    return true;
}

static void assert_json_object(const char *line)
{
    const char *p = line;
    cr_assert(*p == '{' && json_value(&p), "alert is not a JSON object: %s", line);
    json_ws(&p);
    cr_assert(*p == 0, "trailing bytes after the JSON object: %s", line);
}

/* Raw text of the value of "key" (first occurrence) in obj: a string without its quotes and
 * with its escapes undone, or the bare token/array. */
static char *jget(const char *obj, const char *key)
{
    char pat[80];
    snprintf(pat, sizeof(pat), "\"%s\":", key);
    const char *p = strstr(obj, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    char *out = malloc(strlen(p) + 1);
    size_t n = 0;
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++) {
            if (*p != '\\' || !p[1]) {
                out[n++] = *p;
                continue;
            }
            p++;
            switch (*p) {
            case 'b': out[n++] = '\b'; break;
            case 'f': out[n++] = '\f'; break;
            case 'n': out[n++] = '\n'; break;
            case 'r': out[n++] = '\r'; break;
            case 't': out[n++] = '\t'; break;
            case 'u': {
                /* Code points below U+0800 are all these tests need. */
                char h[5] = { 0 };
                memcpy(h, p + 1, 4);
                unsigned cp = (unsigned)strtoul(h, NULL, 16);
                if (cp < 0x80) {
                    out[n++] = (char)cp;
                } else {
                    out[n++] = (char)(0xc0 | cp >> 6);
                    out[n++] = (char)(0x80 | (cp & 0x3f));
                }
                p += 4;
                break;
            }
            default: out[n++] = *p; /* \" \\ \/ */
            }
        }
    } else if (*p == '[') {
        int depth = 0;
        do {
            depth += (*p == '[') - (*p == ']');
            out[n++] = *p++;
        } while (*p && depth);
    } else {
        while (*p && *p != ',' && *p != '}' && *p != ']')
            out[n++] = *p++;
    }
    out[n] = 0;
    return out;
}

static void assert_field(const char *obj, const char *key, const char *want)
{
    char *v = jget(obj, key);
    cr_assert_not_null(v, "no \"%s\" in %s", key, obj);
    cr_assert_str_eq(v, want, "\"%s\" is '%s', expected '%s' in %s", key, v, want, obj);
    free(v);
}

static double jnum(const char *obj, const char *key)
{
    char *v = jget(obj, key);
    cr_assert_not_null(v, "no \"%s\" in %s", key, obj);
    char *end;
    double d = strtod(v, &end);
    cr_assert(end != v && *end == 0, "\"%s\" is not a number: '%s'", key, v);
    free(v);
    return d;
}

static void assert_num(const char *obj, const char *key, double want)
{
    double d = jnum(obj, key);
    cr_assert(fabs(d - want) < 1e-3, "\"%s\" is %g, expected %g in %s", key, d, want, obj);
}

static int n_indicators(const char *line)
{
    int n = 0;
    for (const char *p = strstr(line, "{\"id\":"); p; p = strstr(p + 1, "{\"id\":"))
        n++;
    return n;
}

/* The indicator object {"id":"<id>",...} of an alert line, as its own string. */
static char *indicator(const char *line, const char *id)
{
    char pat[64];
    snprintf(pat, sizeof(pat), "{\"id\":\"%s\"", id);
    const char *p = strstr(line, pat);
    cr_assert_not_null(p, "indicator %s missing from %s", id, line);
    const char *e = strchr(p, '}');
    cr_assert_not_null(e);
    return strndup(p, (size_t)(e - p + 1));
}

static void assert_alert_id_shape(const char *line)
{
    char *id = jget(line, "alert_id");
    cr_assert_not_null(id, "no alert_id in %s", line);
    cr_assert_eq(strlen(id), 32, "alert_id '%s' is not 32 characters", id);
    for (const char *c = id; *c; c++)
        cr_assert(isxdigit((unsigned char)*c), "alert_id '%s' is not hex", id);
    free(id);
}

/* ---- 1. the hand-made fixture ---------------------------------------------------------------
 *
 * tests/data/e2e/tx.csv against models/packs/asean/pack.yaml, worked out by hand.
 *
 * Pack facts used: FX (USD per unit) AUD 0.66, USD 1, GBP 1.33, NOK 0.098, SEK 0.105,
 * EUR 1.16, PHP 0.0172. Corridor bands, first match wins: AU -> supply: AUD 10-500;
 * CA -> supply: CAD 5-200; demand -> supply: EUR 10-200. demand = US GB AU CA SA DE JP SG FR
 * NL NO SE, supply = PH TH ID VN KH DO CO MX. Corridor channels: transfer instant remittance
 * ewallet (and none). RF-VEL-01: >= 3 corridor payments of the debtor in 720 h; RF-FAN-OUT-01:
 * >= 3 distinct creditors in 720 h; RF-FAN-IN-01: >= 5 distinct foreign senders in 720 h (or
 * >= 3 in 24 h). lsac_buyer (debtor): requires RF-AMT-01 and one of FAN-OUT/FAN-IN/WL,
 * weights AMT .25 VEL .2 FAN-OUT .35 FAN-IN .25 TXT-01 .05 TXT-03 .2 WL .6, threshold .6.
 * RF-TIM-01/02 night: 22:00-06:00 sender-local, time zones AU +10, US -5, GB 0, NO +1, SE +1.
 * RF-TIM-02: >= 50 % of >= 3 distinct foreign senders in 720 h paid at their local night.
 * lsac_facilitator (creditor): requires AMT and FAN-IN, weights AMT .1 FAN-IN .5 TIM-02 .2,
 * threshold .7. RF-TIM-01 (buyer): needs >= 2 of the debtor's corridor payments, so none of
 * the one-payment senders here.
 * watchlist (listed party): requires RF-WL-01 (weight 1), threshold .5, action hold. Watch list: W1
 * = account PH-WL, severity 3.
 *
 * line 2  E1 AU-B1 -> PH-F1 50 AUD remittance, 03-01 10:00Z. AU->PH band AUD 10-500: AMT.
 *         AU-B1: 1 corridor payment, 1 creditor. PH-F1 senders {AU-B1}. No typology (buyer
 *         needs FAN-OUT/FAN-IN/WL, facilitator needs FAN-IN).
 * line 3  E4 US-S1 -> PH-F1 40 USD = 34.48 EUR (demand->supply EUR 10-200): AMT, 03-02
 *         09:00Z = 04:00 in the US (night). PH-F1 senders {AU-B1, US-S1} = 2. No alert.
 * line 4  E5 GB-S2 -> PH-F1 30 GBP = 39.90 USD = 34.40 EUR, ewallet, memo "gift": AMT + TXT-01,
 *         03-02 23:00Z (night in GB). PH-F1 senders 3 in 720 h, 2 of them at night (US-S1,
 *         GB-S2): RF-TIM-02 66 %; in 24 h only US-S1 (14 h before) and GB-S2 = 2 < 3: no
 *         FAN-IN, so no facilitator alert.
 * line 5  E2 AU-B1 -> PH-F2 45 AUD: AMT. AU-B1: 2 payments, 2 creditors (< 3). No alert.
 * line 6  E6 NO-S3 -> PH-F1 400 NOK = 39.20 USD = 33.79 EUR, instant: AMT, 03-04 23:30Z
 *         (00:30 in NO, night). PH-F1 senders 4 (< 5); 24 h: NO-S3 alone (E5 was 48.5 h
 *         before). No alert.
 * line 7  E3 AU-B1 -> PH-F3 60 AUD remittance, memo "school fees", 03-05 12:00Z:
 *         RF-AMT-01 value 60 (AUD, band [10,500]); RF-VEL-01 value 3 (E1 03-01, E2 03-03,
 *         E3 03-05, all within 720 h); RF-FAN-OUT-01 value 3 (PH-F1, PH-F2, PH-F3);
 *         RF-TXT-01 value 1 (en cover term "school fees"). (RF-CH-01, remittance channel,
 *         fires too but has no weight in lsac_buyer, so the alert does not list it.)
 *         => lsac_buyer on AU-B1 (debtor): .25 + .2 + .35 + .05 = 0.85 >= .6, review.
 *         PH-F3 has one sender: no facilitator alert.
 * line 8  E7 SE-S4 -> PH-F1 350 SEK = 36.75 USD = 31.681 EUR, remittance,
 *         ts 2026-03-06T22:30:00.250+08:00 = 2026-03-06T14:30:00.250Z: AMT; PH-F1 senders
 *         AU-B1, US-S1, GB-S2, NO-S3, SE-S4 = 5 >= 5 within 720 h: RF-FAN-IN-01 value 5;
 *         at their night: US-S1, GB-S2, NO-S3 (SE-S4 pays at 15:30 local, AU-B1 at 20:00):
 *         3 of 5 = 60 % >= 50: RF-TIM-02 value 60.
 *         => lsac_facilitator on PH-F1 (creditor): .1 + .5 + .2 = 0.8 >= .7, review.
 *         SE-S4 pays a beneficiary with FAN-IN: lsac_buyer AMT .25 + FAN-IN .25 = 0.5 < .6,
 *         no buyer alert (one payment to a busy beneficiary is not enough).
 * line 9  E8 PH-C1 -> PH-WL 1000 PHP transfer, ts 1772791200000 ms = 2026-03-06T10:00:00Z
 *         (1772791200 - 1767225600 [2026-01-01] = 64 days + 10 h; day 64 = March 6).
 *         PH->PH is no corridor (no AMT); PH-WL is W1, severity 3: RF-WL-01 value 3.
 *         => watchlist on PH-WL (creditor), score 1, hold, "entry":"W1".
 * line 10 E9 PH-C2 -> PH-C3 500 PHP domestic, memo "anak 12 tahun": at most a text
 *         indicator; every typology needs AMT or WL, so no alert (memo never alerts alone).
 * line 11 E10 amount "12,50": decimal comma, rejected (CONTRACT §1: '.' separator only).
 *
 * Summary: read 10, screened 9, rejected 1; one alert per typology, 3 in all.
 */

static const char *const tx_rows[] = {
    /* The fixture's data rows in file order, used to build split and single-row inputs. */
    "E1", "E4", "E5", "E2", "E6", "E3", "E7", "E8", "E9", "E10",
};

struct fixture {
    char *tx, *wl;
    struct buf txb;
};

static struct fixture fixture(void)
{
    struct fixture f;
    f.tx = h_src_path("tests/data/e2e/tx.csv");
    f.wl = h_src_path("tests/data/e2e/watchlist.csv");
    f.txb = h_must_slurp(f.tx);
    return f;
}

Test(screen, fixture_alerts_by_hand)
{
    struct fixture f = fixture();
    char *alerts = h_tmp("alerts.jsonl"), *rej = h_tmp("rejects.tsv");
    struct run r = RUN("screen", "--watchlist", f.wl, "--rejects", rej, "--alerts", alerts, f.tx);
    cr_assert_eq(r.code, 0, "exit %d; stderr:\n%s", r.code, r.err.p);
    cr_assert_eq(r.out.n, 0, "alerts went to a file, yet stdout has: %s", r.out.p);

    struct buf ab = h_must_slurp(alerts);
    char **a;
    size_t n = h_split_lines(&ab, &a);
    cr_assert_eq(n, 3, "expected 3 alerts (E3, E7, E8), got %zu:\n%s", n, ab.p);
    cr_assert(ab.n && ab.p[ab.n - 1] == '\n', "last alert line is not terminated");
    for (size_t i = 0; i < n; i++) {
        assert_json_object(a[i]);
        assert_alert_id_shape(a[i]);
        assert_field(a[i], "pack", "asean@1");
    }

    /* E3: lsac_buyer on AU-B1. */
    const char *e3 = a[0];
    assert_field(e3, "tx_id", "E3");
    assert_field(e3, "ts", "2026-03-05T12:00:00.000Z");
    assert_field(e3, "subject", "AU-B1");
    assert_field(e3, "role", "debtor");
    assert_field(e3, "typology", "lsac_buyer");
    assert_field(e3, "action", "review");
    assert_num(e3, "score", 0.85);
    cr_assert_eq(n_indicators(e3), 4, "E3 should carry 4 indicators: %s", e3);
    char *x = indicator(e3, "RF-AMT-01");
    assert_num(x, "value", 60);
    assert_field(x, "threshold", "[10,500]");
    assert_field(x, "unit", "AUD");
    x = indicator(e3, "RF-VEL-01");
    assert_num(x, "value", 3);
    assert_num(x, "threshold", 3);
    assert_num(x, "window_h", 720);
    x = indicator(e3, "RF-FAN-OUT-01");
    assert_num(x, "value", 3);
    assert_num(x, "threshold", 3);
    assert_num(x, "window_h", 720);
    x = indicator(e3, "RF-TXT-01");
    assert_num(x, "value", 1);
    assert_field(x, "category", "cover");

    /* E7: lsac_facilitator on PH-F1, timestamp normalised to UTC with its milliseconds. */
    const char *e7 = a[1];
    assert_field(e7, "tx_id", "E7");
    assert_field(e7, "ts", "2026-03-06T14:30:00.250Z");
    assert_field(e7, "subject", "PH-F1");
    assert_field(e7, "role", "creditor");
    assert_field(e7, "typology", "lsac_facilitator");
    assert_field(e7, "action", "review");
    assert_num(e7, "score", 0.8);
    cr_assert_eq(n_indicators(e7), 3, "E7 should carry 3 indicators: %s", e7);
    x = indicator(e7, "RF-AMT-01");
    assert_num(x, "value", 350 * 0.105 / 1.16); /* 31.681 EUR */
    assert_field(x, "threshold", "[10,200]");
    assert_field(x, "unit", "EUR");
    x = indicator(e7, "RF-FAN-IN-01");
    assert_num(x, "value", 5);
    assert_num(x, "threshold", 5);
    assert_num(x, "window_h", 720);
    x = indicator(e7, "RF-TIM-02");
    assert_num(x, "value", 60);
    assert_num(x, "threshold", 50);
    assert_num(x, "window_h", 720);

    /* E8: watchlist hold on PH-WL. */
    const char *e8 = a[2];
    assert_field(e8, "tx_id", "E8");
    assert_field(e8, "ts", "2026-03-06T10:00:00.000Z");
    assert_field(e8, "subject", "PH-WL");
    assert_field(e8, "role", "creditor");
    assert_field(e8, "typology", "watchlist");
    assert_field(e8, "action", "hold");
    assert_num(e8, "score", 1);
    cr_assert_eq(n_indicators(e8), 1, "E8 should carry 1 indicator: %s", e8);
    x = indicator(e8, "RF-WL-01");
    assert_num(x, "value", 3);
    assert_field(x, "entry", "W1");

    /* No alert for any other transaction. */
    for (size_t i = 0; i < n; i++) {
        char *t = jget(a[i], "tx_id");
        cr_assert(!strcmp(t, "E3") || !strcmp(t, "E7") || !strcmp(t, "E8"),
                  "unexpected alert on %s: %s", t, a[i]);
    }

    /* Ids: distinct per alert. */
    char *id0 = jget(a[0], "alert_id"), *id1 = jget(a[1], "alert_id"),
         *id2 = jget(a[2], "alert_id");
    cr_assert(strcmp(id0, id1) && strcmp(id0, id2) && strcmp(id1, id2), "alert ids repeat");

    /* E10 rejected at physical line 11 with its byte offset and raw record. */
    struct reject *rv;
    size_t nr = h_read_rejects(rej, &rv);
    cr_assert_eq(nr, 1, "expected 1 reject line, got %zu", nr);
    cr_assert_str_eq(rv[0].source, f.tx);
    cr_assert_eq(rv[0].line, 11);
    const char *e10 = strstr(f.txb.p, "\nE10,");
    cr_assert_not_null(e10);
    e10++;
    const char *e10_end = strchr(e10, '\n');
    size_t e10_len = e10_end ? (size_t)(e10_end - e10) : strlen(e10);
    cr_assert_eq(rv[0].off, (unsigned long long)(e10 - f.txb.p), "offset %llu, expected %zu",
                 rv[0].off, (size_t)(e10 - f.txb.p));
    cr_assert(strstr(rv[0].reason, "amount"), "reason '%s' does not mention the amount",
              rv[0].reason);
    cr_assert_eq(rv[0].raw_len, e10_len);
    cr_assert(!memcmp(rv[0].raw, e10, e10_len), "raw record '%s'", rv[0].raw);

    struct summary s = h_summary(&r);
    cr_assert_eq(s.read, 10);
    cr_assert_eq(s.screened, 9);
    cr_assert_eq(s.rejected, 1);
    cr_assert_eq(s.alerts, 3);
    cr_assert_eq(summary_typo(&r, "lsac_buyer"), 1);
    cr_assert_eq(summary_typo(&r, "lsac_facilitator"), 1);
    cr_assert_eq(summary_typo(&r, "watchlist"), 1);
}

/* Without the watch list, E8 raises nothing: only the two behavioural alerts. */
Test(screen, fixture_without_watchlist)
{
    struct fixture f = fixture();
    char *alerts = h_tmp("alerts.jsonl");
    struct run r = RUN("screen", "--alerts", alerts, f.tx);
    cr_assert_eq(r.code, 0, "stderr:\n%s", r.err.p);
    struct buf ab = h_must_slurp(alerts);
    char **a;
    cr_assert_eq(h_split_lines(&ab, &a), 2, "%s", ab.p);
    assert_field(a[0], "tx_id", "E3");
    assert_field(a[1], "tx_id", "E7");
    cr_assert_eq(summary_typo(&r, "watchlist"), 0);
    /* Without --rejects the reject is still counted (CONTRACT §5). */
    struct summary s = h_summary(&r);
    cr_assert_eq(s.read, 10);
    cr_assert_eq(s.rejected, 1);
}

/* RF-VEL-01 and RF-FAN-OUT-01 count corridor payments "within 720 h", in UTC clock hours
 * (core/state.h): the window holds the current clock hour and the 719 before it. AU-X pays
 * PH-P1 on 01-01 10:59, PH-P2 on 01-15 10:00 and PH-P3 on 01-31 at 09:30 (clock hour 719
 * after 01-01 10:00) or at 10:01 (clock hour 720). At 09:30 there are 3 payments to 3
 * creditors in the window: lsac_buyer = AMT .25 + VEL .2 + FAN-OUT .35 = 0.8 >= .6. At
 * 10:01 V1 has left the window (VEL 2, FAN-OUT 2): no alert, although only 719 h 2 min have
 * passed. An unrelated card payment by AU-X an hour earlier (V0, no corridor) must change
 * neither outcome. */
Test(screen, window_independent_of_unrelated_history)
{
    static const char *const v12 =
        "V1,2026-01-01T10:59:00Z,50.00,AUD,AU-X,PH-P1,remittance,AU,PH\n"
        "V2,2026-01-15T10:00:00Z,50.00,AUD,AU-X,PH-P2,remittance,AU,PH\n";
    static const char *const v3[2] = {
        "V3,2026-01-31T09:30:00Z,50.00,AUD,AU-X,PH-P3,remittance,AU,PH\n",
        "V3,2026-01-31T10:01:00Z,50.00,AUD,AU-X,PH-P3,remittance,AU,PH\n",
    };
    static const char *const hdr =
        "tx_id,ts,amount,currency,debtor_id,creditor_id,channel,debtor_country,creditor_country\n";
    for (int late = 0; late < 2; late++) {
        for (int with_v0 = 0; with_v0 < 2; with_v0++) {
            char *tx = h_tmp("window.csv");
            h_spits(tx,
                    h_xasprintf("%s%s%s%s", hdr,
                                with_v0 ? "V0,2026-01-01T10:00:00Z,20.00,AUD,AU-X,AU-Y,card,AU,AU\n"
                                        : "",
                                v12, v3[late]));
            struct run r = RUN("screen", tx);
            cr_assert_eq(r.code, 0, "%s", r.err.p);
            char **a;
            size_t n = h_split_lines(&r.out, &a);
            cr_assert_eq(n, late ? 0u : 1u, "%s, V3 %s: got %zu alerts:\n%s",
                         with_v0 ? "with an earlier card payment" : "payments alone",
                         late ? "in clock hour 720" : "in clock hour 719", n, r.out.p);
            if (late)
                continue;
            assert_field(a[0], "tx_id", "V3");
            assert_field(a[0], "typology", "lsac_buyer");
            assert_num(a[0], "score", 0.8);
            assert_num(indicator(a[0], "RF-VEL-01"), "value", 3);
            assert_num(indicator(a[0], "RF-FAN-OUT-01"), "value", 3);
        }
    }
}

/* ---- 2. determinism ------------------------------------------------------------------------ */

/* Header + the given data rows of the fixture (by tx_id), in file order. */
static struct buf fixture_subset(const struct buf *tx, const char *const *ids, size_t n)
{
    struct buf o = { malloc(tx->n + 1), 0 };
    const char *nl = strchr(tx->p, '\n');
    memcpy(o.p, tx->p, (size_t)(nl - tx->p + 1));
    o.n = (size_t)(nl - tx->p + 1);
    for (const char *line = nl + 1; *line;) {
        const char *e = strchr(line, '\n');
        size_t len = e ? (size_t)(e - line + 1) : strlen(line);
        for (size_t k = 0; k < n; k++) {
            size_t il = strlen(ids[k]);
            if (!strncmp(line, ids[k], il) && line[il] == ',') {
                memcpy(o.p + o.n, line, len);
                o.n += len;
            }
        }
        line += len;
    }
    o.p[o.n] = 0;
    return o;
}

Test(screen, deterministic_runs_stdin_and_split_input)
{
    struct fixture f = fixture();
    char *a1 = h_tmp("a1"), *a2 = h_tmp("a2"), *a3 = h_tmp("a3"), *a4 = h_tmp("a4"),
         *a5 = h_tmp("a5");
    char *rej5 = h_tmp("rej5");

    struct run r = RUN("screen", "--watchlist", f.wl, "--alerts", a1, f.tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    r = RUN("screen", "--watchlist", f.wl, "--alerts", a2, f.tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct buf b1 = h_must_slurp(a1), b2 = h_must_slurp(a2);
    cr_assert_eq(h_count_lines(&b1), 3);
    cr_assert(h_bufeq(&b1, &b2), "two runs differ:\n%s---\n%s", b1.p, b2.p);

    /* stdin through a pipe, named '-' ... */
    r = h_run_io(NULL, &f.txb,
                 (const char *const[]){ "screen", "--watchlist", f.wl, "--alerts", a3, "-", NULL });
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct buf b3 = h_must_slurp(a3);
    cr_assert(h_bufeq(&b1, &b3), "stdin ('-') run differs:\n%s---\n%s", b1.p, b3.p);
    struct summary s = h_summary(&r);
    cr_assert_eq(s.read, 10);
    /* ... and with no INPUT at all. */
    r = h_run_io(NULL, &f.txb,
                 (const char *const[]){ "screen", "--watchlist", f.wl, "--alerts", a4, NULL });
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct buf b4 = h_must_slurp(a4);
    cr_assert(h_bufeq(&b1, &b4), "stdin (no INPUT) run differs:\n%s---\n%s", b1.p, b4.p);

    /* Alerts default to stdout. */
    r = RUN("screen", "--watchlist", f.wl, f.tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    cr_assert(h_bufeq(&b1, &r.out), "stdout alerts differ:\n%s---\n%s", b1.p, r.out.p);

    /* The same stream split into two files, each with its own header: same alerts, same ids;
     * E10 is now line 6 of the second file. */
    struct buf p1 = fixture_subset(&f.txb, tx_rows, 5), p2 = fixture_subset(&f.txb, tx_rows + 5, 5);
    char *f1 = h_tmp("part1.csv"), *f2 = h_tmp("part2.csv");
    h_spit(f1, p1.p, p1.n);
    h_spit(f2, p2.p, p2.n);
    r = RUN("screen", "--watchlist", f.wl, "--alerts", a5, "--rejects", rej5, f1, f2);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct buf b5 = h_must_slurp(a5);
    char **l1, **l5;
    size_t n1 = h_split_lines(&b1, &l1), n5 = h_split_lines(&b5, &l5);
    cr_assert_eq(n5, n1, "split input gives %zu alerts, whole input %zu", n5, n1);
    for (size_t i = 0; i < n1; i++) {
        char *i1 = jget(l1[i], "alert_id"), *i5 = jget(l5[i], "alert_id");
        cr_assert_str_eq(i1, i5, "alert %zu: id differs between whole and split input", i);
    }
    cr_assert(h_bufeq(&b1, &b5), "split input gives other alerts:\n%s---\n%s", b1.p, b5.p);
    s = h_summary(&r);
    cr_assert_eq(s.read, 10);
    cr_assert_eq(s.rejected, 1);
    struct reject *rv;
    cr_assert_eq(h_read_rejects(rej5, &rv), 1);
    cr_assert_str_eq(rv[0].source, f2);
    cr_assert_eq(rv[0].line, 6);

    /* Redelivery: E8 alone yields the same watchlist alert id as in the whole stream. */
    const char *e8[] = { "E8" };
    struct buf only = fixture_subset(&f.txb, e8, 1);
    char *f8 = h_tmp("e8.csv");
    h_spit(f8, only.p, only.n);
    r = RUN("screen", "--watchlist", f.wl, f8);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    cr_assert_eq(h_count_lines(&r.out), 1, "%s", r.out.p);
    char *id_alone = jget(r.out.p, "alert_id"), *id_whole = jget(l1[2], "alert_id");
    cr_assert_str_eq(id_alone, id_whole, "redelivered E8 gets another alert id");
}

/* ---- 3. the command line ------------------------------------------------------------------ */

static size_t nlines_str(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* A configuration error: exit 2, a single line on stderr, no alerts on stdout. */
static void assert_config_error(const struct run *r, const char *what)
{
    cr_assert_eq(r->code, 2, "%s: exit %d, expected 2; stderr:\n%s", what, r->code, r->err.p);
    cr_assert(r->err.n > 0 && nlines_str(r->err.p) == 1 && r->err.p[r->err.n - 1] == '\n',
              "%s: stderr should be one line:\n%s", what, r->err.p);
    cr_assert_eq(r->out.n, 0, "%s: stdout should be empty:\n%s", what, r->out.p);
}

Test(screen, help_texts)
{
    struct run r = RUN("--help");
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    cr_assert(strstr(r.out.p, "usage"), "jaga --help: no usage on stdout:\n%s", r.out.p);
    cr_assert(strstr(r.out.p, "screen"), "jaga --help does not list screen:\n%s", r.out.p);

    /* CONTRACT §4: every subcommand answers --help; the list comes from jaga --help. */
    const char *c = strstr(r.out.p, "commands:");
    cr_assert_not_null(c, "jaga --help has no command list:\n%s", r.out.p);
    int n_cmds = 0;
    for (c = strchr(c, '\n'); c && c[1] == ' ' && c[2] == ' '; c = strchr(c + 1, '\n')) {
        char name[32];
        if (sscanf(c + 1, " %31[a-z]", name) != 1)
            break;
        struct run h = RUN(name, "--help");
        cr_assert_eq(h.code, 0, "jaga %s --help: exit %d\n%s", name, h.code, h.err.p);
        cr_assert(h.out.n > 0, "jaga %s --help prints nothing on stdout", name);
        n_cmds++;
    }
    cr_assert_geq(n_cmds, 2, "too few commands listed:\n%s", r.out.p);

    r = RUN("screen", "--help");
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    cr_assert(strstr(r.out.p, "usage: jaga screen"), "%s", r.out.p);
    static const char *const opts[] = { "--pack",   "--accounts", "--watchlist",
                                        "--alerts", "--rejects",  "--threads" };
    for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++)
        cr_assert(strstr(r.out.p, opts[k]), "screen --help lacks %s:\n%s", opts[k], r.out.p);
    r = RUN("screen", "-h");
    cr_assert_eq(r.code, 0);
    cr_assert(strstr(r.out.p, "usage: jaga screen"));

    r = RUN("pack", "--help");
    cr_assert_eq(r.code, 0);
    cr_assert(strstr(r.out.p, "usage"), "%s", r.out.p);
}

Test(screen, usage_errors)
{
    struct fixture f = fixture();
    struct run r = RUN("screen", "--no-such-option", f.tx);
    assert_config_error(&r, "unknown option");
    cr_assert(strstr(r.err.p, "--no-such-option"), "%s", r.err.p);

    r = RUN("screen", "--pack", "nosuchpack", f.tx);
    assert_config_error(&r, "--pack nosuchpack");
    cr_assert(strstr(r.err.p, "nosuchpack"), "message does not name the pack: %s", r.err.p);

    r = RUN("screen", "--pack", "/nonexistent/dir/pack", f.tx);
    assert_config_error(&r, "--pack /nonexistent/dir/pack");

    static const char *const bad_threads[] = { "0", "-1", "abc", "257", "" };
    for (size_t k = 0; k < sizeof(bad_threads) / sizeof(bad_threads[0]); k++) {
        r = RUN("screen", "--threads", bad_threads[k], f.tx);
        assert_config_error(&r, "bad --threads");
    }
    r = RUN("screen", "--threads");
    assert_config_error(&r, "--threads without a value");
    static const char *const bad_floor[] = { "0", "-0.1", "1.5", "x", "0.3x", "", "nan" };
    for (size_t k = 0; k < sizeof(bad_floor) / sizeof(bad_floor[0]); k++) {
        r = RUN("screen", "--floor", bad_floor[k], f.tx);
        assert_config_error(&r, "bad --floor");
    }
}

Test(screen, unreadable_inputs)
{
    struct fixture f = fixture();
    char *missing = h_tmp("missing.csv");
    struct run r = RUN("screen", missing);
    assert_config_error(&r, "missing input");
    cr_assert(strstr(r.err.p, missing), "message does not name the file: %s", r.err.p);

    /* A missing second input is found before anything is screened. */
    char *alerts = h_tmp("alerts");
    r = RUN("screen", "--watchlist", f.wl, "--alerts", alerts, f.tx, missing);
    cr_assert_eq(r.code, 2, "exit %d\n%s", r.code, r.err.p);
    cr_assert(strstr(r.err.p, missing), "%s", r.err.p);

    /* A directory is not a readable input. */
    char *dir = h_tmp("dir");
    cr_assert_eq(mkdir(dir, 0755), 0);
    r = RUN("screen", dir);
    assert_config_error(&r, "directory as input");

    /* Permissions only bind when not root. */
    if (geteuid() != 0) {
        char *noperm = h_tmp("noperm.csv");
        h_spit(noperm, f.txb.p, f.txb.n);
        cr_assert_eq(chmod(noperm, 0), 0);
        r = RUN("screen", noperm);
        assert_config_error(&r, "unreadable input");
    }

    /* Unreadable reference data and missing watch list are configuration errors too. */
    r = RUN("screen", "--watchlist", missing, f.tx);
    assert_config_error(&r, "missing watch list");
    r = RUN("screen", "--accounts", missing, f.tx);
    assert_config_error(&r, "missing accounts file");
}

Test(screen, malformed_watchlist)
{
    struct fixture f = fixture();
    char *wl = h_tmp("wl.csv");
    /* Line 3: kind=account without account_id. */
    h_spits(wl, "entry_id,list,kind,account_id,name,aliases,birth_year,country,severity\n"
                "W1,LE-FACILITATOR,account,PH-WL,,,,PH,3\n"
                "W2,LE-FACILITATOR,account,,,,,PH,3\n"
                "W3,OFFENDER-REGISTRY,person,,John Smith,,1960,AU,2\n");
    struct run r = RUN("screen", "--watchlist", wl, f.tx);
    assert_config_error(&r, "watch list without account_id");
    char *want = h_xasprintf("%s:3: ", wl);
    cr_assert(strstr(r.err.p, want), "expected '%s...' in: %s", want, r.err.p);
    cr_assert(strstr(r.err.p, "account_id"), "reason does not name account_id: %s", r.err.p);

    /* Line 2: severity out of range. */
    h_spits(wl, "entry_id,list,kind,account_id,name,aliases,birth_year,country,severity\n"
                "W1,LE-FACILITATOR,account,PH-WL,,,,PH,9\n");
    r = RUN("screen", "--watchlist", wl, f.tx);
    assert_config_error(&r, "watch list with severity 9");
    want = h_xasprintf("%s:2: ", wl);
    cr_assert(strstr(r.err.p, want), "expected '%s...' in: %s", want, r.err.p);

    /* Line 3, wrong column count. */
    h_spits(wl, "entry_id,list,kind,account_id,name,aliases,birth_year,country,severity\n"
                "W1,LE-FACILITATOR,account,PH-WL,,,,PH,3\n"
                "W2,LE-FACILITATOR,account,PH-X\n");
    r = RUN("screen", "--watchlist", wl, f.tx);
    assert_config_error(&r, "watch list with a short row");
    want = h_xasprintf("%s:3: ", wl);
    cr_assert(strstr(r.err.p, want), "expected '%s...' in: %s", want, r.err.p);

    /* Physical lines: a quoted name over lines 2-3 and an empty line 4 put the bad row at 5. */
    h_spits(wl, "entry_id,list,kind,account_id,name,aliases,birth_year,country,severity\n"
                "W1,OFFENDER-REGISTRY,person,,\"John\nSmith\",,1960,AU,2\n"
                "\n"
                "W2,LE-FACILITATOR,account,,,,,PH,3\n");
    r = RUN("screen", "--watchlist", wl, f.tx);
    assert_config_error(&r, "watch list, bad row after a quoted newline");
    want = h_xasprintf("%s:5: ", wl);
    cr_assert(strstr(r.err.p, want), "expected '%s...' in: %s", want, r.err.p);
}

Test(screen, malformed_accounts_file)
{
    struct fixture f = fixture();
    char *acc = h_tmp("accounts.csv");
    h_spits(acc, "account_id,kind,opened,birth_year,sex,country,kyc_level,holder_id,guardian_id\n"
                 "PH-F1,ewallet,2024-05-01,1990,F,PH,1,,\n"
                 "AU-B1,bank,2019-02-30,1975,M,AU,3,,\n");
    struct run r = RUN("screen", "--accounts", acc, f.tx);
    assert_config_error(&r, "accounts file with 2019-02-30");
    char *want = h_xasprintf("%s:3: ", acc);
    cr_assert(strstr(r.err.p, want), "expected '%s...' in: %s", want, r.err.p);

    /* A good accounts file changes nothing in the fixture's alerts. */
    h_spits(acc, "account_id,kind,opened,birth_year,sex,country,kyc_level,holder_id,guardian_id\n"
                 "PH-F1,ewallet,2024-05-01,1990,F,PH,1,,\n"
                 "AU-B1,bank,2019-02-28,1975,M,AU,3,,\n");
    char *a1 = h_tmp("a1"), *a2 = h_tmp("a2");
    r = RUN("screen", "--accounts", acc, "--watchlist", f.wl, "--alerts", a1, f.tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    r = RUN("screen", "--watchlist", f.wl, "--alerts", a2, f.tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct buf b1 = h_must_slurp(a1), b2 = h_must_slurp(a2);
    cr_assert(h_bufeq(&b1, &b2), "the accounts file changes the alerts:\n%s---\n%s", b1.p, b2.p);
}

Test(screen, unwritable_outputs)
{
    struct fixture f = fixture();
    char *nodir = h_tmp("no/such/dir/file");
    struct run r = RUN("screen", "--alerts", nodir, f.tx);
    assert_config_error(&r, "--alerts in a missing directory");
    r = RUN("screen", "--rejects", nodir, f.tx);
    assert_config_error(&r, "--rejects in a missing directory");
    /* A write failure during the run is an I/O failure (screen --help: exit 1), never 0. */
    if (access("/dev/full", W_OK) == 0) {
        r = RUN("screen", "--watchlist", f.wl, "--alerts", "/dev/full", f.tx);
        cr_assert_eq(r.code, 1, "alerts to /dev/full: exit %d\n%s", r.code, r.err.p);
        cr_assert(strstr(r.err.p, "alerts"), "no reason given:\n%s", r.err.p);
    }
}

/* Ids with quotes, backslashes, tabs and non-ASCII letters come through CSV quoting and leave
 * as valid, correctly escaped JSON. */
Test(screen, json_escaping_of_ids)
{
    char *wl = h_tmp("wl.csv"), *tx = h_tmp("tx.csv");
    h_spits(wl, "entry_id,list,kind,account_id,name,aliases,birth_year,country,severity\n"
                "\"W\"\"1\",LE-FACILITATOR,account,\"PH\"\"WL\\1\t\",,,,PH,2\n");
    h_spits(tx, "tx_id,ts,amount,currency,debtor_id,creditor_id\n"
                "\"T\t\"\"1\\\xc3\xa9\",0,5,PHP,PH-A,\"PH\"\"WL\\1\t\"\n");
    struct run r = RUN("screen", "--watchlist", wl, tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    char **a;
    cr_assert_eq(h_split_lines(&r.out, &a), 1, "%s", r.out.p);
    assert_json_object(a[0]);
    assert_field(a[0], "tx_id", "T\t\"1\\\xc3\xa9");
    assert_field(a[0], "subject", "PH\"WL\\1\t");
    assert_field(a[0], "ts", "1970-01-01T00:00:00.000Z");
    assert_field(a[0], "typology", "watchlist");
    char *x = indicator(a[0], "RF-WL-01");
    assert_field(x, "entry", "W\"1");
    assert_num(x, "value", 2);
}

/* ---- malformed packs ---------------------------------------------------------------------- */

/* Copies models/packs/asean into the temp dir with cp -r. */
static char *copy_pack(void)
{
    char *dst = h_tmp("pack");
    char *srcp = h_src_path("models/packs/asean");
    const char *argv[] = { "cp", "-r", srcp, dst, NULL };
    pid_t pid;
    int st;
    cr_assert_eq(posix_spawnp(&pid, "cp", NULL, NULL, (char *const *)argv, environ), 0);
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "cp -r %s %s failed", srcp, dst);
    return dst;
}

/* Replaces the first `old` in file with `new`; returns the 1-based line where it was. */
static int edit_file(const char *path, const char *old, const char *new)
{
    struct buf b = h_must_slurp(path);
    char *p = strstr(b.p, old);
    cr_assert_not_null(p, "'%s' not found in %s", old, path);
    int line = 1;
    for (char *q = b.p; q < p; q++)
        line += *q == '\n';
    char *o = h_xasprintf("%.*s%s%s", (int)(p - b.p), b.p, new, p + strlen(old));
    h_spits(path, o);
    return line;
}

static int line_of(const char *path, const char *needle)
{
    struct buf b = h_must_slurp(path);
    char *p = strstr(b.p, needle);
    cr_assert_not_null(p, "'%s' not found in %s", needle, path);
    int line = 1;
    for (char *q = b.p; q < p; q++)
        line += *q == '\n';
    return line;
}

/* `jaga screen --pack DIR` and `jaga pack check DIR` both refuse the pack with
 * "FILE:LINE: reason"; line_alt is a second acceptable line (0 = none). */
static void assert_pack_refused(const char *dir, const char *file, int line, int line_alt,
                                const char *word)
{
    struct fixture f = fixture();
    char *want = h_xasprintf("%s/%s:%d: ", dir, file, line);
    char *want2 = line_alt ? h_xasprintf("%s/%s:%d: ", dir, file, line_alt) : want;
    struct run r = RUN("screen", "--pack", dir, f.tx);
    assert_config_error(&r, file);
    cr_assert(strstr(r.err.p, want) || strstr(r.err.p, want2), "expected '%s...' in: %s", want,
              r.err.p);
    cr_assert(strstr(r.err.p, word), "reason does not mention '%s': %s", word, r.err.p);
    r = RUN("pack", "check", dir);
    cr_assert_eq(r.code, 2, "pack check: exit %d\n%s%s", r.code, r.out.p, r.err.p);
    cr_assert(strstr(r.err.p, want) || strstr(r.err.p, want2),
              "pack check: expected '%s...' in: %s", want, r.err.p);
}

Test(screen, pack_check_and_show)
{
    char *copy = copy_pack();
    struct run r = RUN("pack", "check", "asean");
    cr_assert_eq(r.code, 0, "pack check asean: exit %d\n%s", r.code, r.err.p);
    r = RUN("pack", "check", copy);
    cr_assert_eq(r.code, 0, "pack check of an unchanged copy: exit %d\n%s", r.code, r.err.p);
    struct fixture f = fixture();
    char *alerts = h_tmp("alerts");
    r = RUN("screen", "--pack", copy, "--watchlist", f.wl, "--alerts", alerts, f.tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct buf ab = h_must_slurp(alerts);
    cr_assert_eq(h_count_lines(&ab), 3, "the copied pack gives other alerts:\n%s", ab.p);

    /* show: every indicator of pack.yaml, each with its source, read from the YAML here. */
    r = RUN("pack", "show", "asean");
    cr_assert_eq(r.code, 0, "pack show asean: exit %d\n%s", r.code, r.err.p);
    struct buf y = h_must_slurp(h_src_path("models/packs/asean/pack.yaml"));
    char **lines;
    size_t n = h_split_lines(&y, &lines), n_ind = 0;
    int in_ind = 0;
    char cur[64] = "";
    for (size_t i = 0; i < n; i++) {
        const char *l = lines[i];
        if (l[0] && l[0] != ' ' && l[0] != '#') {
            in_ind = !strcmp(l, "indicators:");
            continue;
        }
        if (!in_ind)
            continue;
        if (!strncmp(l, "  RF-", 5) && l[strlen(l) - 1] == ':') {
            snprintf(cur, sizeof(cur), "%.*s", (int)strlen(l) - 3, l + 2);
            const char *at = strstr(r.out.p, cur);
            cr_assert_not_null(at, "pack show lacks %s:\n%s", cur, r.out.p);
            n_ind++;
        } else if (cur[0] && !strncmp(l, "    source: ", 12)) {
            char src[512];
            const char *v = l + 12;
            size_t len = strlen(v);
            if (v[0] == '"' && len >= 2 && v[len - 1] == '"')
                snprintf(src, sizeof(src), "%.*s", (int)len - 2, v + 1);
            else
                snprintf(src, sizeof(src), "%s", v);
            const char *at = strstr(r.out.p, cur);
            cr_assert(strstr(at, src), "pack show: no source '%s' after %s:\n%s", src, cur,
                      r.out.p);
        }
    }
    /* RF-AMT-01/02/03, RF-TIM-01/02, RF-CTY-01, RF-CPY-01, RF-VEL-01, RF-FAN-OUT-01,
     * RF-FAN-IN-01, RF-NEW-01, RF-FSEC-01, RF-MULE-01, RF-LAY-01, RF-TRV-01, RF-TXT-01..04,
     * RF-WL-01/02/03/05, RF-CH-01..06/09/10, RF-ESC-01, RF-MICRO-01, RF-NET-01 */
    cr_assert_eq(n_ind, 34, "expected the 34 indicators of pack.yaml, parsed %zu", n_ind);
}

/* A pack whose overlay switches off what a typology needs is valid, but check says which
 * typology can never alert and why; the shipped packs draw no such warning. */
Test(screen, pack_check_warns_of_typologies_that_cannot_alert)
{
    static const char *const shipped[] = { "asean", "ph", "id", "th", "vn", "my" };
    for (size_t k = 0; k < sizeof(shipped) / sizeof(shipped[0]); k++) {
        struct run r = RUN("pack", "check", shipped[k]);
        cr_assert_eq(r.code, 0, "%s: %s", shipped[k], r.err.p);
        cr_assert_null(strstr(r.err.p, "can never alert"), "%s: %s", shipped[k], r.err.p);
    }
    /* In a base pack that is an error (test_pack.c); in an overlay, a country's choice. */
    char *dir = h_tmp("nolay");
    cr_assert_eq(mkdir(dir, 0755), 0);
    h_spits(h_xasprintf("%s/pack.yaml", dir),
            h_xasprintf("pack: nolay\nversion: 1\nbase: %s\ndescription: no RF-LAY-01\n"
                        "indicators:\n  RF-LAY-01:\n    enabled: false\n    source: \"test\"\n",
                        h_src_path("models/packs/asean")));
    struct run r = RUN("pack", "check", dir);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    cr_assert(strstr(r.err.p, "typology csam_seller can never alert: it requires RF-LAY-01, "
                              "which is switched off"),
              "%s", r.err.p);
    cr_assert(strstr(r.err.p, "typology domestic_broker can never alert"), "%s", r.err.p);
    cr_assert_null(strstr(r.err.p, "typology lsac_buyer can never"), "%s", r.err.p);
}

/* A copy of the asean pack whose typologies are replaced by the YAML given (indented two
 * spaces under "typologies:"), for tests of the scorer on hand-made typologies. */
static char *pack_with_typologies(const char *typologies)
{
    char *dir = copy_pack();
    char *yaml = h_xasprintf("%s/pack.yaml", dir);
    struct buf y = h_must_slurp(yaml);
    char *cut = strstr(y.p, "\ntypologies:\n");
    cr_assert_not_null(cut);
    cut[1] = 0;
    h_spits(yaml, h_xasprintf("%stypologies:\n%s", y.p, typologies));
    return dir;
}

/* RF-WL-03's name match: an account's name is matched at the first record where the answer
 * can change an alert and remembered; a record that reaches only --floor is matched for itself.
 * So the alerts are those of matching every record, with or without --floor: "Drew Johnsen"
 * (no match) and a payment from the US (country mismatch) come first and must not hide the
 * later "Andrew Johnsen" from AU; a typology that requires RF-WL-03 without weighing it
 * still gets its matches. */
Test(screen, name_match_independent_of_floor)
{
    char *dir =
        pack_with_typologies("  t_floor:\n    description: test\n    subject: debtor\n"
                             "    action: review\n    threshold: 0.55\n"
                             "    require_all: [RF-AMT-01]\n    weights:\n"
                             "      RF-AMT-01: 0.1\n      RF-CTY-01: 0.2\n      RF-WL-03: 0.3\n"
                             "  t_req0:\n    description: test\n    subject: debtor\n"
                             "    action: review\n    threshold: 0.3\n"
                             "    require_all: [RF-AMT-01]\n    require_any: [RF-WL-03, RF-WL-02]\n"
                             "    weights:\n      RF-AMT-01: 0.3\n");
    char *tx = h_tmp("names.csv"), *wl = h_tmp("names-wl.csv");
    h_spits(tx, "tx_id,ts,amount,currency,debtor_id,creditor_id,channel,debtor_country,"
                "creditor_country,debtor_name,creditor_name\n"
                "A1,2026-03-01T10:00:00Z,50.00,AUD,AU-A,PH-A,remittance,AU,PH,Andrew Johnsen,\n"
                "B1,2026-03-01T11:00:00Z,50.00,AUD,AU-B,PH-B,remittance,AU,PH,Drew Johnsen,"
                "Maria Johnsen\n"
                "B2,2026-03-02T11:00:00Z,50.00,AUD,AU-B,PH-B2,remittance,AU,PH,Andrew Johnsen,"
                "Maria Cruz\n"
                "C1,2026-03-01T12:00:00Z,50.00,AUD,AU-C,PH-C,remittance,US,PH,Andrew Johnsen,"
                "Maria Johnsen\n"
                "C2,2026-03-02T12:00:00Z,50.00,AUD,AU-C,PH-C2,remittance,AU,PH,Andrew Johnsen,"
                "Maria Cruz\n");
    h_spits(wl, "entry_id,list,kind,account_id,name,aliases,birth_year,country,severity\n"
                "W6,OFFENDER-REGISTRY,person,,Andrew Johnson,,1974,AU,3\n");
    char *a0 = h_tmp("names0.jsonl"), *a1 = h_tmp("names1.jsonl");
    struct run r = RUN("screen", "--pack", dir, "--watchlist", wl, "--alerts", a0, tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct buf b0 = h_must_slurp(a0);
    static const char *const want[] = { "A1 t_req0", "B2 t_floor", "B2 t_req0", "C2 t_floor",
                                        "C2 t_req0" };
    char **l0;
    size_t n0 = h_split_lines(&b0, &l0);
    cr_assert_eq(n0, sizeof(want) / sizeof(want[0]), "alerts:\n%s", b0.p);
    for (size_t k = 0; k < n0; k++) {
        char *got = h_xasprintf("%s %s", jget(l0[k], "tx_id"), jget(l0[k], "typology"));
        cr_assert_str_eq(got, want[k], "alert %zu", k);
        cr_assert(strstr(l0[k], "RF-WL-03"), "%s", l0[k]);
    }
    r = RUN("screen", "--pack", dir, "--watchlist", wl, "--alerts", a1, "--floor", "0.3", tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct buf b1 = h_must_slurp(a1);
    char **l1;
    size_t n1 = h_split_lines(&b1, &l1), n_allow = 0;
    struct buf kept = { malloc(b1.n + 1), 0 };
    for (size_t k = 0; k < n1; k++) {
        if (strstr(l1[k], "\"below_threshold\":true")) {
            n_allow++;
            continue;
        }
        size_t len = strlen(l1[k]);
        memcpy(kept.p + kept.n, l1[k], len);
        kept.n += len;
        kept.p[kept.n++] = '\n';
    }
    cr_assert_gt(n_allow, 0, "%s", b1.p);
    cr_assert(h_bufeq(&b0, &kept), "--floor changed the alerts:\n%s\nagainst\n%s", b1.p, b0.p);
}

/* Scores count in 0.0001 steps: weights 0.35 and 0.45 make exactly a threshold of 0.8 (as
 * floats they would sum to 0.79999995 and miss it). */
Test(screen, score_sums_are_exact)
{
    char *dir = pack_with_typologies("  t_exact:\n    description: test\n    subject: debtor\n"
                                     "    action: review\n    threshold: 0.8\n"
                                     "    require_all: [RF-AMT-01]\n    weights:\n"
                                     "      RF-AMT-01: 0.35\n      RF-CTY-01: 0.45\n");
    char *tx = h_tmp("exact.csv"), *al = h_tmp("exact.jsonl");
    h_spits(tx, "tx_id,ts,amount,currency,debtor_id,creditor_id,channel,debtor_country,"
                "creditor_country,debtor_name,creditor_name\n"
                "E1,2026-03-01T10:00:00Z,50.00,AUD,AU-E,PH-E,remittance,AU,PH,Ann Smith,"
                "Maria Cruz\n");
    struct run r = RUN("screen", "--pack", dir, "--alerts", al, tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct buf b = h_must_slurp(al);
    cr_assert_eq(h_count_lines(&b), 1, "alerts:\n%s\n%s", b.p, r.err.p);
    assert_field(b.p, "typology", "t_exact");
    assert_num(b.p, "score", 0.8);
}

Test(screen, pack_found_through_jaga_pack_path)
{
    char *dir = copy_pack();
    char *parent = h_tmp("packs");
    cr_assert_eq(mkdir(parent, 0755), 0);
    char *named = h_xasprintf("%s/mypack", parent);
    cr_assert_eq(rename(dir, named), 0);
    setenv("JAGA_PACK_PATH", parent, 1);
    struct run r = RUN("pack", "check", "mypack");
    unsetenv("JAGA_PACK_PATH");
    cr_assert_eq(r.code, 0, "pack check mypack with JAGA_PACK_PATH: exit %d\n%s", r.code, r.err.p);
}

Test(screen, pack_unknown_key)
{
    char *dir = copy_pack(), *py = h_xasprintf("%s/pack.yaml", dir);
    /* A misspelt parameter on its own line right after RF-VEL-01's window_h. */
    int line = edit_file(py, "    window_h: 720\n", "    window_h: 720\n    windw_h: 3\n") + 1;
    assert_pack_refused(dir, "pack.yaml", line, 0, "windw_h");
}

Test(screen, pack_threshold_above_one)
{
    char *dir = copy_pack(), *py = h_xasprintf("%s/pack.yaml", dir);
    int line = edit_file(py, "    threshold: 0.6\n", "    threshold: 2\n");
    assert_pack_refused(dir, "pack.yaml", line, 0, "threshold");
}

Test(screen, pack_typology_on_text_alone)
{
    char *dir = copy_pack(), *py = h_xasprintf("%s/pack.yaml", dir);
    /* lsac_facilitator made to require only RF-TXT-01. The error may point at the typology
     * or at its require_all. */
    int line = edit_file(py, "require_all: [RF-AMT-01, RF-FAN-IN-01]", "require_all: [RF-TXT-01]");
    int typo_line = line_of(py, "  lsac_facilitator:");
    assert_pack_refused(dir, "pack.yaml", typo_line, line, "text");
}

Test(screen, pack_bad_regex_in_lexicon)
{
    char *dir = copy_pack(), *lx = h_xasprintf("%s/lexicon/en.yaml", dir);
    int line = edit_file(lx, "(yo|y/o|", "((yo|y/o|");
    assert_pack_refused(dir, "lexicon/en.yaml", line, 0, "pattern");
}

/* YAML-level errors (found by the YAML parser, not the pack checks) name the right line too. */
Test(screen, pack_yaml_duplicate_key)
{
    char *dir = copy_pack(), *py = h_xasprintf("%s/pack.yaml", dir);
    int line = edit_file(py, "    min_count: 5\n", "    min_count: 5\n    min_count: 6\n") + 1;
    assert_pack_refused(dir, "pack.yaml", line, 0, "duplicate");
}

Test(screen, pack_yaml_unterminated_quote_in_lexicon)
{
    char *dir = copy_pack(), *lx = h_xasprintf("%s/lexicon/en.yaml", dir);
    int line = edit_file(lx, "years?\\s?old)\\b'", "years?\\s?old)\\b");
    assert_pack_refused(dir, "lexicon/en.yaml", line, 0, "quote");
}

Test(screen, pack_unknown_indicator_in_weights)
{
    char *dir = copy_pack(), *py = h_xasprintf("%s/pack.yaml", dir);
    int line = edit_file(py, "      RF-TXT-03: 0.3\n", "      RF-TXT-99: 0.3\n");
    assert_pack_refused(dir, "pack.yaml", line, 0, "RF-TXT-99");
}

/* ---- 4. threads ----------------------------------------------------------------------------- */

Test(screen, threads_do_not_change_alerts)
{
    struct fixture f = fixture();
    char *a1 = h_tmp("t1"), *a2 = h_tmp("t2");
    struct run r = RUN("screen", "--threads", "1", "--watchlist", f.wl, "--alerts", a1, f.tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    r = RUN("screen", "--threads", "2", "--watchlist", f.wl, "--alerts", a2, f.tx);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct buf b1 = h_must_slurp(a1), b2 = h_must_slurp(a2);
    cr_assert_eq(h_count_lines(&b1), 3);
    cr_assert(h_bufeq(&b1, &b2), "--threads 1 and 2 differ:\n%s---\n%s", b1.p, b2.p);
}

/* ---- 5. a medium synthetic stream ------------------------------------------------------------ */

static uint32_t rndn(uint32_t n)
{
    return (uint32_t)((h_rnd() >> 32) % n);
}

#define SYN_ROWS 200000

struct syn {
    char *path, *wl;
    unsigned bad; /* rows made invalid on purpose */
};

/* 200k rows: domestic PH traffic, card payments, and foreign corridor payments from a pool of
 * buyers into a small pool of PH beneficiaries (so velocity, fan-out and fan-in fire), with a
 * watch list of a few domestic accounts, three timestamp forms, quoted memos, and about one
 * row in a thousand broken on purpose. */
static struct syn synth(void)
{
    static const struct {
        const char *cc, *ccy;
        unsigned lo, hi; /* amount range in major units */
    } senders[] = {
        { "AU", "AUD", 10, 400 },     { "US", "USD", 10, 150 },   { "GB", "GBP", 8, 120 },
        { "CA", "CAD", 5, 180 },      { "SE", "SEK", 100, 1500 }, { "NO", "NOK", 100, 1500 },
        { "JP", "JPY", 1500, 20000 }, { "SG", "SGD", 15, 200 },   { "DE", "EUR", 10, 150 },
    };
    static const char *const dom_ch[] = { "transfer", "instant", "qr", "ewallet", "", "atm" };
    static const char *const memos[] = { "",         "",         "rent",      "school fees",
                                         "gift",     "for food", "allowance", "\"load, thanks\"",
                                         "pambayad", "",         "uniforms",  "bills" };
    struct syn s;
    s.path = h_tmp("synthetic.csv");
    s.wl = h_tmp("synthetic_wl.csv");
    s.bad = 0;
    h_rng_state = 0x6a6167612d653265ull;

    FILE *w = fopen(s.wl, "w");
    cr_assert_not_null(w);
    fputs("entry_id,list,kind,account_id,name,aliases,birth_year,country,severity\n", w);
    for (int k = 0; k < 20; k++)
        fprintf(w, "WL%02d,LE-FACILITATOR,account,PH%06u,,,,PH,%d\n", k, (unsigned)k * 997u,
                1 + k % 3);
    cr_assert_eq(fclose(w), 0);

    FILE *o = fopen(s.path, "w");
    cr_assert_not_null(o);
    setvbuf(o, NULL, _IOFBF, 1 << 20);
    fputs("tx_id,ts,amount,currency,debtor_id,creditor_id,channel,debtor_country,"
          "creditor_country,mcc,memo\n",
          o);
    uint64_t t = 1772323200000ull; /* 2026-03-01T00:00:00Z */
    for (unsigned i = 0; i < SYN_ROWS; i++) {
        t += rndn(30000); /* mean 15 s apart: about five weeks in all */
        char ts[48];
        uint32_t form = rndn(10);
        time_t sec = (time_t)(t / 1000);
        struct tm tm;
        if (form < 6) {
            gmtime_r(&sec, &tm);
            snprintf(ts, sizeof(ts), "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     (unsigned)(t % 1000));
        } else if (form < 8) {
            time_t loc = sec + 8 * 3600;
            gmtime_r(&loc, &tm);
            snprintf(ts, sizeof(ts), "%04d-%02d-%02dT%02d:%02d:%02d+08:00", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        } else {
            snprintf(ts, sizeof(ts), "%llu", (unsigned long long)t);
        }
        char amount[32], debtor[24], creditor[24];
        const char *ccy, *ch, *dcc, *ccc, *mcc = "", *memo = memos[rndn(12)];
        uint32_t kind = rndn(100);
        if (kind < 22) { /* foreign corridor payment */
            uint32_t si = rndn(sizeof(senders) / sizeof(senders[0]));
            ccy = senders[si].ccy;
            dcc = senders[si].cc;
            ccc = "PH";
            unsigned v = senders[si].lo + rndn(senders[si].hi - senders[si].lo + 1);
            snprintf(amount, sizeof(amount), "%u.%02u", v, rndn(100));
            snprintf(debtor, sizeof(debtor), "%s-B%04u", dcc, rndn(1500));
            snprintf(creditor, sizeof(creditor), "PH-F%03u", rndn(400));
            ch = rndn(2) ? "remittance" : "ewallet";
        } else if (kind < 30) { /* card at a merchant */
            ccy = "PHP";
            dcc = "PH";
            ccc = "PH";
            snprintf(amount, sizeof(amount), "%u.%02u", 50 + rndn(20000), rndn(100));
            snprintf(debtor, sizeof(debtor), "PH%06u", rndn(50000));
            snprintf(creditor, sizeof(creditor), "M%05u", rndn(3000));
            ch = "card";
            mcc = rndn(2) ? "5411" : "5812";
        } else { /* domestic transfers, some to listed accounts */
            ccy = "PHP";
            dcc = rndn(10) ? "PH" : "";
            ccc = "PH";
            snprintf(amount, sizeof(amount), "%u", 100 + rndn(50000));
            snprintf(debtor, sizeof(debtor), "PH%06u", rndn(50000));
            snprintf(creditor, sizeof(creditor), "PH%06u", rndn(50000));
            ch = dom_ch[rndn(6)];
        }
        if (rndn(1000) == 0) { /* broken on purpose: decimal comma or bad date */
            s.bad++;
            if (rndn(2))
                snprintf(amount, sizeof(amount), "\"12,50\"");
            else
                snprintf(ts, sizeof(ts), "2026-02-30T10:00:00Z");
        }
        fprintf(o, "S%07u,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", i, ts, amount, ccy, debtor, creditor,
                ch, dcc, ccc, mcc, memo);
    }
    cr_assert_eq(fclose(o), 0);
    return s;
}

Test(screen, synthetic_stream_deterministic, .timeout = 600)
{
    struct syn s = synth();
    cr_assert_gt(s.bad, 50);
    char *a1 = h_tmp("s1"), *a2 = h_tmp("s2"), *a3 = h_tmp("s3"), *r1 = h_tmp("sr1");
    struct run r = RUN("screen", "--watchlist", s.wl, "--alerts", a1, "--rejects", r1, s.path);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    cr_log_info("synthetic stream, first run:\n%s", r.err.p);
    struct summary s1 = h_summary(&r);
    cr_assert_eq(s1.read, SYN_ROWS, "%s", r.err.p);
    cr_assert_eq(s1.rejected, s.bad, "%s", r.err.p);
    struct buf rb = h_must_slurp(r1);
    cr_assert_eq(h_count_lines(&rb), s1.rejected);

    struct buf b1 = h_must_slurp(a1);
    size_t n_alerts = h_count_lines(&b1);
    cr_assert_eq(n_alerts, s1.alerts, "alert file has %zu lines, summary says %llu", n_alerts,
                 s1.alerts);
    cr_assert_gt(summary_typo(&r, "lsac_buyer"), 0, "%s", r.err.p);
    cr_assert_gt(summary_typo(&r, "lsac_facilitator"), 0, "%s", r.err.p);
    cr_assert_gt(summary_typo(&r, "watchlist"), 0, "%s", r.err.p);
    char **lines;
    size_t n = h_split_lines(&b1, &lines);
    for (size_t i = 0; i < n; i++) {
        assert_json_object(lines[i]);
        assert_alert_id_shape(lines[i]);
    }

    r = RUN("screen", "--watchlist", s.wl, "--alerts", a2, s.path);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct summary s2 = h_summary(&r);
    cr_assert_eq(s2.read, s1.read);
    cr_assert_eq(s2.rejected, s1.rejected);
    struct buf b2 = h_must_slurp(a2);
    cr_assert(h_bufeq(&b1, &b2), "two runs over the synthetic stream differ");

    r = RUN("screen", "--threads", "2", "--watchlist", s.wl, "--alerts", a3, s.path);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct buf b3 = h_must_slurp(a3);
    cr_assert(h_bufeq(&b1, &b3), "--threads 2 over the synthetic stream differs");

    /* The same bytes through a pipe (another reader, other chunk boundaries). */
    struct buf in = h_must_slurp(s.path);
    char *a4 = h_tmp("s4");
    r = h_run_io(NULL, &in,
                 (const char *const[]){ "screen", "--watchlist", s.wl, "--alerts", a4, NULL });
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct summary s4 = h_summary(&r);
    cr_assert_eq(s4.read, s1.read);
    cr_assert_eq(s4.rejected, s1.rejected);
    struct buf b4 = h_must_slurp(a4);
    cr_assert(h_bufeq(&b1, &b4), "the synthetic stream on stdin gives other alerts");

    /* Split at an arbitrary row into two files, the second with its own header. */
    const char *cut = in.p + in.n / 3;
    cut = strchr(cut, '\n') + 1;
    const char *hdr_end = strchr(in.p, '\n') + 1;
    char *p1 = h_tmp("syn1.csv"), *p2 = h_tmp("syn2.csv"), *a5 = h_tmp("s5");
    h_spit(p1, in.p, (size_t)(cut - in.p));
    struct buf second = { malloc(in.n), 0 };
    memcpy(second.p, in.p, (size_t)(hdr_end - in.p));
    second.n = (size_t)(hdr_end - in.p);
    memcpy(second.p + second.n, cut, (size_t)(in.p + in.n - cut));
    second.n += (size_t)(in.p + in.n - cut);
    h_spit(p2, second.p, second.n);
    r = RUN("screen", "--watchlist", s.wl, "--alerts", a5, p1, p2);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct summary s5 = h_summary(&r);
    cr_assert_eq(s5.read, s1.read);
    struct buf b5 = h_must_slurp(a5);
    cr_assert(h_bufeq(&b1, &b5), "the synthetic stream split in two files gives other alerts");

    /* --floor adds "allow" records below each typology's threshold and changes nothing else:
     * without them the file is the same bytes, and per typology every allow score lies in
     * [floor, lowest alert score). */
    char *a6 = h_tmp("s6");
    r = RUN("screen", "--watchlist", s.wl, "--alerts", a6, "--floor", "0.1", s.path);
    cr_assert_eq(r.code, 0, "%s", r.err.p);
    struct buf b6 = h_must_slurp(a6);
    char **l6;
    size_t n6 = h_split_lines(&b6, &l6), n_allow = 0;
    struct buf kept = { malloc(b6.n + 1), 0 };
    double lo_alert[16], hi_allow[16];
    char *tname[16];
    size_t nt = 0;
    for (size_t i = 0; i < n6; i++) {
        assert_json_object(l6[i]);
        char *act = jget(l6[i], "action"), *ty = jget(l6[i], "typology");
        double sc = jnum(l6[i], "score");
        size_t t = 0;
        while (t < nt && strcmp(tname[t], ty))
            t++;
        if (t == nt) {
            cr_assert_lt(nt, 16);
            tname[nt] = ty;
            lo_alert[nt] = 2;
            hi_allow[nt++] = -1;
        }
        if (!strcmp(act, "allow")) {
            n_allow++;
            cr_assert(strstr(l6[i], "\"below_threshold\":true"), "%s", l6[i]);
            cr_assert_geq(sc, 0.1 - 1e-6, "%s", l6[i]);
            hi_allow[t] = sc > hi_allow[t] ? sc : hi_allow[t];
        } else {
            lo_alert[t] = sc < lo_alert[t] ? sc : lo_alert[t];
            size_t len = strlen(l6[i]);
            memcpy(kept.p + kept.n, l6[i], len);
            kept.n += len;
            kept.p[kept.n++] = '\n';
        }
    }
    cr_assert_gt(n_allow, 0, "--floor 0.1 wrote no allow records");
    cr_assert(h_bufeq(&b1, &kept), "--floor changed the alerts");
    for (size_t t = 0; t < nt; t++)
        cr_assert_lt(hi_allow[t], lo_alert[t], "%s: allow score %.4f not below alert %.4f",
                     tname[t], hi_allow[t], lo_alert[t]);
    char *below = h_xasprintf("jaga: %zu below-threshold records", n_allow);
    cr_assert(strstr(r.err.p, below), "summary does not say '%s':\n%s", below, r.err.p);
}
