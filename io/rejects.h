// SPDX-License-Identifier: Apache-2.0
/*
 * The reject sink of CONTRACT.md §5. Every record that is not screened comes through here with
 * its source, line, byte offset, reason and raw bytes, so read = screened + rejected always
 * holds. Rejections are rare, so this is a buffered cold path.
 *
 * File format (one line per reject, tab-separated):
 *   source <TAB> line <TAB> offset <TAB> reason <TAB> raw
 * raw is the record truncated to 1 KiB, with `\\`, tab, CR, LF and every byte < 0x20, 0x7f or
 * not part of valid UTF-8 written as `\\`, `\t`, `\r`, `\n`, `\xNN`.
 */
#ifndef JAGA_IO_REJECTS_H
#define JAGA_IO_REJECTS_H

#include <stddef.h>
#include <stdint.h>

#define JAGA_REJECT_RAW_MAX 1024

struct jaga_rejects;

/** Opens the sink; path NULL = count only. 0 or -errno; *out untouched on failure. COLD. */
int jaga_rejects_open(const char *path, struct jaga_rejects **out);
/** Records one reject. `reason` is a short static English phrase ("wrong column count: 5 of
 *  6", built by the caller). Never fails: write errors are remembered for close. */
void jaga_rejects_add(struct jaga_rejects *r, const char *source, uint64_t line, uint64_t offset,
                      const char *reason, const void *raw, size_t raw_len);
uint64_t jaga_rejects_count(const struct jaga_rejects *r);
/** Flushes and frees; returns 0 or the first write error (-errno). NULL is fine. COLD. */
int jaga_rejects_close(struct jaga_rejects *r);

#endif
