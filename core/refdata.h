// SPDX-License-Identifier: Apache-2.0
/*
 * Reference data shared by io/ (which loads it) and models/ (which compiles and consults it):
 * the accounts file and the watch list of CONTRACT.md §2. Loaded once, immutable afterwards.
 */
#ifndef JAGA_CORE_REFDATA_H
#define JAGA_CORE_REFDATA_H

#include <stddef.h>
#include <stdint.h>

enum jaga_acct_kind {
    JAGA_KIND_UNKNOWN = 0,
    JAGA_KIND_BANK,
    JAGA_KIND_EWALLET,
    JAGA_KIND_CARD,
    JAGA_KIND_CRYPTO,
    JAGA_KIND_PREPAID,
    JAGA_KIND_MERCHANT,
    JAGA_KIND_REMITTER,
};

struct jaga_account_ref {
    uint64_t id_h;       /* jaga_hash_id(account_id) */
    uint64_t holder_h;   /* jaga_hash_id(holder_id), 0 absent */
    uint64_t guardian_h; /* jaga_hash_id(guardian_id), 0 absent */
    int32_t opened_day;  /* days since 1970-01-01, INT32_MIN absent */
    uint16_t birth_year; /* 0 absent */
    uint16_t country;    /* jaga_cc_code, 0 absent */
    uint8_t kind;        /* enum jaga_acct_kind */
    char sex;            /* 'M' 'F' 'U', 0 absent */
    int8_t kyc_level;    /* 0-3, -1 absent */
};

struct jaga_accounts {
    struct jaga_account_ref *v;
    size_t n;
};

enum jaga_wl_kind { JAGA_WL_ACCOUNT = 1, JAGA_WL_PERSON, JAGA_WL_CRYPTO };

struct jaga_watch_entry {
    char *entry_id;     /* required */
    char *list;         /* e.g. LE-FACILITATOR; "" when absent */
    char *account_id;   /* "" when absent */
    uint64_t account_h; /* jaga_hash_id(account_id), 0 when absent */
    char *name;         /* "" when absent */
    char **aliases;     /* n_aliases strings */
    uint32_t n_aliases;
    uint32_t line;       /* line of the entry in its file */
    uint16_t birth_year; /* 0 absent */
    uint16_t country;    /* jaga_cc_code, 0 absent */
    uint8_t kind;        /* enum jaga_wl_kind */
    uint8_t severity;    /* 1-3 (2 when absent) */
};

struct jaga_watchlist {
    struct jaga_watch_entry *v;
    size_t n;
};

#endif
