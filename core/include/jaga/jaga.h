// SPDX-License-Identifier: Apache-2.0
/*
 * jaga's public header. The engine is used through the `jaga` program for now; this header is
 * the start of the embedding API and holds only what is stable: the export macro and version.
 */
#ifndef JAGA_JAGA_H
#define JAGA_JAGA_H

#define JAGA_API __attribute__((visibility("default")))

/** The library version, e.g. "0.1.0". Thread-safe, never NULL. */
JAGA_API const char *jaga_version(void);

#endif
