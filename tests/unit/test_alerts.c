// SPDX-License-Identifier: Apache-2.0
/*
 * Alert serialisation (CONTRACT.md §3): field order and form, JSON escaping, number format and
 * the deterministic alert id.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/alerts.h"

static struct jaga_alert sample(void)
{
    struct jaga_alert a;
    memset(&a, 0, sizeof(a));
    a.tx_id = "E\"3\\";
    a.subject = "AU-B1";
    a.role = "debtor";
    a.typology = "lsac_buyer";
    a.action = "review";
    a.pack = "asean@1";
    a.ts_ms = INT64_C(1772712000000); /* 2026-03-05T12:00:00Z */
    a.score = 0.95f;
    a.n_ind = 2;
    a.ind[0] = (struct jaga_alert_ind){
        .id = "RF-AMT-01", .value = 60, .threshold = 500, .threshold_lo = 10, .unit = "AUD"
    };
    a.ind[1] = (struct jaga_alert_ind){
        .id = "RF-VEL-01", .value = 3, .threshold = 3, .threshold_lo = NAN, .window_h = 720
    };
    return a;
}

Test(alerts, format_matches_contract)
{
    struct jaga_alert a = sample();
    char buf[4096], id[33];
    size_t n = jaga_alert_format(&a, buf, sizeof(buf));
    jaga_alert_id(a.tx_id, a.subject, a.typology, id);
    char want[4096];
    snprintf(want, sizeof(want),
             "{\"alert_id\":\"%s\",\"tx_id\":\"E\\\"3\\\\\",\"ts\":\"2026-03-05T12:00:00.000Z\","
             "\"subject\":\"AU-B1\",\"role\":\"debtor\",\"typology\":\"lsac_buyer\","
             "\"score\":0.95,\"action\":\"review\",\"indicators\":[{\"id\":\"RF-AMT-01\","
             "\"value\":60,\"threshold\":[10,500],\"unit\":\"AUD\"},{\"id\":\"RF-VEL-01\","
             "\"value\":3,\"threshold\":3,\"window_h\":720}],\"pack\":\"asean@1\"}\n",
             id);
    cr_assert_str_eq(buf, want);
    cr_assert_eq(n, strlen(want));
}

Test(alerts, id_is_deterministic_and_separates_fields)
{
    char a[33], b[33], c[33], d[33];
    jaga_alert_id("T1", "ACC", "lsac_buyer", a);
    jaga_alert_id("T1", "ACC", "lsac_buyer", b);
    jaga_alert_id("T1A", "CC", "lsac_buyer", c);
    jaga_alert_id("T1", "ACC", "lsac_facilitator", d);
    cr_assert_str_eq(a, b);
    cr_assert_str_neq(a, c, "field boundaries must matter");
    cr_assert_str_neq(a, d);
    cr_assert_eq(strlen(a), 32);
    for (int k = 0; k < 32; k++)
        cr_assert(strchr("0123456789abcdef", a[k]));
}

Test(alerts, control_characters_escaped)
{
    struct jaga_alert a = sample();
    a.subject = "A\tB\x01";
    char buf[4096];
    jaga_alert_format(&a, buf, sizeof(buf));
    cr_assert(strstr(buf, "\"subject\":\"A\\u0009B\\u0001\""), "%s", buf);
}

Test(alerts, small_buffer_reports_needed_size)
{
    struct jaga_alert a = sample();
    char big[4096], small[16];
    size_t need = jaga_alert_format(&a, big, sizeof(big));
    cr_assert_eq(jaga_alert_format(&a, small, sizeof(small)), need);
}
